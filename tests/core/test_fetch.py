"""HTTP behaviour with a mock transport (no real network): retries, Retry-After, 4xx, cache, secrets."""

from __future__ import annotations

import json

import httpx
import pytest

from ustmon.errors import NetworkError, OfflineError
from ustmon.fetch import USER_AGENT, HttpClient


def client(handler, tmp_path=None, sleeps=None):
    sleeps = sleeps if sleeps is not None else []
    return HttpClient(tmp_path, transport=httpx.MockTransport(handler), sleep=sleeps.append, min_interval=0.0)


def test_retries_5xx_then_succeeds_with_user_agent(tmp_path):
    calls = []

    def handler(request):
        calls.append(request)
        return httpx.Response(503) if len(calls) < 3 else httpx.Response(200, content=b"ok")

    sleeps = []
    body, origin = client(handler, tmp_path, sleeps).get("https://example.org/a.csv", params={"id": "DGS10"})
    assert body == b"ok" and origin == "https://example.org/a.csv?id=DGS10"
    assert len(calls) == 3 and sleeps == [1.0, 2.0]  # exponential backoff
    assert calls[0].headers["User-Agent"] == USER_AGENT and "ustmon/" in USER_AGENT


def test_429_honours_retry_after():
    calls = []

    def handler(request):
        calls.append(1)
        return httpx.Response(429, headers={"Retry-After": "7"}) if len(calls) == 1 else httpx.Response(200, content=b"x")

    sleeps = []
    client(handler, None, sleeps).get("https://example.org/x")
    assert sleeps == [7.0]


def test_other_4xx_is_not_retried():
    calls = []

    def handler(request):
        calls.append(1)
        return httpx.Response(404)

    with pytest.raises(NetworkError, match="HTTP 404"):
        client(handler).get("https://example.org/missing")
    assert len(calls) == 1


def test_gives_up_after_retries():
    with pytest.raises(NetworkError, match="HTTP 500 after 5 attempts"):
        client(lambda r: httpx.Response(500)).get("https://example.org/x")


def test_connection_failure_is_offline_error():
    def handler(request):
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution")

    with pytest.raises(OfflineError, match="offline"):
        client(handler).get("https://example.org/x")


def test_conditional_request_serves_cache_on_304(tmp_path):
    seen_headers = []

    def handler(request):
        seen_headers.append(dict(request.headers))
        if "if-none-match" in request.headers:
            return httpx.Response(304)
        return httpx.Response(200, content=b"payload-1", headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT"})

    c = client(handler, tmp_path)
    assert c.get("https://example.org/d.csv")[0] == b"payload-1"
    assert c.get("https://example.org/d.csv")[0] == b"payload-1"
    assert seen_headers[1]["if-none-match"] == '"v1"'
    assert seen_headers[1]["if-modified-since"] == "Wed, 01 Jan 2025 00:00:00 GMT"
    assert c.last.from_cache


def test_secret_params_are_sent_but_never_stored_or_shown(tmp_path):
    sent = []

    def handler(request):
        sent.append(str(request.url))
        return httpx.Response(200, content=b"{}")

    body, origin = client(handler, tmp_path).get(
        "https://api.stlouisfed.org/fred/series/observations", params={"series_id": "DGS10"},
        secret_params={"api_key": "SECRET123"})
    assert "api_key=SECRET123" in sent[0]
    assert "SECRET123" not in origin
    for f in tmp_path.rglob("*"):
        if f.is_file():
            assert b"SECRET123" not in f.read_bytes()
    index = [json.loads(f.read_text()) for f in tmp_path.rglob("*.json")]
    assert index and "retrieved_at" in index[0] and index[0]["origin"] == origin
