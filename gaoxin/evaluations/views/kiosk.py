"""The evaluator (评价器) pages: a full-screen kiosk for a window's tablet and its pairing page.

Both pages are static shells: the kiosk authenticates to the JSON API with its device token,
kept in the tablet's localStorage after pairing. The token never reaches these views.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from gaoxin.evaluations.forms import tag_choices
from gaoxin.evaluations.ui_selectors import LEVELS_DISPLAY


@never_cache
def kiosk(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "evaluations/kiosk/kiosk.html",
        {"levels": [(int(lv), lv.label) for lv in LEVELS_DISPLAY], "tags": tag_choices("onsite")},
    )


@never_cache
def kiosk_pair(request: HttpRequest) -> HttpResponse:
    """Pairing: paste the token, or open /evaluations/kiosk/pair/#<token> (a fragment is never sent)."""
    return render(request, "evaluations/kiosk/pair.html")
