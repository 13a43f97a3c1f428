"""The open-article core, as the TUI and the command line drive it: every
operation says what it changed, and nothing calls back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS

from reader.annotations.model import REJECT_ENTITY, EntityCorrection, new_id, now
from reader.annotations.sidecar import sidecar_path
from reader.corpus import read_article
from reader.nlp.entities import extract
from reader.session import ArticleSession


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ArticleSession:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = Path(shutil.copy(SEEDS[1], tmp_path / "a.txt"))
    return ArticleSession(read_article(path))


def test_tagging_toggles_and_says_what_changed(session: ArticleSession) -> None:
    outcome = session.toggle_tag(0, 20, "claim")
    assert outcome.annotations and not outcome.entities and outcome.description == "tag claim"
    assert [a.tags for a in session.annotations] == [("claim",)]
    assert session.toggle_tag(0, 20, "evidence").annotations
    assert session.annotations[0].tags == ("claim", "evidence")
    session.toggle_tag(0, 20, "claim")
    session.toggle_tag(0, 20, "evidence")
    assert session.annotations == ()  # nothing left to keep


def test_notes_undo_redo_and_save(session: ArticleSession) -> None:
    start, end, existing = session.annotation_for_note(5, 30, selected=False)
    assert existing is None
    session.set_note(start, end, "ملاحظة\n", None)
    (annotation,) = session.annotations
    assert annotation.note == "ملاحظة"
    assert session.annotation_for_note(10, 20, selected=False)[2] == annotation
    assert session.annotation_for_note(10, 20, selected=True)[2] is None
    undone = session.undo()
    assert undone.annotations and undone.messages == ["Undone: note"]
    assert session.annotations == ()
    assert session.redo().messages == ["Redone: note"]
    assert session.undo().annotations and session.undo().messages == ["Nothing to undo"]
    session.redo()
    report, outcome = session.save()
    assert report is not None and not outcome.changed
    saved = json.loads(sidecar_path(session.path).read_text("utf-8"))["annotations"]
    assert [a["note"] for a in saved] == ["ملاحظة"]
    assert session.save()[0] is None  # nothing changed since


def test_deleting_where_there_is_nothing_says_so(session: ArticleSession) -> None:
    assert session.delete_at(0, 5).messages == ["No annotation here"]
    session.toggle_tag(0, 20, "claim")
    outcome = session.delete_at(5, 6)
    assert outcome.annotations and session.annotations == ()


def test_entities_follow_corrections_and_undo(session: ArticleSession) -> None:
    mentions = extract(session.text)
    assert session.mentions_found(mentions).entities
    entity = session.entities[0]
    correction = EntityCorrection(new_id(), REJECT_ENTITY, entity.canonical, created=now())
    outcome = session.correct(correction)
    assert outcome.annotations and outcome.entities  # the sidecar and the list changed
    assert entity.canonical not in {e.canonical for e in session.entities}
    assert session.undo().entities
    assert entity.canonical in {e.canonical for e in session.entities}


def test_entities_worked_out_elsewhere_are_redone_if_corrections_changed_meanwhile(
    session: ArticleSession,
) -> None:
    mentions = extract(session.text)
    inputs = session.correction_inputs()  # what a worker thread corrects with
    first = mentions[0]
    session.correct(EntityCorrection(new_id(), REJECT_ENTITY, first.canonical, created=now()))
    from reader.annotations.corrections import corrected_entities

    stale = corrected_entities(session.text, mentions, *inputs)
    assert first.canonical in {e.canonical for e in stale}
    session.mentions_found(mentions, stale, inputs)
    assert first.canonical not in {e.canonical for e in session.entities}


def test_confirming_a_moved_passage(session: ArticleSession, tmp_path: Path) -> None:
    session.toggle_tag(100, 140, "claim")
    session.save()
    article = session.path
    article.write_text("سطر جديد\n" + article.read_text("utf-8"), "utf-8")
    reopened = ArticleSession(read_article(article))
    (moved,) = reopened.annotations
    assert moved.status == "moved"
    assert any("check the moved ones" in m for m in reopened.messages())
    assert reopened.confirm_moved(moved.id).annotations
    assert reopened.annotations[0].status == "anchored"
    assert reopened.confirm_moved(moved.id).messages == ["Only a moved passage needs confirming"]


def test_a_store_taken_up_again_does_not_repeat_what_it_said(
    session: ArticleSession, tmp_path: Path
) -> None:
    article = session.path
    article.write_text("سطر جديد\n" + article.read_text("utf-8"), "utf-8")
    session.toggle_tag(0, 10, "claim")
    session.save()
    article.write_text("سطر آخر\n" + article.read_text("utf-8"), "utf-8")
    reopened = ArticleSession(read_article(article))
    told = reopened.messages()
    assert any("article changed" in m for m in told)
    # The same store in a new session (the reader came back to the article).
    again = ArticleSession(reopened.article, store=reopened.store)
    assert again.messages() == []
