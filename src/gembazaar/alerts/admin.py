"""Staff view of saved searches: read-only, with a pause action that goes through the service."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import SavedSearch


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "frequency", "is_active", "last_sent_at", "last_emailed_at", "created_at")
    list_filter = ("frequency", "is_active")
    search_fields = ("name", "query", "user__email", "user__username")
    list_select_related = ("user",)
    readonly_fields = ("user", "name", "query", "frequency", "is_active", "last_sent_at", "last_emailed_at",
                       "created_at")
    actions = ["pause_emails"]

    # Buyers create and change their searches; staff only look, and pause one that misbehaves.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_pause_permission(self, request):
        return request.user.has_perm("alerts.change_savedsearch")

    @admin.action(description=_("Pause the emails of the selected searches"), permissions=["pause"])
    def pause_emails(self, request, queryset):
        for saved in queryset.select_related("user"):
            services.saved_search_update(user=saved.user, saved_search_id=saved.pk, is_active=False)
        self.message_user(request, _("Emails paused."), messages.SUCCESS)
