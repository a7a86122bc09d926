"""gunicorn settings for Footnote behind nginx: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed on the command line (`--workers 4`) or, where noted, through the
environment. nginx (deploy/nginx/) sits in front: it buffers slow clients, so a worker thread
never waits on the network, and its limits are tighter than gunicorn's, so a client never sees
one of gunicorn's HTML error pages.
"""

import multiprocessing
import os

wsgi_app = "footnote:create_app()"

# Loopback only: the service is reached through nginx, never directly.
bind = os.environ.get("FOOTNOTE_BIND", "127.0.0.1:8000")
# Threaded workers: each thread keeps one SQLite connection and serves one request at a time;
# WAL lets reads go on beside the one writer. Threads let one process gather concurrent
# writes into one durable commit (group commit: footnote/transaction.py); separate processes
# each pay for their own fsync and take turns on the write lock. So one process per core (the
# CPU-bound work, JSON and templates, needs the cores, not more processes), and threads for
# the requests that wait: on the disk, on the write lock, on a long snapshot.
workers = int(os.environ.get("FOOTNOTE_WORKERS") or multiprocessing.cpu_count())
worker_class = "gthread"
threads = int(os.environ.get("FOOTNOTE_THREADS") or 4)
# A full snapshot of a 100,000-annotation set takes seconds to build; leave room for it.
timeout = 120
graceful_timeout = 30
# Restart a worker now and then, so memory a process never gives back is bounded. Not often: a
# new worker imports Footnote and builds the app, about a second of CPU, and a worker serving
# 500 requests a second reached the old limit of 5,000 every ten seconds. Snapshots and exports
# stream, so no single request leaves a large peak behind.
max_requests = 100_000
max_requests_jitter = 10_000

# Request limits above the app's own, and gunicorn's own errors written as the API's JSON
# (footnote/gunicorn_config.py); nginx's limits are tighter still, so it answers first.
from footnote.gunicorn_config import *  # noqa: E402,F403

# Only the local nginx may set X-Forwarded-*; the app trusts one proxy hop for the client's
# address and scheme (rate limits, logs, Secure cookies).
forwarded_allow_ips = "127.0.0.1,::1"
os.environ.setdefault("FOOTNOTE_TRUSTED_PROXIES", "1")

accesslog = None  # nginx keeps the access log; gunicorn logging every request costs CPU
errorlog = "-"
loglevel = "info"

# gunicorn 27 opens a control socket at ~/.gunicorn/gunicorn.ctl, one path for every gunicorn
# of the user: off, nothing here uses it (several services or test runs would share it).
control_socket_disable = True
