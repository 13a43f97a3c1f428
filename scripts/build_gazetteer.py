"""Write reader/nlp/data/gazetteer.json from CLDR (babel) and ISO 3166 (pycountry).

    python scripts/build_gazetteer.py

Run it after upgrading babel or pycountry, then retrain the entity model
(scripts/train_ner.py --final), since the model's features include these names.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.nlp.gazetteer import build_snapshot  # noqa: E402

TARGET = ROOT / "reader" / "nlp" / "data" / "gazetteer.json"


def main() -> int:
    snapshot = build_snapshot()
    TARGET.write_text(json.dumps(snapshot, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({len(snapshot['names'])} names)")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
