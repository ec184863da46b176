"""The Content-Security-Policy allows scripts from our own origin only (script-src 'self'), so no
template may hold script the browser would refuse: an inline <script> block, an on…= handler
attribute, a javascript: link, or htmx attributes that htmx evaluates (hx-on, hx-vars, js: values;
allowEval is off). Page scripts live in static/<app>/*.js; data reaches them through json_script
blocks or data-* attributes; the few shared behaviours are data-gx-* attributes (core/gx.js)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # gaoxin/
TEMPLATES = sorted(p for p in ROOT.glob("*/templates/**/*.html"))
DATA_TYPES = {"application/json", "application/ld+json"}
HANDLER = re.compile(r"(?:^|[^\w-])on[a-z]+$")  # onclick, onchange…; also after a template tag: %}onclick
EVAL_ATTR = re.compile(r"^(?:data-)?hx-(?:on\b|on[:-]|vars$)")


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        names = {name: value or "" for name, value in attrs}
        if tag == "script" and "src" not in names and names.get("type", "").strip().lower() not in DATA_TYPES:
            self.found.append(f"{line}: inline <script> without src")
        for name, value in names.items():
            if HANDLER.search(name):
                self.found.append(f"{line}: <{tag} {name}=…> event handler attribute")
            elif EVAL_ATTR.match(name) or (name.startswith(("hx-", "data-hx-")) and value.lstrip().startswith("js:")):
                self.found.append(f"{line}: <{tag} {name}=…> needs htmx eval")
            elif "javascript:" in value.replace(" ", "").lower():
                self.found.append(f"{line}: <{tag} {name}=…> javascript: URL")


def offenders(text: str) -> list[str]:
    finder = _Finder()
    finder.feed(text)
    finder.close()
    return finder.found


def test_the_scan_finds_what_the_policy_refuses():
    bad = (
        "<script>alert(1)</script>\n"
        '<script type="module">x()</script>\n'
        "<select onchange=\"this.form.submit()\"><option {% if a %}onclick='x'{% endif %}></select>\n"
        '<a href="{% if u %}{{ u }}{% else %}javascript:history.back(){% endif %}">back</a>\n'
        "<button hx-on:click=\"x()\" hx-vals='js:{a: 1}'></button>"
    )
    assert [f.split(": ", 1)[0] for f in offenders(bad)] == ["1", "2", "3", "3", "4", "5", "5"]
    good = (
        "<script src=\"{% static 'core/gx.js' %}\" defer></script>\n"
        '<script id="d" type="application/json">{"a": 1}</script>\n'
        '<form data-gx-confirm="{% translate "确定？" %}"><select data-gx-autosubmit></select></form>\n'
        '<div hx-get="/x" hx-trigger="every 3s" data-online="1" hx-headers=\'{"X-CSRFToken": "t"}\'></div>'
    )
    assert offenders(good) == []


def test_no_template_holds_script_the_csp_refuses():
    assert len(TEMPLATES) > 50
    found = [f"{path.relative_to(ROOT.parent)}:{f}" for path in TEMPLATES for f in offenders(path.read_text())]
    if found:
        pytest.fail("script the Content-Security-Policy refuses:\n" + "\n".join(found))
