"""A real terminal (tmux) given an article that tries to set the window title
and write the clipboard: the pane title and tmux's paste buffers must be
unchanged, and the payload must be on screen as placeholders.

The harness first proves it can see an attack: a raw `printf` of the same
sequences in a pane does change its title and fill a paste buffer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from hostile_cases import PAYLOADS

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux not installed: apt-get install tmux"
)

TITLE = PAYLOADS["OSC 0 sets the window title"] + PAYLOADS["OSC 2 sets the title (ST-terminated)"]
CLIPBOARD = PAYLOADS["OSC 52 writes the clipboard"]


class Tmux:
    def __init__(self, socket: str, config: Path) -> None:
        self.socket = socket
        # Let applications set the clipboard (tmux then keeps it as a paste
        # buffer) and the title, so that an escape that gets through is seen.
        config.write_text("set -g set-clipboard on\nset -g allow-rename on\n")
        self.config = config

    def __call__(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        ).stdout

    def start(self, command: str) -> None:
        env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8"}
        subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.config), "new-session", "-d", "-s", "t",
             "-x", "120", "-y", "40", "-c", str(ROOT), command],
            check=True, env=env,
        )  # fmt: skip

    def title(self) -> str:
        return self("display-message", "-p", "-t", "t", "#{pane_title}").strip()

    def buffers(self) -> str:
        return self("list-buffers")

    def wait_for(self, needle: str, timeout: float = 25) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self("capture-pane", "-p", "-t", "t")
            if needle in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} never appeared:\n{screen}")


@pytest.fixture
def tmux(tmp_path: Path) -> object:
    terminal = Tmux(f"reader-hostile-{os.getpid()}-{tmp_path.name}", tmp_path / "tmux.conf")
    yield terminal
    terminal("kill-server")


def test_the_harness_sees_a_raw_escape_get_through(tmp_path: Path, tmux: Tmux) -> None:
    payload = tmp_path / "payload"
    payload.write_text(TITLE + CLIPBOARD + "shown\n", encoding="utf-8")
    tmux.start(f"cat {payload}; sleep 30")
    tmux.wait_for("shown")
    time.sleep(0.5)
    assert tmux.title() == "PWNED-TITLE"
    assert tmux.buffers(), "tmux should have taken OSC 52 as a paste buffer"


def test_reader_shows_the_attack_and_obeys_none_of_it(tmp_path: Path, tmux: Tmux) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    text = f"مقال عن شركة Nvidia {TITLE} و {CLIPBOARD} في بكين MARKER.\n"
    (folder / f"article{PAYLOADS['OSC 0 sets the window title']}.txt").write_text(
        text, encoding="utf-8"
    )
    status = tmp_path / "status"
    tmux.start(f"{sys.executable} -m reader {folder}; echo $? > {status}; sleep 30")
    time.sleep(0.5)
    title_before = tmux.title()
    screen = tmux.wait_for("MARKER")
    tmux.wait_for("PLACE (")  # entities found: the whole screen has been drawn
    time.sleep(1)
    assert tmux.title() == title_before != "PWNED-TITLE"
    assert tmux.buffers() == ""
    assert "␛" in screen and "PWNED-TITLE" in screen, "the payload is shown, as placeholders"
    tmux("send-keys", "-t", "t", "q")
    deadline = time.monotonic() + 15
    while not status.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert status.read_text().strip() == "0"
    assert tmux.title() == title_before
    assert tmux.buffers() == ""
