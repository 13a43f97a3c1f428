"""The project as a newcomer meets it: README set-up, CI script, benchmark."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import ROOT, load_script


def fenced_command(marker: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- {marker} -->\n```sh\n(.+)\n```", readme)
    assert match, f"README has no {marker} block"
    return match.group(1)


def test_readme_has_exactly_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("```sh") == 2
    assert fenced_command("run-command").endswith("reader seeds/")
    assert "pytest" in fenced_command("test-command")


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    awk = re.search(r"test_command=\$\(awk '(.+)' README.md\)", script)
    assert awk, "the CI script reads the command from the README"
    extracted = subprocess.run(
        ["awk", awk.group(1), "README.md"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert extracted == fenced_command("test-command")
    for package in ("tmux", "libfribidi-bin", "unicode-data"):
        assert package in script


def test_seeds_are_the_shared_corpus_byte_for_byte() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    if shared.is_dir():
        for seed in seeds:
            assert seed.read_bytes() == (shared / seed.name).read_bytes()


def test_bench_reports_every_figure_as_json() -> None:
    # At a hundredth of the sizes: this checks the bench, not the machine.
    result = subprocess.run(
        [sys.executable, "-m", "reader.bench", "--json", "--runs", "1", "--scale", "0.01"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["scale"] == 0.01
    keys = [
        "first_paint_10kb_s",
        "first_paint_10mb_s",
        "pagedown_10mb_median_ms",
        "pagedown_10mb_p95_ms",
        "j_10mb_median_ms",
        "pagedown_burst_10mb_median_ms",
        "resize_10mb_ms",
        "library_1000_s",
        "sidecar_load_10k_ms",
        "sidecar_save_10k_ms",
        "render_10mb_s",
        "fribidi_10mb_s",
        "rss_10mb_mb",
        "entities_chars_per_s",
        "library_index_1000_s",
        "library_index_cached_1000_s",
        "layout_mb_per_s",
        "dump_100k_listed_s",
        "dump_100k_record_open_ms",
    ]
    for key in keys:
        assert figures[key] > 0, key


def test_every_data_file_is_packaged() -> None:
    """A non-editable install must carry every data file the code loads."""
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]
    missing = []
    for path in (ROOT / "reader").rglob("*"):
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        package = ".".join(path.parent.relative_to(ROOT).parts)
        owners = {p: globs for p, globs in patterns.items() if package.startswith(p)}
        relative = {p: str(path.relative_to(ROOT / p.replace(".", "/"))) for p in owners}
        if not any(fnmatch.fnmatch(relative[p], g) for p, globs in owners.items() for g in globs):
            missing.append(str(path.relative_to(ROOT)))
    assert missing == []


def test_the_shipped_schema_is_generated_from_the_model() -> None:
    """One schema: the JSON Schema in the package is what scripts/build_schema.py
    makes of the types that check every sidecar as it is read."""
    from reader.annotations.sidecar import schema

    build = load_script("build_schema")
    assert build.TARGET.read_text("utf-8") == build.text()
    assert schema() == json.loads(build.text())  # and it is the file the package reads
