"""Catalog files are prepared ahead and kept: downloads do not wait for a PDF to be built."""

import pytest

from catalog import prepared
from catalog.selectors import catalog_draft, catalog_in_force
from catalog.services import catalog_version_create
from catalog.tests.helpers import load_seed_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


def test_the_job_builds_every_format_and_language_once_and_downloads_read_them(
    personas, monkeypatch
):
    world = load_seed_catalog()
    from catalog.models import CatalogVersion

    units = CatalogVersion.objects.exclude(status="draft").values("unit").distinct().count()
    built = prepared.prepare_exports()
    assert built == units * 3 * 2  # xlsx, docx, pdf in Chinese and English, per unit
    assert prepared.prepare_exports() == 0  # already there

    def refuse(*args):
        raise AssertionError("built again instead of read")

    monkeypatch.setattr(prepared, "export_catalog", refuse)
    for fmt in ("xlsx", "docx", "pdf"):
        response = personas.client(personas.public).get(
            f"/catalog/{world.unit.code}/download.{fmt}"
        )
        assert response.status_code == 200 and len(response.content) > 1000, fmt


def test_a_draft_is_built_each_time_and_never_kept(personas, settings):
    world = load_seed_catalog()
    version = catalog_in_force(world.unit)
    catalog_version_create(unit=world.unit, actor=personas.office, copy_from=version)
    draft = catalog_draft(world.unit)
    assert draft is not None and draft.pk != version.pk
    prepared.prepared_export(draft, "xlsx")
    folder = settings.MEDIA_ROOT / "exports" / "catalog"
    assert not folder.exists() or not any(folder.iterdir())


def test_filing_changes_what_the_file_shows_so_it_is_built_anew(personas):
    world = load_seed_catalog()
    version = catalog_in_force(world.unit)
    before = prepared._path(version, "pdf")
    version.filing_reference = "岳统党组〔2011〕9号"
    assert prepared._path(version, "pdf") != before
