"""The charts of the note and the dashboard, as data: one row per chart, grouped by note section.

A row (:class:`FigureSpec`) names the chart, its section, its title key (the neutral title, used when no
finding can be stated), the analytics view it draws (``"group:name"``: ``ustmon.analytics.<group>.VIEWS[name]``)
and the view columns it draws under the chart's own column names, the kind of chart, its finding (a function
of :mod:`ustmon.desk.findings`) and a few presentation details.  Nothing here computes: every number comes
from a view (:func:`ustmon.desk.evaluate.view_frame`); ``prepare`` may only pick rows of a view's frame.

Adding a chart is one view (when new arithmetic is needed), one row here and its words in
:mod:`ustmon.desk.i18n` (titles ``fig_*``, line labels ``l_*``, finding ``f_*``).

A row of ``kind="table"`` is printed as a table instead of drawn (cells: :mod:`ustmon.desk.tables`): its
``labels`` are the column headers in order and ``extra["formats"]`` how each column prints; it is evaluated,
refused and captioned exactly as a chart.

``origins`` says how a chart column derives from store series (so numbers quoted from it are re-checked
against the store itself); columns without one are recorded as ``op="view"``: re-read from the view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from ..conventions.contracts import TEN_YEAR
from . import findings as fx
from .findings import CLASSES, GROSS_COLS, LEV_CODES, LEV_START, UST_TENOR

#: note sections, in the note's order
SECTIONS = ("demand_domestic", "demand_foreign", "fiscal", "rates", "funding")


@dataclass(frozen=True)
class FigureSpec:
    """One chart: the view and columns it draws, what it says and how it is drawn."""

    id: str
    section: str
    name_key: str  # i18n key of the neutral title (used when no finding can be stated)
    view: str | None  # "group:name" of the analytics view drawn (None: the chart has no public source)
    columns: dict = field(default_factory=dict)  # chart column -> view column
    finding: Callable[[pd.DataFrame, str], object] | None = None
    kind: str = "line"  # line | bar | stacked | hbar | line+bar | table (cells: ustmon.desk.tables)
    units: str = "u_usd_bn"
    labels: dict = field(default_factory=dict)  # drawn column -> i18n key of its legend
    start: str | None = "2015-01-01"  # first date drawn (frames keep full history for percentiles)
    inputs: tuple[str, ...] = ()  # store series checked first (a missing one is named in the note)
    origins: dict = field(default_factory=dict)  # chart column -> {"series", "op", "scale"}
    optional: tuple[str, ...] = ()  # chart columns the view may lack (drawn when present)
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None  # picks rows of the view's frame (no arithmetic)
    hline: float | None = None
    quarter_axis: bool = False  # irregular quarterly dates (Z.1 excerpts) drawn as evenly spaced quarter labels
    note: Callable | None = None  # caption: (frame, spec) -> (i18n key, params) | None
    gap_factor: float = 5.0  # a line breaks where observations stop for more than this many usual spacings
    extra: dict = field(default_factory=dict)  # medium hints, e.g. band=(low, high, label key)
    unavailable: str | None = None  # i18n key of why a chart without a source is not drawn

    @property
    def group(self) -> str:
        return self.view.split(":", 1)[0]

    @property
    def view_name(self) -> str:
        return self.view.split(":", 1)[1]


# --------------------------------------------------------------------------- helpers of the rows
def _store(sid: str, k: float = 1.0, op: str = "level", *more: str) -> dict:
    return {"series": (sid, *more), "op": op, "scale": k}


def _latest_ranking(ranking: pd.DataFrame, top: int = 12) -> pd.DataFrame:
    """foreign.ranking -> the latest month's top holders (index = TIC code): rows picked, nothing computed."""
    last = ranking[ranking["date"] == ranking["date"].max()].sort_values("tic_rank").head(top)
    out = last.set_index("code")[["tic_holdings", "adjusted_holdings", "tic_rank", "adjusted_rank"]]
    out.index.name = "country"
    out.attrs = dict(ranking.attrs)
    out.attrs["month"] = str(pd.Timestamp(last["date"].iloc[0]).date())
    return out


def _category_bars(cat: pd.DataFrame) -> pd.DataFrame:
    """fiscal.categories -> one row per category (index = component code; the two totals as ``total_<side>``,
    left out of the bars, read by the finding): rows picked and re-indexed, nothing computed."""
    out = cat.copy()
    out.index = [f"total_{s}" if c == "total" else c for s, c in zip(out["side"], out["component"])]
    out.index.name = "component"
    out.attrs = dict(cat.attrs)
    return out


def _fy_impacts(long: pd.DataFrame) -> pd.DataFrame:
    """fiscal.contributions-fy -> one row per fiscal year (30 September), one column per component's deficit impact
    ($bn), ``deficit_change`` (the view's own row) and ``pct_<component>`` (its impact in % of GDP): the view's cells
    reshaped (each cell is one row of the view), nothing computed."""
    rows = long[long["component"].ne("total")]
    usd = rows.pivot(index="date", columns="component", values="deficit_impact_usd_bn")
    pct = rows.pivot(index="date", columns="component", values="deficit_impact_pct_gdp").add_prefix("pct_")
    out = usd.join(pct)
    out["fiscal_year"] = rows.groupby("date")["fiscal_year"].first()
    out.index = pd.DatetimeIndex(out.index, name="date")
    out.columns.name = None
    out.attrs = dict(long.attrs)
    return out


#: the table of last month's auctions: chart column -> (view column, header key or None, cell format or None);
#: columns without a header are read by the cells (term names a bill, basis marks a stop-out, row/auctions totals)
_AUCTION_TABLE = {
    "security": ("security", "th_security", "security"), "date": ("auction_date", "th_auction_date", "day"),
    "size": ("size", "th_size", "money"), "stop_out": ("stop_out", "th_stop_out", "rate"),
    "btc": ("bid_to_cover", "th_bid_to_cover", "ratio"), "indirect": ("indirect_share", "th_indirect", "share"),
    "direct": ("direct_share", "th_direct", "share"), "dealer": ("dealer_share", "th_dealer", "share"),
    "tail": ("tail_vs_cmt_bp", "th_tail_cmt", "bp"),
    "row": ("row", None, None), "auctions": ("auctions", None, None), "term": ("security_term", None, None),
    "basis": ("stop_out_basis", None, None),
}
AUCTION_TABLE_COLUMNS = {c: v for c, (v, _, _) in _AUCTION_TABLE.items()}

STRUCTURE_SECTORS = ("fed", "foreign_official", "foreign_private", "rest_of_world", "banks", "mmf", "mutual_funds",
                     "hedge_funds", "pensions", "insurers", "state_local", "households", "other", "unallocated")
CONTRIB_COMPONENTS = fx.CONTRIB_PARTS
_LEV_SERIES = {c: (f"CFTC.TFF.{c}.LEV_MONEY.SHORT", f"CFTC.TFF.{c}.LEV_MONEY.LONG") for c in LEV_CODES}
_LEV_ORIGINS = {**{UST_TENOR[c]: {"series": _LEV_SERIES[c], "op": "lev_net_short", "scale": 1.0} for c in LEV_CODES},
                "total": {"series": tuple(i for c in LEV_CODES for i in _LEV_SERIES[c]), "op": "lev_net_short",
                          "scale": 1.0}}
_TENORS = tuple(UST_TENOR[c] for c in LEV_CODES)

# --------------------------------------------------------------------------- the charts
FIGURES: tuple[FigureSpec, ...] = (
    # ---- demand: domestic
    FigureSpec("holder_structure", "demand_domestic", "fig_structure", "holders:structure-wide",
               {**{c: c for c in STRUCTURE_SECTORS}, "pi_share": "price_insensitive_share_pct"}, fx._f_structure,
               kind="stacked", labels={c: f"l_sec_{c}" for c in STRUCTURE_SECTORS}, start=None, quarter_axis=True,
               optional=STRUCTURE_SECTORS),  # the Z.1 excerpt in the store lists what it lists
    FigureSpec("fed_holdings", "demand_domestic", "fig_fed", "holders:fed", {"fed": "fed_treasuries"},
               fx._level_change_year("f_fed", "fed"), labels={"fed": "l_treast"}, start="2007-01-01",
               inputs=("TREAST",), origins={"fed": _store("TREAST", 0.001)}),
    FigureSpec("fed_share", "demand_domestic", "fig_fed_share", "holders:fed_share",
               {"share": "share_of_debt_held_by_public_pct"}, fx._f_fed_share, units="u_pct",
               labels={"share": "l_fed_share_public"}, start="2007-01-01"),
    FigureSpec("bank_holdings", "demand_domestic", "fig_banks", "holders:banks", {"banks": "bank_treasury_agency"},
               fx._level_change_year("f_banks", "banks"), labels={"banks": "l_usgsec"}, start="2018-01-01",
               inputs=("USGSEC",), origins={"banks": _store("USGSEC", 0.001)}),
    FigureSpec("mmf_allocation", "demand_domestic", "fig_mmf", "holders:mmf",
               {"rrp": "on_rrp_avg", "bills": "bills_outstanding"}, fx._f_mmf,
               labels={"rrp": "l_mmf_rrp", "bills": "l_bills_out"}),
    FigureSpec("bills_in_mmf", "demand_domestic", "fig_mmf_tsy", "holders:mmf", {"mmf_tsy": "mmf_treasuries"},
               labels={"mmf_tsy": "l_mmf_tsy"}, inputs=("Z1.FL633061105",)),
    FigureSpec("hedge_funds", "demand_domestic", "fig_hf", None, unavailable="hf_not_sourced"),
    FigureSpec("leveraged_net_short", "demand_domestic", "fig_lev", "basis:net-short-by-tenor",
               {**{t_: t_ for t_ in _TENORS}, "total": "total"}, fx._f_lev, kind="stacked",
               units="u_usd_bn_notional", labels={t_: f"l_{t_}" for t_ in _TENORS}, start=LEV_START,
               inputs=(f"CFTC.TFF.{TEN_YEAR.cftc_code}.LEV_MONEY.SHORT",), origins=_LEV_ORIGINS, note=fx.cftc_sample_note,
               gap_factor=1.5, optional=_TENORS),  # a contract listed later (Ultra 10Y, 2016) is drawn from its start
    FigureSpec("basis_growth", "demand_domestic", "fig_basis_growth", "basis:totals",
               {"lev_short": "leveraged_fund_short_usd_bn", "am_long": "asset_manager_long_usd_bn"},
               fx._f_basis_growth, units="u_usd_bn_notional",
               labels={"lev_short": "l_lev_gross_short", "am_long": "l_am_long"}, start=LEV_START,
               note=fx.cftc_sample_note, gap_factor=1.5),
    FigureSpec("stress_volatility", "demand_domestic", "fig_fsi", "funding:stress",
               {"fsi": "fsi", "vol": "fsi_volatility", "nfci": "nfci"}, fx._f_fsi, units="u_index",
               labels={"fsi": "l_fsi", "vol": "l_fsi_vol", "nfci": "l_nfci"}, start="2007-01-01", hline=0.0,
               inputs=("OFR.FSI", "OFR.FSI.VOLATILITY"), optional=("nfci",),
               origins={"fsi": _store("OFR.FSI"), "vol": _store("OFR.FSI.VOLATILITY"), "nfci": _store("NFCI")}),
    # ---- demand: foreign
    FigureSpec("official_private", "demand_foreign", "fig_official", "foreign:summary",
               {"official": "foreign_official", "private": "foreign_private", "total": "foreign_total"},
               fx._f_official, kind="stacked", labels={"official": "l_official", "private": "l_private"},
               start="2005-01-01", inputs=("TIC.MFH.OFFICIAL", "TIC.MFH.TOTAL"),
               origins={"official": _store("TIC.MFH.OFFICIAL"),
                        "private": _store("TIC.MFH.TOTAL", 1.0, "diff", "TIC.MFH.OFFICIAL"),
                        "total": _store("TIC.MFH.TOTAL")}),
    FigureSpec("china_japan_uk", "demand_foreign", "fig_cjg", "foreign:largest",
               {"CN": "CN", "JP": "JP", "GB": "GB", "EUX": "europe_ex_uk"}, fx._f_cn,
               labels={"CN": "l_cn", "JP": "l_jp", "GB": "l_gb", "EUX": "l_europe_ex_uk"}, start="2005-01-01",
               inputs=("TIC.MFH.CN", "TIC.MFH.JP", "TIC.MFH.GB"), optional=("EUX",),
               origins={c: _store(f"TIC.MFH.{c}") for c in ("CN", "JP", "GB")}),
    FigureSpec("major_holders", "demand_foreign", "fig_major", "foreign:ranking",
               {"value": "tic_holdings", "adjusted": "adjusted_holdings"}, fx._f_major, kind="hbar",
               labels={"value": "l_tic_reported", "adjusted": "l_cayman_adjusted"}, start=None,
               inputs=("TIC.MFH.TOTAL",), origins={"value": {"series": (), "op": "level", "scale": 1.0}},
               prepare=_latest_ranking),
    FigureSpec("cayman_adjusted", "demand_foreign", "fig_cayman", "foreign:cayman",
               {"tic": "tic_cayman", "adjusted": "cayman_adjusted"}, fx._f_cayman,
               labels={"tic": "l_tic_reported", "adjusted": "l_cayman_adjusted"}, start="2012-01-01",
               origins={"tic": _store("TIC.MFH.KY")}),
    FigureSpec("foreign_flows", "demand_foreign", "fig_flows", "foreign:summary",
               {"total": "foreign_total_yoy", "official": "foreign_official_yoy", "private": "foreign_private_yoy"},
               fx._f_flows, labels={"total": "l_flow_total", "official": "l_official", "private": "l_private"},
               start="2005-01-01", hline=0.0),
    # ---- fiscal and supply: current supply first (MSPD, DTS), then the deficit
    # the section leads with current supply at a glance: a table of the view's rows, nothing computed
    FigureSpec("current_supply", "fiscal", "fig_current_supply", "supply:current",
               {"measure": "measure", "period": "period", "value": "value", "unit": "unit", "start": "period_start",
                "end": "period_end"}, fx._f_current_supply, kind="table", units="u_as_headed",
               labels={"measure": "th_measure", "period": "th_period", "value": "th_value"}, start=None,
               extra={"formats": {"measure": "measure", "period": "span", "value": "by_unit"}}),
    FigureSpec("bill_share", "fiscal", "fig_billshare_mspd", "supply:bill-share",
               {"mspd": "bill_share_of_marketable", "net": "bill_share_of_net_12m_pct"}, fx._f_bill_share,
               units="u_pct", labels={"mspd": "l_bill_share_mspd", "net": "l_bill_share_net12"}, start="2001-01-01",
               extra={"band": (15.0, 20.0, "l_tbac_range")}),  # the TBAC guide range, drawn as a band
    FigureSpec("net_issuance", "fiscal", "fig_net_issuance", "supply:net-issuance-quarterly",
               {**{c: f"net_{c}" for c in CLASSES}, "coupons": "net_coupons"}, fx._f_net_issuance, kind="stacked",
               labels={c: f"l_net_{c}" for c in CLASSES}, start="2008-01-01", hline=0.0),
    FigureSpec("gross_issuance", "fiscal", "fig_gross_issuance", "supply:gross", {c: c for c in GROSS_COLS},
               fx._f_gross, labels={c: f"l_{c}" for c in GROSS_COLS}, start=None),
    FigureSpec("duration_supply", "fiscal", "fig_duration_supply", "supply:duration",
               {"net": "net_coupon_supply_10y_equiv_usd_bn", "fed": "fed_runoff_10y_equiv_usd_bn",
                "foreign": "foreign_official_10y_equiv_usd_bn", "private": "left_for_private_10y_equiv_usd_bn"},
               fx._f_duration, kind="bar", units="u_usd_bn",
               labels={"net": "l_dur_net", "fed": "l_dur_fed", "foreign": "l_dur_foreign", "private": "l_dur_private"},
               start=None, hline=0.0, optional=("fed", "foreign")),
    FigureSpec("maturity_wall", "fiscal", "fig_maturity_profile", "supply:wall-chart",
               {**{c: c for c in CLASSES}, "wall": "maturing_next_12m", "share": "share_maturing_next_12m"},
               fx._f_wall, kind="stacked", labels={c: f"l_mat_{c}" for c in CLASSES}, start=None),
    FigureSpec("average_maturity", "fiscal", "fig_wam", "supply:wall", {"wam": "wam_months"}, fx._f_wam,
               units="u_months", labels={"wam": "l_wam"}, start=None),
    # a table, not a chart: every auction of the month with its results, then the view's totals (the sizes
    # alone, once a bar chart here, are a column of it)
    FigureSpec("auctions_last_month", "fiscal", "fig_auctions_last_month", "auctions:last-month",
               AUCTION_TABLE_COLUMNS, fx._f_auctions_month, kind="table", units="u_as_headed",
               labels={c: k for c, (_, k, _) in _AUCTION_TABLE.items() if k}, start=None,
               optional=("term", "basis"), note=lambda frame, spec: ("note_auction_table", {}),
               extra={"formats": {c: f for c, (_, _, f) in _AUCTION_TABLE.items() if f}}),
    FigureSpec("monthly_deficit", "fiscal", "fig_deficit", "fiscal:monthly",
               {"month": "deficit", "sum12": "deficit_12m", "pct_gdp": "deficit_12m_pct_gdp"}, fx._f_deficit,
               kind="line+bar", labels={"month": "l_deficit_month", "sum12": "l_deficit_12m"},
               inputs=("MTSDS133FMS",), optional=("pct_gdp",),
               origins={"month": _store("MTSDS133FMS", 0.001), "sum12": _store("MTSDS133FMS", 0.001, "sum12")}),
    FigureSpec("deficit_calendar", "fiscal", "fig_deficit_calendar", "fiscal:calendar",
               {"published": "deficit_12m", "adjusted": "deficit_12m_adjusted"}, fx._f_deficit_calendar,
               labels={"published": "l_deficit_12m_published", "adjusted": "l_deficit_12m_adjusted"}, hline=0.0),
    FigureSpec("fy_deficit", "fiscal", "fig_fy", "fiscal:fy", {"fy": "deficit", "pct_gdp": "deficit_pct_gdp"},
               fx._f_fy, kind="bar", labels={"fy": "l_fy_deficit"}, start="1980-01-01", inputs=("FYFSD",),
               optional=("pct_gdp",)),
    FigureSpec("categories_12m", "fiscal", "fig_categories", "fiscal:categories",
               {"value": "latest_12m", "adjusted": "year_earlier_12m", "change": "change_usd_bn", "side": "side",
                "component": "component", "date": "date"}, fx._f_categories, kind="hbar",
               labels={"value": "l_latest_12m", "adjusted": "l_year_earlier_12m"}, start=None, prepare=_category_bars,
               extra={"index_labels": "l_{}", "skip": ("total_receipts", "total_outlays")}),
    FigureSpec("deficit_contributions_fy", "fiscal", "fig_contrib_fy", "fiscal:contributions-fy",
               {**{c: c for c in CONTRIB_COMPONENTS}, "deficit_change": "deficit_change",
                **{f"pct_{c}": f"pct_{c}" for c in (*CONTRIB_COMPONENTS, "deficit_change")}, "fiscal_year": "fiscal_year"},
               fx._f_contrib_fy, kind="stacked",
               labels={**{c: f"l_{c}" for c in CONTRIB_COMPONENTS}, "deficit_change": "l_deficit_change"}, hline=0.0,
               start=None, prepare=_fy_impacts,
               optional=(*CONTRIB_COMPONENTS, *(f"pct_{c}" for c in (*CONTRIB_COMPONENTS, "deficit_change"))),
               extra={"marker": "deficit_change", "fy_axis": True}),
    FigureSpec("receipts_outlays", "fiscal", "fig_contrib", "fiscal:contributions-wide",
               {c: c for c in CONTRIB_COMPONENTS}, fx._f_contrib, kind="stacked",
               labels={c: f"l_{c}" for c in CONTRIB_COMPONENTS}, hline=0.0, optional=CONTRIB_COMPONENTS),
    # (no store series checked first: the view's refusal says which MTS tables are missing and where they come from)
    FigureSpec("net_borrowing", "fiscal", "fig_net_borrowing", "supply:gap",
               {"net": "net_borrowing", "private": "supply_to_private"}, fx._f_net_borrowing, kind="line+bar",
               labels={"net": "l_net_borrowing", "private": "l_supply_private"}, start="2008-01-01", hline=0.0),
    FigureSpec("interest_cost", "fiscal", "fig_interest", "fiscal:interest-measures",
               {"interest_gdp": "interest_payments_nipa_pct_gdp", "budget": "net_interest_outlays_mts_pct_gdp"},
               fx._f_interest, units="u_pct_gdp", labels={"interest_gdp": "l_interest_gdp", "budget": "l_interest_budget"},
               start="1960-01-01", optional=("budget",),
               inputs=("A091RC1Q027SBEA", "GDP"),
               origins={"interest_gdp": _store("A091RC1Q027SBEA", 1.0, "ratio_pct", "GDP")}),
    FigureSpec("debt_gdp", "fiscal", "fig_debt", "supply:debt",
               {"public_gdp": "debt_held_by_public_pct_gdp", "total_gdp": "debt_total_pct_gdp"}, fx._f_debt,
               units="u_pct_gdp", labels={"public_gdp": "l_debt_public", "total_gdp": "l_debt_total"},
               start="1970-01-01", inputs=("GDP",)),  # the view gives % of GDP only when GDP is stored
    # ---- rates
    FigureSpec("yields", "rates", "fig_yields", "curve:yields", {"DGS2": "2y", "DGS10": "10y", "DGS30": "30y"},
               fx._f_yields, units="u_pct", labels={"DGS2": "l_dgs2", "DGS10": "l_dgs10", "DGS30": "l_dgs30"},
               inputs=("DGS2", "DGS10", "DGS30")),
    FigureSpec("spread_10s2s", "rates", "fig_spread", "curve:spreads", {"spread": "spread_10y_2y_pp"}, fx._f_spread,
               units="u_pp", labels={"spread": "l_10s2s"}, start="2000-01-01", hline=0.0, inputs=("DGS10", "DGS2"),
               origins={"spread": _store("DGS10", 1.0, "diff", "DGS2")}),
    FigureSpec("term_premium", "rates", "fig_tp", "curve:term-premium",
               {"kw": "kw_tp10", "acm": "acm_tp10", "acm_inhouse": "acm_inhouse_tp10"}, fx._f_tp, units="u_pct",
               labels={"kw": "l_kw", "acm": "l_acm", "acm_inhouse": "l_acm_inhouse"}, start="2016-09-01", hline=0.0,
               inputs=("THREEFYTP10",), optional=("acm", "acm_inhouse"),
               origins={"kw": _store("THREEFYTP10"), "acm": _store("ACM.ACMTP10")}),
    FigureSpec("rates_vol", "rates", "fig_vol", "curve:volatility", {"v2": "2y_63d", "v10": "10y_63d", "v30": "30y_63d"},
               fx._f_vol, units="u_bp_vol", labels={"v2": "l_dgs2", "v10": "l_dgs10", "v30": "l_dgs30"}),
    FigureSpec("fx_hedged", "rates", "fig_hedged", "curve:fx-hedged",
               {"jpy_hedged": "ust_10y_hedged_jpy_pct", "jgb10": "jgb_10y_pct", "eur_hedged": "ust_10y_hedged_eur_pct",
                "bund10": "bund_10y_pct", "ust10": "ust_10y_pct"}, fx._f_hedged, units="u_pct",
               labels={"jpy_hedged": "l_hedged_jpy", "jgb10": "l_jgb10", "eur_hedged": "l_hedged_eur",
                       "bund10": "l_bund10"}, inputs=("DGS10", "DTB3"),
               optional=("jpy_hedged", "jgb10", "eur_hedged", "bund10")),
    # ---- funding
    FigureSpec("sofr_iorb", "funding", "fig_sofr", "funding:spreads",
               {"sofr": "sofr", "iorb": "iorb", "sofr_minus_iorb_bp": "sofr_minus_iorb_bp"}, fx._f_sofr, units="u_pct",
               labels={"sofr": "l_sofr", "iorb": "l_iorb"}, start="2021-07-29", inputs=("SOFR", "IORB"),
               origins={"sofr": _store("SOFR"), "iorb": _store("IORB"),
                        "sofr_minus_iorb_bp": _store("SOFR", 100.0, "diff", "IORB")}),
    FigureSpec("on_rrp", "funding", "fig_rrp", "funding:on-rrp", {"rrp": "on_rrp_bn"}, fx._f_rrp,
               labels={"rrp": "l_rrp"}, start="2018-01-01", inputs=("RRPONTSYD",), origins={"rrp": _store("RRPONTSYD")}),
    FigureSpec("reserves_tga", "funding", "fig_res_tga", "funding:liquidity",
               {"reserves": "reserves_usd_bn", "tga": "tga_usd_bn"}, fx._f_res,
               labels={"reserves": "l_reserves", "tga": "l_tga"}, inputs=("WRESBAL", "WTREGEN"),
               origins={"reserves": _store("WRESBAL", 0.001), "tga": _store("WTREGEN", 0.001)}),
    FigureSpec("standing_repo", "funding", "fig_srf", "funding:standing-repo", {"srf": "standing_repo_bn"}, fx._f_srf,
               labels={"srf": "l_srf"}, start="2021-07-01", inputs=("RPONTSYD",), origins={"srf": _store("RPONTSYD")}),
)

BY_ID: dict[str, FigureSpec] = {f.id: f for f in FIGURES}
