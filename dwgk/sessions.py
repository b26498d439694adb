"""Django's database sessions, read with one plain statement.

Every signed-in request reads its session row. Through the ORM that lookup costs several times the
lookup itself (query compilation), and it is the largest part of a cached member page; here the
same row is read with the same condition (key and not expired) without it. Writing, expiry and
everything else are Django's own (`SESSION_ENGINE = "dwgk.sessions"`).
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        if self.session_key is None:  # refused by the key's own validation
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
