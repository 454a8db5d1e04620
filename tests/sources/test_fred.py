"""FRED source: real files from ../shared/data/fred parsed in place, own fixtures, bad inputs, live requests.

Expected values below were read from the files with sed/grep, not from the parser.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import httpx
import numpy as np
import pandas as pd
import pytest

from ustmon.errors import (
    BadDateError,
    BadValueError,
    DateOrderError,
    DuplicateDateError,
    EmptyBodyError,
    HtmlInsteadOfDataError,
    MissingColumnError,
    SourceFormatError,
    TruncatedFileError,
    UnknownSeriesError,
)
from ustmon.fetch import HttpClient
from ustmon.sources import get_source
from ustmon.sources.fred import (
    API_URL,
    CATALOG,
    FREDGRAPH_URL,
    SOURCE,
    series_id_from_origin,
)
from ustmon.units import UNITS

from conftest import SHARED_DATA

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "fred"
API_ORIGIN = (f"{API_URL}?series_id={{sid}}&file_type=json&realtime_start=1776-07-04"
              "&realtime_end=9999-12-31&limit=100000")


def parse_shared(shared: Path, rel: str, kind: str = "fredgraph_csv"):
    p = shared / "fred" / rel
    return SOURCE.parse(p.read_bytes(), str(p), kind)


def value_at(res, sid: str, date: str) -> float:
    o = res.observations
    row = o[(o["series_id"] == sid) & (o["date"] == pd.Timestamp(date))]
    assert len(row) == 1, f"{sid} {date}: {len(row)} rows"
    return float(row["value"].iloc[0])


# file | data rows | first row | a middle row | last row   (sed -n 2p / middle / tail -1 of each file)
TABLE = """\
DEXJPUS.csv|2610|2015-07-13,123.35|2020-07-10,106.77|2025-07-11,147.29
DEXUSEU.csv|7005|1999-01-04,1.1812|2012-06-05,1.2437|2025-11-07,1.1578
DFEDTAR.csv|9577|1982-09-27,10.2500|1995-11-05,5.7500|2008-12-15,1.0000
DFEDTARL_thru-2024-01-31_DATEheader.csv|5525|2008-12-16,0.00|2016-07-08,0.25|2024-01-31,5.25
DFEDTARU.csv|6176|2008-12-16,0.25|2017-05-30,1.00|2025-11-12,4.00
DFF.csv|25832|1954-07-01,1.13|1989-11-09,8.42|2025-03-21,4.33
DFII10.csv|5949|2003-01-02,2.43|2014-05-27,0.31|2025-10-21,1.70
DGS1.csv|16774|1962-01-02,3.22|1994-02-23,4.01|2026-04-17,3.64
DGS10.csv|16774|1962-01-02,4.06|1994-02-23,6.13|2026-04-17,4.26
DGS1MO.csv|6449|2001-07-31,3.67|2013-12-06,0.03|2026-04-17,3.69
DGS2.csv|13014|1976-06-01,7.26|2001-05-09,4.07|2026-04-17,3.71
DGS20.csv|16774|1962-01-02,4.07|1994-02-23,6.73|2026-04-17,4.85
DGS3.csv|2610|2015-12-22,1.31|2020-12-21,0.18|2025-12-22,3.56
DGS30.csv|12829|1977-02-15,7.70|2001-09-14,5.35|2026-04-17,4.88
DGS3MO.csv|11644|1981-09-01,17.01|2003-12-24,0.90|2026-04-17,3.70
DGS5.csv|16774|1962-01-02,3.88|1994-02-23,5.59|2026-04-17,3.84
DGS6MO.csv|11644|1981-09-01,17.17|2003-12-24,1.00|2026-04-17,3.69
DGS7.csv|14819|1969-07-01,6.88|1997-11-21,5.84|2026-04-17,4.04
DTB3.csv|6804|2000-01-03,5.27|2013-01-15,0.09|2026-01-29,3.59
DTB4WK_2019-06-26_to_2024-06-26_DATEheader.csv|1306|2019-06-26,2.07|2021-12-24,.|2024-06-26,5.24
EFFRVOL_2018-10-04_to_2023-10-04_DATEheader.csv|1305|2018-10-04,73.0|2021-04-02,72.0|2023-10-04,103.0
FYFSD_thru-FY2021_excel-resaved-processed.csv|121|6/30/1901,63|6/30/1960,301|9/30/2021,-2772179
GFDEBTN_thru-2024Q3_DATEheader.csv|235|1966-01-01,320999|1995-01-01,4864116|2024-07-01,35464674
GS10.csv|490|1985-01-01,11.38|2005-05-01,4.14|2025-10-01,4.06
GS2.csv|490|1985-01-01,9.93|2005-05-01,3.64|2025-10-01,3.52
IORB.csv|1791|2021-07-29,0.15|2024-01-09,5.40|2026-06-23,3.65
IR3TIB01EZM156N.csv|376|1994-01-01,6.91000000000000014|2009-08-01,0.86047619047619095|2025-04-01,2.24818181818181984
IR3TIB01JPM156N.csv|276|2002-04-01,0.100000000000000006|2013-09-01,0.228000000000000008|2025-03-01,0.820910000000000029
IRLTLT01DEM156N.csv|837|1956-05-01,6.4000000000000004|1991-02-01,8.3499999999999996|2026-01-01,2.8066666666666702
IRLTLT01EZM156N.csv|673|1970-01-01,7.7525529999999998|1997-12-01,5.4600000000000000|2026-01-01,3.2209840909000000
IRLTLT01JPM156N.csv|445|1989-01-01,4.800|2007-06-01,1.903|2026-01-01,2.240
IRLTLT01USM156N.csv|874|1953-04-01,2.83|1989-08-01,8.11|2026-01-01,4.21
MMMFFAQ027S_thru-2020Q4_DATEheader.csv|301|1945-10-01,0|1983-01-01,197336|2020-10-01,4336003.0
MTSDS133FMS_thru-2024-10_DATEheader.csv|529|1980-10-01,-16921|2002-09-01,42388|2024-10-01,-257450.34319191
NFCI.csv|1359|2000-01-07,-0.18226|2013-01-04,-0.61840|2026-01-16,-0.59026
RRPONTSYD.csv|4842|2007-04-26,5.250|2016-08-04,50.263|2025-11-14,1.559
SOFR.csv|1946|2018-04-03,1.83|2021-12-23,0.05|2025-09-16,4.39
STLFSI4.csv|1676|1993-12-31,-0.2951|2010-01-15,-0.3639|2026-02-06,-0.6558
T10Y2Y.csv|12954|1976-06-01,0.68|2001-03-28,0.67|2026-01-23,0.64
T10Y3M.csv|6674|2000-01-03,1.10|2012-10-16,1.66|2025-07-31,-0.04
TB3MS.csv|490|1985-01-01,7.76|2005-05-01,2.84|2025-10-01,3.82
THREEFYTP10.csv|2610|2016-09-26,-0.1102|2021-09-24,-0.1448|2026-09-25,1.0203
TREAST_2021-01-20_DATEheader.csv|945|2002-12-18,629397|2011-12-28,1672092|2021-01-20,4743552.0
USGSEC_from2018-subset.csv|452|2018-01-03,2525054.8|2022-04-27,4686992.1|2026-08-26,4793284.8
WALCL.csv|985|2007-01-03,874626|2016-06-01,4461393|2025-11-12,6580462
WRESBAL.csv|261|2021-06-23,3808042|2023-12-13,3540619|2026-06-17,3033444
WTREGEN.csv|985|2007-01-03,5027.000|2016-06-01,267948.000|2025-11-12,953816.000
legacy_2017/FDHBATN.csv|144|1981-01-01,190855|1998-10-01,1826826|2016-10-01,5537501
legacy_2017/FDHBFIN.csv|188|1970-01-01,12.4|1993-04-01,596.8|2016-10-01,6003.9
legacy_2017/FDHBFRB.csv|184|1953-01-01,24.3|1975-10-01,88.2|1998-10-01,463.4
legacy_2017/FDHBPI.csv|184|1953-01-01,195.2|1975-10-01,347.5|1998-10-01,3341.8
legacy_2017/FYFR.csv|116|1901-06-30,588|1958-06-30,79636|2016-09-30,3266688
legacy_2017/FYFRGDA188S.csv|88|1929-01-01,3.69216|1972-01-01,16.16570|2016-01-01,17.59538
legacy_2017/FYFSD.csv|116|1901-06-30,63|1958-06-30,-2769|2016-09-30,-587412
legacy_2017/FYFSDFYGDP.csv|86|1930-06-30,0.75000|1972-06-30,-1.91661|2015-09-30,-2.46248
legacy_2017/FYGDP.csv|86|1930-06-30,98.4|1972-06-30,1219.5|2015-09-30,17803.4
legacy_2017/FYGFD.csv|77|1939-06-30,48.2|1976-06-30,629.0|2015-09-30,18120.1
legacy_2017/FYGFDPUB.csv|77|1939-06-30,41.4|1976-06-30,477.4|2015-09-30,13116.7
legacy_2017/FYGFGDQ188S.csv|187|1970-01-01,26.65534|1993-01-01,47.23565|2016-07-01,75.91712
legacy_2017/FYOIGDA188S.csv|77|1940-01-01,0.87366|1977-01-01,1.43341|2016-01-01,1.29660
legacy_2017/FYOINT.csv|77|1940-06-30,899|1977-09-30,29901|2016-09-30,240722
legacy_2017/FYONET.csv|116|1901-06-30,525|1958-06-30,82405|2016-09-30,3854100
legacy_2017/FYONGDA188S.csv|88|1929-01-01,2.98948|1972-01-01,17.98823|2016-01-01,20.75936
legacy_2017/FYPUGDA188S.csv|77|1939-01-01,44.27807|1976-01-01,25.42608|2015-01-01,72.72269
legacy_2017/GFDEBTN.csv|204|1966-01-01,320999|1991-04-01,3537988|2016-10-01,19976827
legacy_2017/GFDEGDQ188S.csv|203|1966-01-01,40.26076|1991-01-01,57.22950|2016-07-01,104.80927
legacy_2017/GFDGDPA188S.csv|77|1939-01-01,51.55080|1976-01-01,33.50021|2015-01-01,100.46295
legacy_DATE_header/DGS10.csv|15395|1962-01-02,4.06|1991-07-03,8.26|2021-01-04,0.93
legacy_DATE_header/DGS3.csv|15395|1962-01-02,3.70|1991-07-03,7.40|2021-01-04,0.16
legacy_DATE_header/DGS3MO.csv|10265|1981-09-01,17.01|2001-05-02,3.89|2021-01-04,0.09
legacy_DATE_header/GS10.csv|839|1953-04-01,2.83|1988-02-01,8.21|2023-02-01,3.75
processed_opxie1/A091RC1Q027SBEA-processed.csv|269|1959-01-01,11.328|1992-04-01,307.912|2026-01-01,1218.938
processed_opxie1/FYGFDPUN-processed.csv|225|1970-01-01,280814.0|1997-10-01,3846706.0|2026-01-01,31454810.955549758
processed_opxie1/GDP-processed.csv|269|1959-01-01,510.33|1992-04-01,6470.763|2026-01-01,31865.721
processed_opxie1/GFDEBTN-processed.csv|241|1966-01-01,320999.0|1995-10-01,4988665.0|2026-01-01,39065421.0
processed_opxie1/TOTBKCR-processed.csv|2789|1973-01-03,567.2553|1999-09-15,4379.2129|2026-06-10,19621.3124
processed_opxie1/TREAST-processed.csv|1227|2002-12-18,629397.0|2014-09-10,2440637.0|2026-06-17,4487319.0
processed_opxie1/WALCL-processed.csv|1227|2002-12-18,719542.0|2014-09-10,4421408.0|2026-06-17,6736424.0
processed_opxie1/WRESBAL-processed.csv|2216|1984-01-04,|2005-03-23,13006.0|2026-06-17,3033444.0
processed_opxie1/WSHOMCB-processed.csv|1227|2002-12-18,0.0|2014-09-10,1678322.0|2026-06-17,1964798.0
processed_opxie1/WSHOSHO-processed.csv|1227|2002-12-18,629407.0|2014-09-10,4160521.0|2026-06-17,6454464.0
vintages/DEXUSEU_2025-01-02_to_2026-01-02.csv|262|2025-01-02,1.0261|2025-07-03,1.1758|2026-01-02,1.1738
vintages/DFF_2000-01-01_to_2026-01-29.csv|9526|2000-01-01,3.99|2013-01-14,0.14|2026-01-29,3.64
vintages/RRPONTSYD_2021-06-23_to_2026-06-23.csv|1305|2021-06-23,813.650|2023-12-21,778.402|2026-06-23,6.484
vintages/SOFR_2021-06-23_to_2026-06-23.csv|1305|2021-06-23,0.05|2023-12-21,5.31|2026-06-23,3.62
vintages/WRESBAL_2015-01-07_to_2025-01-01_billions.csv|522|2015-01-07,2600.598|2020-01-01,1615.846|2025-01-01,3095.997
"""
ROWS = [line.split("|") for line in TABLE.strip().splitlines()]

# rows with an empty (current layout) or "." (old layout) value: grep -c -E ',(\.)?$'
MISSING_COUNTS = {
    "DEXJPUS.csv": 112, "DEXUSEU.csv": 270, "DFII10.csv": 244, "DGS1.csv": 716, "DGS10.csv": 716, "DGS1MO.csv": 269,
    "DGS2.csv": 548, "DGS20.csv": 2405, "DGS3.csv": 110, "DGS30.csv": 541, "DGS3MO.csv": 488, "DGS5.csv": 716,
    "DGS6MO.csv": 488, "DGS7.csv": 631, "DTB3.csv": 283,
    "DTB4WK_2019-06-26_to_2024-06-26_DATEheader.csv": 54, "EFFRVOL_2018-10-04_to_2023-10-04_DATEheader.csv": 49,
    "MMMFFAQ027S_thru-2020Q4_DATEheader.csv": 18, "RRPONTSYD.csv": 1735, "SOFR.csv": 83, "T10Y2Y.csv": 547,
    "T10Y3M.csv": 276, "THREEFYTP10.csv": 110, "legacy_DATE_header/DGS10.csv": 659, "legacy_DATE_header/DGS3.csv": 659,
    "legacy_DATE_header/DGS3MO.csv": 431, "processed_opxie1/WRESBAL-processed.csv": 989,
    "vintages/DEXUSEU_2025-01-02_to_2026-01-02.csv": 11, "vintages/RRPONTSYD_2021-06-23_to_2026-06-23.csv": 58,
    "vintages/SOFR_2021-06-23_to_2026-06-23.csv": 58,
}


def _kind(rel: str) -> str:
    if rel.startswith("processed_opxie1/"):
        return "processed_csv"
    if "excel-resaved" in rel:
        return "excel_resaved_csv"
    return "fredgraph_csv"


def _date(s: str) -> pd.Timestamp:
    return pd.Timestamp(pd.to_datetime(s, format="%m/%d/%Y")) if "/" in s else pd.Timestamp(s)


# ---------------------------------------------------------------------------
# every real file
# ---------------------------------------------------------------------------

def _on_disk() -> list[str]:
    """The CSV files under fred/ as they are now (read at collection time, never listed by hand)."""
    root = SHARED_DATA / "fred"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.csv")) if root.is_dir() else []


ON_DISK = _on_disk()
TABLE_ROWS = {r[0]: r[1:] for r in ROWS}


def test_mirror_files_finds_every_csv_with_its_kind(shared_data):
    on_disk = sorted(str(p.relative_to(shared_data / "fred")) for p in (shared_data / "fred").rglob("*.csv"))
    assert on_disk
    found = {str(m.path.relative_to(shared_data / "fred")): m.kind for m in SOURCE.mirror_files(shared_data)}
    assert found == {rel: _kind(rel) for rel in on_disk}
    assert SOURCE.mirror_files(shared_data / "nonexistent") == []


@pytest.mark.parametrize("rel", ON_DISK, ids=ON_DISK)
def test_every_shared_file(shared_data, rel):
    """Every FRED file on disk parses to one catalog series; where TABLE has the file, its values match."""
    res = parse_shared(shared_data, rel, _kind(rel))
    if rel not in TABLE_ROWS:
        (sid,) = res.observations["series_id"].unique()
        assert sid == series_id_from_origin(rel) and sid in CATALOG, f"{rel}: add {sid} to the catalog"
        assert res.observations["date"].is_monotonic_increasing and res.observations["date"].is_unique
        return
    n, first, mid, last = TABLE_ROWS[rel]
    obs = res.observations
    assert list(obs.columns[:3]) == ["series_id", "date", "value"]
    assert obs["date"].dtype == "datetime64[ns]" and obs["value"].dtype == "float64"
    assert len(obs) == int(n)
    assert obs["date"].is_monotonic_increasing and obs["date"].is_unique
    (sid,) = obs["series_id"].unique()
    assert sid == series_id_from_origin(rel)
    meta = res.series[sid]
    assert sid in CATALOG and meta.unit in UNITS and meta.unit != "as_published"
    assert meta.url == f"https://fred.stlouisfed.org/series/{sid}"
    assert "Federal Reserve Bank of St. Louis" in meta.attribution
    for cell, pos in ((first, 0), (mid, None), (last, -1)):
        d, v = cell.split(",")
        if pos is not None:
            assert obs["date"].iloc[pos] == _date(d)
        got = value_at(res, sid, _date(d).strftime("%Y-%m-%d"))
        if v in ("", "."):
            assert math.isnan(got)
        else:
            assert got == float(v)
    assert int(obs["value"].isna().sum()) == MISSING_COUNTS.get(rel, 0)
    assert res.vintage is None
    # only the old $bn vintage of WRESBAL is flagged as being in another unit
    assert res.units == ({"WRESBAL": "usd_bn"} if rel.endswith("_billions.csv") else {})


# ---------------------------------------------------------------------------
# specific values and README cross-checks
# ---------------------------------------------------------------------------

def test_cross_check_4_par_curve_2024_12_31(shared_data):
    # README cross-check 4: DGS2 4.25, DGS10 4.58, DGS30 4.78 on 2024-12-31
    assert value_at(parse_shared(shared_data, "DGS2.csv"), "DGS2", "2024-12-31") == 4.25
    assert value_at(parse_shared(shared_data, "DGS10.csv"), "DGS10", "2024-12-31") == 4.58
    assert value_at(parse_shared(shared_data, "DGS30.csv"), "DGS30", "2024-12-31") == 4.78


def test_cross_check_6_fy2015_deficit_and_revision(shared_data):
    old = parse_shared(shared_data, "legacy_2017/FYFSD.csv")
    new = parse_shared(shared_data, "FYFSD_thru-FY2021_excel-resaved-processed.csv", "excel_resaved_csv")
    assert value_at(old, "FYFSD", "2015-09-30") == -438406
    assert value_at(new, "FYFSD", "2015-09-30") == -441960
    # Excel M/D/YYYY dates: June 30 fiscal year ends until 1976, then September 30
    assert value_at(new, "FYFSD", "1901-06-30") == 63
    assert value_at(new, "FYFSD", "2021-09-30") == -2772179
    assert new.series["FYFSD"].unit == "usd_mn"


def test_cross_check_7_fy2015_debt_in_billions(shared_data):
    gfd = parse_shared(shared_data, "legacy_2017/FYGFD.csv")
    pub = parse_shared(shared_data, "legacy_2017/FYGFDPUB.csv")
    assert value_at(gfd, "FYGFD", "2015-09-30") == 18120.1
    assert value_at(pub, "FYGFDPUB", "2015-09-30") == 13116.7
    assert gfd.series["FYGFD"].unit == "usd_bn" and gfd.units == {}


def test_cross_check_8_wresbal_units(shared_data):
    mn = parse_shared(shared_data, "WRESBAL.csv")
    bn = parse_shared(shared_data, "vintages/WRESBAL_2015-01-07_to_2025-01-01_billions.csv")
    assert value_at(mn, "WRESBAL", "2024-12-25") == 3247382
    assert value_at(bn, "WRESBAL", "2024-12-25") == 3247.382
    assert mn.series["WRESBAL"].unit == "usd_mn" and mn.units == {}
    assert bn.units == {"WRESBAL": "usd_bn"}
    # the store's conversion (billions -> catalog millions) makes the two agree
    from ustmon.units import conversion_factor
    assert value_at(bn, "WRESBAL", "2024-12-25") * conversion_factor("usd_bn", "usd_mn") == pytest.approx(3247382)
    # the processed re-save (values in $mn, 989 empty rows from 1984) is not flagged
    assert parse_shared(shared_data, "processed_opxie1/WRESBAL-processed.csv", "processed_csv").units == {}


def test_cross_check_9_mts_deficit_and_sofr_spike(shared_data):
    mts = parse_shared(shared_data, "MTSDS133FMS_thru-2024-10_DATEheader.csv")
    assert value_at(mts, "MTSDS133FMS", "2020-06-01") == -864074.06849171
    assert value_at(mts, "MTSDS133FMS", "2015-03-01") == -52910.05993036
    sofr = parse_shared(shared_data, "SOFR.csv")
    assert value_at(sofr, "SOFR", "2019-09-17") == 5.25
    assert value_at(sofr, "SOFR", "2019-09-16") == 2.43
    assert "Federal Reserve Bank of New York" in sofr.series["SOFR"].attribution


def test_cross_check_12_dexuseu(shared_data):
    assert value_at(parse_shared(shared_data, "DEXUSEU.csv"), "DEXUSEU", "2008-07-15") == 1.5923


def test_dgs20_empty_block(shared_data):
    obs = parse_shared(shared_data, "DGS20.csv").observations
    block = obs[(obs["date"] >= "1987-01-01") & (obs["date"] <= "1993-09-30")]
    assert len(block) == 1761 and block["value"].isna().all()
    assert value_at(parse_shared(shared_data, "DGS20.csv"), "DGS20", "1986-12-31") == 7.39
    assert value_at(parse_shared(shared_data, "DGS20.csv"), "DGS20", "1993-10-01") == 6.12


def test_legacy_dot_missing_and_equal_to_current_layout(shared_data):
    old = parse_shared(shared_data, "legacy_DATE_header/DGS10.csv").observations
    new = parse_shared(shared_data, "DGS10.csv").observations
    assert int(old["value"].isna().sum()) == 659
    assert math.isnan(old.loc[old["date"] == "1962-02-12", "value"].iloc[0])  # "1962-02-12,."
    both = old.merge(new, on=["series_id", "date"], suffixes=("_old", "_new"))
    assert len(both) == 15395
    assert both["value_old"].equals(both["value_new"])  # NaN on the same days too


def test_vintage_windows_equal_on_common_dates(shared_data):
    for rel, cur, n in (("vintages/DEXUSEU_2025-01-02_to_2026-01-02.csv", "DEXUSEU.csv", 222),
                        ("vintages/DFF_2000-01-01_to_2026-01-29.csv", "DFF.csv", 9212),
                        ("vintages/SOFR_2021-06-23_to_2026-06-23.csv", "SOFR.csv", 1105)):
        a = parse_shared(shared_data, rel).observations.dropna()
        b = parse_shared(shared_data, cur).observations.dropna()
        both = a.merge(b, on=["series_id", "date"])
        assert len(both) >= n * 0.9
        assert (both["value_x"] == both["value_y"]).all()
    dff = parse_shared(shared_data, "vintages/DFF_2000-01-01_to_2026-01-29.csv").observations
    both = dff.merge(parse_shared(shared_data, "DFF.csv").observations, on=["series_id", "date"])
    assert len(both) == 9212


def test_rrp_empty_days_are_missing_not_zero(shared_data):
    res = parse_shared(shared_data, "RRPONTSYD.csv")
    assert int(res.observations["value"].isna().sum()) == 1735
    # 73 operations with a reported 0.000 (grep -c ',0\\.000$') stay zero; empty days are not turned into zeros
    assert int((res.observations["value"] == 0).sum()) == 73
    assert value_at(res, "RRPONTSYD", "2019-11-25") == 0.0
    assert value_at(res, "RRPONTSYD", "2020-04-01") == 207.828
    assert res.series["RRPONTSYD"].unit == "usd_bn"
    assert res.series["RRPONTSYD"].attribution.endswith("Source: Federal Reserve Bank of New York")


def test_legacy_2017_date_value_header_takes_id_from_file_name(shared_data):
    res = parse_shared(shared_data, "legacy_2017/FDHBFIN.csv")
    assert list(res.series) == ["FDHBFIN"]
    assert res.series["FDHBFIN"].unit == "usd_bn" and res.series["FDHBFIN"].frequency == "Q"
    assert value_at(res, "FDHBFIN", "2016-10-01") == 6003.9
    atn = parse_shared(shared_data, "legacy_2017/FDHBATN.csv")
    assert atn.series["FDHBATN"].unit == "usd_mn"
    pct = parse_shared(shared_data, "legacy_2017/GFDEGDQ188S.csv")
    assert pct.series["GFDEGDQ188S"].unit == "pct_of_gdp"
    assert parse_shared(shared_data, "legacy_2017/GFDEBTN.csv").series["GFDEBTN"].unit == "usd_mn"


def test_gfdebtn_copies_agree(shared_data):
    a = parse_shared(shared_data, "legacy_2017/GFDEBTN.csv").observations
    b = parse_shared(shared_data, "GFDEBTN_thru-2024Q3_DATEheader.csv").observations  # CRLF
    c = parse_shared(shared_data, "processed_opxie1/GFDEBTN-processed.csv", "processed_csv").observations
    ab = a.merge(b, on=["series_id", "date"])
    assert len(ab) == 204 and (ab["value_x"] == ab["value_y"]).all()
    bc = b.merge(c, on=["series_id", "date"])
    assert len(bc) == 235 and (bc["value_x"] == bc["value_y"]).all()


def test_processed_files(shared_data):
    res = parse_shared(shared_data, "processed_opxie1/WSHOMCB-processed.csv", "processed_csv")
    assert value_at(res, "WSHOMCB", "2002-12-18") == 0.0  # a real zero (no MBS in 2002), not missing
    gdp = parse_shared(shared_data, "processed_opxie1/GDP-processed.csv", "processed_csv")
    assert gdp.series["GDP"].unit == "usd_bn_saar"
    tb = parse_shared(shared_data, "processed_opxie1/TOTBKCR-processed.csv", "processed_csv")
    assert tb.series["TOTBKCR"].unit == "usd_bn" and tb.series["TOTBKCR"].frequency == "W"


def test_units_and_attribution_of_catalog_groups(shared_data):
    for sid, unit in (("DGS10", "pct"), ("T10Y2Y", "pp"), ("T10Y3M", "pp"), ("DEXJPUS", "jpy_per_usd"),
                      ("DEXUSEU", "usd_per_eur"), ("WTREGEN", "usd_mn"), ("WALCL", "usd_mn"), ("NFCI", "index"),
                      ("STLFSI4", "index"), ("IRLTLT01JPM156N", "pct"), ("THREEFYTP10", "pct")):
        assert CATALOG[sid].unit == unit, sid
    assert CATALOG["IR3TIB01EZM156N"].attribution.startswith("OECD Main Economic Indicators, via FRED")
    assert "copyright" in CATALOG["NFCI"].notes.lower() and "copyright" in CATALOG["STLFSI4"].notes.lower()
    for sid in ("SOFR", "RRPONTSYD", "RPONTSYD"):
        assert "Source: Federal Reserve Bank of New York" in CATALOG[sid].attribution
    assert "New York" not in CATALOG["DGS10"].attribution


def test_catalog_has_series_analytics_need():
    need = {"RPONTSYD": "usd_bn", "MMMFFAQ027S": "usd_mn", "WLRRAL": "usd_mn", "FYOINT": "usd_mn",
            "A091RC1Q027SBEA": "usd_bn_saar", "GDP": "usd_bn_saar", "TOTBKCR": "usd_bn", "WSHOMCB": "usd_mn",
            "WSHOSHO": "usd_mn", "TREAST": "usd_mn", "FDHBFIN": "usd_bn", "FYGFDPUN": "usd_mn",
            "MTSR133FMS": "usd_mn", "MTSO133FMS": "usd_mn", "DTB4WK": "pct", "DTB6": "pct", "DGS3": "pct",
            "T10Y2Y": "pp", "T10Y3M": "pp", "THREEFYTP10": "pct"}
    for sid, unit in need.items():
        assert CATALOG[sid].unit == unit, sid
    for meta in SOURCE.catalog():
        assert meta.unit in UNITS and meta.frequency in {"D", "W", "M", "Q", "A", "irregular"}
        assert meta.url == f"https://fred.stlouisfed.org/series/{meta.id}" and meta.attribution and meta.title
        assert meta.source == "fred"
    assert get_source("fred") is SOURCE


def test_biggest_file_parses_fast(shared_data):
    p = shared_data / "fred" / "DFF.csv"  # 25,832 rows, the largest FRED file here
    raw = p.read_bytes()
    SOURCE.parse(raw, str(p), "fredgraph_csv")
    best = min(_timed(lambda: SOURCE.parse(raw, str(p), "fredgraph_csv")) for _ in range(3))
    import io
    plain = min(_timed(lambda: pd.read_csv(io.BytesIO(raw), parse_dates=["observation_date"])) for _ in range(3))
    assert best < max(10 * plain, 0.05)  # generous bound for noisy CI; measured about 2x


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


# ---------------------------------------------------------------------------
# own fixtures: several columns, ALFRED JSON
# ---------------------------------------------------------------------------

def test_two_series_fredgraph_fixture():
    p = FIX / "ustmon-fixture-fredgraph-two-series.csv"
    res = SOURCE.parse(p.read_bytes(), f"{FREDGRAPH_URL}?id=DGS2,DGS10", "fredgraph_csv")
    assert sorted(res.series) == ["DGS10", "DGS2"]
    assert value_at(res, "DGS10", "2024-12-31") == 4.58 and value_at(res, "DGS2", "2024-12-31") == 4.25
    assert math.isnan(value_at(res, "DGS2", "2025-01-01"))
    assert len(res.observations) == 8


def test_alfred_json_two_vintages_of_one_date():
    raw = (FIX / "ustmon-fixture-alfred-GDP.json").read_bytes()
    res = SOURCE.parse(raw, API_ORIGIN.format(sid="GDP"), "alfred_json")
    obs = res.observations
    assert list(obs.columns) == ["series_id", "date", "value", "vintage"]
    assert obs["vintage"].dtype == "datetime64[ns]"
    q1 = obs[obs["date"] == "2024-01-01"].set_index("vintage")["value"]
    assert q1[pd.Timestamp("2024-04-25")] == 28284.498
    assert q1[pd.Timestamp("2024-05-30")] == 28255.928
    assert len(obs) == 6 and obs["series_id"].eq("GDP").all()
    # "." is missing, and the row is kept
    q2 = obs[obs["date"] == "2024-04-01"].set_index("vintage")["value"]
    assert math.isnan(q2[pd.Timestamp("2024-07-25")]) and q2[pd.Timestamp("2024-07-31")] == 28652.337
    assert res.series["GDP"].unit == "usd_bn_saar" and res.units == {}


def test_alfred_json_billions_vintages_are_rescaled():
    raw = (FIX / "ustmon-fixture-alfred-WRESBAL.json").read_bytes()
    res = SOURCE.parse(raw, API_ORIGIN.format(sid="WRESBAL"), "alfred_json")
    obs = res.observations.set_index(["date", "vintage"])["value"]
    assert obs[(pd.Timestamp("2024-12-25"), pd.Timestamp("2024-12-27"))] == pytest.approx(3247382)
    assert obs[(pd.Timestamp("2024-12-25"), pd.Timestamp("2025-03-14"))] == 3247382
    assert res.units == {} and any("1000" in n for n in res.notes)
    # a payload with only the old vintage: flagged as billions, for the store to convert
    only_old = json.loads(raw)
    only_old["observations"] = only_old["observations"][0::2]
    res = SOURCE.parse(json.dumps(only_old).encode(), API_ORIGIN.format(sid="WRESBAL"), "alfred_json")
    assert res.units == {"WRESBAL": "usd_bn"}


def test_alfred_error_body_is_unknown_series():
    raw = (FIX / "ustmon-fixture-alfred-error-unknown-series.json").read_bytes()
    with pytest.raises(UnknownSeriesError, match="NOSUCHSERIES"):
        SOURCE.parse(raw, API_ORIGIN.format(sid="NOSUCHSERIES"), "alfred_json")


@pytest.mark.parametrize("mutate,err,where", [
    (lambda o: o["observations"][1].update(date="2023-13-01"), BadDateError, "line 2"),
    (lambda o: o["observations"][3].update(value="n/a"), BadValueError, "line 4"),
    (lambda o: o["observations"].__setitem__(1, dict(o["observations"][0])), DuplicateDateError, "line 2"),
    (lambda o: o["observations"].reverse(), DateOrderError, "line 3"),
    (lambda o: o["observations"][2].pop("value"), MissingColumnError, "'value'"),
    (lambda o: o.pop("observations"), MissingColumnError, "observations"),
])
def test_alfred_bad_inputs(mutate, err, where):
    obj = json.loads((FIX / "ustmon-fixture-alfred-GDP.json").read_bytes())
    mutate(obj)
    origin = API_ORIGIN.format(sid="GDP")
    with pytest.raises(err) as exc:
        SOURCE.parse(json.dumps(obj).encode(), origin, "alfred_json")
    assert where in str(exc.value) and "series_id=GDP" in str(exc.value)


def test_alfred_truncated_and_html():
    raw = (FIX / "ustmon-fixture-alfred-GDP.json").read_bytes()
    with pytest.raises(TruncatedFileError):
        SOURCE.parse(raw[:-40], API_ORIGIN.format(sid="GDP"), "alfred_json")
    with pytest.raises(HtmlInsteadOfDataError):
        SOURCE.parse(b"<!DOCTYPE html><html><title>Error</title></html>", API_ORIGIN.format(sid="GDP"), "alfred_json")
    with pytest.raises(EmptyBodyError):
        SOURCE.parse(b"", API_ORIGIN.format(sid="GDP"), "alfred_json")


# ---------------------------------------------------------------------------
# bad CSV inputs (mutated in memory)
# ---------------------------------------------------------------------------

@pytest.fixture
def dgs10(shared_data) -> tuple[bytes, str]:
    p = shared_data / "fred" / "DGS10.csv"
    return p.read_bytes(), str(p)


def _parse(raw: bytes, origin: str = "mem/DGS10.csv"):
    return SOURCE.parse(raw, origin, "fredgraph_csv")


def test_truncated_last_line(dgs10):
    raw, origin = dgs10
    assert raw.endswith(b"2026-04-17,4.26\n")
    for cut in (b"2026-04-1", b"2026-04-17,4.", b"2026-04-17,-"):
        bad = raw[: -len(b"2026-04-17,4.26\n")] + cut
        with pytest.raises(TruncatedFileError) as exc:
            _parse(bad, origin)
        assert origin in str(exc.value) and "line 16775" in str(exc.value)
    # the same last line with its newline restored parses; without the newline a complete line is accepted
    assert len(_parse(raw[:-1], origin).observations) == 16774


def test_html_empty_and_header_only(dgs10):
    raw, origin = dgs10
    with pytest.raises(HtmlInsteadOfDataError) as exc:
        _parse(b"<!DOCTYPE html>\n<html><head><title>FRED | Error</title></head><body>Series not found</body></html>", origin)
    assert origin in str(exc.value)
    with pytest.raises(EmptyBodyError):
        _parse(b"", origin)
    with pytest.raises(EmptyBodyError):
        _parse(b"  \n", origin)
    res = _parse(b"observation_date,DGS10\n", origin)  # a cosd after the last observation
    assert len(res.observations) == 0 and "DGS10" in res.series


def test_renamed_or_missing_column(dgs10):
    raw, origin = dgs10
    with pytest.raises(MissingColumnError) as exc:
        _parse(raw.replace(b"observation_date", b"obs_date", 1), origin)
    assert "line 1" in str(exc.value) and "obs_date" in str(exc.value)
    with pytest.raises(MissingColumnError):
        _parse(raw.replace(b"observation_date,DGS10", b"observation_date", 1), origin)
    with pytest.raises(MissingColumnError):  # DATE,VALUE with no series id in the origin
        SOURCE.parse(b"DATE,VALUE\n2020-01-01,1\n", "https://fred.stlouisfed.org/graph/fredgraph.csv", "fredgraph_csv")


def test_non_numeric_value_and_bad_date(dgs10):
    raw, origin = dgs10
    with pytest.raises(BadValueError) as exc:
        _parse(raw.replace(b"1994-02-23,6.13", b"1994-02-23,6,13", 1), origin)
    assert "line 8388" in str(exc.value)
    with pytest.raises(BadValueError) as exc:
        _parse(raw.replace(b"1994-02-23,6.13", b"1994-02-23,n/a", 1), origin)
    assert "line 8388" in str(exc.value) and "'DGS10'" in str(exc.value)
    with pytest.raises(BadDateError) as exc:
        _parse(raw.replace(b"1994-02-23,6.13", b"1994-02-30,6.13", 1), origin)
    assert "line 8388" in str(exc.value) and "observation_date" in str(exc.value)
    with pytest.raises(BadDateError):
        _parse(raw.replace(b"1994-02-23,6.13", b"23/02/1994,6.13", 1), origin)
    with pytest.raises(BadValueError) as exc:  # a row lacking its comma
        _parse(raw.replace(b"1994-02-23,6.13", b"1994-02-23", 1), origin)
    assert "line 8388" in str(exc.value)


def test_duplicate_and_unsorted_dates(dgs10):
    raw, origin = dgs10
    with pytest.raises(DuplicateDateError) as exc:
        _parse(raw.replace(b"1994-02-24,", b"1994-02-23,", 1), origin)
    assert "line 8389" in str(exc.value)
    lines = raw.split(b"\n")
    lines[8387], lines[8388] = lines[8388], lines[8387]  # swap the rows on lines 8388 and 8389
    with pytest.raises(DateOrderError) as exc:
        _parse(b"\n".join(lines), origin)
    assert "line 8389" in str(exc.value)


def test_encodings_parse_the_same(dgs10):
    raw, origin = dgs10
    ref = _parse(raw, origin).observations
    text = raw.decode()
    for variant in (b"\xef\xbb\xbf" + raw, raw.replace(b"\n", b"\r\n"), text.encode("utf-16"),
                    text.replace("\n", "\r\n").encode("utf-16-le").join([b"\xff\xfe", b""])):
        pd.testing.assert_frame_equal(_parse(variant, origin).observations, ref)


def test_unknown_series_accepted_as_published():
    res = SOURCE.parse(b"observation_date,BAMLH0A0HYM2\n2024-01-02,3.39\n2024-01-03,3.45\n2024-01-04,\n",
                       f"{FREDGRAPH_URL}?id=BAMLH0A0HYM2", "fredgraph_csv")
    meta = res.series["BAMLH0A0HYM2"]
    assert meta.unit == "as_published" and "not in ustmon's catalog" in meta.title
    assert meta.frequency == "D" and meta.url == "https://fred.stlouisfed.org/series/BAMLH0A0HYM2"


def test_series_id_from_origin():
    assert series_id_from_origin("/x/fred/MTSDS133FMS_thru-2024-10_DATEheader.csv") == "MTSDS133FMS"
    assert series_id_from_origin("/x/processed_opxie1/A091RC1Q027SBEA-processed.csv") == "A091RC1Q027SBEA"
    assert series_id_from_origin(f"{FREDGRAPH_URL}?id=DGS10&cosd=2020-01-01") == "DGS10"
    assert series_id_from_origin(API_ORIGIN.format(sid="WRESBAL")) == "WRESBAL"
    assert series_id_from_origin(FREDGRAPH_URL) is None


# ---------------------------------------------------------------------------
# live requests, API key, paging (MockTransport, never real HTTP)
# ---------------------------------------------------------------------------

def test_live_requests_without_key(monkeypatch):
    monkeypatch.delenv("FRED_API_KEY", raising=False)
    reqs = SOURCE.live_requests()
    assert [r.params["id"] for r in reqs] == list(CATALOG)
    assert all(r.url == "https://fred.stlouisfed.org/graph/fredgraph.csv" and r.kind == "fredgraph_csv" for r in reqs)
    (r,) = SOURCE.live_requests(["dgs10"], since=pd.Timestamp("2024-01-01"))
    assert r.params == {"id": "DGS10", "cosd": "2024-01-01"} and r.secret_params == {}
    with pytest.raises(UnknownSeriesError):
        SOURCE.live_requests(["DGS10; rm -rf"])


def test_live_requests_with_key_never_expose_it(monkeypatch):
    monkeypatch.setenv("FRED_API_KEY", "abcdef0123456789abcdef0123456789")
    (r,) = SOURCE.live_requests(["DGS10"])
    assert r.kind == "alfred_json" and r.url == "https://api.stlouisfed.org/fred/series/observations"
    assert r.params == {"series_id": "DGS10", "file_type": "json", "realtime_start": "1776-07-04",
                        "realtime_end": "9999-12-31", "limit": 100000}
    assert r.secret_params == {"api_key": "abcdef0123456789abcdef0123456789"}
    assert "abcdef" not in repr(r)


def _obs_page(start: int, n: int, total: int, offset: int) -> bytes:
    obs = [{"realtime_start": "2025-01-02", "realtime_end": "9999-12-31",
            "date": (pd.Timestamp("2000-01-01") + pd.Timedelta(days=start + i)).strftime("%Y-%m-%d"),
            "value": f"{(start + i) / 100:.2f}"} for i in range(n)]
    return json.dumps({"realtime_start": "1776-07-04", "realtime_end": "9999-12-31", "count": total,
                       "offset": offset, "limit": 3, "observations": obs}).encode()


def test_fetch_follows_api_pages(monkeypatch):
    monkeypatch.setenv("FRED_API_KEY", "secretkey0000000000000000000000000")
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        assert request.url.params["api_key"] == "secretkey0000000000000000000000000"
        off = int(request.url.params.get("offset", 0))
        return httpx.Response(200, content=_obs_page(off, min(3, 7 - off), 7, off))

    (req,) = SOURCE.live_requests(["DFF"])
    req = type(req)(**{**req.__dict__, "params": {**req.params, "limit": 3}})
    with HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None) as http:
        payloads = SOURCE.fetch(req, http)
    assert [u.params.get("offset") for u in seen] == [None, "3", "6"]
    (raw, origin), = payloads
    assert "secretkey" not in origin and "series_id=DFF" in origin
    res = SOURCE.parse(raw, origin, "alfred_json")
    assert len(res.observations) == 7 and res.observations["date"].is_monotonic_increasing
    assert value_at(res, "DFF", "2000-01-07") == 0.06


def test_fetch_unknown_series_via_api(monkeypatch):
    monkeypatch.setenv("FRED_API_KEY", "secretkey0000000000000000000000000")
    body = (FIX / "ustmon-fixture-alfred-error-unknown-series.json").read_bytes()
    transport = httpx.MockTransport(lambda request: httpx.Response(400, content=body))
    (req,) = SOURCE.live_requests(["NOSUCHSERIES"])
    with HttpClient(cache_dir=None, transport=transport, sleep=lambda s: None) as http:
        with pytest.raises(UnknownSeriesError, match="NOSUCHSERIES") as exc:
            SOURCE.fetch(req, http)
    assert "secretkey" not in str(exc.value)


def test_fetch_fredgraph_single_get(monkeypatch):
    monkeypatch.delenv("FRED_API_KEY", raising=False)
    body = (FIX / "ustmon-fixture-fredgraph-two-series.csv").read_bytes()
    seen = []

    def handler(request):
        seen.append(str(request.url))
        return httpx.Response(200, content=body)

    (req,) = SOURCE.live_requests(["DGS2"], since=pd.Timestamp("2024-12-30"))
    with HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None) as http:
        (raw, origin), = SOURCE.fetch(req, http)
    assert seen == ["https://fred.stlouisfed.org/graph/fredgraph.csv?id=DGS2&cosd=2024-12-30"]
    assert origin == seen[0]
    assert isinstance(SOURCE.parse(raw, origin, "fredgraph_csv").observations, pd.DataFrame)


def test_errors_are_source_format_errors_naming_fred(dgs10):
    raw, origin = dgs10
    with pytest.raises(SourceFormatError) as exc:
        _parse(raw.replace(b"1994-02-23,6.13", b"1994-02-23,abc", 1), origin)
    assert exc.value.source == "fred" and exc.value.line == 8388 and exc.value.field == "DGS10"
    assert np.isfinite(exc.value.line)


# ---------------------------------------------------------------------------
# policy range, EFFR volume, money funds, 4-week bill (README fred/ table; cross-checks 14 and 16)
# ---------------------------------------------------------------------------

def test_policy_range_effr_volume_and_money_funds(shared_data):
    for sid in ("DFEDTAR", "DFEDTARU", "DFEDTARL", "DTB4WK"):
        assert CATALOG[sid].unit == "pct" and CATALOG[sid].frequency == "D"
    assert CATALOG["EFFRVOL"].unit == "usd_bn" and "Federal Reserve Bank of New York" in CATALOG["EFFRVOL"].attribution
    mmf = CATALOG["MMMFFAQ027S"]
    assert mmf.unit == "usd_mn" and mmf.frequency == "Q" and "L.121 line 1" in mmf.notes
    # MMMFFAQ027S_thru-2020Q4_DATEheader.csv: "2008-10-01,3832237" (= Z.1 L.121 FL634090005 2008:Q4)
    res = parse_shared(shared_data, "MMMFFAQ027S_thru-2020Q4_DATEheader.csv")
    assert value_at(res, "MMMFFAQ027S", "2008-10-01") == 3832237
    # EFFRVOL_2018-10-04_to_2023-10-04_DATEheader.csv: "2023-03-10,81.0" ($bn)
    res = parse_shared(shared_data, "EFFRVOL_2018-10-04_to_2023-10-04_DATEheader.csv")
    assert value_at(res, "EFFRVOL", "2023-03-10") == 81 and res.series["EFFRVOL"].unit == "usd_bn"
    # DFEDTARU.csv last line "2025-11-12,4.00"; DFEDTAR.csv last line "2008-12-15,1.0000"
    assert value_at(parse_shared(shared_data, "DFEDTARU.csv"), "DFEDTARU", "2025-11-12") == 4.0
    assert value_at(parse_shared(shared_data, "DFEDTAR.csv"), "DFEDTAR", "2008-12-15") == 1.0
    # DFEDTARL_thru-2024-01-31_DATEheader.csv "2024-01-31,5.25"
    res = parse_shared(shared_data, "DFEDTARL_thru-2024-01-31_DATEheader.csv")
    assert value_at(res, "DFEDTARL", "2024-01-31") == 5.25
    # DFF 2023-03-10 = 4.57 (cross-check 16)
    assert value_at(parse_shared(shared_data, "DFF.csv"), "DFF", "2023-03-10") == 4.57
