from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import User


@admin.register(User)
class GemBazaarUserAdmin(UserAdmin):
    list_display = ("username", "email", "email_confirmed", "first_name", "last_name", "country", "is_staff",
                    "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "email_confirmed", "groups", "country",
                   "preferred_language")
    search_fields = ("username", "email", "first_name", "last_name")
    readonly_fields = ("email_confirmed", "email_confirmed_at")
    fieldsets = (*UserAdmin.fieldsets, ("GemBazaar", {"fields": ("country", "preferred_language",
                                                                     "email_confirmed", "email_confirmed_at")}))
    actions = ["confirm_email", "send_confirmation_email"]

    @admin.action(description=_("Mark the email address as confirmed"))
    def confirm_email(self, request, queryset):
        confirmed = sum(services.user_confirm_email(user_id=user.pk, email=user.email) for user in queryset)
        self.message_user(request, ngettext("%(count)d address confirmed.", "%(count)d addresses confirmed.",
                                            confirmed) % {"count": confirmed}, messages.SUCCESS)

    @admin.action(description=_("Email a new confirmation link"))
    def send_confirmation_email(self, request, queryset):
        users = [user for user in queryset if not user.email_confirmed]
        for user in users:
            services.email_confirmation_send(user=user)
        self.message_user(request, ngettext("%(count)d link sent.", "%(count)d links sent.",
                                            len(users)) % {"count": len(users)}, messages.SUCCESS)
