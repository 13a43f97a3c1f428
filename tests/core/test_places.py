"""Reading positions and bookmarks kept between sessions (reader.places)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.places import MOST_ARTICLES, Places


@pytest.fixture
def where(tmp_path: Path) -> Path:
    return tmp_path / "data" / "places.json"


def test_a_position_bookmarks_and_the_last_article_survive_a_new_session(
    tmp_path: Path, where: Path
) -> None:
    article, library = tmp_path / "a.txt", tmp_path
    article.write_text("x", encoding="utf-8")
    places = Places(where)
    assert places.position(article) is None and places.last_article(library) is None
    places.remember(article, 1234, library)
    places.set_mark(article, "q", 99)
    places.save()
    again = Places(where)
    assert again.position(article) == 1234
    assert again.marks(article) == {"q": 99}
    assert again.last_article(library) == article.resolve()


def test_two_readers_saving_keep_each_others_places(tmp_path: Path, where: Path) -> None:
    one, two = Places(where), Places(where)
    one.remember(tmp_path / "a.txt", 10)
    one.save()
    two.remember(tmp_path / "b.txt", 20)
    two.save()  # re-reads the file: a.txt stays
    final = Places(where)
    assert final.position(tmp_path / "a.txt") == 10
    assert final.position(tmp_path / "b.txt") == 20


def test_an_unreadable_file_is_set_aside_not_written_over(tmp_path: Path, where: Path) -> None:
    where.parent.mkdir(parents=True)
    where.write_text("{not json", encoding="utf-8")
    places = Places(where)
    assert "could not be read" in places.message
    (kept,) = where.parent.glob("places.json.unreadable-*")
    assert kept.read_text(encoding="utf-8") == "{not json"
    places.remember(tmp_path / "a.txt", 5)
    places.save()
    assert Places(where).position(tmp_path / "a.txt") == 5


def test_entries_of_the_wrong_shape_are_dropped_one_by_one(tmp_path: Path, where: Path) -> None:
    where.parent.mkdir(parents=True)
    good = str((tmp_path / "good.txt").resolve())
    where.write_text(
        json.dumps(
            {
                "format": "reader-places",
                "version": 1,
                "articles": {
                    good: {"offset": 7, "marks": {"a": 3, "AB": 1, "b": -1}},
                    "bad": {"offset": "seven"},
                    "worse": [],
                },
                "libraries": {"x": 3},
            }
        ),
        encoding="utf-8",
    )
    places = Places(where)
    assert places.message == ""
    assert places.position(tmp_path / "good.txt") == 7
    assert places.marks(tmp_path / "good.txt") == {"a": 3}
    assert set(places.articles) == {good}


def test_a_bookmark_is_a_letter(tmp_path: Path, where: Path) -> None:
    with pytest.raises(ValueError, match="a letter"):
        Places(where).set_mark(tmp_path / "a.txt", "1", 0)


def test_the_least_recently_read_are_forgotten_past_the_limit(
    tmp_path: Path, where: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.places.MOST_ARTICLES", 3)
    places = Places(where)
    for number in range(5):
        places.remember(tmp_path / f"{number}.txt", number)
    places.save()
    kept = Places(where)
    assert len(kept.articles) == 3
    assert kept.position(tmp_path / "4.txt") == 4 and kept.position(tmp_path / "0.txt") is None
    assert MOST_ARTICLES >= 1000  # the real limit holds a long reading life


def test_a_file_name_no_encoding_gave_is_kept_too(tmp_path: Path, where: Path) -> None:
    odd = tmp_path / "\udcff\udcfe-article.txt"  # bytes 0xff 0xfe in a Linux file name
    places = Places(where)
    places.remember(odd, 42)
    places.save()
    assert Places(where).position(odd) == 42
