"""The side menu follows the page's language: every section and item of every app's menu."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

CJK = re.compile(r"[\u4e00-\u9fff]")
NAV_TEXT = re.compile(
    r'<div class="gx-nav-section">([^<]*)</div>|<a class="gx-nav-link[^"]*" href="[^"]*"><i [^>]*></i>([^<]*)</a>'
)


def menu(client) -> list[str]:
    html = client.get("/").content.decode()
    return [(section or item).strip() for section, item in NAV_TEXT.findall(html)]


@pytest.mark.parametrize("persona", ["admin", "leader"])
def test_the_menu_is_english_in_english(client_as, persona):
    client = client_as(persona)
    chinese = menu(client)
    assert {"首页", "项目立区"} <= set(chinese)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = menu(client)
    assert len(english) == len(chinese) > 20
    assert [label for label in english if CJK.search(label)] == []
    assert {"Projects", "Project library"} <= set(english)


def test_import_pages_name_their_list_in_the_page_s_language(client_as):
    client = client_as("admin")
    assert '<h1 class="gx-page-title">导入企业名录</h1>' in client.get("/core/imports/enterprises/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/core/imports/enterprises/").content.decode()
    assert '<h1 class="gx-page-title">Import Enterprise directory</h1>' in html
