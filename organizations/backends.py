"""Django's model authentication, with the signed-in user read by plain statements.

`get_user` runs on every signed-in request. The ORM's query compilation and a raw queryset's
per-query converter lookup cost several times the lookup itself, so the row is read with a plain
cursor and turned into a `User` with the same per-field conversions the ORM applies (looked up once
per connection). Usually the row has already come back with the session's own row
(`organizations.sessions`), read a moment earlier in the same request; then no statement is needed.
Password checks, permissions and `is_active` are Django's own (`AUTHENTICATION_BACKENDS`).
"""

from contextvars import ContextVar

from django.contrib.auth.backends import ModelBackend
from django.db import connection

from organizations.models import User

# The user read with this request's session row; taken (and cleared) by the next get_user, which
# Django's auth.get_user calls right after reading the session. Every session read sets it, so a
# user read for one request is never used for another.
_session_user: ContextVar[User | None] = ContextVar("dwgk_session_user", default=None)


def session_user_set(user: User | None) -> None:
    _session_user.set(user)


def user_columns(db_connection):
    """(column names, attribute names, [(index, converters, column)]) for this connection."""
    cached = getattr(db_connection, "_dwgk_user_columns", None)
    if cached is None:
        fields = User._meta.concrete_fields
        table = User._meta.db_table
        conversions = []
        for index, field in enumerate(fields):
            column = field.get_col(table)
            converters = db_connection.ops.get_db_converters(column) + column.get_db_converters(
                db_connection
            )
            if converters:
                conversions.append((index, converters, column))
        cached = ([f.column for f in fields], [f.attname for f in fields], conversions)
        db_connection._dwgk_user_columns = cached
    return cached


def user_from_row(db_connection, row) -> User:
    """A User from a row of user_columns(), converted as the ORM would."""
    _columns, attnames, conversions = user_columns(db_connection)
    values = list(row)
    for index, converters, column in conversions:
        for converter in converters:
            values[index] = converter(values[index], column, db_connection)
    return User.from_db(db_connection.alias, attnames, values)


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user = _session_user.get()
        _session_user.set(None)
        if user is None or user.pk != user_id:
            user = self._read(user_id)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def _read(user_id) -> User | None:
        columns = user_columns(connection)[0]
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        table = connection.ops.quote_name(User._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {names} FROM {table} WHERE id = %s", [user_id])
            row = cursor.fetchone()
        return None if row is None else user_from_row(connection, row)
