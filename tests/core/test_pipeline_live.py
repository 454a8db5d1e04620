"""Live updates through a mock transport (no network): per-response failures, one host down, secrets, CLI exit codes.

Response bodies are the real files of the shared data folder, read in place
(``fred/DGS10.csv`` is what fredgraph.csv answers for DGS10).
"""

from __future__ import annotations

import httpx
import pandas as pd
import pytest
from typer.testing import CliRunner

import ustmon.update as update_mod
from ustmon.cli import app
from ustmon.fetch import HttpClient, NetSettings
from ustmon.sources import get_source
from ustmon.store import Store
from ustmon.update import run_update

runner = CliRunner()


@pytest.fixture
def two_fred_series(monkeypatch):
    """Live fred asks for DGS10 and DGS2 only (not the whole catalog)."""
    cls = type(get_source("fred"))
    real = cls.live_requests
    monkeypatch.setattr(cls, "live_requests", lambda self, series=None, since=None: real(self, ["DGS10", "DGS2"], since))
    monkeypatch.delenv("FRED_API_KEY", raising=False)


def _handler(shared, calls, *, dgs2="500", tic_down=True):
    dgs10 = (shared / "fred" / "DGS10.csv").read_bytes()

    def handler(request: httpx.Request):
        calls.append(str(request.url))
        host = request.url.host
        if host.endswith("stlouisfed.org"):
            if request.url.params.get("id") == "DGS10":
                return httpx.Response(200, content=dgs10, headers={"Last-Modified": "Fri, 17 Apr 2026 20:00:00 GMT"})
            if dgs2 == "big":
                return httpx.Response(200, content=b"observation_date,DGS2\n" + b"2024-12-31,4.25\n" * 200_000)
            return httpx.Response(500, content=b"Internal Server Error")
        if tic_down and "treasury.gov" in host:
            raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution")
        return httpx.Response(404)

    return handler


def _http(handler, **settings):
    return HttpClient(None, settings=NetSettings(min_interval=0.0, **settings), transport=httpx.MockTransport(handler),
                      sleep=lambda s: None)


def test_one_host_down_only_its_sources_fall_back(shared_data, tmp_path, monkeypatch, two_fred_series):
    monkeypatch.setenv("USTMON_MIRROR", str(shared_data))
    calls, events = [], []
    db = tmp_path / "s.duckdb"
    fred, tic = run_update(["fred", "tic"], store_path=db, http=_http(_handler(shared_data, calls)),
                           report=lambda e, d: events.append((e, d)))
    # fred went live: DGS10 landed, DGS2's 500s are one response's failure
    assert fred.mode == "live" and not fred.fallback and fred.stats.payloads == 1
    assert fred.failed == 1 and "HTTP 500 after 5 attempts" in fred.error and "id=DGS2" in fred.error
    # tic's host is unreachable: tic alone falls back to USTMON_MIRROR
    assert tic.mode == "mirror" and tic.fallback and tic.mode_label == "mirror (fallback)" and tic.failed == 0
    assert any(e == "offline" and d.startswith("tic:") for e, d in events)
    assert sum("treasury.gov" in c for c in calls) == 2  # one quick retry, then not asked again
    assert any(e == "retry" and "DGS2" in d for e, d in events)
    with Store.open(db, read_only=True) as st:
        # README cross-check 4: DGS10 on 2024-12-31 = 4.58
        assert st.get("DGS10").loc[pd.Timestamp("2024-12-31")] == 4.58
        # README cross-check 1: tic/mfhhis01.txt, Japan 2025-12 = 1185.5
        jp = st.get("TIC.MFH.JP")
        assert jp[(jp.index.year == 2025) & (jp.index.month == 12)].iloc[0] == 1185.5
        modes = dict(st.con.execute("SELECT source, mode FROM origins GROUP BY source, mode").fetchall())
        assert modes == {"fred": "live", "tic": "mirror"}
        retrieved = st.con.execute("SELECT retrieved_at FROM origins WHERE source = 'fred'").fetchone()[0]
        assert retrieved is not None and pd.Timestamp(retrieved).year >= 2026


def test_response_over_the_size_limit_is_refused_and_the_rest_lands(shared_data, tmp_path, two_fred_series):
    calls = []
    fred = run_update(["fred"], store_path=tmp_path / "s.duckdb",
                      http=_http(_handler(shared_data, calls, dgs2="big"), max_download_bytes=1024 * 1024))[0]
    assert fred.failed == 1 and "over the download limit of 1 MB" in fred.error and "id=DGS2" in fred.error
    assert fred.stats.payloads == 1


def test_api_key_never_in_errors_store_or_cache(shared_data, tmp_path, monkeypatch):
    monkeypatch.setenv("FRED_API_KEY", "SECRETKEY1234567")
    monkeypatch.setenv("USTMON_HOME", str(tmp_path / "home"))
    cls = type(get_source("fred"))
    real = cls.live_requests
    monkeypatch.setattr(cls, "live_requests", lambda self, series=None, since=None: real(self, ["DGS10"], since))

    def handler(request):
        # the API's error answer echoes the request, key included
        return httpx.Response(400, json={"error_code": 400, "error_message": f"Bad Request. {request.url}"})

    http = HttpClient(tmp_path / "home" / "cache" / "http", settings=NetSettings(min_interval=0.0),
                      transport=httpx.MockTransport(handler), sleep=lambda s: None)
    events = []
    db = tmp_path / "s.duckdb"
    out = run_update(["fred"], store_path=db, http=http, report=lambda e, d: events.append((e, d)))[0]
    http.close()
    assert out.failed == 1
    assert "SECRETKEY1234567" not in out.error and not any("SECRETKEY1234567" in d for _, d in events)
    with Store.open(db, read_only=True) as st:
        msgs = " ".join(r[0] or "" for r in st.con.execute("SELECT message FROM updates").fetchall())
    assert "SECRETKEY1234567" not in msgs and "fred" in msgs
    for f in (tmp_path / "home").rglob("*"):
        if f.is_file():
            assert b"SECRETKEY1234567" not in f.read_bytes()


def _cli_http(handler):
    def factory(cache_dir, **kw):
        return HttpClient(cache_dir, settings=NetSettings(min_interval=0.0), transport=httpx.MockTransport(handler),
                          sleep=lambda s: None)

    return factory


def test_cli_exit_codes_failed_column_and_plain_progress(shared_data, tmp_path, monkeypatch, two_fred_series):
    monkeypatch.setenv("USTMON_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USTMON_MIRROR", str(shared_data))
    calls = []
    monkeypatch.setattr(update_mod, "HttpClient", _cli_http(_handler(shared_data, calls)))
    db = tmp_path / "cli.duckdb"
    r = runner.invoke(app, ["--store", str(db), "update", "fred", "tic"])
    assert r.exit_code == 1, r.output
    out = r.output
    assert "failed" in out and "mirror (fallback)" in out
    row = next(line for line in out.splitlines() if line.startswith("│") and line.strip("│ ").startswith("fred"))
    cells = [c.strip() for c in row.split("│") if c.strip()]
    assert cells[:2] == ["fred", "live"] and cells[6] == "1"  # the failed column (after values and records added)
    assert "fred: live" in out and "retry 1 of 4" in out   # plain progress lines (not a terminal)
    assert "Traceback" not in out

    # only a fallback, nothing failed: exit status 3 and the table says so
    r2 = runner.invoke(app, ["--store", str(db), "update", "tic"])
    assert r2.exit_code == 3, r2.output
    assert "mirror (fallback)" in r2.output and "fell back" in r2.output
