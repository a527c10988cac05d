"""Live reload for ``byline serve``: build state shared with browsers over server-sent events.

The dev server keeps one ``LiveHub``. After each rebuild it publishes either "the site
changed" (a new generation: open pages reload) or "the build failed" (the error lines:
open pages show them in an overlay and keep the last good page underneath). Every HTML
page the server sends gets one ``<script>`` tag that loads ``LIVE_JS`` and names the
generation the page was served at, so a page that missed an event while it loaded
still notices and reloads. The tag is added to the bytes sent, never to files on disk.

Server-sent events rather than a websocket: one long GET that ``http.server`` can answer
with no extra dependency, and ``EventSource`` reconnects by itself after a restart.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass

__all__ = [
    "EVENTS_PATH",
    "LIVE_JS",
    "SCRIPT_PATH",
    "LiveHub",
    "LiveState",
    "inject",
    "sse_event",
]

EVENTS_PATH = "/__byline/events"
"""The event stream; ``?v=GENERATION`` says which generation the page shows."""
SCRIPT_PATH = "/__byline/live.js"

LIVE_JS = b"""\
(() => {
  "use strict";
  const me = document.currentScript;
  const seen = me ? me.dataset.generation : "";
  const overlayId = "byline-build-error";
  function clear() {
    const old = document.getElementById(overlayId);
    if (old) old.remove();
  }
  function show(lines) {
    clear();
    if (!lines.length) return;
    const box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:60vh;" +
      "overflow:auto;margin:0;padding:1rem 1.25rem;background:#2b0b0b;color:#fff;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
      "border-top:4px solid #ff6b6b;box-shadow:0 -4px 16px rgba(0,0,0,.4)";
    const title = document.createElement("strong");
    title.textContent = "byline serve: the last save did not build";
    const text = document.createElement("pre");
    text.style.cssText = "margin:.5rem 0 0;padding:0;border:0;white-space:pre-wrap;" +
      "color:inherit;background:none;font:inherit";
    text.textContent = lines.join("\\n");
    box.append(title, text);
    document.body.append(box);
  }
  const source = new EventSource("/__byline/events?v=" + encodeURIComponent(seen));
  source.addEventListener("reload", () => { source.close(); location.reload(); });
  source.addEventListener("errors", (event) => show(JSON.parse(event.data)));
})();
"""
"""The browser side: reload on ``reload``, show or clear the overlay on ``errors``."""


@dataclass(frozen=True, slots=True)
class LiveState:
    """What browsers are told."""

    generation: str
    """Changes whenever the built site changes; a page served earlier must reload."""
    errors: tuple[str, ...] = ()
    """``path:line: message`` lines of the last build; empty when it built cleanly."""


class LiveHub:
    """The current ``LiveState``, with a condition that event streams wait on."""

    def __init__(self) -> None:
        # A token per server run, so a page left open across a restart reloads too.
        self._token = secrets.token_hex(4)
        self._count = 0
        self._state = LiveState(self._generation())
        self._changed = threading.Condition()
        self.closed = False

    def _generation(self) -> str:
        return f"{self._token}.{self._count}"

    @property
    def state(self) -> LiveState:
        with self._changed:
            return self._state

    def publish(self, *, reload: bool, errors: tuple[str, ...] = ()) -> LiveState:
        """Record a build's outcome and wake every stream; ``reload`` starts a generation."""
        with self._changed:
            if reload:
                self._count += 1
            self._state = LiveState(self._generation(), errors)
            self._changed.notify_all()
            return self._state

    def wait(self, last: LiveState, timeout: float) -> LiveState | None:
        """The state once it differs from ``last`` (or ``last`` after ``timeout`` seconds).

        None once the hub is closed: the stream should end.
        """
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self._state != last, timeout)
            return None if self.closed else self._state

    def close(self) -> None:
        """End every stream (on shutdown)."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def sse_event(name: str, data: object) -> bytes:
    """One server-sent event with JSON ``data`` (JSON has no newlines, so one data line)."""
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()


def inject(html: bytes, generation: str) -> bytes:
    """``html`` with the live-reload script tag before ``</body>`` (or at the end)."""
    tag = (f'<script src="{SCRIPT_PATH}" data-generation="{generation}"></script>\n').encode()
    at = html.lower().rfind(b"</body>")
    if at < 0:
        return html + tag
    return html[:at] + tag + html[at:]
