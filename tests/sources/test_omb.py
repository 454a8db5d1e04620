"""OMB Historical Tables (.xls, FY2017 Budget edition), read in place from ../shared/data/fiscaldata."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from ustmon.errors import EmptyBodyError, HtmlInsteadOfDataError, SourceFormatError, TruncatedFileError
from ustmon.sources import get_source
from ustmon.sources.omb import SOURCE, fiscal_year_end
from ustmon.units import UNITS

DIR = "fiscaldata/omb_historical_tables_2017"


def _parse(shared: Path, name: str):
    p = shared / DIR / name
    return SOURCE.parse(p.read_bytes(), str(p), "omb_xls")


def _val(res, sid: str, date: str) -> float:
    o = res.observations
    return float(o[(o.series_id == sid) & (o.date == pd.Timestamp(date))]["value"].iloc[0])


def test_registry_catalog_mirror(shared_data: Path):
    assert get_source("omb") is SOURCE
    assert all(m.unit in UNITS and m.attribution for m in SOURCE.catalog())
    files = SOURCE.mirror_files(shared_data)
    # the OMB Historical Tables workbooks found under fiscaldata/ (read from the folder, not typed here)
    on_disk = sorted(p for p in (shared_data / "fiscaldata").rglob("*.xls") if p.stem.startswith("hist"))
    assert on_disk and sorted(f.path for f in files) == on_disk
    assert {f.kind for f in files} == {"omb_xls"}


def test_fiscal_year_end_dates():
    d = fiscal_year_end([1976, 1977])
    assert list(d) == [pd.Timestamp("1976-06-30"), pd.Timestamp("1977-09-30")]


def test_table_1_1(shared_data: Path):
    res = _parse(shared_data, "hist01z1.xls")
    o = res.observations
    assert res.vintage == pd.Timestamp("2016-01-25 18:15:20")  # OLE "last saved"
    # README cross-check 6: FY2015 deficit -438,406 $mn
    assert _val(res, "OMB.HIST1_1.SURPLUS", "2015-09-30") == -438406
    assert _val(res, "OMB.HIST1_1.RECEIPTS", "2015-09-30") == 3249886
    assert _val(res, "OMB.HIST1_1.OUTLAYS", "2015-09-30") == 3688292
    assert _val(res, "OMB.HIST1_1.ON_BUDGET_SURPLUS", "2015-09-30") == -465701
    assert _val(res, "OMB.HIST1_1.OFF_BUDGET_SURPLUS", "2015-09-30") == 27295
    assert _val(res, "OMB.HIST1_1.RECEIPTS", "1901-06-30") == 588
    assert _val(res, "OMB.HIST1_1.SURPLUS", "1976-06-30") == -73732  # FY1976 ends in June
    assert _val(res, "OMB.HIST1_1.SURPLUS", "1977-09-30") == -53659  # FY1977 ends in September
    assert pd.isna(_val(res, "OMB.HIST1_1.OFF_BUDGET_RECEIPTS", "1901-06-30"))  # ".........." not applicable
    assert o.date.min() == pd.Timestamp("1901-06-30") and o.date.max() == pd.Timestamp("2015-09-30")
    assert o.series_id.nunique() == 9 and len(o) == 9 * 115  # FY1901..FY2015
    notes = " ".join(res.notes)
    assert "'TQ'" in notes and "2016 estimate" in notes and "1789–1849" in notes
    assert o.date.dt.year.max() == 2015  # estimates are not observations


def test_table_1_2(shared_data: Path):
    res = _parse(shared_data, "hist01z2.xls")
    assert _val(res, "OMB.HIST1_2.GDP", "2015-09-30") == 17803.4
    assert res.series["OMB.HIST1_2.GDP"].unit == "usd_bn"
    assert _val(res, "OMB.HIST1_2.SURPLUS_PCT_GDP", "2015-09-30") == -2.5
    assert _val(res, "OMB.HIST1_2.RECEIPTS_PCT_GDP", "2009-09-30") == 14.6
    assert _val(res, "OMB.HIST1_2.OUTLAYS_PCT_GDP", "2009-09-30") == 24.4
    assert _val(res, "OMB.HIST1_2.GDP", "1930-06-30") == 98.4
    assert _val(res, "OMB.HIST1_2.OFF_BUDGET_OUTLAYS_PCT_GDP", "1937-06-30") == 0.0  # "−*"
    assert res.observations.date.min() == pd.Timestamp("1930-06-30")
    assert res.series["OMB.HIST1_2.SURPLUS_PCT_GDP"].unit == "pct_of_gdp"


def test_table_7_1(shared_data: Path):
    res = _parse(shared_data, "hist07z1.xls")
    # README cross-check 7
    assert _val(res, "OMB.HIST7_1.GROSS_DEBT", "2015-09-30") == 18120106
    assert _val(res, "OMB.HIST7_1.HELD_BY_PUBLIC", "2015-09-30") == 13116692
    assert _val(res, "OMB.HIST7_1.HELD_BY_FED", "2015-09-30") == 2461947
    assert _val(res, "OMB.HIST7_1.HELD_BY_GOV_ACCOUNTS", "2015-09-30") == 5003414
    assert _val(res, "OMB.HIST7_1.GROSS_DEBT_PCT_GDP", "2015-09-30") == 101.8
    assert _val(res, "OMB.HIST7_1.HELD_BY_PUBLIC_PCT_GDP", "1946-06-30") == 106.1
    assert _val(res, "OMB.HIST7_1.GROSS_DEBT", "1940-06-30") == 50696
    o = res.observations
    assert o.date.min() == pd.Timestamp("1940-06-30") and len(o) == 10 * 76


def test_speed(shared_data: Path):
    raw = (shared_data / DIR / "hist01z1.xls").read_bytes()
    t = time.perf_counter()
    SOURCE.parse(raw, "hist01z1.xls", "omb_xls")
    assert time.perf_counter() - t < 1.0


def test_bad_inputs(shared_data: Path):
    raw = (shared_data / DIR / "hist07z1.xls").read_bytes()
    with pytest.raises(TruncatedFileError) as e:
        SOURCE.parse(raw[:3000], "hist07z1.xls", "omb_xls")
    assert "hist07z1.xls" in str(e.value)
    with pytest.raises(HtmlInsteadOfDataError):
        SOURCE.parse(b"<!DOCTYPE html><html><title>Not Found</title></html>", "hist07z1.xls", "omb_xls")
    with pytest.raises(EmptyBodyError):
        SOURCE.parse(b"", "hist07z1.xls", "omb_xls")
    with pytest.raises(SourceFormatError, match="openpyxl"):
        SOURCE.parse(b"PK\x03\x04" + b"\0" * 100, "hist07z1.xlsx", "omb_xls")


def _mutated(shared: Path, name: str, old: bytes, new: bytes) -> bytes:
    raw = (shared / DIR / name).read_bytes()
    assert raw.count(old) >= 1 and len(old) == len(new)  # same length keeps the BIFF records valid
    return raw.replace(old, new)


def test_renamed_header(shared_data: Path):
    from ustmon.errors import MissingColumnError

    raw = _mutated(shared_data, "hist07z1.xls", b"Federal Reserve System", b"Federal Rsrv Sys Banks")
    with pytest.raises(MissingColumnError) as e:
        SOURCE.parse(raw, "hist07z1.xls", "omb_xls")
    assert e.value.field == "OMB.HIST7_1.HELD_BY_FED" and "hist07z1.xls" in str(e.value)


def test_non_numeric_cell(shared_data: Path):
    from ustmon.errors import BadValueError

    raw = _mutated(shared_data, "hist01z1.xls", b"..........", b"....x.....")
    with pytest.raises(BadValueError) as e:
        SOURCE.parse(raw, "hist01z1.xls", "omb_xls")
    assert e.value.line == 7 and e.value.field == "OMB.HIST1_1.OFF_BUDGET_RECEIPTS"  # FY1901 row


def test_bad_year_label(shared_data: Path):
    from ustmon.errors import BadValueError

    raw = _mutated(shared_data, "hist07z1.xls", b"N/A: Not available.", b"N/A: Not available!")
    SOURCE.parse(raw, "hist07z1.xls", "omb_xls")  # footnote text is not a year row: ignored
    raw = _mutated(shared_data, "hist01z1.xls", b"\x001999", b"\x0019x9")
    with pytest.raises(BadValueError) as e:
        SOURCE.parse(raw, "hist01z1.xls", "omb_xls")
    assert e.value.field == "Year" and e.value.line == 106  # FY1999 is on spreadsheet row 106


def test_duplicate_and_unsorted_years(shared_data: Path):
    from ustmon.errors import DateOrderError, DuplicateDateError

    with pytest.raises(DuplicateDateError) as e:
        SOURCE.parse(_mutated(shared_data, "hist07z1.xls", b"\x002014", b"\x002015"), "hist07z1.xls", "omb_xls")
    assert e.value.line == 81
    with pytest.raises(DateOrderError):
        SOURCE.parse(_mutated(shared_data, "hist07z1.xls", b"\x002013", b"\x002099"), "hist07z1.xls", "omb_xls")
