"""Release calendar: estimated publication dates, next release and overdue marks.

Expected dates are typed from the publishers' calendars (named in each test);
the series metadata below are SYNTHETIC catalog entries shaped like the real ones.
"""

from __future__ import annotations

import pandas as pd

from ustmon.release_calendar import RULES, is_overdue, known_since_estimate, next_release, rule_for
from ustmon.sources.base import SeriesMeta


def meta(source, dataset, freq, sid="SYN"):
    return SeriesMeta(id=sid, title="SYNTHETIC catalog entry", source=source, dataset=dataset, frequency=freq,
                      unit="pct", url="https://example.invalid/", attribution="")


H15 = meta("fred", "H.15 Selected Interest Rates", "D", "DGS10")
GDP = meta("fred", "BEA National Income and Product Accounts", "Q", "GDP")
TIC = meta("tic", "mfh", "M", "TIC.MFH.CN")


def ts(s):
    return pd.Timestamp(s)


def test_h15_daily_is_the_next_business_day():
    est = known_since_estimate(H15, ["2024-06-27", "2024-06-28", "2024-07-03", "2024-06-29"])
    # Friday 2024-06-28 -> Monday 07-01; Wednesday 07-03 -> Friday 07-05 (07-04 is a federal holiday)
    assert list(est) == [ts("2024-06-28"), ts("2024-07-01"), ts("2024-07-05"), ts("2024-07-01")]


def test_gdp_advance_estimate_about_30_days_after_the_quarter():
    est = known_since_estimate(GDP, ["2025-07-01", "2025-10-01"])  # 2025 Q3, Q4 (FRED dates quarter starts)
    assert est.iloc[0] == ts("2025-10-30")
    assert est.iloc[1] == ts("2026-01-30")  # not known on 2026-01-02


def test_tic_about_the_18th_of_the_second_month_after():
    est = known_since_estimate(TIC, ["2026-03-01", "2021-07-01"])
    assert est.iloc[0] == ts("2026-05-18")
    assert est.iloc[1] == ts("2021-09-20")  # the 18th was a Saturday


def test_weekly_and_monthly_lags():
    h41 = meta("fred", "H.4.1 Factors Affecting Reserve Balances", "W")
    assert known_since_estimate(h41, ["2024-12-25"]).iloc[0] == ts("2024-12-26")  # Thursday after Wednesday
    tff = meta("cftc", "TFF futures only", "W")
    assert known_since_estimate(tff, ["2026-08-04"]).iloc[0] == ts("2026-08-07")  # Friday after Tuesday
    mts = meta("fiscaldata", "mts_table_1", "M")
    # June 2020 MTS: eighth business day of July 2020 (07-03 observed holiday) = 2020-07-13
    assert known_since_estimate(mts, ["2020-06-01"]).iloc[0] == ts("2020-07-13")
    z1 = meta("fedboard", "z1", "Q")
    assert known_since_estimate(z1, ["2023-10-01"]).iloc[0] == ts("2024-03-11")  # about ten weeks after Q4


def test_fiscal_year_series_follow_the_budget():
    omb = meta("omb", "hist01z1", "A")
    # FY2015 ended 2015-09-30; the FY2017 Budget (February 2016) first carried its actuals
    est = known_since_estimate(omb, ["2015-01-01", "2015-09-30"])
    assert (est == ts("2016-02-08")).all()


def test_every_rule_cites_its_source():
    assert all(r.source_note for r in RULES.values())
    assert rule_for("nobody", "nothing", "D").source_note  # defaults exist for unknown data sets


def test_next_release_and_overdue():
    assert next_release(H15, "2024-06-27") == ts("2024-07-01")  # 06-28's value, published Monday
    assert not is_overdue(H15, "2024-06-27", today="2024-07-02")
    assert is_overdue(H15, "2024-06-27", today="2024-07-15")
    assert next_release(GDP, "2025-07-01") == ts("2026-01-30")
    assert not is_overdue(GDP, "2025-07-01", today="2026-01-02")
    assert is_overdue(GDP, "2025-07-01", today="2026-03-31")


def test_schedule_on_the_mirror_store_and_status_marks_overdue(mirror_store):
    import json

    from typer.testing import CliRunner

    from ustmon.cli import app
    from ustmon.release_calendar import schedule
    from ustmon.store import Store

    with Store.open(mirror_store, read_only=True) as st:
        latest = st.series_latest()
    # TIC: latest month 2026-03 (slt_table5 2026-03 excerpt) -> April 2026 expected about 2026-06-18
    early = schedule(latest, today="2026-06-01").set_index("id")
    assert early.loc["TIC.MFH.GB", "next_release"] == ts("2026-06-18")
    assert not early.loc["TIC.MFH.GB", "overdue"]
    late = schedule(latest, today="2026-08-01").set_index("id")
    assert late.loc["TIC.MFH.GB", "overdue"]
    # fred/DGS10.csv ends 2026-04-17 (a Friday): the 04-20 value was due Tuesday 2026-04-21
    assert late.loc["DGS10", "next_release"] == ts("2026-04-21") and late.loc["DGS10", "overdue"]

    out = CliRunner().invoke(app, ["--store", str(mirror_store), "status", "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = {r["source"]: r for r in json.loads(out.output)}
    assert rows["tic"]["overdue_series"] > 0  # today is long after June 2026's release
    assert rows["tic"]["next_release"] == "2026-06-18"
