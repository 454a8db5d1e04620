"""Validation at the door (issue 10): wrong data is refused before anything is stored.

Real files are read in place from the shared mirror and modified in memory;
each test says which file and value it relies on.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from ustmon.errors import BadDateError, BadValueError, SourceFormatError
from ustmon.sources import get_source
from ustmon.sources.base import ParseResult, SeriesMeta
from ustmon.validate import IdentityError, ImplausibleValueError, store_history, validate_payload

TODAY = pd.Timestamp("2026-12-01")


def _parse(shared, source: str, rel: str, kind: str | None = None) -> ParseResult:
    src = get_source(source)
    path = shared / rel
    kinds = {mf.path.name: mf.kind for mf in src.mirror_files(path.parent.parent)} if kind is None else {}
    k = kind or kinds[path.name]
    return src.parse(path.read_bytes(), str(path), k)


def _with(result: ParseResult, obs: pd.DataFrame) -> ParseResult:
    return dataclasses.replace(result, observations=obs.reset_index(drop=True))


def _synthetic(values, *, unit="usd_bn", sid="X.TEST", start="2020-01-01", freq="MS") -> ParseResult:
    """SYNTHETIC: one monthly series."""
    dates = pd.date_range(start, periods=len(values), freq=freq)
    obs = pd.DataFrame({"series_id": sid, "date": dates, "value": np.asarray(values, dtype="float64")})
    meta = SeriesMeta(sid, "synthetic", "test", "test", "M", unit, "", "")
    return ParseResult("test", "synthetic.csv", obs, {sid: meta})


# ---------------------------------------------------------------- history keyword
def test_history_keyword_is_optional_and_called_with_the_payload_series():
    r = _synthetic([100.0, 101.0, 102.0])
    asked = []
    validate_payload(r, today=TODAY, history=lambda ids: asked.append(ids) or {})
    assert asked == [["X.TEST"]]
    validate_payload(r, today=TODAY)  # no history: payload-only checks


# ---------------------------------------------------------------- dates and finiteness
def test_one_row_dated_2206_refuses_the_file(shared_data):
    # fred/WALCL.csv: a typo 2206 for 2026 in the last row would become the file's vintage
    r = _parse(shared_data, "fred", "fred/WALCL.csv")
    obs = r.observations.copy()
    obs.loc[obs.index[-1], "date"] = pd.Timestamp("2206-11-12")
    with pytest.raises(BadDateError) as e:
        validate_payload(_with(r, obs), today=TODAY)
    assert "2206-11-12" in str(e.value) and e.value.field == "WALCL" and "WALCL.csv" in str(e.value)


@pytest.mark.parametrize("bad", [np.inf, -np.inf, float("1e400")])
def test_non_finite_values_are_refused(shared_data, bad):
    # treasury par curve 2024: 10 Yr on 2024-12-31 is 4.58 (README cross-check 4)
    r = _parse(shared_data, "treasury", "treasury/daily-treasury-rates_par-yield-curve_2024.csv")
    obs = r.observations.copy()
    i = obs.index[(obs["date"] == "2024-12-31") & (obs["value"] == 4.58)][0]
    obs.loc[i, "value"] = bad
    with pytest.raises(BadValueError, match="non-finite"):
        validate_payload(_with(r, obs), today=TODAY)


# ---------------------------------------------------------------- plausible ranges per unit
def test_par_yields_times_100_are_impossible_percentages(shared_data):
    r = _parse(shared_data, "treasury", "treasury/daily-treasury-rates_par-yield-curve_2024.csv")
    validate_payload(r, today=TODAY)
    obs = r.observations.copy()
    obs["value"] = obs["value"] * 100  # 10-year = 458 "pct"
    with pytest.raises(ImplausibleValueError) as e:
        validate_payload(_with(r, obs), today=TODAY)
    assert "plausible range" in str(e.value) and "'pct'" in str(e.value) and e.value.field


def test_tic_months_times_1000_are_refused(shared_data):
    # tic/mfhhis01.txt: Japan 2025-12 = 1185.5 (README cross-check 1); x1000 = $1,185,500 bn
    r = _parse(shared_data, "tic", "tic/mfhhis01.txt")
    validate_payload(r, today=TODAY)
    obs = r.observations.copy()
    months = pd.to_datetime(["2025-09-01", "2025-10-01", "2025-11-01", "2025-12-01"])
    jp = (obs["series_id"] == "TIC.MFH.JP") & obs["date"].isin(months)
    assert obs.loc[jp & (obs["date"] == "2025-12-01"), "value"].item() == 1185.5
    obs.loc[jp, "value"] *= 1000
    with pytest.raises(SourceFormatError) as e:
        validate_payload(_with(r, obs), today=TODAY)
    assert e.value.field in ("TIC.MFH.JP", "TIC.MFH.TOTAL")


def test_small_country_times_1000_is_a_level_jump_not_a_range_error():
    # SYNTHETIC: holdings of ~50 $bn; four months x1000 stay under the usd_bn ceiling
    vals = [50.0 + i * 0.3 for i in range(40)]
    for i in (30, 31, 32, 33):
        vals[i] *= 1000
    with pytest.raises(ImplausibleValueError) as e:
        validate_payload(_synthetic(vals), today=TODAY)
    assert e.value.field == "X.TEST" and "2022-07-01" in str(e.value) and "neighbours" in str(e.value)


# ---------------------------------------------------------------- history: previous vintage and neighbours
def test_walcl_times_1000_on_new_dates_only_is_refused_against_history(shared_data):
    # fred/WALCL.csv: 2024-12-25 = 6885963 ($mn); the store holds everything up to 2025-06-30,
    # then a new file repeats that and adds later weeks x1000
    r = _parse(shared_data, "fred", "fred/WALCL.csv")
    obs = r.observations
    s = obs.set_index("date")["value"]
    assert s.loc["2024-12-25"] == 6885963
    stored = s[s.index <= "2025-06-30"]
    new = obs.copy()
    new.loc[new["date"] > "2025-06-30", "value"] *= 1000
    hist = lambda ids: {"WALCL": stored} if "WALCL" in ids else {}  # noqa: E731
    validate_payload(r, today=TODAY, history=hist)  # the real file passes against its own history
    with pytest.raises(ImplausibleValueError) as e:
        validate_payload(_with(r, new), today=TODAY, history=hist)
    assert e.value.field == "WALCL" and "2025-07" in str(e.value)


def test_walcl_divided_by_1000_on_new_dates_is_refused_against_history(shared_data):
    r = _parse(shared_data, "fred", "fred/WALCL.csv")
    s = r.observations.set_index("date")["value"]
    stored = s[s.index <= "2025-06-30"]
    new = r.observations.copy()
    new.loc[new["date"] > "2025-06-30", "value"] /= 1000
    with pytest.raises(ImplausibleValueError, match="2025-07"):
        validate_payload(_with(r, new), today=TODAY, history=lambda ids: {"WALCL": stored})


def test_revision_by_a_unit_factor_is_refused_naming_the_stored_value():
    # SYNTHETIC: stored 100..139; the new vintage revises one month to x1000
    vals = [100.0 + i for i in range(40)]
    r = _synthetic(vals)
    stored = r.observations.set_index("date")["value"].copy()
    obs = r.observations.copy()
    obs.loc[5, "value"] *= 1000
    with pytest.raises(ImplausibleValueError, match="revises the stored 105"):
        validate_payload(_with(r, obs), today=TODAY, history=lambda ids: {"X.TEST": stored})


def test_ordinary_revisions_and_near_zero_spikes_pass():
    # SYNTHETIC: values near zero that spike (overnight reverse repo take-up in 2020 did: 0.012 -> 2.013 $bn)
    vals = [0.01] * 30 + [2.0] + [0.02] * 10 + [500.0 + i for i in range(40)]
    validate_payload(_synthetic(vals), today=TODAY)


# ---------------------------------------------------------------- identities
def test_tic_grand_total_that_no_longer_equals_its_parts_is_refused(shared_data):
    # tic/mfhhis01.txt: Grand Total 2025-12 = 9271 (README cross-check 1) = countries + All Other
    r = _parse(shared_data, "tic", "tic/mfhhis01.txt")
    obs = r.observations.copy()
    tot = (obs["series_id"] == "TIC.MFH.TOTAL") & (obs["date"] == "2025-12-01")
    assert obs.loc[tot, "value"].item() == 9271
    # a dropped country line: China's 2025-12 value goes missing from the table
    cn = (obs["series_id"] == "TIC.MFH.CN") & (obs["date"] == "2025-12-01")
    dropped = obs[~cn]
    with pytest.raises(IdentityError) as e:
        validate_payload(_with(r, dropped), today=TODAY)
    assert e.value.field == "TIC.MFH.TOTAL" and "2025-12-01" in str(e.value)
    # a total changed by $5 bn
    obs.loc[tot, "value"] = 9276
    with pytest.raises(IdentityError, match="Grand Total"):
        validate_payload(_with(r, obs), today=TODAY)


def test_debt_to_the_penny_identity():
    # SYNTHETIC: total = public + intragovernmental, in dollars (stored in $ millions)
    ids = ["DTTP.TOTAL", "DTTP.PUBLIC", "DTTP.INTRAGOV"]
    d = pd.Timestamp("2024-11-26")
    series = {i: SeriesMeta(i, i, "fiscaldata", "dttp", "D", "usd_mn", "", "") for i in ids}
    good = pd.DataFrame({"series_id": ids, "date": d, "value": [36_000_000.0, 28_900_000.0, 7_100_000.0]})
    validate_payload(ParseResult("fiscaldata", "dttp.json", good, series), today=TODAY)
    bad = good.assign(value=[36_000_000.0, 28_900_000.0, 7_000_000.0])
    with pytest.raises(IdentityError, match="Debt to the Penny"):
        validate_payload(ParseResult("fiscaldata", "dttp.json", bad, series), today=TODAY)


# ---------------------------------------------------------------- store history helper
def test_store_history_reads_latest_values(shared_data, tmp_path):
    from ustmon.store import Store
    from ustmon.update import run_update

    m = tmp_path / "mirror" / "fred"
    m.mkdir(parents=True)
    (m / "WALCL.csv").write_bytes((shared_data / "fred" / "WALCL.csv").read_bytes())  # temporary mirror
    db = tmp_path / "s.duckdb"
    assert run_update(["fred"], store_path=db, mirror=tmp_path / "mirror")[0].error is None
    h = store_history(db)(["WALCL", "NOPE"])
    assert set(h) == {"WALCL"} and h["WALCL"].loc["2024-12-25"] == 6885963
    assert store_history(tmp_path / "missing.duckdb")(["WALCL"]) == {}
    with Store.open(db, read_only=True) as st:
        assert st.get("WALCL").loc["2024-12-25"] == 6885963
