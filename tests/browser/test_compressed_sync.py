"""Issue 12: the extension's sync fetches ask for gzip, get it, and read it like before."""

from __future__ import annotations


def test_the_extension_worker_gets_gzipped_sync_and_reads_it(make_browser, service) -> None:
    browser = make_browser()
    set_id = service.demo_set_id()
    result = browser.worker().evaluate(
        """async (url) => {
            const response = await fetch(url);
            const body = await response.json();
            return {
              status: response.status,
              encoding: response.headers.get('content-encoding'),
              etag: response.headers.get('etag'),
              vary: response.headers.get('vary'),
              annotations: body.annotations.length,
              version: body.version,
            };
        }""",
        f"{service.url}/api/sets/{set_id}/changes?since=0",
    )
    assert result["status"] == 200
    assert result["encoding"] == "gzip", result  # Chromium sends Accept-Encoding by itself
    assert result["etag"].endswith('-gzip"'), result
    assert "Accept-Encoding" in result["vary"], result
    assert result["annotations"] >= 1 and result["version"] >= 1, result
