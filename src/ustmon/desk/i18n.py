"""Every word of the note and the dashboard in English, Simplified and Traditional Chinese, and numbers that remember where they came from.

``t(key, lang, **params)`` looks up a string; ``Number`` is one number as
printed in the note with its origin (series, date, operation), so a test can
recompute it from the store; ``Sentence`` is a piece of text with the numbers
it states.  Chinese uses the market's own terms (美债/美債, 期限溢价/期限溢價,
基差交易, 杠杆基金/槓桿基金, 逆回购/逆回購, 财政部/財政部) and amounts in
亿美元 (1 亿 = 100 million), as Chinese financial press prints them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from ..conventions.countries import BY_CODE as _COUNTRIES

LANGS = ("en", "zh-Hans", "zh-Hant")

#: CSS/Plotly font stack: Latin first, then the CJK faces of Debian's fonts-noto-cjk
FONT_STACK = {
    "en": "'Noto Sans', 'Helvetica Neue', Arial, 'Noto Sans CJK SC', sans-serif",
    "zh-Hans": "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif",
    "zh-Hant": "'Noto Sans CJK TC', 'Noto Sans TC', 'Source Han Sans TC', 'Microsoft JhengHei', 'PingFang TC', sans-serif",
}
HTML_LANG = {"en": "en", "zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant"}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        from ..errors import UstmonError

        raise UstmonError(f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


# --------------------------------------------------------------------------- strings
# key -> (en, zh-Hans, zh-Hant)
#: holder labels (countries, foreign official, all foreign holders) in every language, from the one country table
_COUNTRY_LABEL: dict[str, tuple[str, str, str]] = {code: tuple(c.display) for code, c in _COUNTRIES.items()}

S: dict[str, tuple[str, str, str]] = {
    # ---- page furniture
    "report_title": ("US Treasury market monitor", "美国国债市场月度观察", "美國國債市場月度觀察"),
    "report_subtitle": ("Desk research note regenerated from official data", "基于官方数据自动生成的研究简报", "基於官方數據自動生成的研究簡報"),
    "note_date": ("Note dated {date}; built {built}", "报告日期 {date}；生成于 {built}", "報告日期 {date}；生成於 {built}"),
    "input_span": ("Newest input: {newest} ({newest_name}). Oldest input: {oldest} ({oldest_name}).",
                   "最新输入：{newest}（{newest_name}）。最旧输入：{oldest}（{oldest_name}）。",
                   "最新輸入：{newest}（{newest_name}）。最舊輸入：{oldest}（{oldest_name}）。"),
    "stale_count": ("{n} of {m} charts rest on data older than their publisher's usual cycle allows; each is tagged “data to …” where it appears.",
                    "{m} 幅图表中有 {n} 幅所依据的数据已超出发布机构的正常更新周期；每处均标注“数据截至……”。",
                    "{m} 幅圖表中有 {n} 幅所依據的數據已超出發布機構的正常更新週期；每處均標註「數據截至……」。"),
    "stale_none": ("Every chart rests on data within its publisher's usual release cycle.",
                   "所有图表的数据均在发布机构的正常更新周期之内。",
                   "所有圖表的數據均在發布機構的正常更新週期之內。"),
    "stale_tag": ("Old data: data to {date}", "旧数据：数据截至 {date}", "舊數據：數據截至 {date}"),
    "stale_tag_due": ("Old data: data to {date}; the next release was due {due}", "旧数据：数据截至 {date}；下次发布应于 {due}",
                      "舊數據：數據截至 {date}；下次發布應於 {due}"),
    "vintage_as_of": ("Written as of {date}: only data published by that date (store vintages) are used.",
                      "按 {date} 的视角撰写：仅使用当日之前已发布的数据（数据库版本）。",
                      "按 {date} 的視角撰寫：僅使用當日之前已發布的數據（資料庫版本）。"),
    "snapshot_banner": ("Offline edition: the data come from ustmon's bundled snapshot, not a live update. Data to {date}.",
                        "离线版：数据来自 ustmon 内置快照，而非实时更新。数据截至 {date}。",
                        "離線版：數據來自 ustmon 內建快照，而非即時更新。數據截至 {date}。"),
    "toc": ("Contents", "目录", "目錄"),
    "sec_takeaways": ("Key takeaways", "核心观点", "核心觀點"),
    "sec_changes": ("What changed since the previous report", "与上期报告相比的变化", "與上期報告相比的變化"),
    "sec_demand": ("Demand: who buys Treasuries", "需求：谁在购买美债", "需求：誰在購買美債"),
    "sec_demand_domestic": ("Domestic holders", "国内持有者", "國內持有者"),
    "sec_demand_foreign": ("Foreign holders", "海外持有者", "海外持有者"),
    "sec_fiscal": ("Fiscal position and supply", "财政状况与供给", "財政狀況與供給"),
    "sec_rates": ("Rates", "利率", "利率"),
    "sec_funding": ("Funding and liquidity", "资金面与流动性", "資金面與流動性"),
    "sec_risk": ("Risk dashboard", "风险仪表盘", "風險儀表板"),
    "sec_appendix": ("Data appendix", "数据附录", "數據附錄"),
    "not_available": ("Data not available: {what}. This chart is left out rather than drawn from stale or invented numbers.",
                      "数据不可用：{what}。本图从略，不使用过时或虚构的数字。",
                      "數據不可用：{what}。本圖從略，不使用過時或虛構的數字。"),
    "missing_series": ("series {ids} not in the store", "数据库中缺少序列 {ids}", "資料庫中缺少序列 {ids}"),
    "missing_module": ("analysis {module} not installed", "未安装分析模块 {module}", "未安裝分析模組 {module}"),
    "missing_view": ("analysis {view} not available", "分析视图 {view} 不可用", "分析視圖 {view} 不可用"),
    "view_failed": ("analysis {view} has no result ({error})", "分析视图 {view} 无结果（{error}）", "分析視圖 {view} 無結果（{error}）"),
    "no_observations": ("no observations in the window", "窗口内无观测值", "窗口內無觀測值"),
    "source_line": ("Source: {sources}, to {to}, published {published}", "资料来源：{sources}，数据至 {to}，发布于 {published}", "資料來源：{sources}，數據至 {to}，發布於 {published}"),
    "source_line_nov": ("Source: {sources}, to {to}", "资料来源：{sources}，数据至 {to}", "資料來源：{sources}，數據至 {to}"),
    "units": ("Units: {units}", "单位：{units}", "單位：{units}"),
    "no_previous": ("No previous report was found next to this one; the next run will list the changes since this one.",
                    "未找到上期报告；下次运行时将列出相对本期的变化。",
                    "未找到上期報告；下次執行時將列出相對本期的變化。"),
    "no_changes": ("No key number changed since the previous report ({date}).", "自上期报告（{date}）以来核心数字无变化。", "自上期報告（{date}）以來核心數字無變化。"),
    "prev_report": ("Previous report in this language: {date}.", "同语言上期报告：{date}。", "同語言上期報告：{date}。"),
    "change_move": ("{label}: {old} ({old_date}) → {new} ({new_date}).", "{label}：{old}（{old_date}）→ {new}（{new_date}）。", "{label}：{old}（{old_date}）→ {new}（{new_date}）。"),
    "change_revision": ("Revision — {label} for {date}: {old} → {new}.", "数据修订——{label}（{date}）：{old} → {new}。", "數據修訂——{label}（{date}）：{old} → {new}。"),
    # appendix table
    "col_series": ("Series", "序列", "序列"),
    "col_title": ("Title", "名称", "名稱"),
    "col_source": ("Source and attribution", "来源与署名", "來源與署名"),
    "col_latest": ("Latest observation", "最新观测", "最新觀測"),
    "col_vintage": ("Vintage", "版本日期", "版本日期"),
    "col_next": ("Next release expected", "预计下次发布", "預計下次發布"),
    "overdue": ("overdue", "已逾期", "已逾期"),
    "col_unit": ("Unit", "单位", "單位"),
    "col_mode": ("Obtained", "获取方式", "取得方式"),
    "appendix_note": (("Every series read for this note. Vintage = publication date of the latest values used; "
                      "revisions are kept in the store, so the note can be rebuilt as of any earlier date."),
                      "本报告读取的全部序列。版本日期为所用最新数值的发布日期；历史修订保存在数据库中，可按任意较早日期重建本报告。",
                      "本報告讀取的全部序列。版本日期為所用最新數值的發布日期；歷史修訂保存在資料庫中，可按任意較早日期重建本報告。"),
    # risk table
    "col_indicator": ("Indicator", "指标", "指標"),
    "col_reading": ("Current reading", "当前读数", "當前讀數"),
    "col_date": ("Date", "日期", "日期"),
    "col_percentile": ("Historical percentile (sample start)", "历史分位数（样本起点）", "歷史分位數（樣本起點）"),
    "col_threshold": ("Threshold", "阈值", "閾值"),
    "col_status": ("Status", "状态", "狀態"),
    "status_red": ("beyond threshold", "突破阈值", "突破閾值"),
    "status_amber": ("elevated (top fifth of history)", "偏高（历史前20%）", "偏高（歷史前20%）"),
    "status_green": ("normal", "正常", "正常"),
    "risk_note": (("Percentile = share of observations since the start date at or below today's reading, on the risk side "
                  "of each indicator. Red: threshold crossed; amber: in the riskiest fifth of its history; green: otherwise."),
                  "分位数＝起始日以来不高于当前读数（按风险方向）的观测值占比。红色：突破阈值；黄色：处于历史最危险的20%；绿色：其他。",
                  "分位數＝起始日以來不高於當前讀數（按風險方向）的觀測值占比。紅色：突破閾值；黃色：處於歷史最危險的20%；綠色：其他。"),
    # units
    "u_usd_bn": ("US$ bn", "十亿美元", "十億美元"),
    "u_usd_bn_notional": ("US$ bn notional", "十亿美元名义本金", "十億美元名義本金"),
    "u_pct": ("%", "%", "%"),
    "u_pp": ("percentage points", "百分点", "百分點"),
    "u_bp": ("basis points", "基点", "基點"),
    "u_index": ("index (0 = average stress)", "指数（0＝平均压力水平）", "指數（0＝平均壓力水準）"),
    "u_pct_gdp": ("% of GDP", "占GDP的%", "占GDP的%"),
    # series labels
    "l_dgs2": ("2-year", "2年期", "2年期"),
    "l_dgs10": ("10-year", "10年期", "10年期"),
    "l_dgs30": ("30-year", "30年期", "30年期"),
    "l_10s2s": ("10y minus 2y", "10年减2年利差", "10年減2年利差"),
    "l_treast": ("Fed holdings of Treasuries", "美联储持有美债", "聯準會持有美債"),
    "l_usgsec": ("Commercial banks: Treasury and agency securities", "商业银行：国债及机构债", "商業銀行：國債及機構債"),
    "l_rrp": ("ON RRP take-up", "隔夜逆回购使用量", "隔夜逆回購使用量"),
    "l_reserves": ("Bank reserves", "银行准备金", "銀行準備金"),
    "l_tga": ("Treasury General Account (TGA)", "财政部一般账户（TGA）", "財政部一般帳戶（TGA）"),
    "l_sofr": ("SOFR", "SOFR", "SOFR"),
    "l_iorb": ("IORB", "准备金利率（IORB）", "準備金利率（IORB）"),
    "l_sofr_iorb": ("SOFR minus IORB", "SOFR减IORB", "SOFR減IORB"),
    "l_cn": _COUNTRY_LABEL["CN"],
    "l_jp": _COUNTRY_LABEL["JP"],
    "l_gb": _COUNTRY_LABEL["GB"],
    "l_official": _COUNTRY_LABEL["OFFICIAL"],
    "l_private": ("Foreign private", "海外私人", "海外私人"),
    "l_total_foreign": _COUNTRY_LABEL["TOTAL"],
    "l_2Y": ("2Y", "2年", "2年"), "l_5Y": ("5Y", "5年", "5年"), "l_10Y": ("10Y", "10年", "10年"),
    "l_ULTRA_10Y": ("Ultra 10Y", "超长10年", "超長10年"), "l_BOND": ("Bond", "长期国债", "長期國債"),
    "l_ULTRA_BOND": ("Ultra bond", "超长期国债", "超長期國債"),
    "l_lev_total": ("Leveraged funds, all tenors", "杠杆基金（全部期限）", "槓桿基金（全部期限）"),
    "l_deficit_month": ("Monthly surplus (+) / deficit (−)", "月度盈余（+）/赤字（−）", "月度盈餘（+）/赤字（−）"),
    "l_deficit_12m": ("12-month sum", "滚动12个月合计", "滾動12個月合計"),
    "l_fy_deficit": ("Fiscal-year surplus (+) / deficit (−)", "财年盈余（+）/赤字（−）", "財年盈餘（+）/赤字（−）"),
    "l_interest_gdp": ("Interest payments, national accounts (BEA NIPA), % of GDP", "利息支付（国民账户，BEA）占GDP比重",
                       "利息支付（國民帳戶，BEA）占GDP比重"),
    "l_interest_budget": ("Net interest outlays, budget (MTS/OMB, 12 months), % of GDP", "净利息支出（预算口径，MTS/OMB，12个月）占GDP比重",
                          "淨利息支出（預算口徑，MTS/OMB，12個月）占GDP比重"),
    "l_kw": ("Kim-Wright (Fed Board)", "Kim-Wright模型（美联储理事会）", "Kim-Wright模型（聯準會理事會）"),
    "l_acm": ("ACM (NY Fed, published)", "ACM模型（纽约联储公布）", "ACM模型（紐約聯儲公布）"),
    "l_acm_inhouse": ("ACM (in-house estimate)", "ACM模型（自行估算）", "ACM模型（自行估算）"),
    "l_fsi": ("OFR Financial Stress Index", "OFR金融压力指数", "OFR金融壓力指數"),
    "l_nfci": ("Chicago Fed NFCI", "芝加哥联储金融状况指数（NFCI）", "芝加哥聯儲金融狀況指數（NFCI）"),
    "l_fsi_vol": ("of which: volatility", "其中：波动率", "其中：波動率"),
    "l_holdings": ("Holdings", "持有量", "持有量"),
    "l_hedged_jpy": ("10y UST, yen-hedged", "10年期美债（日元对冲后）", "10年期美債（日圓對沖後）"),
    "l_hedged_eur": ("10y UST, euro-hedged", "10年期美债（欧元对冲后）", "10年期美債（歐元對沖後）"),
    "l_jgb10": ("10y JGB", "10年期日本国债", "10年期日本國債"),
    "l_bund10": ("10y Bund", "10年期德国国债", "10年期德國國債"),
    "l_mmf_rrp": ("ON RRP, quarterly average", "隔夜逆回购（季度均值）", "隔夜逆回購（季度均值）"),
    "l_bills_out": ("Treasury bills outstanding", "国库券存量", "國庫券存量"),
    "l_mmf_tsy": ("Money funds' Treasury holdings", "货币基金持有的美债", "貨幣基金持有的美債"),
    "l_tic_reported": ("As reported by TIC", "TIC公布值", "TIC公布值"),
    "l_cayman_adjusted": ("Adjusted for the Cayman under-count", "经开曼低估调整", "經開曼低估調整"),
    "l_debt_public": ("Debt held by the public", "公众持有的债务", "公眾持有的債務"),
    "l_debt_total": ("Total public debt", "公共债务总额", "公共債務總額"),
    "l_bill_share_net": ("Bill share of net issuance, 12 months", "国库券占净发行比例（12个月）", "國庫券占淨發行比例（12個月）"),
    "l_tbac": ("TBAC guide (20%)", "TBAC建议水平（20%）", "TBAC建議水準（20%）"),
    "l_wall": ("Marketable debt maturing in the next 12 months", "未来12个月到期的可流通债务", "未來12個月到期的可流通債務"),
    "fig_debt": ("Federal debt as a share of GDP", "联邦债务占GDP比重", "聯邦債務占GDP比重"),
    "fig_vol": ("Realised Treasury yield volatility (63-day, annualised)", "美债收益率已实现波动率（63日，年化）", "美債殖利率已實現波動率（63日，年化）"),
    "u_bp_vol": ("basis points, annualised", "基点（年化）", "基點（年化）"),
    "f_deficit_gdp": ("The federal deficit over the 12 months to {month} is {sum12} ({pct} of GDP)",
                      "截至{month}的12个月联邦赤字为{sum12}（占GDP的{pct}）",
                      "截至{month}的12個月聯邦赤字為{sum12}（占GDP的{pct}）"),
    "f_cayman": ("Adjusted for the under-count, Cayman-domiciled holdings are {adj} against {tic} reported by TIC ({month})",
                 "经低估调整后，开曼群岛注册机构持有{adj}，而TIC公布值为{tic}（{month}）",
                 "經低估調整後，開曼群島註冊機構持有{adj}，而TIC公布值為{tic}（{month}）"),
    "f_debt": ("Debt held by the public is {pct} of GDP ({quarter})", "公众持有的联邦债务占GDP的{pct}（{quarter}）",
               "公眾持有的聯邦債務占GDP的{pct}（{quarter}）"),
    "f_vol": ("Realised 10-year yield volatility is {level} annualised ({date}), the {pct} percentile since {start}",
              "10年期收益率已实现波动率为年化{level}（{date}），处于{start}年以来第{pct}百分位",
              "10年期殖利率已實現波動率為年化{level}（{date}），處於{start}年以來第{pct}百分位"),
    "f_hedged": ("Hedged into yen, the 10y Treasury yields {h} against {jgb} on a 10y JGB; hedged into euros {he} against {bund} on a 10y Bund ({month})",
                 "对冲为日元后，10年期美债收益率为{h}，10年期日本国债为{jgb}；对冲为欧元后为{he}，10年期德国国债为{bund}（{month}）",
                 "對沖為日圓後，10年期美債殖利率為{h}，10年期日本國債為{jgb}；對沖為歐元後為{he}，10年期德國國債為{bund}（{month}）"),
    "f_hedged_jpy": ("Hedged into yen, the 10y Treasury yields {h} against {jgb} on a 10y JGB ({month})",
                     "对冲为日元后，10年期美债收益率为{h}，10年期日本国债为{jgb}（{month}）",
                     "對沖為日圓後，10年期美債殖利率為{h}，10年期日本國債為{jgb}（{month}）"),
    # ---- charts added to complete the desk set
    "u_months": ("months", "月", "月"),
    "hf_not_sourced": ("hedge funds' Treasury holdings and repo borrowing come from the OFR Hedge Fund Monitor (SEC Form PF), "
                       "which ustmon does not yet read; the basis-trade charts use CFTC futures positions instead",
                       "对冲基金的美债持仓与回购融资数据来自OFR对冲基金监测（SEC Form PF），ustmon尚未接入；基差交易图表改用CFTC期货持仓",
                       "對沖基金的美債持倉與回購融資數據來自OFR對沖基金監測（SEC Form PF），ustmon尚未接入；基差交易圖表改用CFTC期貨持倉"),
    "records_coverage": ("the auction records in the store cover only {pct}% of debt held by the public (a sample); the maturity "
                         "profile needs the whole marketable stock (full auction history or MSPD security detail)",
                         "数据库中的拍卖记录仅覆盖公众持有债务的{pct}%（样本）；期限结构需要全部可流通债务（完整拍卖历史或MSPD逐券明细）",
                         "資料庫中的拍賣紀錄僅覆蓋公眾持有債務的{pct}%（樣本）；期限結構需要全部可流通債務（完整拍賣歷史或MSPD逐券明細）"),
    "note_bill_share_net": ("The bill share of net issuance is not drawn: the auction records in the store cover only {pct}% of debt held by the public.",
                            "未绘制国库券占净发行的比例：数据库中的拍卖记录仅覆盖公众持有债务的{pct}%。",
                            "未繪製國庫券占淨發行的比例：資料庫中的拍賣紀錄僅覆蓋公眾持有債務的{pct}%。"),
    "fig_structure": ("Who holds Treasuries: holdings by sector (Z.1)", "美债持有者结构（Z.1，按部门）", "美債持有者結構（Z.1，按部門）"),
    "fig_fed_share": ("Fed share of debt held by the public", "美联储持有占公众持有债务的比例", "聯準會持有占公眾持有債務的比例"),
    "fig_mmf_tsy": ("Money funds' Treasury holdings", "货币市场基金持有的美债", "貨幣市場基金持有的美債"),
    "fig_basis_growth": ("Growth of the basis trade: leveraged funds' futures short vs asset managers' long",
                         "基差交易的扩张：杠杆基金期货空头与资产管理人多头", "基差交易的擴張：槓桿基金期貨空頭與資產管理人多頭"),
    "fig_flows": ("Foreign holdings: 12-month change", "海外持有量的12个月变化", "海外持有量的12個月變化"),
    "fig_contrib": ("Receipts and outlays: year-on-year contributions to the deficit", "收入与支出对赤字同比变化的贡献",
                    "收入與支出對赤字年增變化的貢獻"),
    "fig_net_borrowing": ("Quarterly net borrowing and the supply left to private investors", "季度净借款及留给私人投资者的供给",
                          "季度淨借款及留給私人投資者的供給"),
    "fig_wam": ("Average maturity of marketable debt", "可流通债务平均期限", "可流通債務平均期限"),
    "fig_srf": ("Standing repo facility take-up", "常备回购便利使用量", "常備回購便利使用量"),
    "l_sec_fed": ("Federal Reserve", "美联储", "聯準會"),
    "l_sec_foreign_official": ("Foreign official (TIC)", "海外官方（TIC）", "海外官方（TIC）"),
    "l_sec_foreign_private": ("Foreign private", "海外私人", "海外私人"),
    "l_sec_rest_of_world": ("Rest of the world", "海外部门", "海外部門"),
    "l_sec_banks": ("Banks", "银行", "銀行"),
    "l_sec_mmf": ("Money market funds", "货币市场基金", "貨幣市場基金"),
    "l_sec_mutual_funds": ("Mutual funds and ETFs", "共同基金与ETF", "共同基金與ETF"),
    "l_sec_hedge_funds": ("Hedge funds", "对冲基金", "對沖基金"),
    "l_sec_pensions": ("Pension funds", "养老金", "退休基金"),
    "l_sec_insurers": ("Insurers", "保险公司", "保險公司"),
    "l_sec_state_local": ("State and local governments", "州和地方政府", "州和地方政府"),
    "l_sec_households": ("Households (Z.1 residual)", "住户部门（Z.1残差项）", "住戶部門（Z.1殘差項）"),
    "l_sec_other": ("Nonfinancial business", "非金融企业", "非金融企業"),
    "l_sec_unallocated": ("Others not in the stored Z.1 lines (foreign private, funds, insurers, pensions, dealers)",
                          "其他（未入库的Z.1项目：海外私人、基金、保险、养老金、交易商）",
                          "其他（未入庫的Z.1項目：海外私人、基金、保險、退休基金、交易商）"),
    "l_fed_share_public": ("Fed Treasury holdings, % of debt held by the public", "美联储持有美债占公众持有债务的比例",
                           "聯準會持有美債占公眾持有債務的比例"),
    "l_lev_gross_short": ("Leveraged funds, gross short", "杠杆基金总空头", "槓桿基金總空頭"),
    "l_am_long": ("Asset managers, gross long", "资产管理人总多头", "資產管理人總多頭"),
    "l_europe_ex_uk": ("Europe excl. UK (countries TIC lists)", "欧洲（不含英国，TIC所列国家）", "歐洲（不含英國，TIC所列國家）"),
    "l_flow_total": ("All foreign holders", "海外合计", "海外合計"),
    "l_individual_income_tax": ("Individual income tax", "个人所得税", "個人所得稅"),
    "l_corporate_income_tax": ("Corporate income tax", "企业所得税", "企業所得稅"),
    "l_payroll_taxes": ("Payroll taxes", "社会保险税", "社會保險稅"),
    "l_customs_duties": ("Customs duties", "关税", "關稅"),
    "l_fed_remittances": ("Fed remittances", "美联储上缴利润", "聯準會上繳利潤"),
    "l_other_receipts": ("Other receipts", "其他收入", "其他收入"),
    "l_social_security": ("Social Security", "社会保障", "社會安全"),
    "l_medicare": ("Medicare", "联邦医疗保险", "聯邦醫療保險"),
    "l_health_incl_medicaid": ("Health incl. Medicaid", "医疗卫生（含医疗补助）", "醫療衛生（含醫療補助）"),
    "l_net_interest": ("Net interest", "净利息", "淨利息"),
    "l_defense": ("Defence", "国防", "國防"),
    "l_other_outlays": ("Other outlays", "其他支出", "其他支出"),
    "l_net_borrowing": ("Net borrowing (change in debt held by the public)", "净借款（公众持有债务变化）", "淨借款（公眾持有債務變化）"),
    "l_supply_private": ("Left for private investors (after Fed runoff and foreign official flows)",
                         "留给私人投资者的供给（扣除美联储缩表与海外官方流量后）", "留給私人投資者的供給（扣除聯準會縮表與海外官方流量後）"),
    "l_bill_share_stock": ("Bills, % of Treasury securities outstanding (Z.1)", "国库券占美债存量比例（Z.1）", "國庫券占美債存量比例（Z.1）"),
    "l_wam": ("Weighted average maturity", "加权平均期限", "加權平均期限"),
    "l_srf": ("Standing repo operations", "常备回购操作", "常備回購操作"),
    "f_structure": ("The Fed and foreign official accounts, the price-insensitive holders, held {share} of Treasury securities in {q} against {share0} in {q0} (Z.1)",
                    "美联储与海外官方这类价格不敏感的持有者{q}持有美债存量的{share}，{q0}为{share0}（Z.1）",
                    "聯準會與海外官方這類價格不敏感的持有者{q}持有美債存量的{share}，{q0}為{share0}（Z.1）"),
    "f_fed_share": ("The Fed holds {share} of debt held by the public ({q}), against a peak of {peak} in {peak_q}",
                    "美联储持有公众持有债务的{share}（{q}），峰值为{peak_q}的{peak}",
                    "聯準會持有公眾持有債務的{share}（{q}），峰值為{peak_q}的{peak}"),
    "f_fed_share_plain": ("The Fed holds {share} of debt held by the public ({q})", "美联储持有公众持有债务的{share}（{q}）",
                          "聯準會持有公眾持有債務的{share}（{q}）"),
    "f_mmf": ("From {q0} to {q1} the ON RRP balance (quarterly average) fell {rrp} while Treasury bills outstanding rose {bills}: money funds moved from the RRP into bills",
              "{q0}至{q1}，隔夜逆回购季度均值减少{rrp}，国库券存量增加{bills}：货币基金资金从逆回购转向国库券",
              "{q0}至{q1}，隔夜逆回購季度均值減少{rrp}，國庫券存量增加{bills}：貨幣基金資金從逆回購轉向國庫券"),
    "f_basis_growth": ("Leveraged funds' gross short in Treasury futures is {level} notional ({date}); it {dir} {chg} in five years, and asset managers are long {am}",
                       "杠杆基金美债期货总空头为名义本金{level}（{date}），五年间{dir}{chg}；资产管理人多头为{am}",
                       "槓桿基金美債期貨總空頭為名義本金{level}（{date}），五年間{dir}{chg}；資產管理人多頭為{am}"),
    "f_flows": ("Foreign holdings {dir} {tot} in the 12 months to {month}: private holdings {dir_p} {priv} and official holdings {dir_o} {off}",
                "截至{month}的12个月，海外持有量{dir}{tot}：私人持有{dir_p}{priv}，官方持有{dir_o}{off}",
                "截至{month}的12個月，海外持有量{dir}{tot}：私人持有{dir_p}{priv}，官方持有{dir_o}{off}"),
    "f_net_borrowing": ("Net borrowing was {net} in {q}; after Fed runoff and foreign official flows, {private} was left for private investors",
                        "{q}净借款为{net}；扣除美联储缩表与海外官方流量后，留给私人投资者的供给为{private}",
                        "{q}淨借款為{net}；扣除聯準會縮表與海外官方流量後，留給私人投資者的供給為{private}"),
    "f_bill_share": ("Bills were {share} of Treasury securities outstanding in {q} (Z.1)", "{q}国库券占美债存量的{share}（Z.1）",
                     "{q}國庫券占美債存量的{share}（Z.1）"),
    "f_wall": ("{amt} of marketable debt matures in the 12 months after {month}, {share} of the debt outstanding",
               "{month}之后12个月到期的可流通债务为{amt}，占存量的{share}",
               "{month}之後12個月到期的可流通債務為{amt}，占存量的{share}"),
    "f_wam": ("The average maturity of marketable debt is {wam} months ({month})", "可流通债务平均期限为{wam}个月（{month}）",
              "可流通債務平均期限為{wam}個月（{month}）"),
    "f_srf": ("Standing repo take-up was {level} on {date}, against a high of {peak} on {peak_date}",
              "{date}常备回购使用量为{level}，最高为{peak_date}的{peak}", "{date}常備回購使用量為{level}，最高為{peak_date}的{peak}"),
    "f_contrib_widen": ("{what} did most to move the deficit over the year to {month}, widening it by {x}",
                        "截至{month}的一年中，{what}对赤字变化的影响最大，使赤字扩大{x}",
                        "截至{month}的一年中，{what}對赤字變化的影響最大，使赤字擴大{x}"),
    "f_contrib_narrow": ("{what} did most to move the deficit over the year to {month}, narrowing it by {x}",
                         "截至{month}的一年中，{what}对赤字变化的影响最大，使赤字收窄{x}",
                         "截至{month}的一年中，{what}對赤字變化的影響最大，使赤字收窄{x}"),
    # figure titles when no finding can be stated
    "ft_generic": ("{what}", "{what}", "{what}"),
    "fig_yields": ("Treasury yields by tenor", "各期限美债收益率", "各期限美債殖利率"),
    "fig_spread": ("10y–2y Treasury spread", "10年与2年期美债利差", "10年與2年期美債利差"),
    "fig_fed": ("Federal Reserve holdings of Treasuries", "美联储持有的美债", "聯準會持有的美債"),
    "fig_banks": ("Bank holdings of Treasury and agency securities", "银行持有的国债及机构债", "銀行持有的國債及機構債"),
    "fig_mmf": ("Money market funds: Treasury bills vs reverse repo", "货币市场基金：国库券与逆回购配置", "貨幣市場基金：國庫券與逆回購配置"),
    "fig_hf": ("Hedge funds' Treasury holdings and repo borrowing", "对冲基金美债持仓与回购融资", "對沖基金美債持倉與回購融資"),
    "fig_lev": ("Leveraged funds' net short in Treasury futures by tenor", "杠杆基金美债期货净空头（按期限）", "槓桿基金美債期貨淨空頭（按期限）"),
    "fig_fsi": ("Financial stress and volatility", "金融压力与波动率", "金融壓力與波動率"),
    "fig_official": ("Foreign official vs private holdings", "海外官方与私人持有量", "海外官方與私人持有量"),
    "fig_cjg": ("China, Japan, UK and Europe holdings", "中国、日本、英国及欧洲持有量", "中國、日本、英國及歐洲持有量"),
    "fig_major": ("Major foreign holders, latest month", "主要海外持有者（最新月份）", "主要海外持有者（最新月份）"),
    "fig_cayman": ("Major foreign holders with the Cayman adjustment", "主要海外持有者（含开曼调整）", "主要海外持有者（含開曼調整）"),
    "fig_deficit": ("Monthly federal deficit", "联邦月度赤字", "聯邦月度赤字"),
    "fig_fy": ("Federal deficit by fiscal year", "各财年联邦赤字", "各財年聯邦赤字"),
    "fig_interest": ("Federal interest cost", "联邦利息成本", "聯邦利息成本"),
    "fig_billshare": ("Bill share of the debt and of net issuance", "国库券占存量及净发行的比例", "國庫券占存量及淨發行的比例"),
    "fig_maturity": ("Maturity wall", "到期墙", "到期牆"),
    "fig_tp": ("10-year term premium", "10年期期限溢价", "10年期期限溢價"),
    "fig_hedged": ("FX-hedged 10y Treasury yields for yen and euro investors", "日元和欧元投资者的外汇对冲后10年期美债收益率", "日圓和歐元投資者的外匯對沖後10年期美債殖利率"),
    "fig_sofr": ("SOFR vs IORB", "SOFR与准备金利率", "SOFR與準備金利率"),
    "fig_rrp": ("Overnight reverse repo (ON RRP)", "隔夜逆回购（ON RRP）", "隔夜逆回購（ON RRP）"),
    "fig_res_tga": ("Bank reserves and the Treasury General Account", "银行准备金与财政部一般账户", "銀行準備金與財政部一般帳戶"),
    # findings (chart titles that state the result; also used in the narrative)
    "f_yields": ("The 10-year yield stands at {y10} on {date}, with the 2-year at {y2} and the 30-year at {y30}",
                 "截至{date}，10年期美债收益率为{y10}，2年期为{y2}，30年期为{y30}",
                 "截至{date}，10年期美債殖利率為{y10}，2年期為{y2}，30年期為{y30}"),
    "f_spread_pos": ("The curve is upward sloping: 10y–2y at {spread} on {date}, {chg} over the past year",
                     "收益率曲线向上倾斜：{date}的10年减2年利差为{spread}，过去一年{chg}",
                     "殖利率曲線向上傾斜：{date}的10年減2年利差為{spread}，過去一年{chg}"),
    "f_spread_neg": ("The curve is inverted: 10y–2y at {spread} on {date}, {chg} over the past year",
                     "收益率曲线倒挂：{date}的10年减2年利差为{spread}，过去一年{chg}",
                     "殖利率曲線倒掛：{date}的10年減2年利差為{spread}，過去一年{chg}"),
    "f_fed": ("Fed Treasury holdings {dir} {chg} over the past year to {level} ({date})",
              "过去一年美联储持有的美债{dir}{chg}，至{level}（{date}）",
              "過去一年聯準會持有的美債{dir}{chg}，至{level}（{date}）"),
    "f_banks": ("Banks' Treasury and agency securities {dir} {chg} over the past year to {level} ({date})",
                "过去一年商业银行持有的国债及机构债{dir}{chg}，至{level}（{date}）",
                "過去一年商業銀行持有的國債及機構債{dir}{chg}，至{level}（{date}）"),
    "f_lev": ("Leveraged funds' net short in Treasury futures is {level} notional ({date}), the {pct} percentile since {start}",
              "杠杆基金美债期货净空头为名义本金{level}（{date}），处于{start}年以来第{pct}百分位——基差交易规模的代理指标",
              "槓桿基金美債期貨淨空頭為名義本金{level}（{date}），處於{start}年以來第{pct}百分位——基差交易規模的代理指標"),
    "f_fsi": ("OFR financial stress index at {level} on {date}, the {pct} percentile since {start}",
              "{date}的OFR金融压力指数为{level}，处于{start}年以来第{pct}百分位",
              "{date}的OFR金融壓力指數為{level}，處於{start}年以來第{pct}百分位"),
    "f_official": ("Foreign official holdings are {off} of {tot} held abroad ({share}, {date})",
                   "海外官方持有{off}，占海外持有总额{tot}的{share}（{date}）",
                   "海外官方持有{off}，占海外持有總額{tot}的{share}（{date}）"),
    "f_cn": ("Mainland China's holdings {dir} {chg} in {month} to {level}, the lowest since {since}",
             "中国大陆持有的美债{month}{dir}{chg}，至{level}，为{since}以来最低",
             "中國大陸持有的美債{month}{dir}{chg}，至{level}，為{since}以來最低"),
    "f_cn_plain": ("Mainland China's holdings {dir} {chg} in {month} to {level}",
                   "中国大陆持有的美债{month}{dir}{chg}，至{level}",
                   "中國大陸持有的美債{month}{dir}{chg}，至{level}"),
    "f_jp": ("Japan remains the largest foreign holder with {level} in {month}, {dir} {chg} on the month",
             "日本仍是最大的海外持有者，{month}持有{level}，环比{dir}{chg}",
             "日本仍是最大的海外持有者，{month}持有{level}，月增減{dir}{chg}"),
    "f_jp_plain": ("Japan holds {level} in {month}, {dir} {chg} on the month",
                   "日本{month}持有{level}，环比{dir}{chg}",
                   "日本{month}持有{level}，月增減{dir}{chg}"),
    "f_major": ("The largest foreign holder in {month} is {top} with {level}",
                "{month}最大的海外持有者为{top}，持有{level}",
                "{month}最大的海外持有者為{top}，持有{level}"),
    "f_deficit": ("The federal deficit over the 12 months to {month} is {sum12}",
                  "截至{month}的12个月联邦赤字为{sum12}",
                  "截至{month}的12個月聯邦赤字為{sum12}"),
    "f_fy": ("The {year} deficit was {level} ({pct_gdp} of GDP)", "{year}财年赤字为{level}（占GDP的{pct_gdp}）", "{year}財年赤字為{level}（占GDP的{pct_gdp}）"),
    "f_fy_plain": ("The {year} deficit was {level}", "{year}财年赤字为{level}", "{year}財年赤字為{level}"),
    "f_interest": ("Federal interest payments run at {pct} of GDP ({quarter}), the highest since {since}",
                   "联邦利息支出占GDP的{pct}（{quarter}），为{since}以来最高",
                   "聯邦利息支出占GDP的{pct}（{quarter}），為{since}以來最高"),
    "f_interest_plain": ("Federal interest payments run at {pct} of GDP ({quarter})",
                         "联邦利息支出占GDP的{pct}（{quarter}）", "聯邦利息支出占GDP的{pct}（{quarter}）"),
    "f_tp": ("The Kim-Wright 10-year term premium is {level} on {date}, {chg} over the past year",
             "{date}的Kim-Wright 10年期期限溢价为{level}，过去一年{chg}",
             "{date}的Kim-Wright 10年期期限溢價為{level}，過去一年{chg}"),
    "f_sofr": ("SOFR was {spread} IORB on {date} ({sofr} vs {iorb})",
               "{date} SOFR较准备金利率{spread}（{sofr}对{iorb}）",
               "{date} SOFR較準備金利率{spread}（{sofr}對{iorb}）"),
    "f_rrp": ("ON RRP take-up is {level} ({date}), down from a peak of {peak} in {peak_month}: money funds moved into bills",
              "隔夜逆回购使用量为{level}（{date}），较{peak_month}的峰值{peak}大幅回落：货币基金资金转向国库券",
              "隔夜逆回購使用量為{level}（{date}），較{peak_month}的峰值{peak}大幅回落：貨幣基金資金轉向國庫券"),
    "f_res": ("Bank reserves are {res} and the TGA {tga} ({date})",
              "银行准备金为{res}，财政部一般账户（TGA）为{tga}（{date}）",
              "銀行準備金為{res}，財政部一般帳戶（TGA）為{tga}（{date}）"),
    # direction words
    "up_hold": ("rose", "增加", "增加"), "down_hold": ("fell", "减少", "減少"),
    "up_pp": ("up {x}", "上升{x}", "上升{x}"), "down_pp": ("down {x}", "下降{x}", "下降{x}"),
    "unch": ("unchanged", "持平", "持平"),
    "above": ("{x} above", "高出{x}", "高出{x}"), "below": ("{x} below", "低{x}", "低{x}"),
    # risk indicators
    "r_spread": ("10y–2y spread (inversion)", "10年减2年利差（倒挂）", "10年減2年利差（倒掛）"),
    "r_tp": ("10y term premium (Kim-Wright)", "10年期期限溢价（Kim-Wright）", "10年期期限溢價（Kim-Wright）"),
    "r_sofr": ("SOFR minus IORB (repo pressure)", "SOFR减IORB（回购压力）", "SOFR減IORB（回購壓力）"),
    "r_rrp": ("ON RRP buffer (low = depleted)", "隔夜逆回购缓冲（低＝耗尽）", "隔夜逆回購緩衝（低＝耗盡）"),
    "r_reserves": ("Bank reserves (low = scarce)", "银行准备金（低＝稀缺）", "銀行準備金（低＝稀缺）"),
    "r_lev": ("Leveraged funds' futures net short (basis trade)", "杠杆基金期货净空头（基差交易）", "槓桿基金期貨淨空頭（基差交易）"),
    "r_fsi": ("OFR Financial Stress Index", "OFR金融压力指数", "OFR金融壓力指數"),
    "r_foreign_official": ("Foreign official holdings, 12-month change", "海外官方持有量12个月变化", "海外官方持有量12個月變化"),
    "th_below": ("below {x}", "低于{x}", "低於{x}"), "th_above": ("above {x}", "高于{x}", "高於{x}"),
    # change labels
    "k_dgs10": ("10-year yield", "10年期收益率", "10年期殖利率"),
    "k_spread": ("10y–2y spread", "10年减2年利差", "10年減2年利差"),
    "k_fed": ("Fed Treasury holdings", "美联储持有美债", "聯準會持有美債"),
    "k_cn": ("China's Treasury holdings", "中国大陆持有美债", "中國大陸持有美債"),
    "k_jp": ("Japan's Treasury holdings", "日本持有美债", "日本持有美債"),
    "k_official": ("Foreign official holdings", "海外官方持有美债", "海外官方持有美債"),
    "k_rrp": ("ON RRP", "隔夜逆回购", "隔夜逆回購"),
    "k_sofr": ("SOFR minus IORB", "SOFR减IORB", "SOFR減IORB"),
    "k_tp": ("Kim-Wright term premium", "Kim-Wright期限溢价", "Kim-Wright期限溢價"),
    "k_lev": ("Leveraged funds' net short", "杠杆基金净空头", "槓桿基金淨空頭"),
    "k_reserves": ("Bank reserves", "银行准备金", "銀行準備金"),
    "k_deficit": ("12-month deficit", "12个月赤字", "12個月赤字"),
    "mode_snapshot": ("bundled snapshot", "内置快照", "內建快照"),
    "mode_mirror": ("local mirror of official files", "官方文件本地镜像", "官方檔案本地鏡像"),
    "mode_live": ("live download", "在线下载", "線上下載"),
    "footer": ("Generated by ustmon {version} from official public data. Not investment advice.",
               "由 ustmon {version} 依据官方公开数据生成，不构成投资建议。",
               "由 ustmon {version} 依據官方公開數據生成，不構成投資建議。"),
    # ---- supply charts (MSPD, DTS)
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
    "fig_duration_supply": ("Coupon supply in 10-year equivalents, Fed runoff and foreign official: what is left for private buyers",
        "以10年期等价衡量的附息国债供给、美联储缩表与外国官方：留给私人投资者的部分",
        "以10年期等價衡量的附息國債供給、聯準會縮表與外國官方：留給私人投資者的部分"),
    "l_dur_net": ("Net coupon supply (10-year equivalents)", "附息国债净供给（10年期等价）", "附息國債淨供給（10年期等價）"),
    "l_dur_fed": ("Fed runoff (approx.)", "美联储缩表（近似）", "聯準會縮表（近似）"),
    "l_dur_foreign": ("Foreign official buying (approx.)", "外国官方买入（近似）", "外國官方買入（近似）"),
    "l_dur_private": ("Left for private buyers", "留给私人买家", "留給私人買家"),
    "f_duration_runoff_bought": ("In {month}, Treasury sold {net} of coupons in 10-year equivalents; Fed runoff added {fed} and foreign officials bought {foreign} (both approximate), leaving {private} for private, price-sensitive buyers",
        "{month}附息国债10年期等价净供给{net}；美联储缩表约{fed}，外国官方买入约{foreign}（均为近似），留给私人价格敏感型买家{private}",
        "{month}附息國債10年期等價淨供給{net}；聯準會縮表約{fed}，外國官方買入約{foreign}（均為近似），留給私人價格敏感型買家{private}"),
    "f_duration_runoff_sold": ("In {month}, Treasury sold {net} of coupons in 10-year equivalents; Fed runoff added {fed} and foreign officials sold {foreign} (both approximate), leaving {private} for private, price-sensitive buyers",
        "{month}附息国债10年期等价净供给{net}；美联储缩表约{fed}，外国官方卖出约{foreign}（均为近似），留给私人价格敏感型买家{private}",
        "{month}附息國債10年期等價淨供給{net}；聯準會縮表約{fed}，外國官方賣出約{foreign}（均為近似），留給私人價格敏感型買家{private}"),
    "f_duration_absorbed_bought": ("In {month}, Treasury sold {net} of coupons in 10-year equivalents; the Fed absorbed {fed} and foreign officials bought {foreign} (both approximate), leaving {private} for private, price-sensitive buyers",
        "{month}附息国债10年期等价净供给{net}；美联储增持约{fed}，外国官方买入约{foreign}（均为近似），留给私人价格敏感型买家{private}",
        "{month}附息國債10年期等價淨供給{net}；聯準會增持約{fed}，外國官方買入約{foreign}（均為近似），留給私人價格敏感型買家{private}"),
    "f_duration_absorbed_sold": ("In {month}, Treasury sold {net} of coupons in 10-year equivalents; the Fed absorbed {fed} and foreign officials sold {foreign} (both approximate), leaving {private} for private, price-sensitive buyers",
        "{month}附息国债10年期等价净供给{net}；美联储增持约{fed}，外国官方卖出约{foreign}（均为近似），留给私人价格敏感型买家{private}",
        "{month}附息國債10年期等價淨供給{net}；聯準會增持約{fed}，外國官方賣出約{foreign}（均為近似），留給私人價格敏感型買家{private}"),
    "f_duration_plain": ("In {month}, Treasury sold {net} of coupons in 10-year equivalents, leaving {private} for private buyers",
        "{month}附息国债10年期等价净供给{net}，留给私人买家{private}", "{month}附息國債10年期等價淨供給{net}，留給私人買家{private}"),
    "fig_auctions_last_month": ("Last complete month's auctions: bills and coupons (Treasury auction results)",
        "最近一个完整月份的国债拍卖：国库券与附息国债（财政部拍卖结果）", "最近一個完整月份的國債拍賣：國庫券與附息國債（財政部拍賣結果）"),
    "fig_current_supply": ("Current supply at a glance: bill share, net issuance, maturity wall, average maturity (MSPD)",
                           "当前供给一览：国库券占比、净发行、到期墙、平均期限（MSPD）",
                           "當前供給一覽：國庫券占比、淨發行、到期牆、平均期限（MSPD）"),
    "th_measure": ("Measure", "指标", "指標"),
    "th_period": ("Period", "期间", "期間"),
    "th_value": ("Value", "数值", "數值"),
    "m_bill_share_of_marketable": ("Bill share of marketable debt", "国库券占可流通债务比例",
                                   "國庫券占可流通債務比例"),
    "m_marketable_total": ("Marketable debt outstanding", "可流通债务余额", "可流通債務餘額"),
    "m_net_bills": ("Net bill issuance", "国库券净发行", "國庫券淨發行"),
    "m_net_coupons": ("Net coupon issuance (notes, bonds, TIPS, FRNs)", "附息债净发行（中长期国债、TIPS、浮息票据）",
                      "附息債淨發行（中長期國債、TIPS、浮息票據）"),
    "m_net_marketable": ("Net marketable issuance", "可流通债务净发行", "可流通債務淨發行"),
    "m_maturing_next_12m": ("Maturing in the next 12 months", "未来12个月到期", "未來12個月到期"),
    "m_wam_months": ("Weighted average maturity", "加权平均期限", "加權平均期限"),
    "m_maturity_wall": ("Maturity wall", "到期墙", "到期牆"),
    "f_current_supply": (
        "Net issuance over {ytd}: bills {ybills}, coupons {ycoupons}; in {q}: bills {qbills}, coupons {qcoupons} (MSPD)",
        "{ytd}净发行：国库券{ybills}，附息债{ycoupons}；{q}：国库券{qbills}，附息债{qcoupons}（MSPD）",
        "{ytd}淨發行：國庫券{ybills}，附息債{ycoupons}；{q}：國庫券{qbills}，附息債{qcoupons}（MSPD）"),
    # the table of last month's auctions: headers carry their units
    "th_security": ("Security", "证券", "證券"),
    "th_auction_date": ("Auction date", "拍卖日", "拍賣日"),
    "th_size": ("Size (US$ bn)", "规模（亿美元）", "規模（億美元）"),
    "th_stop_out": ("Stop-out (%)", "最高中标利率（%）", "最高得標利率（%）"),
    "th_bid_to_cover": ("Bid-to-cover (×)", "投标倍数（倍）", "投標倍數（倍）"),
    "th_indirect": ("Indirect (% of comp.)", "间接投标人（占竞争性中标%）", "間接投標人（占競爭性得標%）"),
    "th_direct": ("Direct (% of comp.)", "直接投标人（占竞争性中标%）", "直接投標人（占競爭性得標%）"),
    "th_dealer": ("Primary dealers (% of comp.)", "一级交易商（占竞争性中标%）", "主要交易商（占競爭性得標%）"),
    "th_tail_cmt": ("Tail vs CMT* (bp)", "相对CMT尾差*（基点）", "相對CMT尾差*（基點）"),
    "total_bills": ("Total bills ({n} auctions)", "国库券合计（{n}场）", "國庫券合計（{n}場）"),
    "total_coupons": ("Total coupons ({n} auctions)", "附息国债合计（{n}场）", "附息國債合計（{n}場）"),
    "total_all": ("Total ({n} auctions)", "总计（{n}场）", "總計（{n}場）"),
    "u_as_headed": ("as in each column header", "见各列标题", "見各欄標題"),
    "note_auction_table": (
        "* Tail vs CMT = stop-out minus the Treasury par-curve (CMT) yield of the nearest tenor at the end of the auction "
        "day: a proxy, NOT the when-issued yield at the 1 pm close that the street's tail uses (not public), so it "
        "mixes the tail with the afternoon's market move; positive = cleared cheaper than the curve; not computed for "
        "TIPS, FRNs or bill terms the curve lacks. Stop-out: bills investment rate (bond-equivalent); † TIPS real "
        "yield; ‡ FRN high discount margin. Coupons: notes, bonds, TIPS and FRNs. Shares: % of competitive bids "
        "accepted. – = not available.",
        "* 相对CMT尾差 = 最高中标利率减去拍卖日收盘时最接近期限的财政部平价曲线（CMT）收益率：这是替代指标，"
        "并非市场计算尾差所用的下午1点截标时的预发行（when-issued）收益率（该数据不公开），因此混入了当日下午的市场变动；"
        "正值 = 发行价低于曲线（收益率更高）；TIPS、浮动利率票据及曲线没有对应期限的国库券不计算。"
        "最高中标利率：国库券为投资收益率（债券等价）；† TIPS为实际收益率；‡ 浮动利率票据为最高贴现差价。"
        "附息国债包括中长期国债、TIPS与浮动利率票据。份额为占竞争性中标额的%。– = 无数据。",
        "* 相對CMT尾差 = 最高得標利率減去拍賣日收盤時最接近期限的財政部平價曲線（CMT）殖利率：這是替代指標，"
        "並非市場計算尾差所用的下午1點截標時的發行前交易（when-issued）殖利率（該數據不公開），因此混入了當日下午的市場變動；"
        "正值 = 發行價低於曲線（殖利率更高）；TIPS、浮動利率票據及曲線沒有對應期限的國庫券不計算。"
        "最高得標利率：國庫券為投資收益率（債券等價）；† TIPS為實質殖利率；‡ 浮動利率票據為最高貼現差價。"
        "附息國債包括中長期國債、TIPS與浮動利率票據。份額為占競爭性得標額的%。– = 無數據。"),
    "f_auctions_month": (
        "In {month} Treasury held {n} auctions: {nb} of bills for {bills} and {nc} of notes, bonds, TIPS and FRNs for "
        "{coupons}; among coupon auctions the {tail_sec} had the largest tail against the end-of-day curve ({tail}) "
        "and the {btc_sec} the lowest bid-to-cover ({btc})",
        "{month}财政部共举行{n}场拍卖：国库券{nb}场，合计{bills}；附息国债{nc}场，合计{coupons}；附息国债拍卖中，"
        "{tail_sec}相对日终曲线的尾差最大（{tail}），{btc_sec}投标倍数最低（{btc}）",
        "{month}財政部共舉行{n}場拍賣：國庫券{nb}場，合計{bills}；附息國債{nc}場，合計{coupons}；附息國債拍賣中，"
        "{tail_sec}相對日終曲線的尾差最大（{tail}），{btc_sec}投標倍數最低（{btc}）"),
    "f_auctions_month_same": (
        "In {month} Treasury held {n} auctions: {nb} of bills for {bills} and {nc} of notes, bonds, TIPS and FRNs for "
        "{coupons}; the {sec} was the weakest coupon auction, with the largest tail against the end-of-day curve "
        "({tail}) and the lowest bid-to-cover ({btc})",
        "{month}财政部共举行{n}场拍卖：国库券{nb}场，合计{bills}；附息国债{nc}场，合计{coupons}；{sec}是最弱的附息国债拍卖，"
        "相对日终曲线的尾差最大（{tail}），投标倍数最低（{btc}）",
        "{month}財政部共舉行{n}場拍賣：國庫券{nb}場，合計{bills}；附息國債{nc}場，合計{coupons}；{sec}是最弱的附息國債拍賣，"
        "相對日終曲線的尾差最大（{tail}），投標倍數最低（{btc}）"),
    "f_auctions_month_plain": (
        "In {month} Treasury held {n} auctions: {nb} of bills for {bills} and {nc} of notes, bonds, TIPS and FRNs for {coupons}",
        "{month}财政部共举行{n}场拍卖：国库券{nb}场，合计{bills}；附息国债{nc}场，合计{coupons}",
        "{month}財政部共舉行{n}場拍賣：國庫券{nb}場，合計{bills}；附息國債{nc}場，合計{coupons}"),
    # ---- receipts and outlays by category, contributions to the deficit by fiscal year (MTS Tables 9 and 4)
    "fig_categories": ("Receipts by source and outlays by function, last 12 months vs a year earlier",
                       "按来源分列的收入与按职能分列的支出：最近12个月与一年前对比",
                       "按來源分列的收入與按職能分列的支出：最近12個月與一年前對比"),
    "l_latest_12m": ("Latest 12 months", "最近12个月", "最近12個月"),
    "l_year_earlier_12m": ("12 months a year earlier", "一年前的12个月", "一年前的12個月"),
    "f_categories": ("In the 12 months to {last_month}, outlays were {out_total} and receipts {rec_total}; {out_top} rose most "
                     "({out_chg} on a year earlier), while {rec_top} changed by {rec_chg}",
                     "截至{last_month}的12个月，支出为{out_total}，收入为{rec_total}；{out_top}增幅最大（较一年前{out_chg}），"
                     "{rec_top}变动{rec_chg}",
                     "截至{last_month}的12個月，支出為{out_total}，收入為{rec_total}；{out_top}增幅最大（較一年前{out_chg}），"
                     "{rec_top}變動{rec_chg}"),
    "f_categories_plain": ("In the 12 months to {last_month}, outlays were {out_total} and receipts {rec_total}",
                           "截至{last_month}的12个月，支出为{out_total}，收入为{rec_total}",
                           "截至{last_month}的12個月，支出為{out_total}，收入為{rec_total}"),
    "fig_contrib_fy": ("What widened or narrowed the deficit: contributions by fiscal year", "赤字扩大或收窄的来源：各财年贡献",
                       "赤字擴大或收窄的來源：各財年貢獻"),
    "l_deficit_change": ("Change in the deficit (sum)", "赤字变化（合计）", "赤字變化（合計）"),
    "fy_label": ("FY{y}", "{y}财年", "{y}財年"),
    "f_contrib_fy_widen_gdp": ("In {fy} the deficit widened by {deficit_change}; {top} added most ({top_impact}, {top_pp} of GDP)",
                               "{fy}财年赤字扩大{deficit_change}；其中{top}贡献最大（{top_impact}，占GDP的{top_pp}）",
                               "{fy}財年赤字擴大{deficit_change}；其中{top}貢獻最大（{top_impact}，佔GDP的{top_pp}）"),
    "f_contrib_fy_widen": ("In {fy} the deficit widened by {deficit_change}; {top} added most ({top_impact})",
                           "{fy}财年赤字扩大{deficit_change}；其中{top}贡献最大（{top_impact}）",
                           "{fy}財年赤字擴大{deficit_change}；其中{top}貢獻最大（{top_impact}）"),
    "f_contrib_fy_narrow_gdp": ("In {fy} the deficit narrowed by {deficit_change}; {top} did most to narrow it ({top_impact}, {top_pp} of GDP)",
                                "{fy}财年赤字收窄{deficit_change}；其中{top}收窄作用最大（{top_impact}，占GDP的{top_pp}）",
                                "{fy}財年赤字收窄{deficit_change}；其中{top}收窄作用最大（{top_impact}，佔GDP的{top_pp}）"),
    "f_contrib_fy_narrow": ("In {fy} the deficit narrowed by {deficit_change}; {top} did most to narrow it ({top_impact})",
                            "{fy}财年赤字收窄{deficit_change}；其中{top}收窄作用最大（{top_impact}）",
                            "{fy}財年赤字收窄{deficit_change}；其中{top}收窄作用最大（{top_impact}）"),
    # ---- refusals and chart captions
    "coverage_refused": ("{reason} ({coverage})", "{reason}（{coverage}）", "{reason}（{coverage}）"),
    "coverage_refused_plain": ("{reason}", "{reason}", "{reason}"),
    "note_cftc_sample": ("Percentiles and lines use the {n} weekly CFTC reports in the store from {first} to {last} "
        "({n} of {weeks} weeks); missing weeks are left as gaps, not interpolated.",
        "百分位与曲线基于数据库中{first}至{last}的{n}份CFTC周报（共{weeks}周中的{n}周）；"
        "缺失的周留作空白，不做插值。",
        "百分位與曲線基於資料庫中{first}至{last}的{n}份CFTC週報（共{weeks}週中的{n}週）；"
        "缺失的週留作空白，不做插值。"),
    "note_cftc_sample_gaps": ("Percentiles and lines use the {n} weekly CFTC reports in the store from {first} to {last} "
        "({n} of {weeks} weeks; no reports in {years}); missing weeks are left as gaps, not "
        "interpolated.",
        "百分位与曲线基于数据库中{first}至{last}的{n}份CFTC周报（共{weeks}周中的{n}周；{years}年无报告）；"
        "缺失的周留作空白，不做插值。",
        "百分位與曲線基於資料庫中{first}至{last}的{n}份CFTC週報（共{weeks}週中的{n}週；{years}年無報告）；"
        "缺失的週留作空白，不做插值。"),
    # ---- the calendar-adjusted 12-month deficit
    "fig_deficit_calendar": ("12-month deficit, as published and adjusted for calendar shifts",
                             "12个月赤字：公布值与日历调整值", "12個月赤字：公布值與日曆調整值"),
    "l_deficit_12m_published": ("12-month sum, as published", "滚动12个月合计（公布值）", "滾動12個月合計（公布值）"),
    "l_deficit_12m_adjusted": ("12-month sum, calendar-adjusted", "滚动12个月合计（日历调整）", "滾動12個月合計（日曆調整）"),
    "f_deficit_calendar": ("Adjusted for payments moved by weekends and New Year's Day, the deficit over the 12 months to "
                           "{month} is {adj} against {pub} as published",
                           "剔除周末及元旦导致的支付提前后，截至{month}的12个月赤字为{adj}，公布值为{pub}",
                           "剔除週末及元旦導致的支付提前後，截至{month}的12個月赤字為{adj}，公布值為{pub}"),
    "f_deficit_calendar_same": ("The deficit over the 12 months to {month} is {adj}; no payment moved by a weekend or New "
                                "Year's Day falls across the window's ends, so the calendar-adjusted sum equals the published one",
                                "截至{month}的12个月赤字为{adj}；窗口两端没有因周末或元旦而提前的支付，日历调整值与公布值相同",
                                "截至{month}的12個月赤字為{adj}；窗口兩端沒有因週末或元旦而提前的支付，日曆調整值與公布值相同"),
}

#: short source names for source lines (store ``source`` code -> three languages); FRED adds its dataset
SOURCE_SHORT: dict[str, tuple[str, str, str]] = {
    "tic": ("U.S. Treasury TIC", "美国财政部TIC", "美國財政部TIC"),
    "cftc": ("CFTC Traders in Financial Futures", "CFTC金融期货交易者持仓报告", "CFTC金融期貨交易者持倉報告"),
    "treasury": ("U.S. Treasury", "美国财政部", "美國財政部"),
    "treasurydirect": ("TreasuryDirect", "TreasuryDirect", "TreasuryDirect"),
    "fiscaldata": ("U.S. Treasury Fiscal Data", "美国财政部Fiscal Data", "美國財政部Fiscal Data"),
    "omb": ("OMB Historical Tables", "白宫管理和预算办公室历史表", "白宮管理和預算辦公室歷史表"),
    "nyfed": ("Federal Reserve Bank of New York", "纽约联储", "紐約聯儲"),
    "fedboard": ("Federal Reserve Board", "美联储理事会", "聯準會理事會"),
    "ofr": ("Office of Financial Research", "美国金融研究办公室（OFR）", "美國金融研究辦公室（OFR）"),
    "jpmof": ("Ministry of Finance, Japan", "日本财务省", "日本財務省"),
    "ecb": ("European Central Bank", "欧洲央行", "歐洲央行"),
    "bundesbank": ("Deutsche Bundesbank", "德国央行", "德國央行"),
    "boj": ("Bank of Japan", "日本银行", "日本銀行"),
    "fred": ("FRED", "FRED", "FRED"),
}


def t(key: str, lang: str, **params) -> str:
    """The string ``key`` in ``lang`` with ``params`` filled in."""
    text = S[key][LANGS.index(lang)]
    return text.format(**params) if params else text


def label(key: str, lang: str) -> str:
    return t(key, lang)


def source_name(prov: dict, lang: str) -> str:
    """Short publisher name for a source line: 'U.S. Treasury TIC', 'H.15 via FRED', ..."""
    src = prov.get("source", "")
    base = SOURCE_SHORT.get(src, (src, src, src))[LANGS.index(lang)]
    if src == "fred" and prov.get("dataset"):
        via = {"en": "{d} via FRED", "zh-Hans": "{d}（经FRED）", "zh-Hant": "{d}（經FRED）"}[lang]
        return via.format(d=prov["dataset"])
    return base


# --------------------------------------------------------------------------- dates
def fmt_month(date, lang: str) -> str:
    d = pd.Timestamp(date)
    return d.strftime("%B %Y") if lang == "en" else f"{d.year}年{d.month}月"


def fmt_day(date, lang: str) -> str:
    d = pd.Timestamp(date)
    return f"{d.day} {d.strftime('%B %Y')}" if lang == "en" else f"{d.year}年{d.month}月{d.day}日"


def fmt_quarter(date, lang: str) -> str:
    d = pd.Timestamp(date)
    return f"{d.year} Q{d.quarter}" if lang == "en" else f"{d.year}年第{d.quarter}季度" if lang == "zh-Hans" else f"{d.year}年第{d.quarter}季"


def fmt_span(start, end, lang: str) -> str:
    """The period between two dates as a reader says it: a month end ('end of May 2026'), a calendar quarter
    ('2026 Q1') or a run of months ('Jan–May 2026')."""
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    if a == b:
        return f"end of {a:%b %Y}" if lang == "en" else f"{a.year}年{a.month}月末"
    if a.day == 1 and a.month % 3 == 1 and b == a + pd.offsets.QuarterEnd(0):
        return fmt_quarter(a, lang)
    if lang == "en":
        return f"{a:%b}–{b:%b %Y}" if a.year == b.year else f"{a:%b %Y}–{b:%b %Y}"
    return f"{a.year}年{a.month}–{b.month}月" if a.year == b.year else f"{a.year}年{a.month}月–{b.year}年{b.month}月"


# --------------------------------------------------------------------------- numbers with origin
@dataclass
class Number:
    """One number as printed, and how to recompute it from the store.

    ``value`` is the printed number in display units (``scale`` display units
    per source unit: 1 for $bn in English, 10 for 亿美元 from $bn, 0.001 for $bn
    from $mn ...).  ``op`` says how it derives from ``series`` at ``date``:

    * ``level``: series[0] at date;
    * ``change``: series[0] at date minus at ``ref_date``;
    * ``diff``: series[0] minus series[1] at date (the last common date);
    * ``diff_change``: the ``diff`` at date minus the ``diff`` at ``ref_date``;
    * ``sum``: sum of series[0] over [ref_date, date] (both included);
    * ``ratio_pct``: 100 * series[0] / series[1] at date (as-of join for series[1]);
    * ``share_pct``: 100 * series[0] / series[1] at date;
    * ``percentile``: percentile rank (0-100) of the derived quantity ``basis`` at date among its values since ``ref_date``;
    * ``lev_net_short``: sum over CFTC contracts of (short - long) * face value, $bn;
    * ``lowest_since`` / ``highest_since``: a date, ``value`` NaN; the quantity at ``ref_date`` is at or
      beyond the current one and every value in between is not.
    """

    text: str
    value: float
    series: tuple[str, ...]
    date: str
    op: str = "level"
    ref_date: str | None = None
    scale: float = 1.0
    decimals: int = 1
    basis: str = "level"  # for percentile/lowest_since: which derived quantity ("level", "diff", "lev_net_short", "ratio_pct")
    sign: int = 1  # printed value = sign * computed (deficits printed as positive amounts)

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in ("text", "value", "series", "date", "op", "ref_date", "scale",
                                               "decimals", "basis", "sign")}


@dataclass
class Sentence:
    text: str
    numbers: list[Number] = field(default_factory=list)
    key: str = ""

    def __str__(self) -> str:
        return self.text


def _group(x: float, decimals: int) -> str:
    return f"{x:,.{decimals}f}"


def _round(x: float, decimals: int) -> float:
    return float(round(x, decimals))


def money_bn(x_bn: float, lang: str, *, decimals: int = 1, signed: bool = False) -> tuple[str, float, float, int]:
    """US$ billions as printed: ('$683.5 bn', 683.5, scale, decimals) or ('6,835亿美元', 6835.0, 10, 0).

    Returns text, printed value, scale (display units per $bn), decimals.
    """
    if lang == "en":
        v = _round(x_bn, decimals)
        sign = "−" if v < 0 else ("+" if signed and v > 0 else "")
        return f"{sign}${_group(abs(v), decimals)} bn", v, 1.0, decimals
    v = _round(x_bn * 10, 0)
    sign = "−" if v < 0 else ("+" if signed and v > 0 else "")
    return f"{sign}{_group(abs(v), 0)}{'億' if lang == 'zh-Hant' else '亿'}美元", v, 10.0, 0


def pct(x: float, lang: str, decimals: int = 2) -> tuple[str, float]:
    v = _round(x, decimals)
    return f"{'−' if v < 0 else ''}{abs(v):.{decimals}f}%", v


def pp(x: float, lang: str, decimals: int = 2) -> tuple[str, float]:
    v = _round(x, decimals)
    unit = {"en": " pp", "zh-Hans": "个百分点", "zh-Hant": "個百分點"}[lang]
    return f"{'−' if v < 0 else ''}{abs(v):.{decimals}f}{unit}", v


def bp(x: float, lang: str, decimals: int = 0) -> tuple[str, float]:
    v = _round(x, decimals)
    if v == 0:
        v = 0.0
    unit = {"en": " bp", "zh-Hans": "个基点", "zh-Hant": "個基點"}[lang]
    return f"{'−' if v < 0 else ''}{abs(v):.{decimals}f}{unit}", v


def ordinal(p: float, lang: str) -> tuple[str, float]:
    v = float(round(p))
    n = int(v)
    if lang != "en":
        return f"{n}", v
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}", v


def plain(x: float, decimals: int = 2) -> tuple[str, float]:
    v = _round(x, decimals)
    return f"{'−' if v < 0 else ''}{abs(v):,.{decimals}f}", v


def is_missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))
