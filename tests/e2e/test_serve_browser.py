"""`reader serve` in a real headless browser (Chromium, driven over its
DevTools protocol): the page shows the reader with Arabic shaped, and a key
pressed in the browser moves the reader's cursor."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.layout import one_line

ROOT = Path(__file__).resolve().parents[2]
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium: apt-get install chromium (.ci/run does)"
)
aiohttp = pytest.importorskip("aiohttp")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_http(url: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return str(response.read().decode("utf-8", "replace"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`reader serve` on a copy of a seed; (its URL, the user data folder)."""
    article = tmp_path / "library" / SEED.name
    article.parent.mkdir()
    shutil.copy(SEED, article)
    port = free_port()
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", str(article.parent), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        url = f"http://localhost:{port}/"
        wait_for_http(url)
        yield url, tmp_path / "data"
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


class Browser:
    """One headless Chromium page, driven over the DevTools protocol."""

    def __init__(self, socket_: Any) -> None:
        self.socket = socket_
        self.next_id = 0
        self.frames: list[str] = []  # web socket frames the page received

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        asked = self.next_id
        await self.socket.send_json({"id": asked, "method": method, "params": params})
        while True:
            message = await self.socket.receive_json(timeout=30)
            self._event(message)
            if message.get("id") == asked:
                return dict(message.get("result", {}))

    def _event(self, message: dict[str, Any]) -> None:
        if message.get("method") == "Network.webSocketFrameReceived":
            response = message["params"]["response"]
            payload = response["payloadData"]
            if response.get("opcode") == 2:
                payload = base64.b64decode(payload).decode("utf-8", "replace")
            self.frames.append(payload)

    async def pump(self, seconds: float) -> None:
        """Take in the page's events for a while (its frames among them)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                self._event(await self.socket.receive_json(timeout=left))
            except TimeoutError:
                return

    async def until(self, found: Any, seconds: float = 30) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if found():
                return True
            await self.pump(0.3)
        return bool(found())

    async def key(self, char: str) -> None:
        for kind in ("keyDown", "keyUp"):
            await self.call(
                "Input.dispatchKeyEvent",
                type=kind,
                key=char,
                text=char if kind == "keyDown" else "",
                code=f"Key{char.upper()}",
                windowsVirtualKeyCode=ord(char.upper()),
            )


def reading_offset(data: Path) -> int:
    places = data / "reader" / "places.json"
    if not places.exists():
        return 0
    articles = json.loads(places.read_text(encoding="utf-8"))["articles"]
    return max((place["offset"] for place in articles.values()), default=0)


def test_the_reader_in_a_browser_shows_shaped_arabic_and_answers_keys(
    served: tuple[str, Path], tmp_path: Path
) -> None:
    url, data = served
    assert "reader" in wait_for_http(url)  # the page textual-serve makes
    debug_port = free_port()
    chromium = subprocess.Popen(
        [
            str(CHROMIUM),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--remote-debugging-port={debug_port}",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--window-size=1280,800",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{debug_port}/json/version")
        shot = asyncio.run(_drive(debug_port, url, data, tmp_path))
    finally:
        chromium.terminate()
        chromium.wait(10)
    assert shot.stat().st_size > 10_000  # a picture of the page, kept for who looks


async def _drive(debug_port: int, url: str, data: Path, tmp_path: Path) -> Path:
    async with aiohttp.ClientSession() as session:
        async with session.put(f"http://127.0.0.1:{debug_port}/json/new?about:blank") as made:
            page = await made.json(content_type=None)
        async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            browser = Browser(ws)
            await browser.call("Network.enable")
            await browser.call("Page.enable")
            await browser.call("Page.navigate", url=url)
            # The reader's first screen reaches the page: its Arabic is in
            # presentation forms and visual order (what a terminal that does
            # no bidi must receive), the title of the article among it.
            title_line = SEED.read_text(encoding="utf-8").splitlines()[0]
            first_words = one_line(" ".join(title_line.split()[:2]))
            assert await browser.until(lambda: first_words in "".join(browser.frames), 60), (
                "the article never reached the browser"
            )
            shown = "".join(browser.frames)
            assert any("\ufe70" <= c <= "\ufeff" for c in shown)
            await browser.pump(2)  # settled
            shot = tmp_path / "reader-in-browser.png"
            picture = await browser.call("Page.captureScreenshot", format="png")
            shot.write_bytes(base64.b64decode(picture["data"]))
            if os.environ.get("READER_KEEP_SCREENSHOT"):
                shutil.copy(shot, os.environ["READER_KEEP_SCREENSHOT"])
            # A key typed into the page moves the cursor: the reader says
            # where it is in places.json a moment later. (A click first gives
            # the page's terminal the keys; it may move the cursor itself,
            # so "before" is taken once that has been saved.)
            await browser.call(
                "Input.dispatchMouseEvent", type="mousePressed", x=600, y=400, button="left",
                clickCount=1,
            )  # fmt: skip
            await browser.call(
                "Input.dispatchMouseEvent", type="mouseReleased", x=600, y=400, button="left",
                clickCount=1,
            )  # fmt: skip
            await browser.pump(3)
            before = reading_offset(data)
            for _ in range(3):
                await browser.key("j")
            assert await browser.until(lambda: reading_offset(data) > before, 15)
            return shot
