"""The item editor's form: every field of an item, validated by the same rules as the linter."""

from __future__ import annotations

from typing import Any

from django import forms

from certwright.core.catalog import Catalog
from certwright.core.item_lint import item_problems
from certwright.core.items import LETTERS, Difficulty, Item, ItemStyle, ItemUse, Option, technician_ab_options


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(e.value, e.value.replace("_", " ")) for e in enum]


_FIELD_FOR = {
    "rationale-missing": "rationale",
    "key-invalid": "key",
    "style-keyword": "stem",
}


class ItemForm(forms.Form):
    test = forms.CharField(max_length=4)
    area = forms.CharField(max_length=2, help_text="Content-area letter from the test's blueprint")
    task = forms.CharField(max_length=300, required=False)
    style = forms.ChoiceField(choices=_choices(ItemStyle))
    use = forms.ChoiceField(choices=_choices(ItemUse))
    difficulty = forms.ChoiceField(choices=_choices(Difficulty), initial="medium")
    language = forms.ChoiceField(choices=[("en", "English"), ("es", "Español")])
    translation_of = forms.CharField(max_length=40, required=False)
    exhibit = forms.CharField(max_length=40, required=False, help_text="Exhibit id, e.g. A5-X02")
    stem = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    option_a = forms.CharField(max_length=500)
    option_b = forms.CharField(max_length=500)
    option_c = forms.CharField(max_length=500)
    option_d = forms.CharField(max_length=500)
    key = forms.ChoiceField(choices=[(x, x) for x in LETTERS])
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Why the key is right")
    rationale_a = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    rationale_b = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    rationale_c = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    rationale_d = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    references = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="One a line")
    enemies = forms.CharField(required=False, help_text="Item ids, separated by commas")

    def __init__(self, *args: Any, catalog: Catalog, item_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalog = catalog
        self.item_id = item_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        spec = self.catalog.tests.get(str(data["test"]).upper())
        if spec is None:
            self.add_error("test", f"unknown test {data['test']!r}")
            return data
        if spec.area(str(data["area"]).upper()) is None:
            areas = ", ".join(a.code for a in spec.areas) or "none"
            self.add_error("area", f"{spec.code} has no content area {data['area']!r} (areas: {areas})")
            return data
        item = self.to_item()
        for code, message in item_problems(item):
            self.add_error(_FIELD_FOR.get(code), message)
        return data

    def to_item(self) -> Item:
        d = self.cleaned_data
        key = d["key"]
        if d["style"] == ItemStyle.TECHNICIAN_AB.value:
            texts = technician_ab_options(d["language"])
            for letter, text in zip(LETTERS, texts, strict=True):
                d[f"option_{letter.lower()}"] = text
        options = tuple(
            Option(
                letter=x,
                text=d[f"option_{x.lower()}"].strip(),
                rationale=None if x == key else (d[f"rationale_{x.lower()}"].strip() or None),
            )
            for x in LETTERS
        )
        return Item(
            id=self.item_id or "NEW",
            test=str(d["test"]).upper(),
            area=str(d["area"]).upper(),
            style=ItemStyle(d["style"]),
            use=ItemUse(d["use"]),
            difficulty=Difficulty(d["difficulty"]),
            language=d["language"],
            stem=d["stem"].strip(),
            options=options,
            key=key,
            rationale=d["rationale"].strip() or None,
            task=d["task"].strip() or None,
            exhibit=d["exhibit"].strip() or None,
            references=tuple(x.strip() for x in d["references"].splitlines() if x.strip()),
            enemies=tuple(x.strip() for x in d["enemies"].split(",") if x.strip()),
            translation_of=d["translation_of"].strip() or None,
        )

    def preview(self) -> Item | None:
        """The item as far as the fields allow (for the live preview), or None."""
        try:
            return self.to_item()
        except (KeyError, ValueError, AttributeError):
            return None

    @classmethod
    def initial_from(cls, item: Item) -> dict[str, Any]:
        out: dict[str, Any] = {
            "test": item.test,
            "area": item.area,
            "task": item.task or "",
            "style": item.style.value,
            "use": item.use.value,
            "difficulty": item.difficulty.value,
            "language": item.language,
            "translation_of": item.translation_of or "",
            "exhibit": item.exhibit or "",
            "stem": item.stem,
            "key": item.key,
            "rationale": item.rationale or "",
            "references": "\n".join(item.references),
            "enemies": ", ".join(item.enemies),
        }
        for opt in item.options:
            out[f"option_{opt.letter.lower()}"] = opt.text
            out[f"rationale_{opt.letter.lower()}"] = opt.rationale or ""
        return out
