"""HTTP behaviour with a mock transport (no real network): retries, Retry-After, 4xx, cache, secrets, limits, budgets."""

from __future__ import annotations

import gzip
import io
import sqlite3
import zipfile

import httpx
import pytest

from ustmon.errors import NetworkError, OfflineError
from ustmon.fetch import (USER_AGENT, BudgetExceededError, HttpClient, NetSettings, SettingsError, SizeLimitError,
                          check_decompressed_size, parse_retry_after)


class FakeTime:
    """A clock that only moves when the client sleeps (no real waiting in tests)."""

    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, s):
        self.sleeps.append(s)
        self.now += s

    def clock(self):
        return self.now


def client(handler, tmp_path=None, sleeps=None, **settings):
    sleeps = sleeps if sleeps is not None else []
    s = NetSettings(**{"min_interval": 0.0, **settings})
    return HttpClient(tmp_path, settings=s, transport=httpx.MockTransport(handler), sleep=sleeps.append)


def timed_client(handler, tmp_path=None, **settings):
    t = FakeTime()
    s = NetSettings(**{"min_interval": 0.0, **settings})
    return HttpClient(tmp_path, settings=s, transport=httpx.MockTransport(handler), sleep=t.sleep, clock=t.clock), t


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


@pytest.mark.parametrize("header,cap,expected", [
    ("3600", 60.0, 60.0),                            # capped at the default 60 s
    ("3600", 5.0, 5.0),                              # configurable cap
    ("soon", 60.0, 1.0),                             # unreadable: the backoff, no crash
    ("Wed, 21 Oct 2015 07:28:00 GMT", 60.0, 0.0),    # a date in the past: no wait
    ("Fri, 31 Dec 9999 23:59:59 GMT", 60.0, 60.0),   # a date far ahead: the cap
    ("-5", 60.0, 0.0),
])
def test_retry_after_is_capped_and_never_crashes(header, cap, expected):
    calls = []

    def handler(request):
        calls.append(1)
        return httpx.Response(429, headers={"Retry-After": header}) if len(calls) == 1 else httpx.Response(200, content=b"x")

    sleeps = []
    client(handler, None, sleeps, retry_after_cap=cap).get("https://example.org/x")
    assert sleeps == [expected]


def test_parse_retry_after_forms():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("soon") is None and parse_retry_after("") is None and parse_retry_after(None) is None
    assert parse_retry_after("not a date at all, 99") is None


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


def test_connection_failure_is_offline_error_and_the_host_is_not_asked_again():
    calls = []

    def handler(request):
        calls.append(request.url.host)
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution")

    c = client(handler)
    with pytest.raises(OfflineError, match="offline"):
        c.get("https://example.org/x")
    assert len(calls) == 2  # one quick retry
    with pytest.raises(OfflineError, match="not asked again"):
        c.get("https://example.org/y")
    assert len(calls) == 2


def test_silent_server_gives_up_after_two_timeouts_and_says_so():
    calls, events = [], []

    def handler(request):
        calls.append(1)
        raise httpx.ReadTimeout("timed out")

    c, t = timed_client(handler)
    c.report = lambda e, d: events.append((e, d))
    c.begin_source("treasury")
    with pytest.raises(OfflineError, match="did not answer"):
        c.get("https://silent.example.org/x")
    assert len(calls) == 2 and t.sleeps == [1.0]
    assert events and events[0][0] == "retry" and "treasury" in events[0][1] and "retry 1 of 4" in events[0][1]


def test_total_time_budget_per_source():
    calls = []

    def handler(request):
        calls.append(1)
        return httpx.Response(503, headers={"Retry-After": "30"})

    c, t = timed_client(handler, source_budget=50.0)
    c.begin_source("fiscaldata")
    with pytest.raises(BudgetExceededError, match="time budget of 50 s for source fiscaldata"):
        c.get("https://api.example.org/a")
    assert t.sleeps == [30.0] and len(calls) == 2  # the second 30 s wait would run past the budget
    with pytest.raises(BudgetExceededError, match="used up before this request"):
        t.now += 100
        c.get("https://api.example.org/b")
    assert len(calls) == 2
    c.begin_source("fred")  # a new source gets a new budget
    with pytest.raises(BudgetExceededError):
        c.get("https://api.example.org/c")
    assert len(calls) == 4


def test_at_most_two_requests_a_second_per_host():
    c, t = timed_client(lambda r: httpx.Response(200, content=b"x"), min_interval=0.5)
    c.get("https://a.example.org/1")
    c.get("https://a.example.org/2")
    c.get("https://b.example.org/1")  # another host does not wait
    assert t.sleeps == [0.5]


def test_conditional_request_serves_cache_on_304(tmp_path):
    seen_headers = []

    def handler(request):
        seen_headers.append(dict(request.headers))
        if "if-none-match" in request.headers:
            return httpx.Response(304, headers={"ETag": '"v1"'})
        return httpx.Response(200, content=b"payload-1", headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT"})

    c = client(handler, tmp_path)
    assert c.get("https://example.org/d.csv")[0] == b"payload-1"
    first = c.last
    assert not first.from_cache
    assert c.get("https://example.org/d.csv")[0] == b"payload-1"
    assert len(seen_headers) == 2  # a stored response is always revalidated, never served blind
    assert seen_headers[1]["if-none-match"] == '"v1"'
    assert seen_headers[1]["if-modified-since"] == "Wed, 01 Jan 2025 00:00:00 GMT"
    assert c.last.from_cache
    c.close()
    # a new run (new client) revalidates against the same cache on disk
    c2 = client(handler, tmp_path)
    assert c2.get("https://example.org/d.csv")[0] == b"payload-1" and c2.last.from_cache


def _all_cache_bytes(root):
    out = b""
    for f in root.rglob("*"):
        if f.is_file():
            out += f.read_bytes()
    return out


def test_secret_params_are_sent_but_never_stored_or_shown(tmp_path):
    sent = []

    def handler(request):
        sent.append(str(request.url))
        return httpx.Response(200, content=b"{}", headers={"ETag": '"e"'})

    c = client(handler, tmp_path)
    body, origin = c.get("https://api.stlouisfed.org/fred/series/observations", params={"series_id": "DGS10"},
                         secret_params={"api_key": "SECRET123"})
    c.close()
    assert "api_key=SECRET123" in sent[0]
    assert "SECRET123" not in origin
    assert b"SECRET123" not in _all_cache_bytes(tmp_path)
    # the response is in the cache, under the URL without the key
    files = [f for f in tmp_path.rglob("*.sqlite")]
    assert files
    con = sqlite3.connect(files[0])
    assert con.execute("SELECT count(*) FROM entries").fetchone()[0] == 1
    con.close()


def test_secret_echoed_in_an_error_body_is_scrubbed(tmp_path):
    def handler(request):
        # some APIs echo the request, key included, in their error answer
        return httpx.Response(400, content=f'{{"error_message": "Bad Request. {request.url}"}}'.encode())

    with pytest.raises(NetworkError) as ei:
        client(handler, tmp_path).get("https://api.stlouisfed.org/fred/series/observations",
                                      params={"series_id": "NOPE"}, secret_params={"api_key": "SECRET123"})
    exc = ei.value
    assert "SECRET123" not in str(exc) and b"SECRET123" not in exc.body and b"api_key=***" in exc.body
    assert b"SECRET123" not in _all_cache_bytes(tmp_path)


def test_size_limit_refuses_with_one_line_and_caches_nothing(tmp_path):
    big = b"x" * (3 * 1024 * 1024)

    def handler(request):
        if request.url.path == "/declared":
            return httpx.Response(200, content=big)  # Content-Length declared
        return httpx.Response(200, stream=_Chunks(big))

    c = client(handler, tmp_path, max_download_bytes=1024 * 1024)
    with pytest.raises(SizeLimitError, match=r"https://example.org/declared: response of 3 MB is over the download limit of 1 MB"):
        c.get("https://example.org/declared")
    with pytest.raises(SizeLimitError, match=r"https://example.org/streamed: .*over the download limit of 1 MB") as ei:
        c.get("https://example.org/streamed")
    assert "\n" not in str(ei.value)
    c.close()
    con = sqlite3.connect(next(tmp_path.rglob("*.sqlite")))
    assert con.execute("SELECT count(*) FROM entries WHERE chunk_count IS NOT NULL AND chunk_count > 0").fetchone()[0] == 0
    con.close()


class _Chunks(httpx.SyncByteStream):
    """SYNTHETIC streamed body without Content-Length."""

    def __init__(self, data):
        self.data = data

    def __iter__(self):
        for i in range(0, len(self.data), 65536):
            yield self.data[i:i + 65536]


def test_gzip_transfer_encoding_counts_decoded_bytes():
    bomb = gzip.compress(b"\0" * (4 * 1024 * 1024))  # SYNTHETIC: 4 MB of zeros, a few KB on the wire

    def handler(request):
        return httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})

    with pytest.raises(SizeLimitError):
        client(handler, max_download_bytes=1024 * 1024).get("https://example.org/bomb")


def test_decompressed_size_limit_for_zip_and_gzip_payloads():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:  # SYNTHETIC archive
        zf.writestr("FinFutYY.txt", b"0" * (2 * 1024 * 1024))
    raw = buf.getvalue()
    with pytest.raises(SizeLimitError, match=r"cftc: zip members unpack to 2 MB, over the limit of 1 MB"):
        check_decompressed_size(raw, "/m/cftc/fut.zip", 1024 * 1024, source="cftc")
    check_decompressed_size(raw, "/m/cftc/fut.zip", 3 * 1024 * 1024, source="cftc")
    gz = gzip.compress(b"1" * (2 * 1024 * 1024))
    with pytest.raises(SizeLimitError, match="gzip content unpacks to more than 1 MB"):
        check_decompressed_size(gz, "/m/x.gz", 1024 * 1024)
    check_decompressed_size(b"plain,csv\n1,2\n", "/m/x.csv", 10)  # not compressed: no check


def test_settings_from_env():
    s = NetSettings.from_env({"USTMON_RETRY_AFTER_CAP": "5", "USTMON_MAX_DOWNLOAD_MB": "2",
                              "USTMON_SOURCE_BUDGET": "90", "USTMON_HTTP_RETRIES": "2"})
    assert s.retry_after_cap == 5.0 and s.max_download_bytes == 2 * 1024 * 1024 and s.source_budget == 90.0
    assert s.retries == 2
    with pytest.raises(SettingsError, match="USTMON_MAX_DOWNLOAD_MB='lots': not a number"):
        NetSettings.from_env({"USTMON_MAX_DOWNLOAD_MB": "lots"})
    with pytest.raises(SettingsError, match="USTMON_SOURCE_BUDGET"):
        NetSettings.from_env({"USTMON_SOURCE_BUDGET": "-1"})


def test_a_trickling_server_is_stopped_by_the_budget():
    t = FakeTime()

    class Trickle(httpx.SyncByteStream):
        """SYNTHETIC: a byte every 'second', for ever."""

        def __iter__(self):
            while True:
                t.now += 1.0
                yield b"x"

    c = HttpClient(None, settings=NetSettings(min_interval=0.0, source_budget=20.0),
                   transport=httpx.MockTransport(lambda r: httpx.Response(200, stream=Trickle())),
                   sleep=t.sleep, clock=t.clock)
    c.begin_source("ofr")
    with pytest.raises(BudgetExceededError, match="used up while reading"):
        c.get("https://slow.example.org/fsi.csv")
    assert t.now <= 22


def test_an_unreadable_cache_file_is_moved_aside_without_a_traceback(tmp_path, capsys):
    (tmp_path / "responses.sqlite").write_bytes(b"SYNTHETIC: not a database at all")
    events = []
    c = HttpClient(tmp_path, settings=NetSettings(min_interval=0.0), report=lambda e, d: events.append((e, d)),
                   transport=httpx.MockTransport(lambda r: httpx.Response(200, content=b"ok")))
    assert c.get("https://example.org/x")[0] == b"ok"
    c.close()
    assert (tmp_path / "responses.sqlite.broken").exists()
    assert events and events[0][0] == "notice" and "moved aside" in events[0][1]
    assert "Traceback" not in capsys.readouterr().err


def test_decompressed_limit_per_source_from_env():
    s = NetSettings.from_env({"USTMON_MAX_DECOMPRESSED_MB": "100", "USTMON_MAX_DECOMPRESSED_MB_CFTC": "2"})
    assert s.max_decompressed_for("cftc") == 2 * 1024 * 1024
    assert s.max_decompressed_for("fred") == 100 * 1024 * 1024
    with pytest.raises(SettingsError, match="USTMON_MAX_DECOMPRESSED_MB_CFTC='x'"):
        NetSettings.from_env({"USTMON_MAX_DECOMPRESSED_MB_CFTC": "x"})
