"""Django's model authentication, with the signed-in user read by one plain statement.

`get_user` runs on every signed-in request; a raw query (with the same field conversions) skips
the ORM's query compilation, which costs more than the lookup. Password checks, permissions and
`is_active` are Django's own (`AUTHENTICATION_BACKENDS`).
"""

from django.contrib.auth.backends import ModelBackend
from django.db import connection

from organizations.models import User


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        table = connection.ops.quote_name(User._meta.db_table)
        rows = User._default_manager.raw(f"SELECT * FROM {table} WHERE id = %s", [user_id])
        user = next(iter(rows), None)
        return user if user is not None and self.user_can_authenticate(user) else None
