"""Records (auction results, MSPD securities) are known from their own dates, not from a mirror file's date.

A mirror file's modification time says nothing about when its records were
public; an auction's results were public on its auction day, an MSPD month a
few business days after the month end (``release_calendar.RECORD_RULES``).
"""

from __future__ import annotations

import pandas as pd

from ustmon.store import Store


def test_auction_results_known_on_their_auction_day(mirror_store):
    with Store.open(mirror_store, read_only=True) as st:
        before = st.records("auctions", as_of="2022-05-09")
        on_day = st.records("auctions", as_of="2022-05-10")
    # auctions/treasurydirect_results_xml_2022-05/R_20220510_1.xml: the 3-year note 91282CEQ0, auctioned 2022-05-10
    assert "91282CEQ0" not in set(before["cusip"])
    row = on_day[on_day["cusip"] == "91282CEQ0"].iloc[0]
    assert float(row["high_yield"]) == 2.809
    assert pd.to_datetime(on_day["auction_date"]).max() == pd.Timestamp("2022-05-10")


def test_mspd_month_known_a_week_after_the_month_end(mirror_store):
    with Store.open(mirror_store, read_only=True) as st:
        early = st.records("mspd_securities", as_of="2023-10-06")
        later = st.records("mspd_securities", as_of="2023-10-07")
    # fiscaldata/not-yet-read/MSPD_DetailSecty_20230831/20230930: August is public by then, September not yet
    assert set(pd.to_datetime(early["record_date"]).dt.strftime("%Y-%m")) == {"2023-08"}
    assert set(pd.to_datetime(later["record_date"]).dt.strftime("%Y-%m")) == {"2023-08", "2023-09"}


def test_update_counts_the_records_it_stores(shared_data, tmp_path):
    """A records-only source (TreasuryDirect auction results) reports what it stored, not '0 new values'."""
    from ustmon.update import run_update

    (out,) = run_update(["treasurydirect"], store_path=tmp_path / "s.duckdb", mirror=shared_data)
    # 32 result XML files of May 2022 and the PowerShell export: 1,662 distinct auctions (cusip, auction date)
    assert out.stats.rows_added == 0 and out.stats.records_added == 1662
    (again,) = run_update(["treasurydirect"], store_path=tmp_path / "s.duckdb", mirror=shared_data)
    assert again.stats.records_added == 0
