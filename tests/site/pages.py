"""Reading the built site's HTML for the site tests: links, images, ids, remote resources."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*['"]?((?:https?:)?//[^'")\s]+)""", re.IGNORECASE)


class Page(HTMLParser):
    """Collects what the tests ask about one HTML file."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url) of a, link, script, img, iframe, source
        self.remote_resources: list[str] = []  # scripts, styles, fonts, images, frames from the internet
        self.images: list[dict] = []
        self._output_depth = 0  # inside a cell output (myst-nb's div.cell_output)
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for key in ("id", "name"):
            if attributes.get(key) and (key == "id" or tag == "a"):
                self.ids.add(attributes[key])
        classes = (attributes.get("class") or "").split()
        if tag == "div":
            self._depth += 1
            if "cell_output" in classes and not self._output_depth:
                self._output_depth = self._depth
        url = attributes.get("href") if tag in {"a", "link"} else attributes.get("src")
        if url:
            self.links.append((tag, url))
            loads = tag in {"script", "img", "iframe", "source", "video", "audio", "embed"} or (
                tag == "link" and any(rel in (attributes.get("rel") or "").lower().split()
                                      for rel in ("stylesheet", "preload", "icon", "modulepreload", "prefetch")))
            if loads and REMOTE.match(url):
                self.remote_resources.append(f"<{tag}> {url}")
        if tag == "img":
            self.images.append({"src": attributes.get("src", ""), "in_output": bool(self._output_depth)})

    def handle_endtag(self, tag):
        if tag == "div":
            if self._output_depth == self._depth:
                self._output_depth = 0
            self._depth -= 1


def read(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def local_target(page: Path, url: str, root: Path) -> tuple[Path, str] | None:
    """(file, fragment as written) a relative link points to, or None for links that leave the site."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:", "data:")):
        return None
    if not parts.path:
        return page, parts.fragment
    target = (page.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def has_anchor(ids: set[str], fragment: str) -> bool:
    """As a browser looks a fragment up: as written, then percent-decoded."""
    return fragment in ids or unquote(fragment) in ids


def css_remote_references(path: Path) -> list[str]:
    return CSS_REMOTE.findall(path.read_text(encoding="utf-8", errors="replace"))
