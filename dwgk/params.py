"""Query parameters read by hand (the forms and the API validate their own)."""

import re

_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def is_whole_number(raw: str) -> bool:
    """ASCII digits that fit a database integer. str.isdigit() also accepts "²" and more digits
    than int() converts (4,300), both of which int() refuses with an error: a 500, not a 400."""
    return bool(_WHOLE_NUMBER.fullmatch(raw))
