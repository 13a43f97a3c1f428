"""The ``reader`` command as a user runs it: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS, read_text
from conftest import run_reader as run

from reader.layout.chars import cell_width


def cells(line: str) -> int:
    return sum(cell_width(c) for c in line)


def test_render_jsonl_slices_are_exact_offsets_into_the_file() -> None:
    seed = SEEDS[0]
    text = read_text(seed)
    result = run("render", str(seed), "--width", "60", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["paragraph"] == 0 and rows[0]["direction"] == "rtl"
    assert {row["direction"] for row in rows} == {"rtl"}
    previous_end = 0
    for row in rows:
        assert set(row) == {"paragraph", "start", "end", "direction", "visual"}
        assert previous_end <= row["start"] <= row["end"]
        # Between two lines only spaces and line breaks are left out.
        assert text[previous_end : row["start"]].strip() == ""
        previous_end = row["end"]
        source = text[row["start"] : row["end"]]
        assert "\n" not in source
        if source.strip():
            assert row["visual"]
    assert text[previous_end:].strip() == ""


def test_render_text_right_aligns_arabic_to_the_width() -> None:
    result = run("render", str(SEEDS[0]), "--width", "50")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    full = [line for line in lines if cells(line) == 50]
    assert len(full) > len(lines) // 2
    # Shaped: presentation forms, not the logical letters.
    assert any("\ufe8d" <= c <= "\ufefc" for c in result.stdout)
    assert "\u0627" not in lines[0]


def test_render_without_width_uses_80_when_not_a_terminal() -> None:
    result = run("render", str(SEEDS[4]))
    assert result.returncode == 0
    assert max(cells(line) for line in result.stdout.splitlines()) == 80


def test_render_terminal_mode_and_stripped_harakat(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("بِسْمِ اللَّهِ\n", encoding="utf-8")
    logical = run("render", str(article), "--bidi", "terminal", "--width", "20")
    assert logical.stdout.splitlines()[0].strip() == "بِسْمِ اللَّهِ"
    stripped = run("render", str(article), "--harakat", "strip", "--format", "jsonl")
    visual = json.loads(stripped.stdout.splitlines()[0])["visual"]
    assert not any("\u064b" <= c <= "\u0652" for c in visual)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "bin.txt", b"\x89PNG\r\n\x1a\n\xff\xfe\x00"), "not text: a PNG"),
    ],
    ids=["missing", "directory", "undecodable"],
)
def test_render_errors_are_one_clear_line(tmp_path: Path, make: object, message: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    result = run("render", str(path))
    assert result.returncode != 0
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_width_is_refused_clearly() -> None:
    result = run("render", str(SEEDS[0]), "--width", "0")
    assert result.returncode != 0 and "--width" in result.stderr
    assert "Traceback" not in result.stderr


def test_utf8_bom_and_crlf_keep_offsets_on_the_decoded_text(tmp_path: Path) -> None:
    article = tmp_path / "crlf.txt"
    article.write_bytes("\ufeffسطر أول\r\nسطر ثان\r\n".encode())
    result = run("render", str(article), "--format", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    text = "سطر أول\r\nسطر ثان\r\n"  # decoded: the BOM is not text, CRLF stays
    assert [text[r["start"] : r["end"]] for r in rows] == ["سطر أول", "سطر ثان", ""]


def test_python_dash_m_and_console_script_agree() -> None:
    script = Path(sys.executable).with_name("reader")
    if not script.exists():
        pytest.skip("console script not installed next to this interpreter")
    direct = subprocess.run(
        [str(script), "render", str(SEEDS[4]), "--width", "70"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert direct.returncode == 0
    assert direct.stdout == run("render", str(SEEDS[4]), "--width", "70").stdout


def test_open_a_folder_prints_every_article_when_piped() -> None:
    result = run(str(SEEDS[0].parent), "--width", "70")
    assert result.returncode == 0, result.stderr
    for seed in SEEDS:
        assert seed.name in result.stdout


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("extra", [[], ["--bidi", "terminal"]])
def test_render_into_a_pipe_closed_early_exits_quietly(tmp_path: Path, extra: list[str]) -> None:
    # `reader render long.txt | head`, in a terminal: standard error is a
    # terminal (wrapped to pass only visible text), standard output a pipe
    # whose reader leaves after a line. Long enough for the worker processes.
    import pty

    article = tmp_path / "long.txt"
    article.write_text("\n".join([read_text(path) for path in SEEDS] * 25), encoding="utf-8")
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "render", str(article), "--width", "60", *extra],
        stdout=subprocess.PIPE,
        stderr=terminal,
    )
    os.close(terminal)
    assert process.stdout is not None
    assert process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    said = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        said += chunk
    os.close(controller)
    assert said == b""


# -- command line niceties (issue 24) ---------------------------------------------------


def test_reader_alone_lists_the_commands() -> None:
    result = run()
    assert result.returncode == 0
    for command in ("reader PATH", "render", "entities", "annotations", "export", "search", "text"):
        assert command in result.stdout


def tagged_copy(folder: Path) -> Path:
    """A seed copied into `folder`, with one passage tagged and saved."""
    from conftest import open_store, tag

    article = folder / "a.txt"
    article.write_text(read_text(SEEDS[0]), encoding="utf-8")
    store = open_store(article)
    tag(store, 0, 7, "claim")
    store.save()
    return article


def test_annotations_of_a_sidecar_lists_its_articles_and_says_so(tmp_path: Path) -> None:
    tagged_copy(tmp_path)
    result = run("annotations", str(tmp_path / "a.txt.annotations.json"))
    assert result.returncode == 0, result.stderr
    assert "is the sidecar of a.txt" in result.stderr and "claim" in result.stdout
    lone = tmp_path / "gone.txt.annotations.json"
    lone.write_text("{}", encoding="utf-8")
    result = run("annotations", str(lone))
    assert result.returncode == 2 and "its article gone.txt is not beside it" in result.stderr
    assert "Traceback" not in result.stderr


def test_csv_export_starts_with_a_bom_unless_asked_not_to(tmp_path: Path) -> None:
    article = tagged_copy(tmp_path)
    run("export", str(article), "-f", "csv", "-o", str(tmp_path / "with.csv"))
    run("export", str(article), "-f", "csv", "--no-bom", "-o", str(tmp_path / "without.csv"))
    assert (tmp_path / "with.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (tmp_path / "without.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_conll_conventional_labels_from_the_command_line(tmp_path: Path) -> None:
    result = run("export", str(SEEDS[0]), "-f", "conll", "--conll-labels", "conventional")
    assert result.returncode == 0, result.stderr
    labels = {line.split("\t")[1][2:] for line in result.stdout.splitlines() if "\t" in line}
    assert labels - {""} <= {"PER", "ORG", "LOC", "MISC"}


def test_a_config_file_that_is_not_there_is_said_so(tmp_path: Path) -> None:
    result = run("--config", str(tmp_path / "nonexistent.toml"), str(SEEDS[0]))
    assert result.returncode == 2
    assert "nonexistent.toml: no such config file" in result.stderr
