"""What the calendar tells the apps above it.

`calendar_years_changed` is sent, inside the change's transaction, once the special days of
`years` changed (`actor` made the change). The obligations app listens and computes its deadlines
again (obligations/apps.py); the calendar itself imports no app above it.
"""

from django.dispatch import Signal

calendar_years_changed = Signal()  # keyword arguments: years (set[int]), actor
