"""The figures a text states, as numbers, so that two languages can be compared:
7,000 / 7000 / 七千 are 7000; 70亿 / 7 billion are 7000000000; 七成 / 70% are 70;
20世纪80年代 / the 1980s are 1980; two-thirds / 三分之二 are 2/3.

One is never a figure: in both languages it is mostly "a" (一家, one of them).
Ordinals (第二, the second) are not figures either."""

from __future__ import annotations

import calendar
import re
from fractions import Fraction

CITATION = re.compile(r"\[@[^\]]*\]|\[\^[^\]]*\]:?|<[^>]+>|\]\([^)]*\)")
# A locator written out in the text ("para. 26", 第26段, 图6) points into a source; it states nothing.
LOCATOR = re.compile(r"\b(?:paras?|figs?|pp?)\.\s*\d[\d–,-]*|第\d+[段页]|图\d+")
MULTIPLIERS = {"thousand": 1000, "million": 10**6, "billion": 10**9, "千": 1000, "万": 10**4, "亿": 10**8}
WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "twice": 2, "pair": 2,
}  # fmt: skip
MONTHS = list(calendar.month_name)[1:]
FRACTIONS = {"half": None, "thirds": 3, "third": 3, "quarters": 4}
EN_NUMBER = re.compile(
    r"\b(?:a|one)\s+(thousand|million|billion)\b|(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s+(thousand|million|billion))?|"
    rf"\b({'|'.join(WORDS)})(?:-(thirds?|quarters))?\b|\b({'|'.join(MONTHS)})\b",
    re.IGNORECASE,
)
EN_DECADE = re.compile(r"\b(\d{3}0)s\b")
EN_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b")
EN_GENERATION = re.compile(r"\bpost-([5-9][05])\b")  # "post-85": born from 1985 on

HAN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# Words whose numerals count nothing: idioms, names of days and wars.
IDIOMS = (
    "五花八门",
    "六一",
    "双十一",
    "二战",
    "一一",
    "十分",
    "万一",
    "千万",
    "百姓",
    "三番五次",
    "一五一十",
    "八成",
)
# A Chinese numeral is a figure when a measure word or unit follows it.
MEASURES = "个家户人名位辆年岁月日天倍项点套次批班段页层元种篇部座所条张间"
ZH_DECADE = re.compile(r"(\d{2})世纪(\d)0年代|(\d{3}0)年代")
ZH_FRACTION = re.compile(r"([一二三四五六七八九十\d]+)分之([一二三四五六七八九\d]+)")
ZH_DIGITS = re.compile(r"(?<![\d.第A-Za-z])(\d[\d,]*(?:\.\d+)?)\s*多?(千|万|亿)?")  # 400多万: over 4 million
ZH_GENERATION = re.compile(r"(?<!\d)([5-9][05])后")  # “85后”: born from 1985 on
ZH_PAIR = re.compile(r"([一二三四五六七八九])([二三四五六七八九])十")  # 四五十: forty or fifty
ZH_ONE_TWO = re.compile(r"一两")
ZH_TENTHS = re.compile(r"([一二三四五六七八九])成")  # 七成: 70 percent
ZH_NUMERAL = re.compile(rf"(?<!第)([一二两三四五六七八九十百千]+)(万|亿)?(?=[{MEASURES}])")


def han_number(text: str) -> int:
    """'七千' -> 7000, '十三' -> 13, '两' -> 2 (numerals up to the thousands)."""
    total, digit = 0, 0
    for char in text:
        if char in HAN_DIGITS:
            digit = HAN_DIGITS[char]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[char]
            total += (digit or 1) * unit
            digit = 0
    return total + digit


def english(text: str) -> set[Fraction]:
    text = LOCATOR.sub(" ", CITATION.sub(" ", text))
    found = {Fraction(int(d)) for d in EN_DECADE.findall(text)}
    found |= {Fraction(1900 + int(n)) for n in EN_GENERATION.findall(text)}
    text = EN_ORDINAL.sub(" ", EN_DECADE.sub(" ", EN_GENERATION.sub(" ", text)))
    for single, digits, multiplier, word, fraction, month in EN_NUMBER.findall(text):
        if single:
            found.add(Fraction(MULTIPLIERS[single.lower()]))
        elif month:
            if month[0].isupper():  # "may" the verb is not a month
                found.add(Fraction(MONTHS.index(month.capitalize()) + 1))
        elif digits:
            value = Fraction(digits.replace(",", "").rstrip(".") or "0")
            found.add(value * MULTIPLIERS.get(multiplier.lower(), 1) if multiplier else value)
        elif fraction:
            found.add(Fraction(WORDS[word.lower()], FRACTIONS[fraction.lower()]))
        else:
            found.add(
                Fraction(WORDS[word.lower()]) * (MULTIPLIERS.get(multiplier.lower(), 1) if multiplier else 1)
            )
    return found - {Fraction(1), Fraction(0)}


def chinese(text: str) -> set[Fraction]:
    text = LOCATOR.sub(" ", CITATION.sub(" ", text))
    for idiom in IDIOMS:
        text = text.replace(idiom, " ")
    text = re.sub(r"[几数][十百千万]+", " ", text)  # 几百套: "a few hundred", no figure in either language
    found = set()
    for century, decade, full in ZH_DECADE.findall(text):
        found.add(Fraction(int(full)) if full else Fraction((int(century) - 1) * 100 + int(decade) * 10))
    text = ZH_DECADE.sub(" ", text)
    for whole, part in ZH_FRACTION.findall(text):
        found.add(Fraction(_number(part), _number(whole)))
    text = ZH_FRACTION.sub(" ", text)
    found |= {Fraction(1900 + int(n)) for n in ZH_GENERATION.findall(text)}
    text = ZH_GENERATION.sub(" ", text)
    for digits, multiplier in ZH_DIGITS.findall(text):
        found.add(Fraction(digits.replace(",", "")) * MULTIPLIERS.get(multiplier, 1))
    for first, second in ZH_PAIR.findall(text):
        found |= {Fraction(HAN_DIGITS[first] * 10), Fraction(HAN_DIGITS[second] * 10)}
    found |= {Fraction(HAN_DIGITS[tenths] * 10) for tenths in ZH_TENTHS.findall(text)}
    text = ZH_ONE_TWO.sub("两", ZH_TENTHS.sub(" ", ZH_PAIR.sub(" ", text)))
    for numeral, multiplier in ZH_NUMERAL.findall(text):
        found.add(Fraction(han_number(numeral)) * MULTIPLIERS.get(multiplier, 1))
    return found - {Fraction(1), Fraction(0)}


def _number(text: str) -> int:
    return int(text) if text.isdigit() else han_number(text)


def figures(text: str, lang: str) -> set[Fraction]:
    return chinese(text) if lang == "zh" else english(text)


def shown(values: set[Fraction]) -> list[str]:
    return sorted((str(v) for v in values), key=lambda s: float(Fraction(s)))
