"""The two refusals every service raises, whatever the app, mapped once to the response.

- `NotAllowed` (a PermissionDenied): the person may see the object but may not do this. Django
  answers it with the site's 403 page in the reader's language (dwgk.errors.permission_denied).
  Those who may not even see the object get 404 from the scoping function before any service runs.
- `BadInput` (a ValidationError): the request cannot be carried out as given — a missing reason,
  a wrong state, a date in the past. A form shows it next to its field (`field`) or above the form;
  a view without a form to show it on gets the 400 page carrying the sentence
  (dwgk.middleware.refusal_middleware).
"""

from django.core.exceptions import PermissionDenied, ValidationError


class NotAllowed(PermissionDenied):
    """The person may not take this step."""


class BadInput(ValidationError):
    """The request is refused as given; the message is written for the reader."""

    def __init__(self, message, *, field: str | None = None, code: str | None = None):
        super().__init__(message, code=code)
        self.field = field

    def __str__(self) -> str:
        return "；".join(str(message) for message in self.messages)


def add_to_form(form, error: ValidationError) -> None:
    """Show a service's refusal on the form that asked for it, next to its field when it names one
    the form has."""
    field = error.field if isinstance(error, BadInput) else None
    form.add_error(field if field in form.fields else None, error.messages)
