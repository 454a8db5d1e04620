"""FX-hedged yields: hand-calculated CIP examples and a sanity check on late 2023."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ustmon.models import fxhedge as fx
from ustmon.sources import get_source


def test_cip_forward_usdjpy_by_hand():
    # S = 150.00 yen per $, USD 5.50%, JPY 0.10%, 91 days act/360
    tau = 91 / 360
    expected = 150.00 * (1 + 0.0010 * tau) / (1 + 0.0550 * tau)
    assert fx.cip_forward(150.00, 5.50, 0.10, pair="USDJPY", days=91) == pytest.approx(expected, abs=1e-10)
    # the same numbers written out: tau = 0.252777..., 150 * 1.000252777... / 1.013902777...
    assert expected == pytest.approx(150.0 * 1.0002527777777778 / 1.0139027777777778, abs=1e-10)
    # a -50 bp cross-currency basis lowers the yen leg to -0.40%
    with_basis = 150.00 * (1 - 0.0040 * tau) / (1 + 0.0550 * tau)
    assert fx.cip_forward(150.00, 5.50, 0.10, pair="USDJPY", days=91, xccy_basis_bp=-50) == pytest.approx(with_basis, abs=1e-10)


def test_cip_forward_eurusd_by_hand():
    # S = 1.0850 $ per euro, USD 5.30%, EUR 3.90%, 92 days act/360
    tau = 92 / 360
    expected = 1.0850 * (1 + 0.0530 * tau) / (1 + 0.0390 * tau)
    assert fx.cip_forward(1.0850, 5.30, 3.90, pair="EURUSD", days=92) == pytest.approx(expected, abs=1e-10)


def test_forward_points_conventions():
    assert fx.forward_from_points(149.50, -185.3, pair="USDJPY") == pytest.approx(149.50 - 1.853, abs=1e-10)
    assert fx.forward_from_points(1.0850, 45.2, pair="EURUSD") == pytest.approx(1.0850 + 0.00452, abs=1e-10)
    with pytest.raises(ValueError):
        fx.forward_from_points(1.0, 1.0, pair="GBPUSD")


def test_hedge_cost_and_hedged_yield_by_hand():
    tau = 91 / 360
    # yen investor: forward 147.647 vs spot 149.50 -> cost (1 - 147.647/149.50) / tau
    h = (1 - 147.647 / 149.50) / tau * 100
    assert fx.hedge_cost_from_forward(149.50, 147.647, pair="USDJPY", days=91) == pytest.approx(h, abs=1e-10)
    # euro investor: $ per euro forward above spot = dollars sold forward buy fewer euros: cost (1 - S/F)/tau
    h_eur = (1 - 1.0850 / 1.08952) / tau * 100
    assert fx.hedge_cost_from_forward(1.0850, 1.08952, pair="EURUSD", days=91) == pytest.approx(h_eur, abs=1e-10)
    # CIP cost: (1 - (1 + 0.001 tau)/(1 + 0.055 tau)) / tau = (0.055 - 0.001) / (1 + 0.055 tau)
    assert fx.hedge_cost_cip(5.50, 0.10, days=91) == pytest.approx((0.055 - 0.001) / (1 + 0.055 * tau) * 100, abs=1e-10)
    # hedged yield: ((1 + 0.048 tau)(1 - 0.054 tau) - 1)/tau = 0.048 - 0.054 - 0.048*0.054*tau
    assert fx.hedged_yield(4.80, 5.40, days=91) == pytest.approx((0.048 - 0.054 - 0.048 * 0.054 * tau) * 100, abs=1e-10)


def test_cip_cost_equals_forward_cost_both_pairs():
    for pair, spot in (("USDJPY", 150.0), ("EURUSD", 1.085)):
        F = fx.cip_forward(spot, 5.3, 3.9, pair=pair, days=91, xccy_basis_bp=-20)
        assert fx.hedge_cost_from_forward(spot, F, pair=pair, days=91) == pytest.approx(
            fx.hedge_cost_cip(5.3, 3.9, days=91, xccy_basis_bp=-20), abs=1e-10)


def test_bill_discount_to_money_market_by_hand():
    # 5.25% discount, 91 days: price 1 - 0.0525*91/360 = 0.98672916..., yield (1/P - 1)*360/91
    P = 1 - 0.0525 * 91 / 360
    assert fx.bill_discount_to_money_market(5.25) == pytest.approx((1 / P - 1) * 360 / 91 * 100, abs=1e-10)


def _series(shared: Path, source: str, rel: str, kind: str, sid: str) -> pd.Series:
    p = shared / rel
    o = get_source(source).parse(p.read_bytes(), str(p), kind).observations
    return o[o["series_id"] == sid].set_index("date")["value"]


@pytest.fixture(scope="module")
def inputs(shared_data):
    fred = lambda sid: _series(shared_data, "fred", f"fred/{sid}.csv", "fredgraph_csv", sid)  # noqa: E731
    mof = get_source("jpmof")
    p = shared_data / "jp_mof/jgbcme_all.csv"
    kind = next(m.kind for m in mof.mirror_files(shared_data) if m.path.name == "jgbcme_all.csv")
    o = mof.parse(p.read_bytes(), str(p), kind).observations
    return {"ust_10y": fred("DGS10"), "usd_3m": fred("DTB3"), "jpy_3m": fred("IR3TIB01JPM156N"),
            "eur_3m": fred("IR3TIB01EZM156N"), "jgb_10y": o[o["series_id"] == "MOF.JGB.10Y"].set_index("date")["value"],
            "bund_10y": fred("IRLTLT01DEM156N")}


def test_desk_table_late_2023(inputs):
    # values read from the files
    assert inputs["jpy_3m"].loc["2023-10-01"] == pytest.approx(-0.012, abs=1e-12)
    assert inputs["jgb_10y"].loc["2016-07-27"] == -0.297  # cross-check 12
    t = fx.desk_table(**inputs, start="2023-01-01")
    row = t.loc["2023-10-01"]
    # Published: Bloomberg (BNN Bloomberg, 2024-11-13, "Treasury yields set to turn positive for yen-hedged
    # investors"): the 3-month USD/JPY hedge cost peaked at 6.01% in late 2023 and yen-hedged 10y Treasury
    # yields were below zero from September 2022 to December 2024.  Our CIP cost from T-bills and OECD
    # interbank rates omits the cross-currency basis and the bill-OIS spread, so it sits somewhat lower.
    assert 4.8 <= row["hedge_cost_3m_jpy_pct"] <= 6.2
    assert row["ust_10y_hedged_jpy_pct"] < 0
    assert (t.loc["2023-01-01":"2023-12-01", "ust_10y_hedged_jpy_pct"] < 0).all()
    assert row["pickup_unhedged_vs_jgb_bp"] > 300  # ~4.8% vs ~0.8%
    assert 1.0 <= row["hedge_cost_3m_eur_pct"] <= 2.5  # USD ~5.4% vs Euribor ~4.0%
    assert 2.0 <= row["bund_10y_pct"] <= 3.5
    assert list(t.columns[:6]) == ["usd_3m_mm_pct", "jpy_3m_pct", "eur_3m_pct", "hedge_cost_3m_jpy_pct",
                                   "hedge_cost_3m_eur_pct", "ust_10y_pct"]


def test_hedged_yields_is_a_named_result(inputs):
    frame = pd.DataFrame({fx.HEDGE_INPUTS[k]: v for k, v in inputs.items()})
    res = fx.hedged_yields(frame, start="2023-01-01")
    assert res.inputs == "fx_hedge" and res.table.equals(fx.desk_table(**inputs, start="2023-01-01"))
    last = res.table.index[-1]
    assert res.latest().equals(res.table.loc[last])
    assert res.summary().startswith(f"{last:%Y-%m}: 10y UST {res.latest()['ust_10y_pct']:.2f}%; hedged to JPY")
    assert res.summary().endswith(fx.HEDGE_DATE_RULE)


def test_cli_hedge(monkeypatch, inputs):
    from typer.testing import CliRunner

    from ustmon.commands import curve_cli

    frame = pd.DataFrame({curve_cli.HEDGE_IDS[k]: v for k, v in inputs.items()})
    monkeypatch.setattr(curve_cli, "load_frame", lambda ids, start=None, as_of=None: frame[ids])
    res = CliRunner().invoke(curve_cli.hedge_app, ["--start", "2023-09-01"], env={"COLUMNS": "220"})
    assert res.exit_code == 0, res.output
    assert "2023-10" in res.output and "hedge cost" in res.output
