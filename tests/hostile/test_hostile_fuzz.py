"""Property tests (hypothesis) with arbitrary bytes and Unicode over the four
doors hostile input comes through: the loader, the layout engine, the search
normaliser and the sidecar parser. Each may refuse, with its own error and a
message; none may raise anything else, hang, or let a control through.

tests/core/test_layout_properties.py holds the layout engine's geometry
properties; here the engine is fed the hostile payloads themselves. The
atheris targets (fuzz_targets.py) run the same doors coverage-guided.
"""

from __future__ import annotations

import json
from pathlib import Path

from hostile_cases import PAYLOADS, unsafe_in
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.annotations.model import AnnotationSet
from reader.annotations.sidecar import ArticleStamp, SidecarError, parse, serialise
from reader.corpus import CorpusError, decode, read_article
from reader.layout import ArticleLayout, LayoutOptions, one_line, visible
from reader.nlp.normalise import normalise, normalise_with_offsets
from reader.nlp.search import QueryError, find

ARABIC = list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى") + list("\u064b\u064e\u0650\u0651\u0640")
# Scraped text and old PDFs carry presentation forms: ligatures, alef forms.
PRESENTATION_FORMS = list("ﻷﻹﻵﻻﻼﷲﺁﺃﻯﺓﹰﹱ")
HOSTILE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list(PAYLOADS.values())),
        st.text(
            alphabet=st.sampled_from([*ARABIC, *PRESENTATION_FORMS, " ", "\n", "\r", "A", "1"]),
            max_size=30,
        ),
        st.text(max_size=10),
    ),
    max_size=12,
).map("".join)
BYTES_LIKE_FILES = st.one_of(
    st.binary(max_size=600),
    # Text in some encoding, with damage: the decoder's hard cases.
    st.tuples(
        st.text(alphabet=st.sampled_from([*ARABIC, " ", "\n", "a"]), max_size=200),
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256", "iso8859_6"]),
        st.binary(max_size=4),
        st.integers(min_value=0, max_value=400),
    ).map(lambda t: _damaged(*t)),
)


def _damaged(text: str, encoding: str, junk: bytes, at: int) -> bytes:
    data = text.encode(encoding, errors="replace")
    return data[:at] + junk + data[at:]


@settings(max_examples=300, deadline=None)
@given(data=BYTES_LIKE_FILES)
def test_the_loader_decodes_or_refuses_any_bytes(data: bytes) -> None:
    try:
        text, encoding = decode(data, "fuzzed.txt")
    except CorpusError as error:
        assert error.reason and str(error).startswith("fuzzed.txt: ")
        return
    assert encoding
    text.encode("utf-8")  # no lone surrogates: every offset is a real code point


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300))
def test_read_article_from_disk_decodes_or_refuses(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzzed.txt"
    path.write_bytes(data)
    try:
        article = read_article(path)
    except CorpusError as error:
        assert error.reason
        return
    assert article.size == len(data)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=BYTES_LIKE_FILES, size=st.integers(min_value=1, max_value=64))
def test_the_beginning_shown_first_is_the_start_of_the_article(
    tmp_path: Path, data: bytes, size: int
) -> None:
    """A long article is painted from its first paragraphs while the rest is
    decoded: they must be the first paragraphs of what is then shown."""
    from reader.corpus import read_beginning

    path = tmp_path / "fuzzed.txt"
    path.write_bytes(data)
    beginning = read_beginning(path, size)
    if beginning is None:
        return
    assert not beginning.complete and beginning.text.endswith("\n")
    assert len(beginning.text.encode("utf-8")) <= size < len(data)
    try:
        article = read_article(path)
    except CorpusError:
        return  # shown, then the reader is told what is wrong with the rest
    if article.encoding == "UTF-8":
        assert article.text.startswith(beginning.text)


@settings(max_examples=300, deadline=None)
@given(
    text=HOSTILE_TEXT,
    width=st.integers(min_value=1, max_value=40),
    bidi=st.sampled_from(["app", "terminal"]),
)
def test_the_layout_engine_lets_no_control_through(text: str, width: int, bidi: str) -> None:
    options = LayoutOptions(bidi=bidi)
    layout = ArticleLayout(text, options)
    shown: list[int] = []
    for line in layout.lines(width):
        assert not unsafe_in(line.aligned(width)), line.aligned(width)
        shown.extend(o for cluster in line.clusters for o in cluster.offsets)
    assert all(0 <= o < len(text) for o in shown)
    assert len(shown) == len(set(shown))  # no source character shown twice
    assert not unsafe_in(one_line(text, options))
    assert not unsafe_in(visible(text, keep_lines=True).replace("\n", ""))


@settings(max_examples=300, deadline=None)
@given(text=HOSTILE_TEXT)
def test_the_search_normaliser_keeps_its_offset_map(text: str) -> None:
    folded, offsets = normalise_with_offsets(text)
    assert folded == normalise(text)
    # One offset per folded character, then the text's end.
    assert len(offsets) == len(folded) + 1 and offsets[-1] == len(text)
    assert all(0 <= o < len(text) for o in offsets[:-1])
    assert offsets == sorted(offsets)
    assert normalise(folded) == folded  # folding twice changes nothing


@settings(max_examples=200, deadline=None)
@given(text=HOSTILE_TEXT, query=st.one_of(HOSTILE_TEXT, st.text(max_size=20)), whole=st.booleans())
def test_search_finds_or_refuses_any_query(text: str, query: str, whole: bool) -> None:
    try:
        hits = find(text, query, whole_word=whole)
    except QueryError:
        assert not normalise(query).split()
        return
    ends = [0]
    for hit in hits:
        assert ends[-1] <= hit.start < hit.end <= len(text)
        ends.append(hit.end)


@settings(max_examples=100, deadline=None)
@given(words=st.lists(st.text(alphabet=st.sampled_from(ARABIC[:36]), min_size=2), min_size=1))
def test_search_finds_every_word_of_a_text(words: list[str]) -> None:
    text = " ".join(words)
    start = 0
    for word in words:
        # Without whole words the query's ending is dropped (its stem is
        # searched), so a hit starts where the word starts.
        hits = find(text, word, whole_word=False)
        assert any(hit.start == start for hit in hits), (word, hits)
        start += len(word) + 1


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
TEXT = "نص المقال الأول. وفيه جملة ثانية."
GOOD = json.loads(serialise(AnnotationSet(), ArticleStamp.of("a.txt", TEXT)))
FIELDS = ["format", "version", "article", "annotations", "entity_corrections"]


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
def test_the_sidecar_parser_refuses_any_bytes_with_a_message(data: bytes) -> None:
    try:
        parse(data, Path("fuzzed.annotations.json"))
    except SidecarError as error:
        assert "fuzzed.annotations.json" in str(error)


@settings(max_examples=400, deadline=None)
@given(
    field=st.sampled_from(FIELDS),
    value=JSON_VALUES,
    annotation=st.dictionaries(
        st.sampled_from(
            ["id", "start", "end", "quote", "tags", "note", "status", "created", "modified", "x"]
        ),
        JSON_VALUES,
    ),
)
def test_the_sidecar_parser_validates_any_document(
    field: str, value: object, annotation: dict[str, object]
) -> None:
    """A real sidecar with one field replaced, or one strange annotation:
    accepted only as a valid AnnotationSet, otherwise refused."""
    for document in ({**GOOD, field: value}, {**GOOD, "annotations": [annotation]}):
        data = json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")
        try:
            state, stamp = parse(data, Path("fuzzed.annotations.json"))
        except SidecarError:
            continue
        for a in state.annotations:
            assert 0 <= a.start <= a.end
            assert isinstance(a.quote, str) and isinstance(a.note, str)
        assert isinstance(stamp.sha256, str)


VALID_ANNOTATION = {
    "id": "a1",
    "start": 3,
    "end": 9,
    "quote": "quote",
    "prefix": "",
    "suffix": "",
    "tags": ["claim"],
    "note": "",
    "created": "2026-01-01T00:00:00Z",
    "modified": "2026-01-01T00:00:00Z",
    "status": "anchored",
}
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.lists(st.one_of(st.text(max_size=3), st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
# Per field: a value of the right type that may still be wrong (a negative
# offset, an empty id, an unknown status), or one of the wrong type.
NEAR_VALUES = {
    "start": st.integers(-3, 12),
    "end": st.integers(-3, 12),
    "id": st.sampled_from(["", "a1", "b2"]),
    "status": st.sampled_from(["anchored", "moved", "orphaned", "lost", ""]),
    "tags": st.lists(st.one_of(st.text(max_size=3), st.integers()), max_size=2),
}
FIELD_VALUE = {
    name: st.one_of(NEAR_VALUES.get(name, st.text(max_size=5)), ODD_VALUES)
    for name in [*VALID_ANNOTATION, "extra"]
}


@settings(max_examples=400, deadline=None)
@example(changes={"start": -1}, dropped=set())
@example(changes={"tags": ["a", 1]}, dropped=set())
@example(changes={}, dropped={"note"})
@given(
    changes=st.lists(st.sampled_from(list(FIELD_VALUE)), max_size=3, unique=True).flatmap(
        lambda names: st.fixed_dictionaries({name: FIELD_VALUE[name] for name in names})
    ),
    dropped=st.sets(st.sampled_from(list(VALID_ANNOTATION)), max_size=1),
)
def test_the_parser_accepts_what_the_shipped_schema_accepts(
    changes: dict[str, object], dropped: set[str]
) -> None:
    """The sidecar is checked as it is read by the model's types, and the
    JSON Schema other tools validate against is generated from them: an
    annotation changed or short of a field is read exactly when the shipped
    schema calls it valid, and read as the JSON says. Two things JSON Schema
    cannot say: start <= end, and that 3.0 is not an offset (it counts it an
    integer; reader asks for 3)."""
    import jsonschema

    from reader.annotations.sidecar import schema

    validator = jsonschema.Draft202012Validator(schema())
    data = {k: v for k, v in {**VALID_ANNOTATION, **changes}.items() if k not in dropped}
    # Among other annotations, good or bad: the first is valid.
    document = {**GOOD, "annotations": [{**VALID_ANNOTATION, "id": "a0"}, data]}
    start, end = data.get("start"), data.get("end")
    valid = (
        validator.is_valid(document)
        and not (isinstance(start, int) and isinstance(end, int) and start > end)
        and not isinstance(start, float)
        and not isinstance(end, float)
    )
    try:
        state, _ = parse(json.dumps(document).encode(), Path("a.annotations.json"))
    except SidecarError as error:
        assert not valid, error
        return
    assert valid
    read = state.get(str(data["id"]))
    assert read is not None
    for name, value in data.items():
        got = getattr(read, name)
        assert (list(got) if isinstance(got, tuple) else got) == value


def test_the_model_knows_every_status() -> None:
    from typing import get_args, get_type_hints

    from reader.annotations.model import STATUSES, Annotation

    status = get_type_hints(Annotation)["status"]
    assert get_args(status) == STATUSES
