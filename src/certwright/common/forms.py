"""The audit search form (GET parameters of /staff/audit/)."""

from __future__ import annotations

from typing import Any

from django import forms

from certwright.common.selectors import AuditQuery


class AuditSearchForm(forms.Form):
    actor = forms.CharField(required=False, max_length=150, help_text='a username, or "system"')
    action = forms.CharField(required=False, max_length=80, help_text='part of the action, e.g. "credential."')
    obj = forms.CharField(required=False, max_length=170, label="Object", help_text='"item", "item:42" or an id')
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date is before the start date.")
        return data

    def query(self) -> AuditQuery:
        data = self.cleaned_data
        return AuditQuery(
            actor=data.get("actor", "").strip(),
            action=data.get("action", "").strip(),
            obj=data.get("obj", "").strip(),
            since=data.get("since"),
            until=data.get("until"),
        )
