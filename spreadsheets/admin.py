"""Guest imports in the admin: upload a list (event, optional delegation, encoding, column mapping),
see the dry run as a table with each problem cell highlighted, commit it. Thin: the same domain
operations as the API; scoping per event and right through events.admin_scope."""
import json

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from events.admin_scope import EventScopedAdmin
from events.domain import access

from .api.serializers import validate_mapping
from .domain import imports
from .domain.reading import normalize_encoding
from .models import GuestImport

PREVIEW_ROWS = 500
ACTION_COLOURS = {"create": "#e6f4ea", "update": "#e8f0fe", "unchanged": "#f1f3f4", "error": "#fce8e6"}


class UploadForm(forms.ModelForm):
    upload = forms.FileField(label=_("Spreadsheet"), help_text=_("An .xlsx workbook (first sheet) or a CSV file."))
    encoding = forms.CharField(label=_("Encoding"), required=False, max_length=32,
                               help_text=_("Of a CSV file, e.g. gb18030, utf-16; detected when left empty."))
    mapping = forms.CharField(label=_("Column mapping"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_('Optional, overrides recognised headers: {"A": "family_name", "D": ""}.'))

    class Meta:
        model = GuestImport
        fields = ["event", "delegation"]

    def clean_encoding(self):
        try:
            return normalize_encoding(self.cleaned_data["encoding"]) if self.cleaned_data["encoding"] else ""
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_mapping(self):
        text = self.cleaned_data["mapping"].strip()
        if not text:
            return {}
        try:
            return validate_mapping(json.loads(text))
        except ValueError:
            raise forms.ValidationError(_("Not JSON.")) from None
        except serializers.ValidationError as exc:
            raise forms.ValidationError(str(exc.detail[0])) from None

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload is not None and "encoding" in cleaned:
            try:
                imports.check_upload(upload, encoding=cleaned["encoding"])
            except imports.ImportRefused as exc:
                self.add_error("upload", str(exc))
        return cleaned


@admin.register(GuestImport)
class GuestImportAdmin(EventScopedAdmin):
    view_right = access.CHANGE_GUESTS
    change_right = access.CHANGE_GUESTS
    list_display = ["__str__", "event", "status", "outcome", "created_by", "created_at", "committed_at"]
    list_filter = ["event", "status"]
    form = UploadForm
    fields_shown = ["event", "delegation", "original_name", "status", "encoding", "header_row", "outcome",
                    "created_by", "created_at", "committed_by", "committed_at", "error", "preview"]

    def get_fields(self, request, obj=None):
        return self.fields_shown if obj else ["event", "delegation", "upload", "encoding", "mapping"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = forms.ModelForm  # a checked import is read-only; only its commit button posts
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.fields_shown if obj else []

    @admin.display(description=_("outcome"))
    def outcome(self, obj):
        counts = obj.counts or {}
        return " · ".join(f"{name} {counts.get(name, 0)}" for name in ("create", "update", "unchanged", "error"))

    @admin.display(description=_("dry run"))
    def preview(self, obj):
        columns = [entry for entry in obj.mapping if entry.get("field")]
        problems = {}
        for problem in obj.problems:
            problems.setdefault((problem["row"], problem["column"]), []).append(problem["message"])
        general = [p for p in obj.problems if p["column"] is None]
        head = format_html_join("", "<th>{} {}<br><small>{}</small></th>",
                                ((c["column"], c["header"], c["field"]) for c in columns))
        body = []
        for row in obj.rows[:PREVIEW_ROWS]:
            cells = []
            for column in columns:
                messages_here = problems.get((row["row"], column["column"]))
                value = row["cells"].get(column["column"], "")
                if messages_here:
                    cells.append(format_html('<td style="background:#f28b82" title="{}">{}</td>',
                                             " ".join(messages_here), value))
                else:
                    cells.append(format_html("<td>{}</td>", value))
            body.append(format_html('<tr style="background:{}"><td>{}</td><td>{}</td>{}</tr>',
                                    ACTION_COLOURS.get(row["action"], "#fff"), row["row"], row["action"],
                                    format_html_join("", "{}", ((cell,) for cell in cells))))
        listed = format_html_join("", "<li>{}</li>", ((
            f"{_('row')} {p['row'] or '—'}, {_('column')} {p['column'] or '—'}: {p['message']}",) for p in obj.problems))
        button = format_html('<p><input type="submit" name="_commit" value="{}" class="default"></p>', _("Commit import")) \
            if obj.status == "ready" and not obj.problems and obj.file_name else ""
        return format_html('{}<ul class="errorlist">{}</ul><table><thead><tr><th>#</th><th>{}</th>{}</tr></thead>'
                           "<tbody>{}</tbody></table>", button, listed, _("action"), head,
                           format_html_join("", "{}", ((row,) for row in body))) if obj.rows or general else listed

    def save_model(self, request, obj, form, change):
        if change:
            return  # a checked import changes only by its commit
        data = form.cleaned_data
        created = imports.upload_import(obj.event, data["upload"], delegation=obj.delegation, encoding=data["encoding"],
                                        mapping=data["mapping"], by=request.user)
        obj.pk, obj.original_name, obj.status = created.pk, created.original_name, created.status

    def response_change(self, request, obj):
        if "_commit" in request.POST:
            try:
                imports.commit_import(obj, by=request.user)
            except imports.NotCommittable as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, _("The import is committed."), messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def delete_model(self, request, obj):
        imports.delete_imports([obj])

    def delete_queryset(self, request, queryset):
        imports.delete_imports(list(queryset))
