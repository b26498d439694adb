"""/disclosures/export.xlsx keeps titles that look like formulas as text."""

import io

import pytest
from openpyxl import load_workbook

from catalog.models import Scope
from disclosures.models import Disclosure
from disclosures.tests.factory import make

pytestmark = pytest.mark.django_db

# Titles are stripped when saved, so a leading tab never reaches the export.
TITLES = ['=HYPERLINK("http://x.example/","y")', "+1", "-2", "@SUM(A1)", "=1+1"]


def test_the_anonymous_export_carries_no_formula(seeded):
    for title in TITLES:
        make(seeded, Disclosure.Status.PUBLIC, Scope.PUBLIC, title=title, attach=False)
    response = seeded.client(seeded.public).get("/disclosures/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    titles = {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {"'" + title for title in TITLES}
