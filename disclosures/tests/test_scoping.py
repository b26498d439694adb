"""Who sees which disclosure, asked of the one scoping function every channel uses."""

import pytest

from catalog.models import Scope
from disclosures.models import Disclosure
from disclosures.selectors import can_work_on, disclosures_visible_to
from disclosures.tests.factory import SCOPES, STATES, make, possible

pytestmark = pytest.mark.django_db
S = Disclosure.Status
STAFF = {"drafter", "office", "approver", "upper", "supervisor"}
REACHED = {S.INTERNAL, S.PUBLIC, S.RETENTION_ENDED, S.ARCHIVED}


def expected(name: str, state: str, scope: str) -> bool:
    """The rule of the issue, written out independently of the selector."""
    if name in STAFF:
        return True
    if state not in REACHED:
        return False
    if state == S.PUBLIC or (
        state in (S.RETENTION_ENDED, S.ARCHIVED)
        and scope in (Scope.INTERNAL_THEN_PUBLIC, Scope.PUBLIC)
    ):
        return True
    if name in ("member", "drafter_other"):  # both party members of the unit
        return scope != Scope.INTERNAL_RANGE or name == "member"
    return False


CASES = [(state, scope) for state in STATES for scope in SCOPES if possible(state, scope)]


@pytest.mark.parametrize(("state", "scope"), CASES)
def test_it_shows_each_disclosure_to_exactly_its_readers(seeded, state, scope):
    disclosure = make(seeded, state, scope)
    for name, user in seeded.all().items():
        seen = disclosures_visible_to(user).filter(pk=disclosure.pk).exists()
        assert seen == expected(name, state, scope), (name, state, scope)
        assert can_work_on(user, disclosure) == (name in STAFF), name


def test_it_hides_a_secret_from_the_supervisor_but_not_from_the_office(seeded):
    secret = make(seeded, S.WITHHELD, withholding=Disclosure.Withholding.SECRET)
    assert not disclosures_visible_to(seeded.supervisor).filter(pk=secret.pk).exists()
    assert disclosures_visible_to(seeded.office).filter(pk=secret.pk).exists()
    assert not disclosures_visible_to(seeded.member).filter(pk=secret.pk).exists()


def test_it_keeps_an_archived_retracted_disclosure_from_readers(seeded):
    from archive.services import archive_disclosure

    retracted = make(seeded, S.RETRACTED, Scope.PUBLIC)
    archive_disclosure(disclosure=retracted, actor=seeded.office)
    for name in ("public", "member", "outsider"):
        user = getattr(seeded, name)
        assert not disclosures_visible_to(user).filter(pk=retracted.pk).exists(), name


def test_it_keeps_an_archived_withheld_disclosure_from_members(seeded):
    from archive.services import archive_disclosure

    withheld = make(seeded, S.WITHHELD, Scope.INTERNAL)
    archive_disclosure(disclosure=withheld, actor=seeded.office)
    assert not disclosures_visible_to(seeded.member).filter(pk=withheld.pk).exists()
    assert disclosures_visible_to(seeded.office).filter(pk=withheld.pk).exists()
