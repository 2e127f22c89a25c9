"""The user accounts in Django's admin, with Django's own user pages (UserAdmin)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

User = get_user_model()
# django.contrib.auth registers its own User already; a custom AUTH_USER_MODEL is not.
if not admin.site.is_registered(User):
    admin.site.register(User, UserAdmin)
