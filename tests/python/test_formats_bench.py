"""The interchange benchmarks in a tiny mode: their tables have the right rows and the caching
proxy really serves hits. Times are never asserted (they belong to the printed tables)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
needs_nginx = pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed (apt-get install nginx-light)",
)


def bench(script: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@needs_nginx
def test_sync_scale_tiny():
    out = bench("sync_scale.py", "--annotations", "300", "--repeats", "2")
    for row in (
        "| full snapshot (since=0) |",
        "| delta of 10 changes |",
        "| conditional GET → 304 |",
        "| static W3C export |",
    ):
        assert row in out
    cached = next(line for line in out.splitlines() if line.startswith("| full snapshot, cached"))
    assert "HIT×20" in cached
    assert "Cache-Control: public, max-age=60" in out


def test_import_scale_tiny():
    out = bench("import_scale.py", "--annotations", "300", "--runs", "1")
    assert "W3C AnnotationCollection of 300 annotations" in out
    assert "| import, total |" in out
    assert "| parse only (json.loads, baseline) |" in out
