"""Write reader/annotations/schema/annotations-v1.schema.json from the model.

    python scripts/build_schema.py           # write the file
    python scripts/build_schema.py --check   # exit 1 if the file is not what it would write

The sidecar's schema is defined once, as the msgspec types in
`reader.annotations` (`SidecarFile`, `Annotation`, `EntityCorrection`), which
also check every sidecar as it is read; this file is generated from them for
other tools (and `reader validate`). The suite checks the shipped file equals
the generation.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import msgspec

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.annotations.sidecar import SCHEMA_FILE, SidecarFile  # noqa: E402

TARGET = ROOT / "reader" / "annotations" / SCHEMA_FILE


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a version-1 sidecar."""
    generated = msgspec.json.schema(SidecarFile)
    definitions = generated["$defs"]
    top = definitions.pop(generated["$ref"].rsplit("/", 1)[1])
    tidied: dict[str, Any] = _tidied(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "urn:reader:annotations:v1",
            **top,
            "title": "reader annotations sidecar, version 1",
            "$defs": definitions,
        }
    )
    return tidied


def _tidied(node: Any) -> Any:
    """Descriptions (docstrings among them) on one line each."""
    if isinstance(node, dict):
        return {
            key: " ".join(value.split()) if key == "description" else _tidied(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_tidied(item) for item in node]
    return node


def text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    if args.check:
        same = TARGET.read_text("utf-8") == text()
        print(f"{TARGET.relative_to(ROOT)}: {'up to date' if same else 'out of date'}")
        return 0 if same else 1
    TARGET.write_text(text(), "utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
