"""Home page and account pages (sign-in and password reset come from django.contrib.auth)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certwright.candidates.selectors import person_for_user
from certwright.common.access import page


@page(public=True, note="Signed-in users see links for their roles.")
def home(request: HttpRequest) -> HttpResponse:
    person = person_for_user(user=request.user)
    return render(request, "accounts/home.html", {"person": person})
