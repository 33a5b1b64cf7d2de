"""/staff/audit/: search the append-only audit log (programme staff)."""

from __future__ import annotations

import json
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certwright.common.access import page
from certwright.common.forms import AuditSearchForm
from certwright.common.models import AuditEntry
from certwright.common.selectors import AuditQuery, audit_search
from certwright.core.roles import Role

PER_PAGE = 50


def _pretty(value: Any) -> str:
    return "" if value is None else json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str)


def _row(entry: AuditEntry) -> dict[str, Any]:
    return {
        "entry": entry,
        "before": _pretty(entry.before),
        "after": _pretty(entry.after),
    }


@page(Role.STAFF, note="Read only: nobody can change or delete an audit entry.")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    query = form.query() if form.is_bound and form.is_valid() else AuditQuery()
    invalid = form.is_bound and not form.is_valid()
    entries = AuditEntry.objects.none() if invalid else audit_search(query)
    paginator = Paginator(entries, PER_PAGE)
    current = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "common/audit.html",
        {
            "form": form,
            "page_obj": current,
            "rows": [_row(e) for e in current.object_list],
            "total": paginator.count,
            "querystring": params.urlencode(),
        },
    )
