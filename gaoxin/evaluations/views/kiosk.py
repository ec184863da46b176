"""The evaluator (评价器) pages: a full-screen kiosk for a window's tablet and its pairing page.

Both pages are static shells: the kiosk authenticates to the JSON API with its device token,
kept in the tablet's localStorage after pairing. The token never reaches these views.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gaoxin.evaluations.forms import tag_choices
from gaoxin.evaluations.ui_selectors import LEVELS_DISPLAY


def kiosk_texts() -> dict[str, str]:
    """The kiosk script's messages in the active language (a json_script block of the page)."""
    return {
        "online": _("在线"),
        "offline": _("网络中断，评价已保存在本机，恢复后自动上传"),
        "queued": _("待上传"),
        "revoked": _("设备令牌无效或已停用，请重新配对"),
        "window": _("窗口"),
    }


@never_cache
def kiosk(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "evaluations/kiosk/kiosk.html",
        {
            "levels": [(int(lv), lv.label) for lv in LEVELS_DISPLAY],
            "tags": tag_choices("onsite"),
            "texts": kiosk_texts(),
        },
    )


@never_cache
def kiosk_pair(request: HttpRequest) -> HttpResponse:
    """Pairing: paste the token, or open /evaluations/kiosk/pair/#<token> (a fragment is never sent)."""
    return render(request, "evaluations/kiosk/pair.html")
