"""The public catalog pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from certwright.common.access import page
from certwright.programs.selectors import catalog_current


@page(public=True, note="The catalog is public.")
def catalog_page(request: HttpRequest) -> HttpResponse:
    catalog = catalog_current()
    series = [(s, [catalog.tests[c] for c in s.tests], s.master) for s in catalog.series]
    return render(request, "programs/catalog.html", {"catalog": catalog, "series": series})


@page(public=True, note="The catalog is public.")
def test_page(request: HttpRequest, code: str) -> HttpResponse:
    catalog = catalog_current()
    spec = catalog.tests.get(code.upper())
    if spec is None:
        raise Http404(f"There is no test {code!r} in the catalog.")
    family = catalog.families[spec.family]
    notes = {
        key: catalog.grade_of(f"series.{spec.series}.tests.{spec.code}.{key}")
        for key in ("name", "scored", "blueprint", "areas", "recert", "prerequisites")
    }
    return render(
        request,
        "programs/test.html",
        {
            "catalog": catalog,
            "test": spec,
            "family": family,
            "notes": notes,
            "master": catalog.masters.get(spec.series),
            "area_note": notes["blueprint"] or notes["areas"],
        },
    )
