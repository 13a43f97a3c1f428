"""Correcting entities: the core rules, the taught list, and the TUI menus through Pilot."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS, read_text, wait_for_entities

from reader.annotations import taught
from reader.annotations.corrections import corrected_entities, locate
from reader.annotations.model import (
    ADD,
    MERGE,
    REJECT_ENTITY,
    REJECT_MENTION,
    RETYPE,
    EntityCorrection,
)
from reader.annotations.sidecar import sidecar_path
from reader.nlp.entities import Entity, Mention, extract, group
from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView
from reader.tui.panels import EntitiesPanel

Seed = tuple[str, list[Mention]]
SEED = SEEDS[0]  # DeepSeek: many spellings, US and China, people


@pytest.fixture(scope="module")
def seed() -> Seed:
    text = read_text(SEED)
    return text, extract(text)


def by_name(entities: list[Entity], name: str) -> Entity | None:
    return next((e for e in entities if e.canonical == name), None)


def correction(action: str, name: str, **fields: object) -> EntityCorrection:
    return EntityCorrection(id=action + name, action=action, name=name, created="t", **fields)  # type: ignore[arg-type]


def test_reject_entity_removes_every_spelling(seed: Seed) -> None:
    text, mentions = seed
    before = group(mentions)
    deepseek = by_name(before, "DeepSeek")
    assert deepseek is not None and len(deepseek.variants) > 1
    # Rejected by a spelling that is not the canonical name: still the same entity.
    after = corrected_entities(text, mentions, [correction(REJECT_ENTITY, "deepseek")])
    assert by_name(after, "DeepSeek") is None
    assert not any(m.text in deepseek.variants for e in after for m in e.mentions)
    assert len(after) == len(before) - 1


def test_reject_one_mention_keeps_the_others(seed: Seed) -> None:
    text, mentions = seed
    china = by_name(group(mentions), "الصين")
    assert china is not None
    first = china.mentions[0]
    rejected = correction(
        REJECT_MENTION, "الصين", start=first.start, end=first.end, quote=first.text
    )
    after = by_name(corrected_entities(text, mentions, [rejected]), "الصين")
    assert after is not None
    assert [m.start for m in after.mentions] == [m.start for m in china.mentions[1:]]


def test_retype_and_merge(seed: Seed) -> None:
    text, mentions = seed
    before = group(mentions)
    usa, china = by_name(before, "الولايات المتحدة"), by_name(before, "الصين")
    assert usa is not None and china is not None and usa.type == "PLACE"
    retyped = corrected_entities(
        text, mentions, [correction(RETYPE, "الولايات المتحدة", type="ORG")]
    )
    usa_org = by_name(retyped, "الولايات المتحدة")
    assert usa_org is not None and usa_org.type == "ORG"
    assert {m.type for m in usa_org.mentions} == {"ORG"}
    merged = corrected_entities(
        text, mentions, [correction(MERGE, "الصين", target="الولايات المتحدة")]
    )
    assert by_name(merged, "الصين") is None
    one = by_name(merged, "الولايات المتحدة")
    assert one is not None
    assert len(one.mentions) == len(usa.mentions) + len(china.mentions)
    starts = [m.start for m in one.mentions]
    assert starts == sorted(starts)


def test_merge_into_a_name_not_in_the_article_renames(seed: Seed) -> None:
    text, mentions = seed
    merged = corrected_entities(
        text, mentions, [correction(MERGE, "الصين", target="جمهورية الصين الشعبية")]
    )
    renamed = by_name(merged, "جمهورية الصين الشعبية")
    assert renamed is not None and renamed.type == "PLACE"


def test_added_span_replaces_what_it_overlaps_and_follows_an_edit(seed: Seed) -> None:
    text, mentions = seed
    phrase = "الذكاء الاصطناعي"
    start = text.index(phrase)
    added = correction(
        ADD, phrase, type="PRODUCT", start=start, end=start + len(phrase), quote=phrase
    )
    found = by_name(corrected_entities(text, mentions, [added]), phrase)
    assert found is not None and found.type == "PRODUCT"
    assert [(m.start, m.end) for m in found.mentions] == [(start, start + len(phrase))]
    # The article gained a paragraph in front: the span is found again by its quote.
    edited = "سطر جديد.\n" + text
    assert locate(edited, added) == (start + 10, start + 10 + len(phrase))
    assert locate(text.replace(phrase, "شيء آخر"), added) is None


def test_taught_name_is_found_everywhere_with_clitics(tmp_path: Path, seed: Seed) -> None:
    text, mentions = seed
    path = tmp_path / "taught.json"
    phrase = "الذكاء الاصطناعي"
    start = text.index(phrase)
    taught.teach(
        correction(ADD, phrase, type="PRODUCT", start=start, end=start + len(phrase), quote=phrase),
        path,
    )
    stored = taught.load(path)
    assert [(c.action, c.name, c.type, c.start) for c in stored] == [(ADD, phrase, "PRODUCT", -1)]
    found = by_name(corrected_entities(text, mentions, taught=stored), phrase)
    assert found is not None
    assert len(found.mentions) == text.count("ذكاء الاصطناعي")  # الذكاء، بالذكاء، للذكاء …
    # Teaching the same thing again replaces it; forgetting removes it.
    taught.teach(correction(ADD, phrase, type="ORG"), path)
    assert [(c.type) for c in taught.load(path)] == ["ORG"]
    assert taught.forget("الذكاء الاصطناعى", path) == 1  # another spelling of the name
    assert taught.load(path) == ()


def test_a_broken_taught_list_is_reported_and_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "taught.json"
    path.write_bytes(b'{"format": "reader-taught", "version": 1, "corrections": [')
    before = path.read_bytes()
    with pytest.raises(taught.TaughtError, match="not JSON"):
        taught.load(path)
    with pytest.raises(taught.TaughtError):
        taught.teach(correction(REJECT_ENTITY, "الصين"), path)
    assert path.read_bytes() == before
    path.write_text(json.dumps({"format": "reader-taught", "version": 9, "corrections": []}))
    with pytest.raises(taught.TaughtError, match="version 9"):
        taught.load(path)
    with pytest.raises(taught.TaughtError, match="single mention"):
        taught.teach(correction(REJECT_MENTION, "الصين"), tmp_path / "other.json")


# --- the TUI ------------------------------------------------------------------------


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return Path(shutil.copy(SEED, tmp_path / SEED.name))


async def highlight(app: ReaderApp, pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    panel = app.query_one(EntitiesPanel)
    number = next(n for n, e in enumerate(app.entities) if e.canonical == name)
    panel.focus()
    panel.highlighted = next(
        index for index, option in enumerate(panel.options) if option.id == str(number)
    )
    await pilot.pause()


def sidecar_corrections(article: Path) -> list[dict[str, object]]:
    document = json.loads(sidecar_path(article).read_text("utf-8"))
    found: list[dict[str, object]] = document["entity_corrections"]
    return found


async def test_reject_retype_and_undo_from_the_entities_panel(article: Path) -> None:
    app = ReaderApp([article])
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for_entities(app, pilot)
        await highlight(app, pilot, "DeepSeek")
        await pilot.press("c")
        await pilot.press("1")  # Not an entity…
        await pilot.press("1")  # in this article
        await pilot.pause()
        assert by_name(app.entities, "DeepSeek") is None
        await pilot.press("u")
        await pilot.pause()
        deepseek = by_name(app.entities, "DeepSeek")
        assert deepseek is not None
        # The cursor's sentence names DeepSeek: the menu offers that one mention.
        cursor = app.query_one(ArticleView).passage
        assert cursor is not None
        here = [m for m in deepseek.mentions if cursor[0] <= m.start < cursor[1]]
        assert here
        await highlight(app, pilot, "DeepSeek")
        await pilot.press("c", "4")
        await pilot.pause()
        fewer = by_name(app.entities, "DeepSeek")
        assert fewer is not None
        assert [m for m in deepseek.mentions if m not in fewer.mentions] == here[:1]
        await highlight(app, pilot, "الصين")
        await pilot.press("c", "2")  # change its type
        await pilot.press("enter")  # the first type offered: PERSON
        await pilot.press("1")  # this article
        await pilot.pause(1.2)  # saved within a second
        china = by_name(app.entities, "الصين")
        assert china is not None and china.type == "PERSON"
        assert [(c["action"], c["name"]) for c in sidecar_corrections(article)] == [
            (REJECT_MENTION, "DeepSeek"),
            (RETYPE, "الصين"),
        ]
        assert sidecar_corrections(article)[1]["type"] == "PERSON"
        await pilot.press("q")
    # Reopened: the correction applies again.
    again = ReaderApp([article])
    async with again.run_test(size=(160, 45)) as pilot:
        await wait_for_entities(again, pilot)
        china = by_name(again.entities, "الصين")
        assert china is not None and china.type == "PERSON"


async def test_merge_and_teach_then_another_article_benefits(article: Path, tmp_path: Path) -> None:
    other = Path(shutil.copy(SEEDS[1], tmp_path / SEEDS[1].name))
    app = ReaderApp([article, other])
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for_entities(app, pilot)
        await highlight(app, pilot, "الصين")
        await pilot.press("c", "3")  # same as another entity
        target_list = app.screen.query_one("OptionList")
        targets = [e for e in app.entities if e.canonical != "الصين"]
        usa = next(n for n, e in enumerate(targets) if e.canonical == "الولايات المتحدة")
        target_list.highlighted = usa  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.press("2")  # every article: teach
        await pilot.pause()
        assert by_name(app.entities, "الصين") is None
        assert [(c.action, c.name, c.target) for c in taught.load()] == [
            (MERGE, "الصين", "الولايات المتحدة")
        ]
        await pilot.press("]")  # the next article: China is the USA there too
        await wait_for_entities(app, pilot)
        assert by_name(app.entities, "الصين") is None
        assert "الصين" in read_text(other)
        await pilot.press("q")


async def test_add_an_entity_from_a_selection(article: Path) -> None:
    app = ReaderApp([article])
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for_entities(app, pilot)
        view = app.query_one(ArticleView)
        await pilot.press("E")  # nothing selected: a hint, nothing added
        assert app.store is not None and app.store.state.corrections == ()
        await pilot.press(
            "v", "w", "w", "W"
        )  # three words from the sentence's start, less the first
        assert view.selection is not None
        start, end = view.selection
        quote = view.article_text[start:end]
        assert len(quote.split()) == 2
        await pilot.press("B")  # and back: the first word again
        assert view.selection[0] < start
        await pilot.press("W", "E")
        await pilot.press("4")  # PRODUCT, the fourth type
        await pilot.press("1")  # this article
        await pilot.pause()
        added = by_name(app.entities, " ".join(quote.split()))
        assert added is not None and added.type == "PRODUCT"
        assert (added.mentions[0].start, added.mentions[0].end) == (start, end)
        assert view.selection is None
        await pilot.press("q")
    (stored,) = sidecar_corrections(article)
    assert (stored["action"], stored["start"], stored["end"], stored["quote"]) == (
        ADD, start, end, quote
    )  # fmt: skip


def test_reader_entities_applies_the_sidecar_and_taught_corrections(article: Path) -> None:
    from conftest import run_reader as run

    from reader.annotations.store import AnnotationStore

    text = read_text(article)
    store = AnnotationStore(article, text)
    store.change(store.state.with_correction(correction(REJECT_ENTITY, "الصين")), "reject")
    store.save()
    taught.teach(correction(RETYPE, "الولايات المتحدة", type="ORG"))

    def kinds(*extra: str) -> dict[str, set[str]]:
        result = run("entities", str(article), "--json", *extra)
        assert result.returncode == 0, result.stderr
        found: dict[str, set[str]] = {}
        for mention in json.loads(result.stdout):
            found.setdefault(mention["canonical"], set()).add(mention["type"])
        return found

    corrected, raw = kinds(), kinds("--raw")
    assert "الصين" in raw and "الصين" not in corrected
    assert raw["الولايات المتحدة"] == {"PLACE"} and corrected["الولايات المتحدة"] == {"ORG"}
    listed = run("taught")
    assert listed.returncode == 0 and "is ORG" in listed.stdout
    assert run("taught", "--forget", "الولايات المتحده").returncode == 0
    assert kinds()["الولايات المتحدة"] == {"PLACE"}
    assert run("taught", "--forget", "الولايات المتحدة").returncode == 1  # nothing left
