# SPDX-License-Identifier: MIT
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Profile"), {"fields": ("full_name",)}))
    list_display = ("username", "full_name", "email", "is_staff", "is_active")
