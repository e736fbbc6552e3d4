"""What the apps' admin classes share."""
from django.contrib import messages

from core.errors import StateConflict


class DeletedOneByOne:
    """A ModelAdmin mixin: a bulk delete goes through delete_model, one row at a time."""

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class DeletedThroughDomain(DeletedOneByOne):
    """A ModelAdmin mixin: rows are deleted one at a time by the app's domain operation `domain_delete(obj, by=user)`
    (audited, files and signals included), a bulk delete too; a StateConflict refusal is shown as an error and the
    other rows still go."""

    domain_delete = None

    def delete_model(self, request, obj):
        try:
            type(self).domain_delete(obj, by=request.user)
        except StateConflict as refusal:
            self.message_user(request, f"{obj}: {refusal}", messages.ERROR)


class NoAddOrDeleteAdmin:
    """A ModelAdmin mixin for records only their domain operations make and that stay (letters, the
    outbox, focal points): shown and acted on, never added or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NoAddOrDeleteAdmin):
    """A ModelAdmin mixin for records nobody edits by hand (scans, the audit trail): shown, never added,
    changed or deleted."""

    def has_change_permission(self, request, obj=None):
        return False
