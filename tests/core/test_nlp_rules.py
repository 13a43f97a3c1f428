"""Dates, money, percentages, quantities and Latin names: one table per rule family."""

from __future__ import annotations

import pytest

from reader.nlp import rules


def found(rule: object, text: str) -> list[tuple[str, str, str]]:
    assert callable(rule)
    return [(text[m.start : m.end], m.type, m.canonical) for m in rule(text)]


@pytest.mark.parametrize(
    ("text", "span", "canonical"),
    [
        ("وقع ذلك في 27/01/2025 صباحا", "27/01/2025", "2025-01-27"),
        ("بتاريخ 2025-01-27", "2025-01-27", "2025-01-27"),
        ("في 27 يناير 2025 أعلنت", "27 يناير 2025", "2025-01-27"),
        ("في 27 كانون الثاني 2025", "27 كانون الثاني 2025", "2025-01-27"),
        ("منذ ١٥ شباط الماضي", "١٥ شباط", "--02-15"),
        ("يوم 3 جانفي 2024", "3 جانفي 2024", "2024-01-03"),
        ("في 12 غشت 2023", "12 غشت 2023", "2023-08-12"),
        ("في 10 محرم 1446 هـ", "10 محرم 1446 هـ", "1446-01-10 AH"),
        ("خلال شهر رمضان", "شهر رمضان", "--09 AH"),
        ("في ربيع الأول 1445 هـ", "ربيع الأول 1445 هـ", "1445-03 AH"),
        ("منذ عام 2017", "عام 2017", "2017"),
        ("وأعلن يوم الاثنين أن", "يوم الاثنين", "الاثنين"),
        ("في أيلول/سبتمبر 2024", "أيلول/سبتمبر 2024", "2024-09"),
        # Arabic-Indic digits give the same canonical date as Western ones.
        ("في ١٢ يناير ٢٠٢٥ قال", "١٢ يناير ٢٠٢٥", "2025-01-12"),
        ("بتاريخ ٢٧/٠١/٢٠٢٥", "٢٧/٠١/٢٠٢٥", "2025-01-27"),
        ("في ٢٠٢٥-٠١-٢٧", "٢٠٢٥-٠١-٢٧", "2025-01-27"),
        # A year with the Hijri era is a Hijri year, with or without عام.
        ("في عام 1445 هـ", "عام 1445 هـ", "1445 AH"),
        ("سنة ١٤٤٥ هجرية", "سنة ١٤٤٥ هجرية", "1445 AH"),
        ("توفي في 1445 هـ في", "1445 هـ", "1445 AH"),
        # A day written as an ordinal.
        ("في الثامن من أكتوبر 2023 اجتمع", "الثامن من أكتوبر 2023", "2023-10-08"),
        ("في الحادي والثلاثين من ديسمبر", "الحادي والثلاثين من ديسمبر", "--12-31"),
        ("الخميس الثاني عشر من مارس 2020", "الخميس الثاني عشر من مارس 2020", "2020-03-12"),
        ("في الأسبوع الأول من يناير 2024", "يناير 2024", "2024-01"),  # a week, not a day
    ],
)
def test_dates(text: str, span: str, canonical: str) -> None:
    assert (span, "DATE", canonical) in found(rules.dates, text)


@pytest.mark.parametrize(
    "text", ["قال رمضان إن", "مارس الضغط على", "رجب طيب أردوغان", "صفر بالمئة"]
)
def test_month_names_that_are_words_or_names_need_a_day_or_year(text: str) -> None:
    assert found(rules.dates, text) == []


@pytest.mark.parametrize(
    ("text", "span", "canonical"),
    [
        ("بلغت 5 مليارات دولار", "5 مليارات دولار", "5000000000 USD"),
        ("وبلغت ٥ ملايين دولار", "٥ ملايين دولار", "5000000 USD"),
        ("بقيمة 300 ريال سعودي", "300 ريال سعودي", "300 SAR"),
        ("نحو 20 مليون يورو", "20 مليون يورو", "20000000 EUR"),
        ("سعر 1,000 دولار أمريكي", "1,000 دولار أمريكي", "1000 USD"),
        ("تكلف $100 فقط", "$100", "100 USD"),
        ("بتكلفة 5.6 مليون دولار", "5.6 مليون دولار", "5600000 USD"),
        ("خسرت 593 مليار دولار", "593 مليار دولار", "593000000000 USD"),
        ("مقابل 2.5 ألف درهم", "2.5 ألف درهم", "2500 AED"),
        ("بسعر 40 ليرة", "40 ليرة", "40 TRY"),
        ("قيمتها 10 مليارات يوان", "10 مليارات يوان", "10000000000 CNY"),
        ("بلغ 50 جنيهاً مصرياً", "50 جنيهاً مصرياً", "50 EGP"),  # accusative alef
        ("بلغ 50 جنيها", "50 جنيها", "50 EGP"),
        # The amount right after a currency (و200) is found too.
        ("500 مليون يورو و200 مليون جنيه إسترليني", "500 مليون يورو", "500000000 EUR"),
        ("500 مليون يورو و200 مليون جنيه إسترليني", "200 مليون جنيه إسترليني", "200000000 GBP"),
        # Compound amounts, a scale word standing alone, the dual.
        ("بلغ مليار و200 مليون دولار", "مليار و200 مليون دولار", "1200000000 USD"),
        ("3 مليارات و200 مليون دولار", "3 مليارات و200 مليون دولار", "3200000000 USD"),
        ("ثمنه 3 آلاف و500 دولار", "3 آلاف و500 دولار", "3500 USD"),
        ("خمسة ملايين و200 ألف دولار", "خمسة ملايين و200 ألف دولار", "5200000 USD"),
        ("أكثر من مليون دولار", "مليون دولار", "1000000 USD"),
        ("نحو ملياري دولار", "ملياري دولار", "2000000000 USD"),
        ("بمليار دولار", "مليار دولار", "1000000000 USD"),
        # Not a compound: the second is its own amount, and "و10" is no currency.
        ("5 ملايين و3 ملايين دولار", "3 ملايين دولار", "3000000 USD"),
        ("بين 5 و10 ملايين دولار", "10 ملايين دولار", "10000000 USD"),
        ("بسعر 15 ألف ليرة لبنانية", "15 ألف ليرة لبنانية", "15000 LBP"),
        ("نحو 400 مليون شيكل", "400 مليون شيكل", "400000000 ILS"),
    ],
)
def test_money(text: str, span: str, canonical: str) -> None:
    assert (span, "MONEY", canonical) in found(rules.money, text)


@pytest.mark.parametrize(
    ("text", "span", "canonical"),
    [
        ("ارتفع بنسبة 12.5%", "12.5%", "12.5%"),
        ("ارتفع بنسبة ٣٫٥٪", "٣٫٥٪", "3.5%"),
        ("نحو 40 في المائة من", "40 في المائة", "40%"),
        ("نحو 40 في المئة من", "40 في المئة", "40%"),
        ("بلغت 17 بالمئة", "17 بالمئة", "17%"),
        ("انخفض و12% أمس", "12%", "12%"),
        ("انخفض بنسبة %7 أمس", "%7", "7%"),
    ],
)
def test_percentages(text: str, span: str, canonical: str) -> None:
    assert (span, "PERCENT", canonical) in found(rules.percentages, text)


@pytest.mark.parametrize(
    ("text", "span", "canonical"),
    [
        ("نحو 100 ألف شخص", "100 ألف", "100000"),
        ("بدقة 7 نانومتر", "7 نانومتر", "7 nm"),
        ("وزنه 3 أطنان", "3 أطنان", "3 t"),
        ("ثلاثة ملايين مستخدم", "ثلاثة ملايين", "3000000"),
        ("ذاكرة 80 GB", "80 GB", "80 GB"),
        ("بلغ 12 مليون و400 ألف نسمة", "12 مليون و400 ألف", "12400000"),
        ("مسافة 18 ألفا و800 متر", "18 ألفا و800 متر", "18800 m"),
        # Two amounts, not one compound (the second is larger, or not a number of units).
        ("بلغ 3 ملايين و5 أطنان", "3 ملايين", "3000000"),
        ("بلغ 3 ملايين و5 أطنان", "5 أطنان", "5 t"),
    ],
)
def test_quantities(text: str, span: str, canonical: str) -> None:
    assert (span, "QUANTITY", canonical) in found(rules.quantities, text)


def test_a_bare_year_is_a_date_not_a_quantity() -> None:
    assert found(rules.quantities, "في 2024 ارتفع") == [("2024", "DATE", "2024")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("شرائح Nvidia A100 وH100 المتقدمة", [("Nvidia A100", "PRODUCT"), ("H100", "PRODUCT")]),
        ("رقاقات Ascend 910C من هواوي", [("Ascend 910C", "PRODUCT")]),
        ("نموذج Grok 3 من xAI", [("Grok 3", "PRODUCT"), ("xAI", "NAME")]),
        ("شركة OpenAI الأمريكية", [("OpenAI", "NAME")]),
        ("تطبيق AI التوليدي", []),  # a generic acronym, not a name
    ],
)
def test_latin_names_and_model_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(span, kind) for span, kind, _ in found(rules.latin_names, text)] == expected


def test_a_long_run_of_capitalised_english_is_prose_not_a_name() -> None:
    text = "بعنوان The Art Of War And Peace In Modern Times الصادر"
    assert found(rules.latin_names, text) == []


def test_a_scale_word_alone_is_an_amount_only_before_a_currency() -> None:
    # ألف is also a verb ("wrote"): a scale word alone is money only.
    assert found(rules.money, "ألف الكاتب كتابا عن الدولار") == []
    assert found(rules.quantities, "ألف الكاتب كتابا") == []


@pytest.mark.parametrize(
    ("text", "said", "canonical"),
    [
        ("وُلد بتاريخ 27 / 9 / 1948 في القاهرة", "27 / 9 / 1948", "1948-09-27"),
        ("اليوم أعلنت الوزارة", "اليوم", "اليوم"),
        ("وفي العام المقبل", "العام المقبل", "العام المقبل"),
        ("السنة الماضية كانت صعبة", "السنة الماضية", "السنة الماضية"),
    ],
)
def test_dates_with_spaced_slashes_and_dates_said_relative(
    text: str, said: str, canonical: str
) -> None:
    (found,) = list(rules.dates(text))
    assert (text[found.start : found.end], found.canonical) == (said, canonical)


def test_a_range_of_numbers_is_no_date() -> None:
    assert list(rules.dates("بين 3 - 4 أشخاص")) == []


def test_a_latin_run_is_typed_by_its_words() -> None:
    from reader.nlp.rules import latin_kind

    assert latin_kind("JD Vance") == "PERSON"
    assert latin_kind("Brookings Institution") == "ORG"  # an institutional last word
    assert latin_kind("Advantest Corp") == "ORG"
    assert latin_kind("Corp") is None  # a suffix alone names nothing
    assert latin_kind("Ratchet Up") is None and latin_kind("Chips") is None  # common words
    assert latin_kind("MIT") == "NAME"  # an acronym, not the German word it spells
    assert latin_kind("Chorzempa") == "NAME"  # unknown: the article decides


def test_two_latin_names_side_by_side_are_two() -> None:
    from reader.nlp.rules import latin_names

    text = "قال الرئيس التنفيذي لشركة Palantir Technologies CNBC في مقابلة"
    found = [text[m.start : m.end] for m in latin_names(text)]
    assert found == ["Palantir Technologies", "CNBC"]


@pytest.mark.parametrize(
    ("text", "said", "canonical"),
    [
        ("استمرت الحرب ثلاث سنوات", "ثلاث سنوات", "P3Y"),
        ("وصل منذ خمسة أيام", "خمسة أيام", "P5D"),
        ("غاب منذ عامين", "عامين", "P2Y"),
        ("خلال 15 عاما من العمل", "15 عاما", "P15Y"),
        ("لمدة ساعتين فقط", "ساعتين", "PT2H"),
        ("خلال 120 يومًا من الآن", "120 يومًا", "P120D"),  # with its tanween
        ("في الساعة العاشرة صباحا", "الساعة العاشرة صباحا", "T10:00"),
        ("الساعة الثالثة والنصف مساء", "الساعة الثالثة والنصف مساء", "T15:30"),
        ("بدأ الاجتماع عند 14:45", "14:45", "T14:45"),
        ("في 12 آذار (مارس) 2011", "12 آذار (مارس) 2011", "2011-03-12"),
    ],
)
def test_durations_times_and_doubly_named_months_are_dates(
    text: str, said: str, canonical: str
) -> None:
    from reader.nlp.entities import extract

    dates = [(m.text, m.canonical) for m in extract(text) if m.type == "DATE"]
    assert dates == [(said, canonical)]


def test_a_decimal_is_no_time_and_decades_of_years_no_duration() -> None:
    from reader.nlp.entities import extract

    assert not [m for m in extract("نمو 3.45 في المائة") if m.type == "DATE"]
    assert not [m for m in extract("منذ عشرات السنين") if m.type == "DATE"]
