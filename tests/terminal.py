"""reader in a real terminal for the tests: each `Pane` is a tmux session of
its own (its own server socket), running one `reader` process whose pid is
the pane's, so a test can type into it, read its screen, signal it, or
close its window."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux not installed: apt-get install tmux"
)


class Pane:
    def __init__(
        self,
        name: str,
        home: Path,
        *args: str,
        size: tuple[int, int] = (120, 36),
        cwd: Path | None = None,
        term: str = "xterm-256color",
    ) -> None:
        self.socket = f"reader-{os.getpid()}-{name}-{home.name}"
        self.status = home / f"{name}.status"
        # TERM inside tmux is tmux's own (default-terminal) unless set here.
        command = " ".join(
            shlex.quote(a) for a in ("env", f"TERM={term}", sys.executable, "-m", "reader", *args)
        )
        # The exit status is written by the shell once reader ends; the pane
        # stays open a moment so it can be read.
        script = f"{command}; echo $? > {shlex.quote(str(self.status))}; sleep 20"
        environment = {
            **os.environ,
            "TERM": term,
            "LANG": "C.UTF-8",
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
        }
        subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d", "-s", "r",
             "-x", str(size[0]), "-y", str(size[1]), "-c", str(cwd or home), script],
            check=True,
            env=environment,
        )  # fmt: skip

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        ).stdout

    def screen(self, *, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "r")

    def settle(self, timeout: float = 10) -> str:
        """The screen (with its colours) once two captures in a row agree."""
        deadline = time.monotonic() + timeout
        previous = self.screen(escapes=True)
        while time.monotonic() < deadline:
            time.sleep(0.4)
            current = self.screen(escapes=True)
            if current == previous:
                return current
            previous = current
        return previous

    def exit_status(self, timeout: float = 15) -> str:
        """reader's exit status, once it has ended."""
        deadline = time.monotonic() + timeout
        while not self.status.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        return self.status.read_text().strip()

    def wait_for(self, needle: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if needle in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{needle!r} never appeared:\n{self.screen()}")

    def wait_without(self, needle: str, timeout: float = 60) -> str:
        """The screen once `needle` is no longer on it (a progress bar gone)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if needle not in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{needle!r} never went away:\n{self.screen()}")

    def reader_pid(self) -> int:
        """The pid of the reader process: the shell's child."""
        shell = int(self.tmux("list-panes", "-t", "r", "-F", "#{pane_pid}").split()[0])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            children = Path(f"/proc/{shell}/task/{shell}/children")
            found = children.read_text().split() if children.exists() else []
            if found:
                return int(found[0])
            time.sleep(0.05)
        raise AssertionError("no reader process in the pane")

    def keys(self, *keys: str, pause: float = 0.0) -> None:
        self.tmux("send-keys", "-t", "r", *keys)
        if pause:
            time.sleep(pause)

    def close_window(self) -> None:
        self.tmux("kill-window", "-t", "r")

    def close(self) -> None:
        self.tmux("kill-server")


def wait_gone(pid: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        # A zombie child of the pane's shell counts as gone.
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            return
        if state == "Z":
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} did not end")
