"""Fiscal Data website CSV downloads: the generic reader, Debt to the Penny, the mirror reader, bad inputs.

Real files are read in place from the shared data folder; the values asserted were typed from them
(file and line named at each assertion).  The bad-input cases mutate the real Debt to the Penny
download in memory.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ustmon.errors import (
    BadDateError,
    BadValueError,
    HtmlInsteadOfDataError,
    MissingColumnError,
    TruncatedFileError,
)
from ustmon.sources.fiscaldata import SOURCE
from ustmon.sources.fiscaldata_csv import EP_DTTP, EP_MSPD1, EP_MSPD3, EP_MSPD3M, map_header

DTTP = "fiscaldata/DebtPenny_csv-export_1993-04-01_to_2024-11-26.csv"


def _read(shared: Path, rel: str):
    p = shared / rel
    return p.read_bytes(), str(p)


def _val(res, sid: str, date: str) -> float:
    o = res.observations
    v = o[(o.series_id == sid) & (o.date == pd.Timestamp(date))]["value"]
    assert len(v) == 1, f"{sid} {date}: {len(v)} values"
    return float(v.iloc[0])


@pytest.fixture(scope="module")
def dttp(shared_data: Path):
    raw, origin = _read(shared_data, DTTP)
    return raw, origin, SOURCE.parse(raw, origin, "fiscaldata_csv")


def test_debt_to_the_penny_download(dttp):
    raw, _, res = dttp
    assert raw[:3] == b"\xef\xbb\xbf" and not raw.endswith(b"\n")  # BOM, no final newline, every field quoted
    # DebtPenny_csv-export...csv: "2024-09-30",...,"35464673929171.69" (dollars; stored in $ millions)
    assert _val(res, "DTTP.TOTAL", "2024-09-30") == 35464673929171.69
    assert res.units["DTTP.TOTAL"] == "usd"  # the store converts to $ millions: 35,464,673.92969169
    # first line 1993-04-01: "null" public and intragovernmental (quoted) -> missing, never 0
    assert _val(res, "DTTP.TOTAL", "1993-04-01") == 4225873987843.44
    assert np.isnan(_val(res, "DTTP.PUBLIC", "1993-04-01")) and np.isnan(_val(res, "DTTP.INTRAGOV", "1993-04-01"))
    assert res.observations.date.min() == pd.Timestamp("1993-04-01")
    assert res.observations.date.max() == pd.Timestamp("2024-11-26")


def test_flavours_give_the_same_values(dttp):
    """BOM or not, LF or CRLF, final newline or not, quoted or not, oldest or newest first: same observations."""
    raw, origin, res = dttp
    text = raw.decode("utf-8-sig")
    lines = text.split("\n")
    variants = {
        "no BOM, CRLF, final CRLF": ("\r\n".join(lines) + "\r\n").encode(),
        "unquoted": "\n".join(line.replace('"', "") for line in lines).encode("utf-8-sig"),
        "newest first": "\n".join([lines[0], *reversed(lines[1:])]).encode(),
    }
    want = res.observations.reset_index(drop=True)
    for what, body in variants.items():
        got = SOURCE.parse(body, origin, "fiscaldata_csv").observations.reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, obj=what)


def test_header_of_api_field_names_is_read_too(dttp):
    raw, origin, res = dttp
    text = raw.decode("utf-8-sig").split("\n")
    text[0] = "record_date,debt_held_public_amt,intragov_hold_amt,tot_pub_debt_out_amt"
    got = SOURCE.parse("\n".join(text).encode(), origin, "fiscaldata_csv")
    assert _val(got, "DTTP.TOTAL", "2024-09-30") == 35464673929171.69


def test_map_header_recognises_data_sets():
    # MSPD Table 1 download header (MSPD_SumSecty_..., line 1)
    ep, fields = map_header(["\ufeffRecord Date", "Security Type Description", "Security Class Description",
                             "Debt Held by the Public (in Millions)", "Intragovernmental Holdings (in Millions)",
                             "Total Public Debt Outstanding (in Millions)"])
    assert ep == EP_MSPD1 and fields[-1] == "total_mil_amt"
    ep, _ = map_header(["Record Date", "Debt Held by the Public", "Intragovernmental Holdings",
                        "Total Public Debt Outstanding"])
    assert ep == EP_DTTP
    # Table 3 with the nonmarketable columns is mspd_table_3; without them the marketable-only table
    t3 = ["Record Date", "Security Type Description", "Security Class 1 Description", "Security Class 2 Description",
          "Issue Date", "Maturity Date", "Issued Amount (in Millions)", "Outstanding Amount (in Millions)"]
    assert map_header(t3)[0] == EP_MSPD3M
    assert map_header([*t3, "Current Month Outstanding Amount (in Millions)"])[0] == EP_MSPD3
    # a data set ustmon does not read (calendar columns alone do not make it one)
    assert map_header(["Record Date", "Country", "Exchange Rate", "Source Line Number", "Fiscal Year"])[0] is None


def test_unknown_download_is_skipped_with_a_note():
    body = b"Record Date,Country - Currency Description,Exchange Rate,Effective Date\n2024-12-31,Euro Zone-Euro,0.961,2024-12-31\n"
    res = SOURCE.parse(body, "RprtRateXchg_20241231_20241231.csv", "fiscaldata_csv")
    assert res.observations.empty and not res.records
    assert len(res.notes) == 1 and res.notes[0].startswith("skipped:")


# --- bad inputs (the real download, mutated in memory) ------------------------------------------
def test_html_page(dttp):
    _, origin, _ = dttp
    with pytest.raises(HtmlInsteadOfDataError) as e:
        SOURCE.parse(b"<!DOCTYPE html><html><head><title>Fiscal Data</title></head></html>", origin, "fiscaldata_csv")
    assert origin in str(e.value)


def test_truncated_last_line(dttp):
    raw, origin, _ = dttp
    cut = raw[: raw.rindex(b'","') + 1]  # the last line loses its last cell
    with pytest.raises(TruncatedFileError) as e:
        SOURCE.parse(cut, origin, "fiscaldata_csv")
    assert e.value.line == raw.count(b"\n") + 1  # the file's last line (no final newline)


def test_renamed_column_names_the_field(dttp):
    raw, origin, _ = dttp
    body = raw.replace(b'"Total Public Debt Outstanding"', b'"Total Debt"', 1)
    with pytest.raises(MissingColumnError) as e:
        SOURCE.parse(body, origin, "fiscaldata_csv")
    assert e.value.field == "tot_pub_debt_out_amt" and e.value.line == 1


def test_bad_date_names_line_and_field(dttp):
    raw, origin, _ = dttp
    body = raw.replace(b'"1993-04-05"', b'"04/05/1993"', 1)  # line 4 of the download
    with pytest.raises(BadDateError) as e:
        SOURCE.parse(body, origin, "fiscaldata_csv")
    assert e.value.line == 4 and e.value.field == "record_date"


def test_bad_number_names_line_and_field(dttp):
    raw, origin, _ = dttp
    body = raw.replace(b'"4233931445349.25"', b'"4,233,931,445,349.25 USD"', 1)  # line 3
    with pytest.raises(BadValueError) as e:
        SOURCE.parse(body, origin, "fiscaldata_csv")
    assert e.value.line == 3 and e.value.field == "tot_pub_debt_out_amt"


def test_extra_cell_is_refused(dttp):
    raw, origin, _ = dttp
    body = raw.replace(b'"4233931445349.25"', b'"4233931445349.25","1"', 1)
    with pytest.raises(BadValueError) as e:
        SOURCE.parse(body, origin, "fiscaldata_csv")
    assert e.value.line == 3


# --- the mirror reader ----------------------------------------------------------------------------
def test_mirror_reads_every_fiscal_data_file(shared_data: Path):
    """Every file the mirror reader lists parses; CSV downloads (not-yet-read/ included) are among them."""
    files = SOURCE.mirror_files(shared_data)
    csvs = [f for f in files if f.kind == "fiscaldata_csv"]
    assert csvs and all(f.path.suffix == ".csv" for f in csvs)
    assert any("not-yet-read" in f.path.parts for f in csvs)
    for f in files:
        res = SOURCE.parse(f.path.read_bytes(), str(f.path), f.kind)
        assert len(res.observations) or res.records or any(n.startswith("skipped:") for n in res.notes), f.path


def test_store_from_the_mirror(mirror_store):
    """The full mirror ingest stores the downloads in catalog units: dollars -> $ millions, records datasets."""
    from ustmon.store import Store

    with Store.open(mirror_store, read_only=True) as st:
        # DebtPenny download 2024-09-30: 35,464,673,929,171.69 $ -> $ millions
        assert st.get("DTTP.TOTAL", "2024-09-30", "2024-09-30").iloc[0] == pytest.approx(35464673.92917169, abs=1e-6)
        assert st.get("DTS.TGA.CLOSE", "2024-12-31", "2024-12-31").iloc[0] == 721892
        assert st.get("MSPD.TOTAL", "2024-09-01", "2024-09-01").iloc[0] == pytest.approx(35464673.917, abs=1e-3)
        sec = st.records("mspd_securities")
        assert set(sec.record_date) == {"2023-08-31", "2023-09-30"}
        assert len(st.records("auctioned_securities")) == 10780


@pytest.mark.parametrize("name,ep", [
    ("mts_table_1", "v1/accounting/mts/mts_table_1"), ("mts_table_4", "v1/accounting/mts/mts_table_4"),
    ("mts_table_9", "v1/accounting/mts/mts_table_9"), ("mspd_table_1", "v1/debt/mspd/mspd_table_1"),
    ("debt_to_penny", "v2/accounting/od/debt_to_penny"), ("avg_interest_rates", "v2/accounting/od/avg_interest_rates"),
    ("interest_expense", "v2/accounting/od/interest_expense"),
])
def test_every_json_data_set_reads_as_a_download(name, ep):
    """The SYNTHETIC JSON fixtures (tests/fixtures/fiscaldata) written as a website download with display labels,
    reversed row order and CRLF give the same observations as the JSON."""
    import csv as _csv
    import io
    import json

    from ustmon.sources.fiscaldata_csv import LABELS

    p = Path(__file__).resolve().parents[1] / "fixtures" / "fiscaldata" / f"ustmon-fixture-{name}.json"
    rows = json.loads(p.read_bytes())["data"]
    label = {f: lab for lab, f in LABELS[ep].items()}
    fields = list(rows[0])
    buf = io.StringIO()
    w = _csv.writer(buf, lineterminator="\r\n")
    w.writerow([label.get(f, f) for f in fields])
    for r in reversed(rows):
        w.writerow([r[f] for f in fields])
    got = SOURCE.parse(buf.getvalue().encode(), f"{name}.csv", "fiscaldata_csv")
    want = SOURCE.parse(p.read_bytes(), str(p), "fiscaldata_json")
    pd.testing.assert_frame_equal(got.observations.reset_index(drop=True), want.observations.reset_index(drop=True))
    assert got.units == want.units


def test_update_skips_an_unknown_download(tmp_path):
    """A mirror holding a Fiscal Data download ustmon does not read (SYNTHETIC exchange-rate lines) updates fine."""
    from ustmon.update import run_update

    mirror = tmp_path / "mirror"
    (mirror / "fiscaldata").mkdir(parents=True)
    (mirror / "fiscaldata" / "RprtRateXchg_20241231_20241231.csv").write_bytes(
        b"\xef\xbb\xbfRecord Date,Country - Currency Description,Exchange Rate,Effective Date\n"
        b"2024-12-31,Euro Zone-Euro,0.961,2024-12-31")
    (mirror / "fiscaldata" / "DebtPenny_SYNTHETIC.csv").write_bytes(
        b'"Record Date","Debt Held by the Public","Intragovernmental Holdings","Total Public Debt Outstanding"\n'
        b'"2024-12-31","100000000.00","null","300000000.00"\n')
    (out,) = run_update(["fiscaldata"], store_path=tmp_path / "s.duckdb", mirror=mirror, live=False)
    assert not out.error
    from ustmon.store import Store

    with Store.open(tmp_path / "s.duckdb", read_only=True) as st:
        assert st.get("DTTP.TOTAL").iloc[0] == 300.0  # dollars -> $ millions
