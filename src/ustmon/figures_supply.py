"""The supply charts of the note's fiscal-and-supply section, from MSPD, DTS and MSPD security detail.

Registered into :data:`ustmon.figures.FIGURES` by :func:`arrange`: the specs
here replace the older ones with the same id (the bill share from Z.1, the
maturity wall and WAM from auction records) and lead the ``fiscal`` section,
in the order a desk reads current supply: bill share of marketable debt,
net bills and coupons, the maturity wall, the average maturity.  Each reads an
analytics view of :mod:`ustmon.analytics.supply`; when the view refuses
(:class:`ustmon.errors.CoverageError`: its inputs do not cover the figure) the
chart says so in place with the coverage, never drawn from a sample.

Titles, labels and findings are in English, Simplified and Traditional
Chinese (:data:`STRINGS`, merged into :data:`ustmon.report.i18n.S`).
"""

from __future__ import annotations

import pandas as pd

from .analytics.base import Data, collect_provenance
from .errors import CoverageError, UstmonError
from .report import i18n

SU = "ustmon.analytics.supply"

STRINGS: dict[str, tuple[str, str, str]] = {
    "fig_billshare_mspd": ("Bill share of marketable debt against the TBAC's 15-20% range",
                           "国库券占可流通债务比例与TBAC 15-20%建议区间", "國庫券占可流通債務比例與TBAC 15-20%建議區間"),
    "l_bill_share_mspd": ("Bills, % of marketable debt (MSPD)", "国库券占可流通债务比例（MSPD）", "國庫券占可流通債務比例（MSPD）"),
    "l_bill_share_net12": ("Bills, % of 12-month net issuance (MSPD)", "国库券占12个月净发行比例（MSPD）",
                           "國庫券占12個月淨發行比例（MSPD）"),
    "l_tbac_range": ("TBAC guide range 15-20%", "TBAC建议区间15-20%", "TBAC建議區間15-20%"),
    "f_bill_share_mspd": ("Bills were {share} of marketable debt at the end of {month} (MSPD), {where} the TBAC's guide range (shaded)",
                          "{month}末国库券占可流通债务的{share}（MSPD），{where}TBAC建议区间（阴影）",
                          "{month}末國庫券占可流通債務的{share}（MSPD），{where}TBAC建議區間（陰影）"),
    "w_above": ("above", "高于", "高於"),
    "w_within": ("within", "处于", "處於"),
    "w_below": ("below", "低于", "低於"),
    "fig_net_issuance": ("Net issuance by type, per quarter (change in MSPD stock)", "按品种划分的季度净发行（MSPD存量变化）",
                         "按品種劃分的季度淨發行（MSPD存量變化）"),
    "l_net_bills": ("Bills", "国库券", "國庫券"),
    "l_net_notes": ("Notes", "中期国债", "中期國債"),
    "l_net_bonds": ("Bonds", "长期国债", "長期國債"),
    "l_net_tips": ("TIPS", "通胀保值债券（TIPS）", "抗通膨債券（TIPS）"),
    "l_net_frn": ("FRNs", "浮动利率票据", "浮動利率票據"),
    "f_net_issuance": ("Net issuance in {q}: bills {bills}, coupons {coupons} (notes, bonds, TIPS and FRNs; MSPD)",
                       "{q}净发行：国库券{bills}，附息债{coupons}（中长期国债、TIPS与浮动利率票据；MSPD）",
                       "{q}淨發行：國庫券{bills}，附息債{coupons}（中長期國債、TIPS與浮動利率票據；MSPD）"),
    "fig_maturity_profile": ("Maturity wall: marketable debt maturing by month, then by year (MSPD security detail)",
                             "到期墙：可流通债务按月、再按年到期金额（MSPD逐券明细）",
                             "到期牆：可流通債務按月、再按年到期金額（MSPD逐券明細）"),
    "l_mat_bills": ("Bills", "国库券", "國庫券"),
    "l_mat_notes": ("Notes", "中期国债", "中期國債"),
    "l_mat_bonds": ("Bonds", "长期国债", "長期國債"),
    "l_mat_tips": ("TIPS", "通胀保值债券（TIPS）", "抗通膨債券（TIPS）"),
    "l_mat_frn": ("FRNs", "浮动利率票据", "浮動利率票據"),
    "f_wall_detail": ("{amt} of marketable debt matures in the 12 months after {month}, {share} of the securities outstanding (MSPD detail)",
                      "{month}之后12个月到期的可流通债务为{amt}，占未到期证券的{share}（MSPD逐券明细）",
                      "{month}之後12個月到期的可流通債務為{amt}，占未到期證券的{share}（MSPD逐券明細）"),
    "f_wam_detail": ("The weighted average maturity of marketable debt was {wam} months at the end of {month} (MSPD security detail)",
                     "{month}末可流通债务加权平均期限为{wam}个月（MSPD逐券明细）",
                     "{month}末可流通債務加權平均期限為{wam}個月（MSPD逐券明細）"),
    "fig_gross_issuance": ("Gross issuance and redemptions per month (Daily Treasury Statement)",
                           "每月总发行与赎回（每日国库报告）", "每月總發行與贖回（每日國庫報告）"),
    "l_gross_bills": ("Bills issued (incl. cash management)", "国库券发行（含现金管理券）", "國庫券發行（含現金管理券）"),
    "l_redemptions_bills": ("Bills redeemed", "国库券赎回", "國庫券贖回"),
    "l_gross_coupons": ("Notes and bonds issued", "中长期国债发行", "中長期國債發行"),
    "l_redemptions_coupons": ("Notes and bonds redeemed", "中长期国债赎回", "中長期國債贖回"),
    "f_gross_issuance": ("In {month}, Treasury issued {bills} of bills and {coupons} of notes and bonds, and redeemed {red_b} of bills and {red_c} of notes and bonds (DTS)",
                         "{month}财政部发行国库券{bills}、中长期国债{coupons}，赎回国库券{red_b}、中长期国债{red_c}（每日国库报告）",
                         "{month}財政部發行國庫券{bills}、中長期國債{coupons}，贖回國庫券{red_b}、中長期國債{red_c}（每日國庫報告）"),
}
i18n.S.update({k: v for k, v in STRINGS.items() if k not in i18n.S})

CLASSES = ("bills", "notes", "bonds", "tips", "frn")


def _unavailable(data: Data, exc: UstmonError):
    from .analytics.supply import records_coverage_pct
    from .figures import FigureUnavailable

    # the same sentence as before when the auction sample is all there is; else the refusal itself
    cov = getattr(exc, "coverage", None) or ""
    if isinstance(exc, CoverageError) and "auction records" in cov and "cover" in cov:
        return FigureUnavailable("records_coverage", pct=f"{records_coverage_pct(data):.0f}")
    if isinstance(exc, CoverageError):
        from .figures import refusal

        key, detail = refusal(exc)  # the same wording as every other refused chart
        return FigureUnavailable(key, **detail)
    return FigureUnavailable("coverage_refused_plain", reason=str(exc))


def _view(data: Data, view: str, columns: dict):
    from .figures import ViewSource, from_view

    try:
        return from_view(ViewSource(SU, view, columns), data)
    except UstmonError as exc:
        raise _unavailable(data, exc) from exc


# --------------------------------------------------------------------------- frames
def bill_share_frame(data: Data) -> pd.DataFrame:
    """Bill share of marketable debt and of 12-month net issuance (MSPD), with the TBAC range as a band; without
    MSPD, the bill share of Treasury securities from Z.1 (:func:`ustmon.figures.bill_share_frame`)."""
    from . import figures as F

    try:
        return _view(data, "bill-share", {"mspd": "bill_share_of_marketable", "net": "bill_share_of_net_12m_pct"})
    except F.FigureUnavailable:
        if not all(data.has(s) for s in (F.Z1_BILLS, F.Z1_TREASURY_TOTAL)):
            raise
        return F.bill_share_frame(data)


def net_issuance_frame(data: Data) -> pd.DataFrame:
    """Quarterly net issuance by type ($bn) and net coupons, from the change in MSPD stocks."""
    cols = {c: f"net_{c}" for c in CLASSES}
    cols["coupons"] = "net_coupons"
    return _view(data, "net-issuance-quarterly", cols)


GROSS_COLS = ("gross_bills", "redemptions_bills", "gross_coupons", "redemptions_coupons")


def gross_issuance_frame(data: Data) -> pd.DataFrame:
    """Monthly gross issuance and redemptions of bills and of notes and bonds ($bn), DTS Table III-A."""
    return _view(data, "gross", {c: c for c in GROSS_COLS})


def maturity_profile_frame(data: Data) -> pd.DataFrame:
    """Amounts maturing by month (24 months) then by year, stacked by type, at the latest MSPD detail month; the
    next-12-month total and its share ride along on the record-date row (quoted, not drawn)."""
    from .figures import ViewSource, from_view, resolve_view

    try:
        prof = resolve_view(f"{SU}:wall-profile", data)
        w = from_view(ViewSource(SU, "wall", {"wall": "maturing_next_12m", "share": "share_maturing_next_12m"}), data)
    except UstmonError as exc:
        raise _unavailable(data, exc) from exc
    rd = prof["record_date"].iloc[0]
    bars = prof.set_index(pd.DatetimeIndex(prof["bucket_start"], name="date"))[list(CLASSES)]
    out = pd.concat([bars, w.loc[[rd]]], axis=0).sort_index()
    out.attrs = {k: v for k, v in w.attrs.items()}
    origin = dict(w.attrs["origin"])
    origin.update({c: {"series": (f"{SU}:wall-profile", c), "op": "view", "scale": 1.0} for c in CLASSES})
    out.attrs["origin"] = origin
    out.attrs["provenance"] = collect_provenance(prof, w)
    out.attrs["provenance"]["latest_observation"] = f"{rd:%Y-%m-%d}"
    return out


def wam_frame(data: Data) -> pd.DataFrame:
    """Weighted average maturity of marketable debt (months) at each MSPD detail month end."""
    return _view(data, "wall", {"wam": "wam_months"})


# --------------------------------------------------------------------------- findings
def _f_bill_share(f: pd.DataFrame, lang: str):
    from .figures import _f_bill_share as z1_finding
    from .figures import _last, _sentence, number

    if "mspd" not in f:
        return z1_finding(f, lang)
    d, v = _last(f["mspd"])
    where = "w_above" if v > 20.0 else ("w_below" if v < 15.0 else "w_within")
    return _sentence("f_bill_share_mspd", lang, {"share": number(f, "mspd", d, lang, "pct", decimals=1),
                                                 "month": i18n.fmt_month(d, lang), "where": i18n.t(where, lang)})


def _f_net_issuance(f: pd.DataFrame, lang: str):
    from .figures import _sentence, number

    both = f[["bills", "coupons"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    return _sentence("f_net_issuance", lang, {"q": i18n.fmt_quarter(d, lang),
                                              "bills": number(f, "bills", d, lang, "money", unsigned=False),
                                              "coupons": number(f, "coupons", d, lang, "money", unsigned=False)})


def _f_gross(f: pd.DataFrame, lang: str):
    from .figures import _sentence, number

    rows = f[list(GROSS_COLS)].dropna()
    if rows.empty:
        return None
    d = rows.index[-1]
    n = {k: number(f, c, d, lang, "money") for k, c in (("bills", "gross_bills"), ("coupons", "gross_coupons"),
                                                         ("red_b", "redemptions_bills"), ("red_c", "redemptions_coupons"))}
    return _sentence("f_gross_issuance", lang, {"month": i18n.fmt_month(d, lang), **n})


def _f_wall(f: pd.DataFrame, lang: str):
    from .figures import _sentence, number

    both = f[["wall", "share"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    return _sentence("f_wall_detail", lang, {"amt": number(f, "wall", d, lang, "money"), "month": i18n.fmt_month(d, lang),
                                             "share": number(f, "share", d, lang, "pct", decimals=1)})


def _f_wam(f: pd.DataFrame, lang: str):
    from .figures import _last, _sentence, number

    d, _ = _last(f["wam"])
    return _sentence("f_wam_detail", lang, {"wam": number(f, "wam", d, lang, "plain", decimals=1),
                                            "month": i18n.fmt_month(d, lang)})


# --------------------------------------------------------------------------- specs and registration
def specs():
    """The supply chart specs, in the order they lead the fiscal section."""
    from .figures import FigureSpec

    return (
        FigureSpec("bill_share", "fiscal", "fig_billshare_mspd", (), bill_share_frame, _f_bill_share, units="u_pct",
                   labels={"mspd": "l_bill_share_mspd", "net": "l_bill_share_net12", "stock": "l_bill_share_stock"},
                   start="2001-01-01"),
        FigureSpec("net_issuance", "fiscal", "fig_net_issuance", (), net_issuance_frame, _f_net_issuance, kind="stacked",
                   labels={c: f"l_net_{c}" for c in CLASSES}, start="2008-01-01", hline=0.0),
        FigureSpec("gross_issuance", "fiscal", "fig_gross_issuance", (), gross_issuance_frame, _f_gross,
                   labels={c: f"l_{c}" for c in GROSS_COLS}, start=None),
        FigureSpec("maturity_wall", "fiscal", "fig_maturity_profile", (), maturity_profile_frame, _f_wall,
                   kind="stacked", labels={c: f"l_mat_{c}" for c in CLASSES}, start=None),
        FigureSpec("average_maturity", "fiscal", "fig_wam", (), wam_frame, _f_wam, units="u_months",
                   labels={"wam": "l_wam"}, start=None),
    )


#: the TBAC guide range drawn as a shaded band on these charts: id -> (low, high, label key)
BANDS = {"bill_share": (15.0, 20.0, "l_tbac_range")}


def arrange(figures: tuple) -> tuple:
    """``figures`` with the supply specs in place of same-id ones, leading the fiscal section."""
    mine = specs()
    ids = {s.id for s in mine}
    rest = [s for s in figures if s.id not in ids]
    first_fiscal = next((i for i, s in enumerate(rest) if s.section == "fiscal"), len(rest))
    return tuple(rest[:first_fiscal]) + mine + tuple(rest[first_fiscal:])
