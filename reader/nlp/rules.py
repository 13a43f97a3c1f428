"""Rules for what has a grammar rather than a vocabulary: dates, money, percentages,
quantities, and Latin-script names and model numbers inside Arabic text.

Each rule yields `RuleMatch(start, end, type, canonical)` with code-point offsets
into the text it was given. Canonical forms make spellings of one value group
together: ٣٫٥٪ and 3.5 في المائة are both "3.5%", ٥ مليارات دولار is
"5000000000 USD", 27 كانون الثاني 2025 and 27/01/2025 are both "2025-01-27".

Word lists are turned into patterns that accept the spellings `normalise`
folds together (أ/إ/آ/ا, ة/ه, ى/ي), harakat at the end of a word (tanween),
and the proclitics و ف ب ل before a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, TypeVar

from reader.boilerplate import is_scraped_phrase
from reader.nlp.gazetteer import CURRENCY_SYMBOLS, ORG, PERSON, currency_names, month_names
from reader.nlp.normalise import fold_letters, normalise

DATE = "DATE"
MONEY = "MONEY"
PERCENT = "PERCENT"
QUANTITY = "QUANTITY"
PRODUCT = "PRODUCT"
NAME = "NAME"  # a Latin-script name whose type the caller decides


V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class RuleMatch:
    start: int
    end: int
    type: str
    canonical: str


_MARKS = "[\u064b-\u065f\u0670\u0640]*"
_BEFORE = r"(?<![\w\u064b-\u065f\u0670\u0640])"
_AFTER = r"(?![\w\u064b-\u065f\u0670\u0640])"
_PROCLITIC = "(?:[وف]?[بلك]?)"
# Digits may follow a proclitic directly (و12%، ب5 مليارات), so a number's left
# edge is only "no digit, separator or Latin letter before it".
_NUMBER_BEFORE = r"(?<![\d.,٫٬A-Za-z$€£¥])"


def _alternatives(words: Iterable[str]) -> str:
    """A regex for any spelling of any of `words`, the longest preferred.

    Built as a trie of the folded words (شباط|شعبان → ش(?:باط|عبان)): Python's
    regex engine tries the branches of an alternation one by one at every
    position of the text, so a flat list of a hundred month names made the
    date rule the slowest step of entity extraction.
    """
    trie: dict[str, Any] = {}
    for word in {normalise(w) for w in words}:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_WORD_END] = {}
    # Marks are allowed at the end of the word (tanween: مليوناً), not between
    # its letters; one class after the trie, not one at each of its word ends:
    # Python's regex compiler takes half a millisecond over each of them.
    return "(?:" + _trie_pattern(trie) + ")" + _MARKS


_WORD_END = ""


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [
        ((_MARKS + r"\s+") if char == " " else re.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char != _WORD_END
    ]
    if _WORD_END in node:
        # Tried last: a longer word through this one wins.
        branches.append("")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


_DIGITS = "0123456789"
_DIGIT_VALUE = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    _DIGITS * 2,
)
_NUMBER = r"\d+(?:[.,٫٬]\d+)*"
_SCALES = {
    "ألف": 10**3,
    "آلاف": 10**3,
    "ألفا": 10**3,
    "ألفين": 2 * 10**3,
    "مليون": 10**6,
    "ملايين": 10**6,
    "مليونا": 10**6,
    "مليار": 10**9,
    "مليارات": 10**9,
    "مليارا": 10**9,
    "مليارين": 10**9,  # after a number, read as the plain word (…و2 مليارين is rare)
    "ملياري": 10**9,
    "مليونين": 10**6,
    "مليوني": 10**6,
    "بليون": 10**9,
    "تريليون": 10**12,
    "ترليون": 10**12,
    "تريليونات": 10**12,
}
# Scale words that stand for a number alone, and how many of the scale:
# the dual (ألفا، مليونين) is two.
_BARE_SCALES = {
    "ألف": 1,
    "مليون": 1,
    "مليار": 1,
    "بليون": 1,
    "تريليون": 1,
    "ألفا": 2,
    "ألفين": 1,  # _SCALES counts it as 2,000 already
    "مليونا": 2,
    "مليونين": 2,
    "مليارا": 2,
    "مليارين": 2,
    "ملياري": 2,
    "مليوني": 2,
}
_LATIN_SCALES = {
    "k": 10**3,
    "K": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "M": 10**6,
    "mn": 10**6,
    "million": 10**6,
    "b": 10**9,
    "B": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "trillion": 10**12,
    "T": 10**12,
}
_NUMBER_WORDS: dict[str, int | Decimal] = {
    "واحد": 1,
    "اثنان": 2,
    "اثنين": 2,
    "ثلاثة": 3,
    "ثلاث": 3,
    "أربعة": 4,
    "أربع": 4,
    "خمسة": 5,
    "خمس": 5,
    "ستة": 6,
    "ست": 6,
    "سبعة": 7,
    "سبع": 7,
    "ثمانية": 8,
    "ثماني": 8,
    "تسعة": 9,
    "تسع": 9,
    "عشرة": 10,
    "عشر": 10,
    "عشرات": 10,
    "مئات": 100,
    "مائة": 100,
    "مئة": 100,
    "نصف": Decimal("0.5"),
}
_UNITS = {
    "كيلومتر": "km",
    "كيلومترات": "km",
    "كلم": "km",
    "كم": "km",
    "متر": "m",
    "أمتار": "m",
    "سنتيمتر": "cm",
    "نانومتر": "nm",
    "نانو متر": "nm",
    "كيلوغرام": "kg",
    "كيلوجرام": "kg",
    "كغ": "kg",
    "كجم": "kg",
    "غرام": "g",
    "جرام": "g",
    "طن": "t",
    "أطنان": "t",
    "برميل": "bbl",
    "براميل": "bbl",
    "لتر": "l",
    "ميغاواط": "MW",
    "ميجاوات": "MW",
    "غيغاواط": "GW",
    "جيجاوات": "GW",
    "كيلوواط": "kW",
    "ميغابايت": "MB",
    "غيغابايت": "GB",
    "جيجابايت": "GB",
    "تيرابايت": "TB",
    "هكتار": "ha",
    "درجة": "deg",
    "دقيقة": "min",
    "ساعة": "h",
    "يوما": "d",
    "أيام": "d",
    "أسابيع": "wk",
    "أشهر": "mo",
    "شهرا": "mo",
    "سنوات": "y",
    "عاما": "y",
    "أعوام": "y",
}
_LATIN_UNITS = r"(?:km|kg|nm|mm|cm|GB|TB|MB|MW|GW|kW|TFLOPS|PFLOPS|FLOPS|GHz|MHz)"
_PERCENT_WORDS = (
    r"(?:%|٪|في\s*ال"
    + _MARKS
    + r"م[ائ]"
    + _MARKS
    + r"[ئي]?"
    + _MARKS
    + r"[ةه]|بال"
    + _MARKS
    + r"م[ائ]"
    + _MARKS
    + r"[ئي]?"
    + _MARKS
    + r"[ةه])"
)
_WEEKDAYS = ("الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت")
# Months that are also ordinary words or names: only a date with a day, a year
# or "شهر" before them.
_AMBIGUOUS_MONTHS = {
    normalise(w)
    for w in ("مارس", "ماي", "آب", "صفر", "رجب", "رمضان", "شعبان", "محرم", "جوان", "أوت", "تموز")
}
_ORDINALS_1_TO_9 = (
    *("الأول", "الثاني", "الثالث", "الرابع", "الخامس"),
    *("السادس", "السابع", "الثامن", "التاسع"),
)
# A day of the month written as an ordinal (الثامن من أكتوبر), 1 to 31.
_DAY_ORDINALS = {
    **{word: n for n, word in enumerate(_ORDINALS_1_TO_9, 1)},
    "العاشر": 10,
    "الحادي عشر": 11,
    **{f"{word} عشر": n for n, word in enumerate(_ORDINALS_1_TO_9[1:], 12)},
    "العشرين": 20,
    "الحادي والعشرين": 21,
    **{f"{word} والعشرين": n for n, word in enumerate(_ORDINALS_1_TO_9[1:], 22)},
    "الثلاثين": 30,
    "الحادي والثلاثين": 31,
}
# "The first week/half/quarter of March" is not a day of March.
_NOT_A_DAY_BEFORE = "".join(
    rf"(?<!{word}\s)" for word in ("الأسبوع", "النصف", "الربع", "الثلث", "العقد", "اليوم")
)
_HIJRI_ERA = r"(?:هـ|ه\.|هجري[ةه]?|للهجر[ةه])"
_ERA = rf"(?:\s*(?:{_HIJRI_ERA}|م\.?|ميلادي[ةه]?|للميلاد|AD|BC|BCE|CE))?"


def _number_value(text: str) -> Decimal | None:
    """The value of a written number; "," is a thousands separator unless it
    leads one or two digits at the end, where it is a decimal comma."""
    digits = text.translate(_DIGIT_VALUE).replace("٫", ".").replace("٬", ",")
    if "," in digits and "." not in digits:
        head, _, tail = digits.rpartition(",")
        if len(tail) != 3:
            digits = head.replace(",", "") + "." + tail
    digits = digits.replace(",", "")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _format(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# One later part of a compound amount (و200 مليون), read by `_amount`.
TAIL_PART = "TAIL_PART"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    scale = _alternatives(_SCALES)
    number_word = _alternatives(_NUMBER_WORDS)
    # More parts of a compound amount (مليار و200 مليون، 3 آلاف و500), after
    # a scale word only; `_amount` keeps the parts that make sense.
    tail = rf"(?:\s*و\s*{_NUMBER}(?:\s*{scale})?)+"
    tail_part = rf"\s*و\s*(?P<number>{_NUMBER})(?:\s*(?P<scale>{scale}))?"
    quantity = (
        rf"(?:(?P<num>{_NUMBER})(?:\s*(?P<scale>{scale}|(?:{'|'.join(_LATIN_SCALES)})(?![A-Za-z]))"
        rf"(?P<more>{tail})?)?"
        rf"|(?P<word>{number_word})\s+(?P<wscale>{scale})(?P<wmore>{tail})?)"
    )
    # A scale word is a number on its own before a currency (مليون دولار,
    # ملياري دولار), not elsewhere: ألف is also a verb.
    word_start = rf"(?:{_BEFORE}|(?<=(?<![\w\u064b-\u065f\u0670\u0640])[وفبلك]))"
    bare = rf"{word_start}(?P<bare>{_alternatives(_BARE_SCALES)})(?P<bmore>{tail})?"
    # The one or two words after a number; `money` looks them up among the
    # currency names (a regex alternation of CLDR's 260 names compiles slowly).
    word = r"[^\W\d_](?:[^\W\d_]|[\u064b-\u065f\u0670\u0640])*"  # no digits: و10 is not a word
    currency = rf"(?P<cur>{word}(?:[ ]{word})?)"
    money_symbol_first = rf"(?<![A-Za-z0-9$])(?P<sym>US\$|[$€£¥]|USD|EUR)\s?{quantity}{_AFTER}"
    money = rf"{_NUMBER_BEFORE}(?:{quantity}|{bare})\s*(?:{currency}|(?P<sym2>[$€£¥])(?![\w]))"
    percent = (
        rf"(?:{_NUMBER_BEFORE}{quantity}\s*{_PERCENT_WORDS}{_AFTER}"
        rf"|(?<=\s)[%٪]\s?(?P<pnum>{_NUMBER}){_AFTER})"
    )
    units = _alternatives(_UNITS)
    quantity_rule = (
        rf"{_NUMBER_BEFORE}{quantity}\s*(?:(?P<unit>{units})|(?P<lunit>{_LATIN_UNITS}))?{_AFTER}"
    )
    month_words = _alternatives(month_names())
    # آذار/مارس, and آذار (مارس): the Levantine and the Gregorian names together.
    month = (
        rf"(?P<month>{month_words})"
        rf"(?:\s*/\s*(?P<month2>{month_words})|\s*\(\s*(?P<month3>{month_words})\s*\))?"
    )
    weekday = _alternatives(_WEEKDAYS)
    ordinal = _alternatives(_DAY_ORDINALS)
    year = r"(?P<year>\d{4}|\d{3,4}(?=\s*(?:هـ|ه\.)))"
    date = (
        # Each left-edge test once, not once per alternative: the regex
        # engine tries this at every position of the text.
        rf"(?:{_NUMBER_BEFORE}(?:"
        # 27/9/1948, 27.9.1948, 27-9-1948, and with spaces round the slashes: 27 / 9 / 1948.
        rf"(?P<d1>\d{{1,2}})(?:\s*/\s*|[.-])(?P<m1>\d{{1,2}})(?:\s*/\s*|[.-])(?P<y1>\d{{4}}|\d{{2}})"
        rf"|(?P<y2>\d{{4}})-(?P<m2>\d{{1,2}})-(?P<d2>\d{{1,2}})"
        rf"|(?P<hy>\d{{3,4}})\s*{_HIJRI_ERA})"
        rf"|{_BEFORE}(?:(?:(?P<wd>{weekday})\s*[،,]?\s*)?"
        rf"(?:(?P<day>\d{{1,2}})\s*(?:من\s+)?|{_NOT_A_DAY_BEFORE}(?P<dayord>{ordinal})\s+من\s+)?"
        rf"(?P<shahr>(?:{_PROCLITIC}شهر\s+))?{_PROCLITIC}{month}"
        rf"(?:\s*[،,]?\s*(?:(?:من\s+)?(?:عام|العام|سنة|السنة)\s+)?{year})?{_ERA}"
        rf"|(?P<yearword>(?:{_PROCLITIC}(?:عام|العام|سنة|السنة|مطلع|أواخر|منتصف))\s+)(?P<y3>\d{{4}}){_ERA}"
        rf"|(?P<dayword>(?:{_PROCLITIC}(?:يوم|نهار|مساء|صباح|ليلة))\s+)(?P<wd2>{weekday}))"
        rf")(?![\w/])"
    )
    latin = (
        r"(?<![A-Za-z0-9])(?:[A-Za-z][A-Za-z0-9'’&+-]*[A-Za-z0-9+]|[A-Z])"
        r"(?:[ ](?:[A-Z0-9][A-Za-z0-9.+-]*[A-Za-z0-9+]|[A-Z0-9]))*(?![\w])"
    )
    # The patterns run on `_letters_folded(text)`, so their own letters are
    # folded too ([ةه] → [هه], أواخر → اواخر); regex syntax is ASCII and unchanged.
    return {
        DATE: re.compile(fold_letters(date)),
        MONEY: re.compile(fold_letters(money)),
        "MONEY_SYMBOL_FIRST": re.compile(fold_letters(money_symbol_first)),
        PERCENT: re.compile(fold_letters(percent)),
        QUANTITY: re.compile(fold_letters(quantity_rule)),
        NAME: re.compile(latin),
        TAIL_PART: re.compile(fold_letters(tail_part)),
    }


_HIJRI_AFTER = re.compile(fold_letters(rf"\s*{_HIJRI_ERA}"))

# The rules run one after another on the same text: it is folded once.
_letters_folded = lru_cache(maxsize=1)(fold_letters)


def _amount(match: re.Match[str]) -> tuple[Decimal, int | None] | None:
    """The amount a money, percentage or quantity match names, and None if all
    of the match is that amount, else where the amount stops: a compound's
    later part must be smaller than the one before (مليار و200 مليون, not
    5 ملايين و3 ملايين, which are two amounts)."""
    groups = match.groupdict()
    if groups.get("num"):
        value = _number_value(groups["num"])
        scale_word, tail = groups.get("scale"), "more"
    elif groups.get("word"):
        value = Decimal(_NUMBER_WORDS_BY_FOLD.get(normalise(groups["word"]), 1))
        scale_word, tail = groups.get("wscale"), "wmore"
    elif groups.get("bare"):
        value = Decimal(_BARE_SCALES_BY_FOLD.get(normalise(groups["bare"]), 1))
        scale_word, tail = groups["bare"], "bmore"
    else:
        return None
    if value is None:
        return None
    scale = 1
    if scale_word:
        scale = _LATIN_SCALES.get(scale_word) or _SCALES_BY_FOLD.get(normalise(scale_word), 1)
    value *= scale
    if not groups.get(tail):
        return value, None
    position, end = match.span(tail)
    last = _magnitude(scale)
    while position < end:
        part = _patterns()[TAIL_PART].match(match.string, position, end)
        if part is None:
            break
        number = _number_value(part["number"])
        if number is None:
            break
        if part["scale"]:
            part_scale = _SCALES_BY_FOLD.get(normalise(part["scale"]), 1)
        elif last == 1000:  # ألف و500: units after thousands only
            part_scale = 1
        else:
            break
        if _magnitude(part_scale) >= last or number * part_scale >= last:
            break
        value += number * part_scale
        last = _magnitude(part_scale)
        position = part.end()
    return value, (None if position == end else position)


def _magnitude(scale: int) -> int:
    """The power of ten a scale counts in (2,000 → 1,000)."""
    return int(10 ** (len(str(int(scale))) - 1))


def _by_fold(table: Mapping[str, V]) -> dict[str, V]:
    """`table` keyed by folded spelling, the first spelling listed winning a tie:
    the tables list one spelling, the text may use another."""
    folded: dict[str, V] = {}
    for key, value in table.items():
        folded.setdefault(normalise(key), value)
    return folded


_SCALES_BY_FOLD = _by_fold(_SCALES)
_NUMBER_WORDS_BY_FOLD = _by_fold(_NUMBER_WORDS)
_UNITS_BY_FOLD = _by_fold(_UNITS)
_DAY_ORDINALS_BY_FOLD = _by_fold(_DAY_ORDINALS)
_BARE_SCALES_BY_FOLD = _by_fold(_BARE_SCALES)


def _hijri_after(match: re.Match[str], group: str) -> bool:
    """Whether the date's text names the Hijri era after `group` (1445 هـ)."""
    return _HIJRI_AFTER.match(match.string, match.end(group), match.end()) is not None


_MARKS_RE = re.compile("[\u064b-\u065f\u0670\u0640]")
_RELATIVE_DATE = re.compile(
    fold_letters(
        r"(?<![\w\u064b-\u065f\u0670\u0640])(?:[وف]?(?:ب|ل)?)"
        r"(?:(?:اليوم|أمس|البارحة|غدا|غدًا|غداً)"
        r"|(?:الأسبوع|الشهر|العام|الموسم)\s+(?:الماضي|المقبل|القادم|الحالي|الجاري)"
        r"|(?:السنة)\s+(?:الماضية|المقبلة|القادمة|الحالية|الجارية))"
        r"(?![\w\u064b-\u065f\u0670\u0640])"
    )
)


def dates(text: str) -> Iterator[RuleMatch]:
    months = month_names()
    for match in _patterns()[DATE].finditer(_letters_folded(text)):
        # Digits in the canonical form are ASCII, whichever the text used.
        g = {k: v.translate(_DIGIT_VALUE) if v else v for k, v in match.groupdict().items()}
        start, end = match.span()
        if g["d1"]:
            day, month, year = int(g["d1"]), int(g["m1"]), g["y1"]
            if len(year) == 2:
                year = ("20" if int(year) < 50 else "19") + year
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            yield RuleMatch(start, end, DATE, f"{year}-{month:02d}-{day:02d}")
        elif g["y2"]:
            month, day = int(g["m2"]), int(g["d2"])
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            yield RuleMatch(start, end, DATE, f"{g['y2']}-{month:02d}-{day:02d}")
        elif g["month"]:
            folded = " ".join(normalise(g["month"]).split())
            calendar, month = months.get(folded, ("gregorian", 0))
            day_text, year = g["day"], g["year"]
            if g["dayord"]:
                day_text = str(_DAY_ORDINALS_BY_FOLD[" ".join(normalise(g["dayord"]).split())])
            if folded in _AMBIGUOUS_MONTHS and not (day_text or year or g["shahr"]):
                continue
            if day_text and not 1 <= int(day_text) <= 31:
                continue
            canonical = f"{year}-{month:02d}" if year else f"--{month:02d}"
            if day_text:
                canonical += f"-{int(day_text):02d}"
            if calendar == "hijri":
                canonical += " AH"
            if g["wd"] and not day_text:
                start = match.start("shahr") if g["shahr"] else match.start("month")
            yield RuleMatch(start, end, DATE, canonical)
        elif g["hy"]:
            yield RuleMatch(start, end, DATE, f"{g['hy']} AH")
        elif g["y3"]:
            era = " AH" if _hijri_after(match, "y3") else ""
            yield RuleMatch(start, end, DATE, g["y3"] + era)
        elif g["wd2"]:
            yield RuleMatch(start, end, DATE, normalise(g["wd2"]))
    # Dates said relative to the article's own (اليوم، العام المقبل): a date,
    # its canonical form the phrase itself, which only the article's date
    # would turn into a day.
    for match in _RELATIVE_DATE.finditer(_letters_folded(text)):
        said = " ".join(_MARKS_RE.sub("", text[match.start() : match.end()]).split())
        yield RuleMatch(match.start(), match.end(), DATE, said)


def money(text: str) -> Iterator[RuleMatch]:
    patterns = _patterns()
    folded = _letters_folded(text)
    found = [
        *_money_matches(patterns[MONEY], folded),
        *_money_matches(patterns["MONEY_SYMBOL_FIRST"], folded),
    ]
    yield from sorted(found, key=lambda m: m.start)


class _Scan:
    """`pattern.finditer(text)`, except that the loop may move where the next
    search starts back into a match (`resume`): the rules learn only after
    matching that the regex took more than the amount or the currency."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.pattern = pattern
        self.text = text
        self.resume = 0

    def __iter__(self) -> Iterator[re.Match[str]]:
        while (match := self.pattern.search(self.text, self.resume)) is not None:
            self.resume = max(match.end(), match.start() + 1)
            yield match


def _money_matches(pattern: re.Pattern[str], folded: str) -> Iterator[RuleMatch]:
    currencies = currency_names()
    scan = _Scan(pattern, folded)
    for match in scan:
        amount = _amount(match)
        if amount is None:
            continue
        value, stop = amount
        if stop is not None:  # two amounts: the currency belongs to the second
            scan.resume = stop
            continue
        groups = match.groupdict()
        end = match.end()
        if groups.get("cur"):
            found_currency = _currency_at(groups["cur"], currencies)
            if found_currency is None:
                scan.resume = match.start("cur")  # not a currency: maybe the next amount
                continue
            length, code = found_currency
            # The words after the currency's name are not part of it: the
            # next amount may start there (يورو و200 مليون جنيه).
            end = scan.resume = match.start("cur") + length
        else:
            symbol = groups.get("sym") or groups.get("sym2") or ""
            code = CURRENCY_SYMBOLS.get(symbol) or currencies.get(normalise(symbol), symbol)
        yield RuleMatch(match.start(), end, MONEY, f"{_format(value)} {code}")


def _currency_at(words: str, currencies: Mapping[str, str]) -> tuple[int, str] | None:
    """(length in `words`, ISO code) of the currency name `words` starts with, if any.

    The longer reading wins (دولار أمريكي over دولار); the first word may carry
    a proclitic (بالدولار، دولارا).
    """
    parts = words.split(" ")
    candidates = []
    if len(parts) > 1:
        candidates.append((len(words), normalise(words)))
    candidates.append((len(parts[0]), normalise(parts[0])))
    # The accusative's alef (خمسون جنيهاً مصرياً), on every word of the name.
    candidates += [
        (length, " ".join(word.removesuffix("ا") for word in folded.split(" ")))
        for length, folded in candidates
        if folded.endswith("ا")
    ]
    for length, folded in candidates:
        code = currencies.get(folded)
        if code is None and folded[:1] in ("ب", "و", "ف", "ل") and len(folded) > 3:
            code = currencies.get(folded[1:]) or currencies.get(folded.removeprefix("بال"))
        if code is not None:
            return length, code
    return None


def percentages(text: str) -> Iterator[RuleMatch]:
    scan = _Scan(_patterns()[PERCENT], _letters_folded(text))
    for match in scan:
        if match.group("pnum"):
            value = _number_value(match.group("pnum"))
        else:
            amount = _amount(match)
            if amount is not None and amount[1] is not None:
                scan.resume = amount[1]  # two amounts: the % belongs to the second
                continue
            value = amount[0] if amount else None
        if value is not None:
            yield RuleMatch(match.start(), match.end(), PERCENT, f"{_format(value)}%")


# Units of time → ISO 8601 designator, and the dual forms' two.
_DURATION_UNITS: dict[str, tuple[str, int | None]] = {
    **dict.fromkeys(("سنة", "سنوات", "سنين", "عام", "عاما", "أعوام", "سنه"), ("Y", None)),
    **dict.fromkeys(("سنتين", "سنتان", "عامين", "عامان"), ("Y", 2)),
    **dict.fromkeys(("شهر", "شهرا", "أشهر", "شهور"), ("M", None)),
    **dict.fromkeys(("شهرين", "شهران"), ("M", 2)),
    **dict.fromkeys(("أسبوع", "أسبوعا", "أسابيع"), ("W", None)),
    **dict.fromkeys(("أسبوعين", "أسبوعان"), ("W", 2)),
    **dict.fromkeys(("يوم", "يوما", "أيام"), ("D", None)),
    **dict.fromkeys(("يومين", "يومان"), ("D", 2)),
    **dict.fromkeys(("ساعة", "ساعات"), ("H", None)),
    **dict.fromkeys(("ساعتين", "ساعتان"), ("H", 2)),
    **dict.fromkeys(("دقيقة", "دقائق"), ("MIN", None)),
    **dict.fromkeys(("دقيقتين", "دقيقتان"), ("MIN", 2)),
}
# Counted numbers a duration is said with (not عشرات/مئات: "tens of years"
# is no length of time).
_DURATION_NUMBERS = {w: n for w, n in _NUMBER_WORDS.items() if w not in ("عشرات", "مئات")}
_DURATION = re.compile(
    fold_letters(
        rf"{_BEFORE}(?:[وفبل]?(?P<num>\d+(?:[.,٫]\d+)?)|{_PROCLITIC}(?P<word>"
        rf"{_alternatives(_DURATION_NUMBERS)}))\s+(?P<unit>{_alternatives(_DURATION_UNITS)})"
        # The accusative's alef after the tanween (يومًا, شهرًا).
        rf"(?:ا{_MARKS})?{_AFTER}"
        rf"|{_BEFORE}{_PROCLITIC}(?P<dual>"
        rf"{_alternatives(w for w, (_, n) in _DURATION_UNITS.items() if n == 2)}){_AFTER}"
    )
)
_DURATION_UNITS_BY_FOLD = _by_fold(_DURATION_UNITS)
_DURATION_NUMBERS_BY_FOLD = _by_fold(_DURATION_NUMBERS)


def durations(text: str) -> Iterator[RuleMatch]:
    """Lengths of time: ثلاث سنوات, 15 عاما, خمسة أيام, منذ عامين. They are
    DATE mentions (as TIMEX corpora count them) with an ISO 8601 duration as
    their canonical form: P3Y, P15Y, P5D, P2Y; hours and minutes PT2H, PT10M."""
    for match in _DURATION.finditer(_letters_folded(text)):
        if match.group("dual"):
            designator, count = _DURATION_UNITS_BY_FOLD[normalise(match.group("dual"))]
            value: Decimal | int | None = count
            start = match.start("dual")
        else:
            designator, _ = _DURATION_UNITS_BY_FOLD[normalise(match.group("unit"))]
            if match.group("num"):
                value = _number_value(match.group("num"))
                start = match.start("num")
            else:
                value = _DURATION_NUMBERS_BY_FOLD.get(normalise(match.group("word")))
                start = match.start("word")
        if value is None:
            continue
        amount = _format(Decimal(value))
        if designator in ("H", "MIN"):
            canonical = f"PT{amount}{designator[0]}"
        else:
            canonical = f"P{amount}{designator}"
        yield RuleMatch(start, match.end(), DATE, canonical)


# Hours said as ordinals: الساعة العاشرة.
_HOURS = {
    "الواحدة": 1,
    "الثانية": 2,
    "الثالثة": 3,
    "الرابعة": 4,
    "الخامسة": 5,
    "السادسة": 6,
    "السابعة": 7,
    "الثامنة": 8,
    "التاسعة": 9,
    "العاشرة": 10,
    "الحادية عشرة": 11,
    "الثانية عشرة": 12,
}
_AFTERNOON = ("مساء", "مساءً", "ظهرا", "عصرا", "ليلا")
_TIME = re.compile(
    fold_letters(
        rf"{_BEFORE}{_PROCLITIC}الساعة\s+(?:(?P<h>\d{{1,2}})(?:[:.](?P<m>\d{{2}}))?"
        rf"|(?P<hw>{_alternatives(_HOURS)}))"
        rf"(?:\s+و\s*(?P<part>النصف|الربع|(?P<mins>\d{{1,2}})\s+دقيقة))?"
        rf"(?:\s+(?P<when>صباحا|صباح|{_alternatives(_AFTERNOON)}))?{_AFTER}"
        # Bare, only with a colon: 3.45 is a number (نمو 3.45 في المائة).
        rf"|{_BEFORE}(?P<h2>\d{{1,2}}):(?P<m2>\d{{2}})(?:\s+(?P<when2>صباحا|{_alternatives(_AFTERNOON)}))?{_AFTER}"
    )
)
_HOURS_BY_FOLD = _by_fold(_HOURS)
_AFTERNOON_BY_FOLD = {normalise(w) for w in _AFTERNOON}


def times(text: str) -> Iterator[RuleMatch]:
    """Times of day: الساعة العاشرة صباحا, الساعة 10:30, الساعة الثالثة
    والنصف مساء, 14:45. DATE mentions whose canonical form is ISO 8601's
    time: T10:00, T10:30, T15:30, T14:45."""
    for match in _TIME.finditer(_letters_folded(text)):
        if match.group("h2"):
            hour, minute, when = (
                int(match.group("h2")),
                int(match.group("m2")),
                match.group("when2"),
            )
        else:
            if match.group("h"):
                hour = int(match.group("h"))
            else:
                hour = _HOURS_BY_FOLD.get(normalise(match.group("hw")), -1)
            minute = int(match.group("m") or 0)
            part = normalise(match.group("part") or "")
            if part == normalise("النصف"):
                minute = 30
            elif part == normalise("الربع"):
                minute = 15
            elif match.group("mins"):
                minute = int(match.group("mins"))
            when = match.group("when")
        if when and normalise(when) in _AFTERNOON_BY_FOLD and 1 <= hour < 12:
            hour += 12
        if not (0 <= hour <= 24 and 0 <= minute < 60):
            continue
        yield RuleMatch(match.start(), match.end(), DATE, f"T{hour:02d}:{minute:02d}")


def quantities(text: str) -> Iterator[RuleMatch]:
    """Numbers, with their scale words and units; a bare year-like number is a DATE."""
    scan = _Scan(_patterns()[QUANTITY], _letters_folded(text))
    for match in scan:
        amount = _amount(match)
        if amount is None:
            continue
        value, stop = amount
        if stop is not None:  # two amounts: this one ends where the next begins
            scan.resume = stop
            yield RuleMatch(match.start(), stop, QUANTITY, _format(value))
            continue
        unit_text = match.group("unit") or match.group("lunit")
        if unit_text:
            unit = _UNITS_BY_FOLD.get(normalise(unit_text), unit_text)
            canonical = f"{_format(value)} {unit}"
        else:
            canonical = _format(value)
        number = match.group("num") or ""
        bare = not (unit_text or match.group("scale") or match.group("word"))
        if bare and re.fullmatch(r"\d{4}", number) and 1800 <= int(canonical) <= 2199:
            yield RuleMatch(match.start(), match.end(), DATE, canonical)
            continue
        yield RuleMatch(match.start(), match.end(), QUANTITY, canonical)


# Nouns after which a quoted name is an organisation's whole name (مجلة
# “الدبلوماسي”, حركة «حماس», شركة «أرامكو»). A ministry or a university is
# named with its noun (وزارة الصحة) and is left to the model.
QUOTING_NOUNS = (
    "مجلة صحيفة جريدة وكالة قناة إذاعة شبكة موقع منصة دار شركة مجموعة حزب حركة جماعة تنظيم نادي"
)
_QUOTED_ORGANISATION = re.compile(
    rf"{_BEFORE}{_PROCLITIC}(?:ال)?(?:{QUOTING_NOUNS.replace(' ', '|')}){_MARKS}"
    r"[ ]*[«“\"]([^«»“”\"\n]{2,40}?)[»”\"]"
)


def quoted_organisations(text: str) -> Iterator[RuleMatch]:
    """Names in quotes after a noun that says what they name: in «وذكرت مجلة
    “الدبلوماسي”» the magazine is an organisation, not the word "diplomat".
    Only names in Arabic letters of at most four words; Latin ones are left to
    `latin_names` and the gazetteers."""
    for match in _QUOTED_ORGANISATION.finditer(text):
        name = match.group(1).strip()
        if not name or name.isascii() or len(name.split()) > 4:
            continue
        start = match.start(1) + match.group(1).index(name)
        yield RuleMatch(start, start + len(name), ORG, " ".join(name.split()))


# After a Latin run: the rest of its word (’s) and a lowercase Latin word.
_PROSE_AFTER = re.compile(r"[^\s]{0,3}[ ]+[a-z]")


def latin_names(text: str) -> Iterator[RuleMatch]:
    """Runs of Latin-script words in text that is otherwise not Latin: names and models.

    A run of capitalised words, acronyms and model numbers ("Nvidia H100",
    "Ascend 910C", "Grok 3", "DeepSeek R1"); lowercase words are taken only
    when they carry an inner capital or digit (xAI, iPhone, gpt-4o). Whole
    English sentences quoted in an article are left alone: a run of more than
    five words is prose, not a name.
    """
    for match in _patterns()[NAME].finditer(text):
        words = match.group().split(" ")
        if not _name_like(words[0]) and _PROSE_AFTER.match(text, match.end()):
            # Inside English prose quoted in the article, lowercase words on
            # both sides ("our Nation's technological edge"): a sentence's
            # capital, not a name.
            continue
        # Trim lowercase words at either end unless they look like names.
        while words and not _name_like(words[0]):
            words.pop(0)
        while words and not _name_like(words[-1]):
            words.pop()
        if not words or len(words) > 5:
            continue
        if len(words) == 1 and not single_name_like(words[0]):
            continue
        phrase = " ".join(words)
        if is_scraped_phrase(phrase):
            continue  # a scraped page's "Contact Us", "Read More"
        start = match.start() + match.group().index(phrase)
        if len(words) == 1 and _alone_on_its_line(text, start, start + len(phrase)):
            continue  # a scraped page's stray line ("TFYHTY"), not a name in a sentence
        # Two names side by side ("Palantir Technologies CNBC"): a corporate
        # last word ends the first.
        pieces: list[list[str]] = [[]]
        for word in words:
            pieces[-1].append(word)
            if word.casefold() in _CORPORATE_ENDS and len(pieces[-1]) > 1:
                pieces.append([])
        at = start
        for piece in filter(None, pieces):
            piece_text = " ".join(piece)
            has_model_number = any(any(c.isdigit() for c in w) for w in piece)
            yield RuleMatch(
                at,
                at + len(piece_text),
                PRODUCT if has_model_number else NAME,
                piece_text.casefold(),
            )
            at += len(piece_text) + 1


_CORPORATE_ENDS = frozenset(
    ["inc", "inc.", "corp", "corp.", "ltd", "ltd.", "llc", "plc", "technologies", "holdings"]
)


def _alone_on_its_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip() and not text[end:line_end].strip(" \t\r.")


@lru_cache(maxsize=1)
def latin_given_names() -> frozenset[str]:
    """Given names in Latin script (data/latin_given_names.txt): a Latin run
    that starts with one is a person (JD Vance and Sara Eisen, not ORGs)."""
    from importlib import resources

    text = resources.files("reader.nlp").joinpath("data/latin_given_names.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def latin_person(phrase: str) -> bool:
    """A Latin run that reads as a person's name: two or three capitalised
    words, the first a known given name or initials (JD, J.D.)."""
    words = phrase.split(" ")
    if not 2 <= len(words) <= 3:
        return False
    if not all(word[:1].isupper() and word[1:].islower() for word in words[1:]):
        return False  # "Goldman Sachs" passes, "Nvidia H100" and "JD AI" do not
    first = words[0]
    initials = first.replace(".", "")
    if first in latin_given_names():
        return True
    return initials.isupper() and 1 <= len(initials) <= 2 and initials not in _GENERIC_ACRONYMS


@lru_cache(maxsize=1)
def english_common() -> frozenset[str]:
    """English words common enough (data/english_common.txt, from wordfreq)
    that a Latin run made only of them is a phrase: "Chips", "Ratchet Up"."""
    from importlib import resources

    text = resources.files("reader.nlp").joinpath("data/english_common.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


# Last words that make a Latin run an organisation, whatever comes before:
# "Brookings Institution", "Advantest Corp", "Palantir Technologies"; the
# corporate ones also end a name where another follows (`latin_names`).
ORG_SUFFIXES = _CORPORATE_ENDS | frozenset(
    [
        "corporation",
        "co",
        "co.",
        "ag",
        "sa",
        "gmbh",
        "group",
        "technology",
        "institute",
        "institution",
        "university",
        "college",
        "foundation",
        "bank",
        "capital",
        "partners",
        "ventures",
        "labs",
        "laboratories",
        "systems",
        "networks",
        "motors",
        "airlines",
        "association",
        "council",
        "agency",
        "ministry",
        "party",
        "fund",
        "times",
        "post",
        "journal",
        "news",
        "review",
        "magazine",
        "press",
        "media",
    ]
)


def latin_kind(phrase: str) -> str | None:
    """What a Latin run (from `latin_names`) is by its words alone: PERSON
    (a given name or initials first: JD Vance), ORG (a corporate or
    institutional last word: Advantest Corp), None when every word is a common
    English word or a generic acronym ("Chips", "Ratchet Up", "Gen AI
    Startup": a phrase, not a name), else NAME (unknown: the caller decides,
    from the article)."""
    if latin_person(phrase):
        return PERSON
    words = phrase.split(" ")
    if words[-1].casefold() in ORG_SUFFIXES:
        return None if len(words) == 1 else ORG
    common = english_common()
    # An acronym (MIT, CNBC) is not the English word it spells.
    if all(
        w.upper() in _GENERIC_ACRONYMS or (w.casefold() in common and not is_acronym(w))
        for w in words
    ):
        return None
    return NAME


# Acronyms of things, not names, that tech news writes in Latin inside Arabic.
_GENERIC_ACRONYMS = frozenset(
    [
        "AI",
        "AGI",
        "API",
        "APP",
        "CEO",
        "CFO",
        "COO",
        "COT",
        "CPU",
        "CTO",
        "FAQ",
        "GDP",
        "GPU",
        "HTML",
        "ID",
        "IPO",
        "IT",
        "LLM",
        "LLMS",
        "ML",
        "NLP",
        "OK",
        "PC",
        "PDF",
        "RAM",
        "RL",
        "RLHF",
        "SFT",
        "SSD",
        "TV",
        "UI",
        "URL",
        "USB",
        "VS",
        "VR",
        "AR",
    ]
)


def is_acronym(word: str) -> bool:
    """A word in Latin capitals (MIT, CNBC): an acronym, not the word it spells."""
    return len(word) >= 2 and word.isascii() and word.isupper()


def single_name_like(word: str) -> bool:
    """A lone Latin word is a name if it is an acronym of 2+ capitals that is not a
    generic one, or has 3+ letters with a capital or digit (Nvidia, xAI, H100)."""
    if word.upper() in _GENERIC_ACRONYMS:
        return False
    if word.isupper():
        return len(word) >= 2
    return len(word) >= 3


def _name_like(word: str) -> bool:
    return any(c.isupper() or c.isdigit() for c in word)
