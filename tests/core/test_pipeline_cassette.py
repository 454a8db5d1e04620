"""A live update end to end on a recorded answer: the NY Fed's SOFR response from a vcrpy cassette.

The recorded body is served gzip-compressed by a mock transport, as the API
sends it, so the whole live path runs: transfer decompression and size
counting, the RFC 9111 cache, parse, validation, ingest with the retrieval time.
"""

from __future__ import annotations

import gzip

import httpx
import pandas as pd
import pytest

from cassettes import cassettes_under, read_cassette
from ustmon.fetch import HttpClient, NetSettings
from ustmon.store import Store
from ustmon.update import run_update


def _sofr_answer(shared):
    for path in cassettes_under(shared):
        if "sofr" in path.name:
            for it in read_cassette(path):
                if "/rates/secured/sofr/" in it.uri and it.status == 200:
                    return it.body
    pytest.skip("no recorded SOFR answer among the cassettes")


def test_live_update_from_a_recorded_answer_through_the_cache(shared_data, tmp_path):
    body = _sofr_answer(shared_data)
    calls = []

    def handler(request):
        calls.append(dict(request.headers))
        assert request.url.path.endswith("/rates/secured/sofr/search.json")
        if request.headers.get("if-none-match") == '"sofr-1"':
            return httpx.Response(304, headers={"ETag": '"sofr-1"'})
        return httpx.Response(200, content=gzip.compress(body),
                              headers={"Content-Encoding": "gzip", "ETag": '"sofr-1"', "Content-Type": "application/json"})

    def http():
        return HttpClient(tmp_path / "cache", settings=NetSettings(min_interval=0.0),
                          transport=httpx.MockTransport(handler), sleep=lambda s: None)

    db = tmp_path / "s.duckdb"
    with http() as h:
        out = run_update(["nyfed"], store_path=db, series=["NYFED.SOFR"], http=h)[0]
    assert out.mode == "live" and out.failed == 0 and out.stats.payloads == 1, out.failures
    with Store.open(db, read_only=True) as st:
        # README cross-check 16: SOFR 2024-06-03 = 5.35 in the recorded response
        assert st.get("NYFED.SOFR").loc[pd.Timestamp("2024-06-03")] == 5.35
        mode, retrieved = st.con.execute("SELECT mode, retrieved_at FROM origins").fetchone()
        assert mode == "live" and retrieved is not None
    # the next run asks conditionally, gets 304, and the same bytes are recognised as already ingested
    with http() as h:
        again = run_update(["nyfed"], store_path=db, series=["NYFED.SOFR"], http=h)[0]
        assert h.last.from_cache
    assert again.failed == 0 and again.stats.skipped == 1 and again.stats.rows_added == 0
    assert calls[1].get("if-none-match") == '"sofr-1"'
