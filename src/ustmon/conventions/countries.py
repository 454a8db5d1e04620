"""Foreign holders of Treasuries as TIC reports them: every country, group and total once.

Each row: ``code`` (ISO 3166-1 alpha-2 for countries; ``GROUP.<NAME>`` for TIC's regional aggregates;
``TOTAL``/``ALL_OTHER``/``OFFICIAL...`` for the table's totals), ``name`` (TIC's current wording),
``aliases`` (every other spelling seen in mfhhis01.txt 2000-2025, slt_table5 and mfh.txt), ``region``
(one of :data:`REGIONS`, None for totals), ``kind`` and ``display`` (names in each of :data:`LANGS`, the
languages of the note: English, Simplified and Traditional Chinese).

>>> country_name("KY", "zh-Hans"), country_name("CN", "en"), by_tic_name("Korea, South 3/").code
('开曼群岛', 'Mainland China', 'KR')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: languages of the display names, in the order of :attr:`Country.display`
LANGS = ("en", "zh-Hans", "zh-Hant")

EUROPE = "europe"
DEVELOPED_ASIA = "developed_asia"  # developed Asia-Pacific (Australia included)
OIL_EXPORTERS = "oil_exporters"  # TIC's own definition (footnote 3/), Indonesia included
EMERGING_MARKETS = "emerging_markets"
OFFSHORE_CENTRES = "offshore_centres"  # Caribbean banking centres
OTHER_ADVANCED = "other_advanced"  # Canada, Israel: advanced, in none of the above
REGIONS = (EUROPE, DEVELOPED_ASIA, OIL_EXPORTERS, EMERGING_MARKETS, OFFSHORE_CENTRES, OTHER_ADVANCED)


@dataclass(frozen=True)
class Country:
    """One row of the TIC Major Foreign Holders table: a country, a TIC regional group or an aggregate."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    region: str | None = None
    kind: str = "country"  # "country", "group" or "aggregate"
    notes: str = ""
    display: tuple[str, str, str] = ("", "", "")  # en, zh-Hans, zh-Hant

    @property
    def series_id(self) -> str:
        """The store series of its holdings (TIC Major Foreign Holders)."""
        return f"TIC.MFH.{self.code}"

    @property
    def iso2(self) -> str | None:
        return self.code if self.kind == "country" else None

    def display_name(self, lang: str = "en") -> str:
        return self.display[_lang_index(lang)] or self.name


def _c(iso2: str, name: str, region: str, display: tuple[str, str, str], *aliases: str, notes: str = "") -> Country:
    return Country(iso2, name, tuple(aliases), region, "country", notes, display)


#: Every name seen in mfhhis01.txt (2000-2025), slt_table5 and mfh.txt, mapped explicitly.
COUNTRIES: tuple[Country, ...] = (
    _c("JP", "Japan", DEVELOPED_ASIA, ("Japan", "日本", "日本")),
    _c("CN", "China, Mainland", EMERGING_MARKETS, ("Mainland China", "中国大陆", "中國大陸"), "China"),
    _c("GB", "United Kingdom", EUROPE, ("United Kingdom", "英国", "英國"),
       notes="Through February 2016 includes the Channel Islands and Isle of Man (TIC footnote 2/)."),
    _c("BE", "Belgium", EUROPE, ("Belgium", "比利时", "比利時"), "Belgium-Luxembourg",
       notes="Before June 2002 includes Luxembourg (TIC footnote 5/; the 2000-2001 rows are labelled "
             "Belgium-Luxembourg). Belgian holdings largely reflect Euroclear custody."),
    _c("LU", "Luxembourg", EUROPE, ("Luxembourg", "卢森堡", "盧森堡"),
       notes="Missing (n.a.) before June 2002: included in Belgium."),
    _c("CA", "Canada", OTHER_ADVANCED, ("Canada", "加拿大", "加拿大")),
    _c("KY", "Cayman Islands", OFFSHORE_CENTRES, ("Cayman Islands", "开曼群岛", "開曼群島")),
    _c("FR", "France", EUROPE, ("France", "法国", "法國")),
    _c("IE", "Ireland", EUROPE, ("Ireland", "爱尔兰", "愛爾蘭")),
    _c("TW", "Taiwan", DEVELOPED_ASIA, ("Taiwan", "台湾", "台灣")),
    _c("CH", "Switzerland", EUROPE, ("Switzerland", "瑞士", "瑞士")),
    _c("SG", "Singapore", DEVELOPED_ASIA, ("Singapore", "新加坡", "新加坡")),
    _c("HK", "Hong Kong", DEVELOPED_ASIA, ("Hong Kong", "香港", "香港")),
    _c("NO", "Norway", EUROPE, ("Norway", "挪威", "挪威")),
    _c("IN", "India", EMERGING_MARKETS, ("India", "印度", "印度")),
    _c("BR", "Brazil", EMERGING_MARKETS, ("Brazil", "巴西", "巴西")),
    _c("SA", "Saudi Arabia", OIL_EXPORTERS, ("Saudi Arabia", "沙特阿拉伯", "沙烏地阿拉伯")),
    _c("KR", "Korea, South", DEVELOPED_ASIA, ("Korea", "韩国", "韓國"), "Korea", "South Korea"),
    _c("IL", "Israel", OTHER_ADVANCED, ("Israel", "以色列", "以色列")),
    _c("DE", "Germany", EUROPE, ("Germany", "德国", "德國")),
    _c("BM", "Bermuda", OFFSHORE_CENTRES, ("Bermuda", "百慕大", "百慕達")),
    _c("AE", "United Arab Emirates", OIL_EXPORTERS, ("United Arab Emirates", "阿联酋", "阿聯酋")),
    _c("SV", "El Salvador", EMERGING_MARKETS, ("El Salvador", "萨尔瓦多", "薩爾瓦多")),
    _c("MX", "Mexico", EMERGING_MARKETS, ("Mexico", "墨西哥", "墨西哥")),
    _c("TH", "Thailand", EMERGING_MARKETS, ("Thailand", "泰国", "泰國")),
    _c("ES", "Spain", EUROPE, ("Spain", "西班牙", "西班牙")),
    _c("AU", "Australia", DEVELOPED_ASIA, ("Australia", "澳大利亚", "澳洲")),
    _c("NL", "Netherlands", EUROPE, ("Netherlands", "荷兰", "荷蘭")),
    _c("KW", "Kuwait", OIL_EXPORTERS, ("Kuwait", "科威特", "科威特")),
    _c("IT", "Italy", EUROPE, ("Italy", "意大利", "義大利")),
    _c("PH", "Philippines", EMERGING_MARKETS, ("Philippines", "菲律宾", "菲律賓")),
    _c("PL", "Poland", EUROPE, ("Poland", "波兰", "波蘭")),
    _c("SE", "Sweden", EUROPE, ("Sweden", "瑞典", "瑞典")),
    _c("PE", "Peru", EMERGING_MARKETS, ("Peru", "秘鲁", "秘魯")),
    _c("CO", "Colombia", EMERGING_MARKETS, ("Colombia", "哥伦比亚", "哥倫比亞")),
    _c("BS", "Bahamas", OFFSHORE_CENTRES, ("Bahamas", "巴哈马", "巴哈馬")),
    _c("CL", "Chile", EMERGING_MARKETS, ("Chile", "智利", "智利")),
    _c("DK", "Denmark", EUROPE, ("Denmark", "丹麦", "丹麥")),
    _c("EG", "Egypt", EMERGING_MARKETS, ("Egypt", "埃及", "埃及")),
    _c("FI", "Finland", EUROPE, ("Finland", "芬兰", "芬蘭")),
    _c("ID", "Indonesia", OIL_EXPORTERS, ("Indonesia", "印度尼西亚", "印尼"),
       notes="Region follows TIC's oil-exporter definition (footnote 3/)."),
    _c("IQ", "Iraq", OIL_EXPORTERS, ("Iraq", "伊拉克", "伊拉克")),
    _c("KZ", "Kazakhstan", EMERGING_MARKETS, ("Kazakhstan", "哈萨克斯坦", "哈薩克")),
    _c("MY", "Malaysia", EMERGING_MARKETS, ("Malaysia", "马来西亚", "馬來西亞")),
    _c("OM", "Oman", OIL_EXPORTERS, ("Oman", "阿曼", "阿曼")),
    _c("RU", "Russia", EMERGING_MARKETS, ("Russia", "俄罗斯", "俄羅斯")),
    _c("ZA", "South Africa", EMERGING_MARKETS, ("South Africa", "南非", "南非")),
    _c("TR", "Turkey", EMERGING_MARKETS, ("Turkey", "土耳其", "土耳其"), "Turkiye", "Türkiye"),
    _c("UY", "Uruguay", EMERGING_MARKETS, ("Uruguay", "乌拉圭", "烏拉圭")),
    _c("VN", "Vietnam", EMERGING_MARKETS, ("Vietnam", "越南", "越南"), "Viet Nam"),
    Country("GROUP.CARIBBEAN_BANKING_CENTERS", "Caribbean Banking Centers", ("Carib Bnkng Ctrs",),
            OFFSHORE_CENTRES, "group",
            "TIC aggregate (footnote 4/): Bahamas, Bermuda, Cayman Islands, Netherlands Antilles and Panama; "
            "British Virgin Islands from the June 2006 series. Discontinued after February 2016.",
            ("Caribbean banking centres", "加勒比银行中心", "加勒比銀行中心")),
    Country("GROUP.OIL_EXPORTERS", "Oil Exporters", (), OIL_EXPORTERS, "group",
            "TIC aggregate (footnote 3/): Ecuador, Venezuela, Indonesia, Bahrain, Iran, Iraq, Kuwait, Oman, "
            "Qatar, Saudi Arabia, the United Arab Emirates, Algeria, Gabon, Libya and Nigeria. "
            "Discontinued after February 2016.",
            ("Oil exporters", "石油出口国", "石油出口國")),
    Country("TOTAL", "Grand Total", (), None, "aggregate", "All foreign holders.",
            ("All foreign holders", "全部海外持有者", "全部海外持有者")),
    Country("ALL_OTHER", "All Other", (), None, "aggregate",
            "Holders not listed separately; the listed set changes every year, so this is not a "
            "consistent series.",
            ("All other", "其他", "其他")),
    Country("OFFICIAL", "Foreign Official", ("For. Official",), None, "aggregate",
            "Of the Grand Total: foreign official institutions.",
            ("Foreign official", "海外官方", "海外官方")),
    Country("OFFICIAL.BILLS", "Foreign Official Treasury Bills", ("Treasury Bills",), None, "aggregate",
            "Of the foreign official holdings: Treasury bills.",
            ("Foreign official: bills", "海外官方：国库券", "海外官方：國庫券")),
    Country("OFFICIAL.NOTES_BONDS", "Foreign Official T-Bonds & Notes", ("T-Bonds & Notes",), None, "aggregate",
            "Of the foreign official holdings: Treasury bonds and notes.",
            ("Foreign official: notes and bonds", "海外官方：中长期国债", "海外官方：中長期國債")),
)

#: code (ISO for countries) -> row
BY_CODE: dict[str, Country] = {c.code: c for c in COUNTRIES}

_FOOTNOTE_TAG = re.compile(r"\s*\b\d{1,2}/\s*$")
_OF_WHICH = re.compile(r"^of\s+which:\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """Normalised TIC label: no quotes, footnote tags, "Of which:" prefix or extra spaces; case-folded."""
    s = name.strip().strip('"').strip()
    s = _FOOTNOTE_TAG.sub("", s)
    s = _OF_WHICH.sub("", s)
    return _SPACES.sub(" ", s).strip().casefold()


_BY_NAME: dict[str, Country] = {}
for _country in COUNTRIES:
    for _n in (_country.name, *_country.aliases):
        _key = name_key(_n)
        if _key in _BY_NAME:  # pragma: no cover - a table error, caught by the tests at import
            raise ValueError(f"duplicate TIC name {_n!r}")
        _BY_NAME[_key] = _country


def by_tic_name(name: str) -> Country | None:
    """The row of a TIC label (any spelling in its files, with or without footnote tags), or None."""
    return _BY_NAME.get(name_key(name))


def _lang_index(lang: str) -> int:
    try:
        return LANGS.index(lang)
    except ValueError:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}") from None


def country_name(code: str, lang: str = "en") -> str:
    """Display name of a holder (ISO code, ``GROUP.<NAME>`` or a total's code) in ``lang``; an unknown code
    is returned as given."""
    i = _lang_index(lang)
    c = BY_CODE.get(code)
    if c is None:
        return code
    return c.display[i] or c.name
