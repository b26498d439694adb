import pytest

from dwgk.testing import Personas, build_personas


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing dozens of demo passwords with PBKDF2 would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db) -> Personas:
    return build_personas()
