"""Tilgjengelighetserklæring: the statement of accessibility a Norwegian public body publishes for its web solution
(universell utforming, WCAG 2.1 AA): what is checked, how, and what is known not to meet the standard. Open to
everyone, signed in or not."""

from __future__ import annotations

from fastapi import APIRouter, Request

from omstilling.web.pages import render

router = APIRouter()
PAGE = "/tilgjengelighet"


@router.get(PAGE)
def statement(request: Request):
    return render(request, "tilgjengelighet.html", title="Tilgjengelighetserklæring")
