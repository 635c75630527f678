from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class GemBazaarUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "country", "is_staff", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "country")
    search_fields = ("username", "email", "first_name", "last_name")
    fieldsets = (*UserAdmin.fieldsets, ("GemBazaar", {"fields": ("country",)}))
