from obligations.tests.conftest import build_small_catalog, frozen, small  # noqa: F401
