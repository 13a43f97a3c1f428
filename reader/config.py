"""The user's settings: the tag set (names and colours) and the keymap.

A TOML file, `config.toml` in the platform's user config folder (e.g.
~/.config/reader/config.toml), or the file given with `--config`:

    [[tags]]                  # replaces the whole default tag set; keys 1–9 in order
    name = "claim"
    colour = "#e5c07b"        # #rrggbb or a colour name

    [keymap]                  # binding id = keys, comma-separated
    "article.next_sentence" = "j,down"
    "article.tag_1" = "1"

    [reading]
    measure = 100             # the longest line in cells, centred (0: the view's width)

    [dumps]                   # which fields of a dump's records hold what
    text = ["story", "body"]  # tried first, before the usual names
    title = ["heading"]       # also: url, date, author

Binding ids are shown in the help screen (`?`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_path
from rich.color import Color, ColorParseError

MAX_TAGS = 9
DEFAULT_MEASURE = 100
DEFAULT_TAGS: tuple[tuple[str, str], ...] = (
    ("claim", "#e5c07b"),
    ("evidence", "#98c379"),
    ("quote", "#61afef"),
    ("statistic", "#56b6c2"),
    ("opinion", "#c678dd"),
    ("question", "#d19a66"),
    ("important", "#e06c75"),
    ("follow-up", "#e0a0c0"),
    ("disagree", "#9aa5b1"),
)


class ConfigError(Exception):
    """The config file cannot be used; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    colour: str


@dataclass(frozen=True, slots=True)
class Config:
    tags: tuple[Tag, ...] = tuple(Tag(n, c) for n, c in DEFAULT_TAGS)
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None  # where it was read from; None: the defaults
    # A dump's fields: "text", "title", "url", "date", "author" -> names tried first.
    dump_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The longest article line in cells; a wider view centres it (0: no limit).
    measure: int = DEFAULT_MEASURE

    def tag_colour(self, name: str) -> str | None:
        return next((t.colour for t in self.tags if t.name == name), None)


def default_path() -> Path:
    return user_config_path("reader", appauthor=False) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """The config at `path`, or the user's, or the defaults if there is none.

    A file given explicitly must exist; the user's default file is optional.
    """
    explicit = path is not None
    path = path or default_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"{path}: no such config file") from None
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    return _parse(data, path)


def _hex_colour(colour: object, name: str, path: Path) -> str:
    """The colour as #rrggbb, whatever name or form the file gave it."""
    if isinstance(colour, str):
        try:
            return Color.parse(colour).get_truecolor().hex
        except ColorParseError:
            pass
    raise ConfigError(f'{path}: tag {name!r} needs a colour like "#e5c07b" or "dark_orange"')


def _parse(data: dict[str, object], path: Path) -> Config:
    unknown = set(data) - {"tags", "keymap", "dumps", "reading"}
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting {sorted(unknown)[0]!r} (known: tags, keymap, dumps, reading)"
        )
    tags = Config().tags
    if "tags" in data:
        raw = data["tags"]
        if not isinstance(raw, list) or not raw:
            raise ConfigError(f"{path}: tags must be a non-empty list of [[tags]] tables")
        if len(raw) > MAX_TAGS:
            raise ConfigError(f"{path}: at most {MAX_TAGS} tags (keys 1–9), found {len(raw)}")
        parsed = []
        for number, item in enumerate(raw, 1):
            if not isinstance(item, dict):
                raise ConfigError(f"{path}: tag {number} must be a table with name and colour")
            name, colour = item.get("name"), item.get("colour", item.get("color"))
            if not isinstance(name, str) or not name.strip():
                raise ConfigError(f"{path}: tag {number} has no name")
            parsed.append(Tag(name.strip(), _hex_colour(colour, name, path)))
        names = [t.name for t in parsed]
        if len(set(names)) != len(names):
            raise ConfigError(f"{path}: two tags are named alike")
        tags = tuple(parsed)
    keymap: dict[str, str] = {}
    raw_keymap = data.get("keymap", {})
    if not isinstance(raw_keymap, dict):
        raise ConfigError(f"{path}: keymap must be a table of binding id = keys")
    for binding_id, keys in raw_keymap.items():
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError(f'{path}: keymap {binding_id!r} must be keys like "j,down"')
        keymap[str(binding_id)] = keys
    return Config(
        tags,
        keymap,
        path,
        _dump_fields(data.get("dumps", {}), path),
        _measure(data.get("reading", {}), path),
    )


def _measure(raw: object, path: Path) -> int:
    if not isinstance(raw, dict) or set(raw) - {"measure"}:
        raise ConfigError(f"{path}: reading takes one setting, measure = cells (like 100)")
    measure = raw.get("measure", DEFAULT_MEASURE)
    if (
        not isinstance(measure, int)
        or isinstance(measure, bool)
        or not (measure == 0 or 40 <= measure <= 1000)
    ):
        raise ConfigError(
            f"{path}: reading.measure is the longest line in cells: 40 or more, or 0 for no limit"
        )
    return measure


DUMP_ROLES = ("text", "title", "url", "date", "author")


def _dump_fields(raw: object, path: Path) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: dumps must be a table of role = field names")
    fields: dict[str, tuple[str, ...]] = {}
    for role, names in raw.items():
        if role not in DUMP_ROLES:
            raise ConfigError(f"{path}: dumps has no {role!r} (known: {', '.join(DUMP_ROLES)})")
        names = [names] if isinstance(names, str) else names
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise ConfigError(f'{path}: dumps {role} must be field names, like ["body"]')
        fields[role] = tuple(names)
    return fields
