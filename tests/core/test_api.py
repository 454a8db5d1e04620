"""The Python API over a store built from the real files."""

from __future__ import annotations

import pandas as pd

import ustmon


def test_get_get_frame_and_vintages(mirror_store):
    ten = ustmon.get("DGS10", start="2024-12-30", end="2024-12-31", store=mirror_store)
    assert ten.tolist() == [4.55, 4.58]  # H.15, data README cross-check 4 (2024-12-31 = 4.58)
    prov = ten.attrs["provenance"]
    assert prov["unit"] == "pct" and prov["source"] == "fred" and prov["url"].endswith("/DGS10")

    df = ustmon.get_frame(["DGS2", "DGS30"], start="2024-12-31", end="2024-12-31", store=mirror_store)
    assert df.loc["2024-12-31"].tolist() == [4.25, 4.78]
    assert set(df.attrs["provenance"]) == {"DGS2", "DGS30"}

    # mainland China's holdings: 778.1 in 2023-09 (data README cross-check 1)
    cn = ustmon.get("TIC.MFH.CN", start="2023-09-01", end="2023-09-01", store=mirror_store)
    assert cn.iloc[0] == 778.1 and cn.attrs["provenance"]["unit"] == "usd_bn"

    # Z.1 households 2022 (LM153061105): $1461.6bn in the 2024-03-07 release, revised to $1463.2bn on
    # 2024-06-07 (data README cross-check 10); the store keeps Z.1 in its CSV unit, $mn
    hist = ustmon.vintages("Z1.LM153061105", store=mirror_store)
    q4 = hist[hist["date"] == pd.Timestamp("2022-10-01")]
    assert sorted(q4["value"].tolist()) == [1461600.0, 1463200.0]
    assert ustmon.get("Z1.LM153061105", as_of="2024-04-01", store=mirror_store).loc["2022-10-01"] == 1461600.0
    assert ustmon.get("Z1.LM153061105", store=mirror_store).loc["2022-10-01"] == 1463200.0

    auctions = ustmon.records("auctions", store=mirror_store)
    row = auctions[auctions["cusip"] == "91282CEQ0"].iloc[0]   # cross-check 5
    assert row["high_yield"] == 2.809 and row["bid_to_cover"] == 2.59

    cat = ustmon.catalog("WRESBAL", store=mirror_store)
    assert cat.loc[cat["id"] == "WRESBAL", "unit"].item() == "usd_mn"
