"""Django's model authentication, with the signed-in user read by one plain statement.

`get_user` runs on every signed-in request. The ORM's query compilation and a raw queryset's
per-query converter lookup cost several times the lookup itself, so the row is read with a plain
cursor and turned into a `User` with the same per-field conversions the ORM applies (looked up once
per connection). Password checks, permissions and `is_active` are Django's own
(`AUTHENTICATION_BACKENDS`).
"""

from django.contrib.auth.backends import ModelBackend
from django.db import connection

from organizations.models import User


def _user_columns():
    """(select list, attribute names, [(index, converters, column)]) for this connection."""
    cached = getattr(connection, "_dwgk_user_columns", None)
    if cached is None:
        fields = User._meta.concrete_fields
        table = User._meta.db_table
        conversions = []
        for index, field in enumerate(fields):
            column = field.get_col(table)
            converters = connection.ops.get_db_converters(column) + column.get_db_converters(
                connection
            )
            if converters:
                conversions.append((index, converters, column))
        names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        cached = (names, [field.attname for field in fields], conversions)
        connection._dwgk_user_columns = cached
    return cached


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        names, attnames, conversions = _user_columns()
        table = connection.ops.quote_name(User._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {names} FROM {table} WHERE id = %s", [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for index, converters, column in conversions:
            for converter in converters:
                values[index] = converter(values[index], column, connection)
        user = User.from_db(connection.alias, attnames, values)
        return user if self.user_can_authenticate(user) else None
