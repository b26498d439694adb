# The disclosures tests' fixtures: attachments under a temporary folder, the seed's catalog loaded.
from disclosures.tests.conftest import _media_root, seeded  # noqa: F401
