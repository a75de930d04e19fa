"""Open the built docs site in headless Chromium: measure overflow, take screenshots.

Standard library only. The site is served on 127.0.0.1 by a thread; a harness page loads
each page in an iframe of the given width (media queries see the iframe's width, as they
would a phone's or a laptop's window), measures, and writes the result into its own DOM,
which ``chromium --dump-dom`` prints.

Screenshots for a person to look at::

    .venv/bin/python tests/docs/docs_browser.py docs/_build/html /tmp/shots index tutorial install
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

HARNESS = "/__measure__.html"

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--hide-scrollbars", "--mute-audio"]

# Runs in the harness: load each page in an iframe of the given width, then list every
# element of the article that reaches outside the text column (with its padding) without
# being inside a box that scrolls or clips it (a code block, a table wrapper), and whether
# the page itself scrolls sideways.
_SCRIPT = """
const pages = %(pages)s, width = %(width)d, out = {};
function measure(doc, win) {
  const problems = [];
  const root = doc.documentElement;
  if (root.scrollWidth > root.clientWidth + 1)
    problems.push(`page scrolls sideways: ${root.scrollWidth}px wide in a ${root.clientWidth}px window`);
  const article = doc.querySelector('article[role=main]');
  if (!article) { problems.push('no article'); return problems; }
  // The text column with its padding (Furo's headings and tables reach a few pixels into
  // the padding for their background), and never beyond the window.
  const column = (article.closest('.content') || article).getBoundingClientRect();
  const box = {left: Math.max(column.left, 0), right: Math.min(column.right, root.clientWidth)};
  for (const el of article.querySelectorAll('*')) {
    let p = el.parentElement, clipped = false;
    while (p && p !== article) {
      if (win.getComputedStyle(p).overflowX !== 'visible') { clipped = true; break; }
      p = p.parentElement;
    }
    if (clipped) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > box.right + 1 || r.left < box.left - 1) {
      const name = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '');
      problems.push(`${name} spans ${Math.round(r.left)}-${Math.round(r.right)}px, outside the text column ` +
                    `${Math.round(box.left)}-${Math.round(box.right)}px: ${el.textContent.trim().slice(0, 60)}`);
    }
  }
  return problems.slice(0, 10);
}
async function run() {
  const frame = document.createElement('iframe');
  frame.style.width = width + 'px'; frame.style.height = '900px'; frame.style.border = '0';
  document.body.appendChild(frame);
  for (const page of pages) {
    await new Promise(resolve => { frame.onload = resolve; frame.src = page; });
    await new Promise(resolve => setTimeout(resolve, 50));
    try { out[page] = measure(frame.contentDocument, frame.contentWindow); }
    catch (e) { out[page] = ['could not measure: ' + e]; }
  }
  const pre = document.createElement('pre');
  pre.id = 'result'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}
run();
"""


def chromium() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextlib.contextmanager
def serve(root: Path, harness: str = "") -> Iterator[str]:
    """Serve ``root`` (and ``harness`` at :data:`HARNESS`) on 127.0.0.1; yields the base URL."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == HARNESS:
                body = harness.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _run(exe: str, args: Sequence[str], timeout: float) -> str:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=timeout, check=False)
    return done.stdout


def overflow(root: Path, pages: Sequence[str], width: int, *, timeout: float = 300) -> dict[str, list[str]]:
    """For each page (a path relative to ``root``), what overflows at ``width`` CSS pixels."""
    exe = chromium()
    if exe is None:
        raise RuntimeError("chromium is not installed")
    script = _SCRIPT % {"pages": json.dumps(["/" + p for p in pages]), "width": width}
    harness = f"<!doctype html><html><body><script>{script}</script></body></html>"
    with serve(root, harness) as base:
        dom = _run(exe, [f"--window-size={width + 40},1000", "--virtual-time-budget=600000",
                         "--dump-dom", base + HARNESS], timeout)
    start = dom.find('<pre id="result">')
    if start < 0:
        raise RuntimeError(f"the harness did not finish; chromium printed {dom[-500:]!r}")
    text = dom[start + len('<pre id="result">'):dom.index("</pre>", start)]
    result: dict[str, list[str]] = {k.lstrip("/"): v for k, v in json.loads(html.unescape(text)).items()}
    return result


def screenshot(root: Path, page: str, out: Path, width: int, height: int = 1600, *,
               dark: bool = False, timeout: float = 120) -> Path:
    """A PNG of ``page`` in a ``width`` x ``height`` window (dark colour scheme if ``dark``)."""
    exe = chromium()
    if exe is None:
        raise RuntimeError("chromium is not installed")
    extra = ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] if dark else []
    with serve(root) as base:
        _run(exe, [*extra, f"--window-size={width},{height}", f"--screenshot={out}",
                   "--virtual-time-budget=5000", f"{base}/{page}"], timeout)
    return out


if __name__ == "__main__":
    site, folder, *names = sys.argv[1:]
    Path(folder).mkdir(parents=True, exist_ok=True)
    for name in names:
        for width, height, dark in ((1280, 1000, False), (1280, 1000, True), (390, 1800, False)):
            tag = f"{width}{'-dark' if dark else ''}"
            out = Path(folder) / f"{name.replace('/', '_')}-{tag}.png"
            print(screenshot(Path(site), f"{name}.html", out, width, height, dark=dark))
