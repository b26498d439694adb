"""Every persona × every state × every scope × every channel: exactly who sees what."""

import io

import pytest
from openpyxl import load_workbook

from disclosures.tests.factory import SCOPES, STATES, make, possible
from disclosures.tests.test_scoping import expected

pytestmark = pytest.mark.django_db

CASES = [(state, scope) for state in STATES for scope in SCOPES if possible(state, scope)]


@pytest.fixture
def every_disclosure(seeded):
    built = {}
    for state, scope in CASES:
        built[(state, scope)] = make(seeded, state, scope, title=f"〈{state}|{scope}〉民主生活会")
    return built


def _seen(channel, client, d):
    title = d.title
    if channel == "list":
        response = client.get("/disclosures/", {"q": title})
        assert response.status_code == 200
        return f'href="/disclosures/{d.pk}/"' in response.content.decode()
    if channel == "detail":
        status = client.get(f"/disclosures/{d.pk}/").status_code
    elif channel == "history":
        status = client.get(f"/disclosures/{d.pk}/history/").status_code
    elif channel == "attachment":
        attachment = d.attachments.get(is_evidence=False)
        status = client.get(f"/disclosures/attachments/{attachment.pk}/").status_code
    else:
        raise AssertionError(channel)
    assert status in (200, 404), (channel, status)
    return status == 200


@pytest.mark.parametrize("channel", ["list", "detail", "history", "attachment"])
def test_each_channel_shows_each_disclosure_to_exactly_its_readers(
    seeded, every_disclosure, channel
):
    for name, user in seeded.all().items():
        client = seeded.client(user)
        for (state, scope), d in every_disclosure.items():
            assert _seen(channel, client, d) == expected(name, state, scope), (
                channel,
                name,
                state,
                scope,
            )


def test_the_export_holds_exactly_what_each_persona_may_see(seeded, every_disclosure):
    for name, user in seeded.all().items():
        response = seeded.client(user).get("/disclosures/export.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        titles = {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
        for (state, scope), d in every_disclosure.items():
            assert (d.title in titles) == expected(name, state, scope), (name, state, scope)


def test_the_back_office_shows_only_what_the_user_may_see(seeded, every_disclosure):
    upper = seeded.client(seeded.upper)
    unit_admin = seeded.client(seeded.unit_admin)
    other_admin = seeded.client(seeded.other_admin)
    for (state, scope), d in every_disclosure.items():
        url = f"/admin/disclosures/disclosure/{d.pk}/change/"
        assert upper.get(url).status_code == 200
        # The unit's administrator has no reading right beyond the public's.
        assert unit_admin.get(url).status_code == (200 if expected("public", state, scope) else 404)
        # Another unit's administrator: outside their subtree, so not even public ones.
        assert other_admin.get(url).status_code == 404
    listing = upper.get("/admin/disclosures/disclosure/?all=").content.decode()
    assert "〈draft|internal〉" in listing
    for name in ("member", "supervisor", "drafter", "office", "approver", "outsider"):
        response = seeded.client(getattr(seeded, name)).get("/admin/disclosures/disclosure/")
        assert response.status_code == 302, name  # not staff: no back office at all
