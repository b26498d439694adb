import pytest

from catalog import demo as catalog_demo
from organizations import demo as organizations_demo


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def seeded(personas):
    catalog_demo.load(organizations_demo.load())
    return personas
