"""Server-side web sessions for Flask: the cookie carries a random id and nothing else.

The session's data (who is signed in, the CSRF token, flashed messages) lives in the
`web_sessions` table, keyed by the id's hash. Signing out deletes the row, so a copied cookie
stops working at once; idle and absolute expiry are checked on every read. The API and the W3C
container never read cookies, so their requests neither open nor write a session.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Request, request
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict
from werkzeug.wrappers import Response

from footnote.http.connection import get_db
from footnote.http.errors import JSON_PREFIXES
from footnote.store import sessions

# Record use at most this often, so reading pages does not turn every request into a write.
TOUCH_INTERVAL = 60.0


class ServerSession(CallbackDict, SessionMixin):  # type: ignore[type-arg]
    """The session's data, its id (None until first saved) and whether to issue a new id."""

    def __init__(
        self,
        initial: dict[str, Any] | None = None,
        session_id: str | None = None,
        stored: sessions.StoredSession | None = None,
    ) -> None:
        def on_update(_self: Any) -> None:
            self.modified = True

        super().__init__(initial or {}, on_update)
        self.session_id = session_id
        self.stored = stored
        self.modified = False
        self.renew = False

    def renew_id(self) -> None:
        """Give this session a fresh id at the end of the request (sign-in, sign-out)."""
        self.renew = True
        self.modified = True


class SqliteSessionInterface(SessionInterface):
    """Sessions in the service's SQLite database, shared by every worker process."""

    def open_session(self, app: Flask, request: Request) -> ServerSession | None:
        """The session named by the cookie, or a new empty one; None for API paths."""
        if request.path.startswith(JSON_PREFIXES):
            return None
        session_id = request.cookies.get(self.get_cookie_name(app))
        if session_id:
            stored = sessions.load_session(
                get_db(),
                session_id,
                idle=app.config["SESSION_IDLE_SECONDS"],
                max_age=app.config["SESSION_MAX_SECONDS"],
            )
            if stored is not None:
                return ServerSession(stored.data, session_id, stored)
        return ServerSession()

    def get_cookie_secure(self, app: Flask) -> bool:
        """SESSION_COOKIE_SECURE when set, else whether this request arrived over HTTPS."""
        configured = app.config["SESSION_COOKIE_SECURE"]
        if configured is not None:
            return bool(configured)
        return request.is_secure

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Write changed data, issue or delete the cookie, renew the id when asked."""
        if not isinstance(session, ServerSession):
            return
        if session.accessed:
            response.vary.add("Cookie")  # the page depends on who is signed in
        db = get_db()
        if session.renew and session.session_id:
            sessions.end_session(db, session.session_id)
            session.session_id, session.stored = None, None
        if not session:
            self._forget(app, session, response)
            return
        idle = app.config["SESSION_IDLE_SECONDS"]
        max_age = app.config["SESSION_MAX_SECONDS"]
        if session.session_id is not None and session.stored is not None:
            if session.modified:
                sessions.save_session(
                    db,
                    session.session_id,
                    dict(session),
                    created_at=session.stored.created_at,
                    idle=idle,
                    max_age=max_age,
                )
            elif time.time() - session.stored.seen_at > TOUCH_INTERVAL:
                sessions.touch_session(db, session.session_id)
            return
        session.session_id = sessions.new_session_id()
        created = sessions.save_session(
            db, session.session_id, dict(session), idle=idle, max_age=max_age
        )
        # A signed-in session's cookie lasts until its absolute expiry; others until the
        # browser closes. Either way the server's expiry is what counts.
        signed_in = session.get("user_id") is not None
        expires = datetime.fromtimestamp(created + max_age, UTC) if signed_in else None
        response.set_cookie(
            self.get_cookie_name(app),
            session.session_id,
            expires=expires,
            domain=self.get_cookie_domain(app),
            path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app),
            httponly=True,
            samesite=self.get_cookie_samesite(app),
        )

    def _forget(self, app: Flask, session: ServerSession, response: Response) -> None:
        """An emptied session: end it on the server and delete the browser's cookie."""
        name = self.get_cookie_name(app)
        if session.session_id:
            sessions.end_session(get_db(), session.session_id)
        if session.session_id or session.renew or name in request.cookies:
            response.delete_cookie(
                name,
                domain=self.get_cookie_domain(app),
                path=self.get_cookie_path(app),
                secure=self.get_cookie_secure(app),
                httponly=True,
                samesite=self.get_cookie_samesite(app),
            )
