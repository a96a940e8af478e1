"""Sphinx configuration of the course website. `make site` (tools/course_site.py) copies this
folder next to the pages it generates and writes site_settings.json (repository, title, mode)."""

import json
from pathlib import Path

settings = json.loads((Path(__file__).parent / "site_settings.json").read_text(encoding="utf-8"))

project = settings["title"]
author = "the course authors"
copyright = "the course authors; code MIT, text CC BY 4.0"
language = "en"

extensions = ["myst_nb"]
exclude_patterns = ["site_settings.json", "**.ipynb_checkpoints"]

# The pages come from executed notebooks: never run them here.
nb_execution_mode = "off"
nb_merge_streams = True
nb_output_stderr = "show"  # tqdm bars and warnings are part of what the run printed
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "html_admonition"]
myst_heading_anchors = 3

html_theme = "sphinx_book_theme"
html_title = settings["title"]
html_static_path = ["_static"]
html_css_files = ["fonts/nanum-gothic.css", "course.css"]
html_last_updated_fmt = None
html_show_sourcelink = False
# The search shows titles only: its summaries are fetched page by page, which a browser refuses
# for a site opened from files (the classroom zip) and reports as console errors.
html_show_search_summary = False
html_theme_options = {
    "repository_url": settings["repository"],
    "repository_branch": "main",
    "use_repository_button": True,
    "use_issues_button": True,
    "use_download_button": True,
    "home_page_in_toc": True,
    "show_toc_level": 2,
}

# MathJax from the local copy tools/slides.py fetches with `npm pack` (MathJax 2, shared with the
# slides), never from a CDN.
mathjax_path = "course-vendor/vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full"
mathjax2_config = {"tex2jax": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]],
                               "processEscapes": True},
                   "CommonHTML": {"linebreaks": {"automatic": True}}}
myst_update_mathjax = False

# Light, always: the figures are drawn on white. (An empty mode also makes the theme's script log
# "Got invalid theme mode" as a console error.)
html_context = {"default_mode": "light"}
