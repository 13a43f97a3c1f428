"""Write reader/nlp/data/person_names.json: how often each Arabic-script word is
a given name or a family name, for the entity model's features.

    pip install arabic-name-romanizer      # only to build this file
    python scripts/build_person_names.py [--db PATH/names.sqlite3]

The counts come from the name index that UNICEF's arabic_name_romanizer ships
(MIT), built from Wikidata (CC0: people with citizenship of the 22
Arabic-speaking countries, their Arabic labels split into given and family
names) and the Algerian Name Transcription Corpus / DziriNames (CC0 / MIT).
Words are folded with reader's `normalise`; a word is kept when it is a name
at least twice. Retrain the entity model afterwards (scripts/train_ner.py
--final): its features read this file.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.nlp.normalise import normalise  # noqa: E402

TARGET = ROOT / "reader" / "nlp" / "data" / "person_names.json"
MIN_COUNT = 2


def default_db() -> Path:
    try:
        import arabic_name_romanizer  # type: ignore[import-not-found]
    except ImportError:
        raise SystemExit(
            "arabic-name-romanizer is not installed: pip install arabic-name-romanizer, "
            "or give --db PATH/names.sqlite3"
        ) from None
    return Path(arabic_name_romanizer.__file__).parent / "resources" / "names.sqlite3"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="arabic_name_romanizer's names.sqlite3")
    args = parser.parse_args()
    db = args.db or default_db()
    roles: defaultdict[str, Counter[str]] = defaultdict(Counter)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT arabic_key, role, count FROM units")
        for arabic, role, count in rows:
            for word in normalise(arabic).split():
                roles[word][role] += count
    names = {
        word: [counts["given"], counts["surname"]]
        for word, counts in sorted(roles.items())
        if len(word) >= 2 and counts["given"] + counts["surname"] >= MIN_COUNT
    }
    payload = {
        "source": "arabic_name_romanizer (UNICEF, MIT): Wikidata (CC0) and DziriNames (CC0/MIT)",
        "columns": ["given", "family"],
        "names": names,
    }
    TARGET.write_text(json.dumps(payload, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({len(names)} words)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
