"""Django's database sessions, stored with the signed-in user's id and read with the user in one
plain statement.

Every signed-in request reads its session row and then its user. Through the ORM each lookup costs
several times the lookup itself (query compilation), and the two round trips are most of a cached
member page. Here the session row (same condition: key and not expired) and the user row come back
from one statement; the user is handed to `organizations.backends.UserBackend.get_user`, which
Django's `auth.get_user` calls next, right after reading the session, in the same request. Writing,
expiry, the session-hash check and everything else are Django's own (`SESSION_ENGINE =
"organizations.sessions"`; the model is `organizations.Session`).
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from organizations.backends import session_user_set, user_columns, user_from_row
from organizations.models import Session, User


class SessionStore(db.SessionStore):
    @classmethod
    def get_model_class(cls):
        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            session.user_id = None
        return session

    # (row,) once prefetch() has been given this session's row, read by another statement.
    _prefetched = None

    @classmethod
    def select_with_user(cls, db_connection) -> tuple[str, str]:
        """(select list, joins) with which another statement reads a session and its user: the
        joins take two parameters, the session key and the current time (adapted for the
        database). The row's part from the select list goes to prefetch()."""
        quote = db_connection.ops.quote_name
        columns = ", ".join(f"u.{quote(column)}" for column in user_columns(db_connection)[0])
        return (
            f"s.session_data, s.user_id, {columns}",
            f"LEFT JOIN {quote(Session._meta.db_table)} s "
            "ON s.session_key = %s AND s.expire_date > %s "
            f"LEFT JOIN {quote(User._meta.db_table)} u ON u.id = s.user_id",
        )

    def loaded(self) -> bool:
        return hasattr(self, "_session_cache")

    def prefetch(self, row) -> None:
        """Use this row (see select_with_user; all NULL when there is no such session) when the
        session is first read, instead of reading it again."""
        self._prefetched = (row,)

    def _get_session_from_db(self):
        session_user_set(None)
        if self.session_key is None:  # refused by the key's own validation
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        if self._prefetched is not None:
            (row,), self._prefetched = self._prefetched, None
        else:
            select, joins = self.select_with_user(connection)
            # The joins hang off a one-row FROM, so a missing session gives a row of NULLs.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {select} FROM (SELECT 1 AS one) AS one_row {joins}",
                    [
                        self.session_key,
                        connection.ops.adapt_datetimefield_value(timezone.now()),
                    ],
                )
                row = cursor.fetchone()
        if row is None or row[0] is None:
            self._session_key = None
            return None
        user = user_from_row(connection, row[2:]) if row[1] is not None else None
        session_user_set(user if user is not None and user.pk == row[1] else None)
        return model(session_key=self.session_key, session_data=row[0], user_id=row[1])
