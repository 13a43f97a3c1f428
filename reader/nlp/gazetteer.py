"""Names of places, organisations and products, from maintained data and a curated list.

- CLDR via babel: Arabic names of countries and territories, of the cities that
  name time zones, of currencies, and of months (Gregorian, Levantine and
  Maghrebi spellings come from the ar_SY and ar_MA/ar_TN locales).
- pycountry: Arabic translations of ISO 3166 country names (official and
  common forms, which CLDR does not give).
- reader/nlp/data/curated.json: the domain's companies, products, agencies
  and cities in Arabic and Latin spelling (إنفيديا/Nvidia, هواوي/Huawei, …).
- reader/nlp/data/person_names.json: Arabic-script given and family names
  with how many people bear them (Wikidata and DziriNames, through UNICEF's
  arabic_name_romanizer; scripts/build_person_names.py).
- reader/nlp/data/domain_names.json: organisations the news names daily
  (clubs, companies, agencies, parties, international bodies).

The last two are features of the sequence model only, never matched alone.

Every name is stored folded (`normalise`), as a tuple of words.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from reader.nlp.normalise import normalise

PERSON = "PERSON"
ORG = "ORG"
PLACE = "PLACE"
PRODUCT = "PRODUCT"


@dataclass(frozen=True, slots=True)
class Name:
    type: str
    canonical: str
    words: tuple[str, ...]  # folded
    source: str  # "curated", "cldr", "pycountry"


def words_of(text: str) -> tuple[str, ...]:
    from reader.nlp.tokens import tokenize

    return tuple(normalise(token.text) for token in tokenize(text) if token.kind != "punct")


def _curated() -> list[Name]:
    data = json.loads(
        resources.files("reader.nlp").joinpath("data/curated.json").read_text(encoding="utf-8")
    )
    names = []
    for entry in data["entries"]:
        for spelling in [entry["canonical"], *entry["spellings"]]:
            words = words_of(spelling)
            if words:
                names.append(Name(entry["type"], entry["canonical"], words, "curated"))
    return names


def shipped_snapshot_sources() -> dict[str, str]:
    """The package versions the shipped snapshot was built from."""
    sources: dict[str, str] = _snapshot().get("built_from", {})
    return sources


@lru_cache(maxsize=1)
def _snapshot() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("reader.nlp").joinpath("data/gazetteer.json").read_text(encoding="utf-8")
    )
    return data


@lru_cache(maxsize=1)
def all_names() -> tuple[Name, ...]:
    """Every known name; curated ones first, so they win a tie."""
    names = _curated()
    for kind, canonical, words, source in _snapshot()["names"]:
        names.append(Name(kind, canonical, tuple(words.split(" ")), source))
    return tuple(name for name in names if name.words)


@lru_cache(maxsize=1)
def names_by_first_word() -> dict[str, list[Name]]:
    """Names indexed by their first folded word, longest first."""
    index: defaultdict[str, list[Name]] = defaultdict(list)
    seen: set[tuple[tuple[str, ...], str]] = set()
    for name in all_names():
        key = (name.words, name.type)
        if key in seen:
            continue
        seen.add(key)
        index[name.words[0]].append(name)
    for bucket in index.values():
        bucket.sort(key=lambda n: -len(n.words))
    return dict(index)


@lru_cache(maxsize=1)
def single_words() -> frozenset[str]:
    """Folded one-word names: a lexicon for deciding whether a letter is a clitic."""
    return frozenset(name.words[0] for name in all_names() if len(name.words) == 1)


@lru_cache(maxsize=1)
def gazetteer_lexicon() -> dict[str, frozenset[str]]:
    """Word → features for the sequence model: "gaz_PLACE" for a whole one-word
    name, "gazpart_PLACE" for a word of a longer one, "gazfirst_…" for its first
    word; "dom_club", "domfirst_party"… likewise for the domain's organisations;
    "pn_given"/"pn_family" (with "+" when common) for a word people bear as a
    given or family name."""
    lexicon: defaultdict[str, set[str]] = defaultdict(set)
    for name in all_names():
        if len(name.words) == 1:
            lexicon[name.words[0]].add("gaz_" + name.type)
            continue
        lexicon[name.words[0]].add("gazfirst_" + name.type)
        for word in name.words[1:]:
            lexicon[word].add("gazpart_" + name.type)
    for category, names in domain_names().items():
        for words in names:
            if len(words) == 1:
                lexicon[words[0]].add("dom_" + category)
                continue
            lexicon[words[0]].add("domfirst_" + category)
            for word in words[1:]:
                lexicon[word].add("dompart_" + category)
    for word, (given, family) in person_names().items():
        if given >= _PERSON_NAME_MIN:
            lexicon[word].add("pn_given" + ("+" if given >= _PERSON_NAME_COMMON else ""))
        if family >= _PERSON_NAME_MIN:
            lexicon[word].add("pn_family" + ("+" if family >= _PERSON_NAME_COMMON else ""))
    return {word: frozenset(labels) for word, labels in lexicon.items()}


# How many people must bear a word as a name before it is a feature, and
# before it is a common one (محمد، حسين) rather than a rare one.
_PERSON_NAME_MIN = 2
_PERSON_NAME_COMMON = 20


@lru_cache(maxsize=1)
def domain_names() -> dict[str, list[tuple[str, ...]]]:
    """Category ("club", "company", "party", …) → folded names, from
    data/domain_names.json: organisations the news names daily that no data
    package lists in Arabic. Features of the sequence model only, never
    matched on their own: many are also ordinary words or places (الاتحاد،
    ميلان), which context must tell apart."""
    data = json.loads(
        resources.files("reader.nlp").joinpath("data/domain_names.json").read_text(encoding="utf-8")
    )
    return {
        category: [words for name in names if (words := words_of(name))]
        for category, names in data["lists"].items()
    }


@lru_cache(maxsize=1)
def domain_spellings() -> dict[tuple[str, ...], str]:
    """Folded words → the name as data/domain_names.json writes it."""
    data = json.loads(
        resources.files("reader.nlp").joinpath("data/domain_names.json").read_text(encoding="utf-8")
    )
    spellings: dict[tuple[str, ...], str] = {}
    for names in data["lists"].values():
        for name in names:
            if words := words_of(name):
                spellings.setdefault(words, name)
    return spellings


@lru_cache(maxsize=1)
def person_names() -> dict[str, tuple[int, int]]:
    """Folded word → (people with it as a given name, as a family name), from
    data/person_names.json (scripts/build_person_names.py)."""
    data = json.loads(
        resources.files("reader.nlp").joinpath("data/person_names.json").read_text(encoding="utf-8")
    )
    return {word: (given, family) for word, (given, family) in data["names"].items()}


@lru_cache(maxsize=1)
def month_names() -> dict[str, tuple[str, int]]:
    """Folded month name (one or two words, space-joined) → (calendar, month number)."""
    return {name: (calendar, number) for name, (calendar, number) in _snapshot()["months"].items()}


@lru_cache(maxsize=1)
def currency_names() -> dict[str, str]:
    """Folded currency name or symbol → ISO code (دولار أمريكي → USD, $ → USD)."""
    return dict(_snapshot()["currencies"])


# Symbols written before or after an amount; they have no words to fold.
CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
