"""The site's user model, in place from the first migration.

Django's documentation recommends a custom user model for every new project: swapping
one in later needs hand-written migrations. Add fields here; nothing else changes.
"""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    class Meta(AbstractUser.Meta):
        # Django's own table: a project made before the template had this model keeps its
        # accounts after one `manage.py migrate --fake-initial` (docs/updating.md).
        db_table = "auth_user"
