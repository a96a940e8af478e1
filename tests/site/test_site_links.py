"""Every internal link and anchor of the course website resolves: each relative href/src of each
page (lessons, glossary, results, about, search, slides) points at a file of the site, and each
#fragment at an id in that file. Links that leave the site (Colab, Binder, GitHub) are not
followed: the test runs offline."""

from __future__ import annotations

import pages


def test_internal_links_and_anchors_resolve(site):
    broken, checked = [], 0
    ids: dict = {}
    for page_file in sorted(site.rglob("*.html")):
        if "_static" in page_file.relative_to(site).parts:
            continue  # the packages' own demo pages
        for tag, url in pages.read(page_file).links:
            target = pages.local_target(page_file, url, site)
            if target is None:
                continue
            file, fragment = target
            checked += 1
            where = f"{page_file.relative_to(site)}: <{tag}> {url}"
            if site.resolve() not in file.parents and file != site.resolve():
                broken.append(f"{where} leaves the site folder")
            elif not file.is_file():
                broken.append(f"{where}: no such file")
            elif fragment and not fragment.startswith("/") and file.suffix == ".html":
                if file not in ids:
                    ids[file] = pages.read(file).ids
                if not pages.has_anchor(ids[file], fragment):
                    broken.append(f"{where}: no id {fragment!r} in {file.name}")
    assert checked > 200, f"only {checked} internal links found: is the site complete?"
    assert not broken, f"{len(broken)} broken of {checked}:\n" + "\n".join(broken[:40])
