"""Shared set-up for the catalog tests: the demo world with the seed's catalog loaded."""

from catalog import demo as catalog_demo
from organizations import demo as organizations_demo


def load_seed_catalog():
    world = organizations_demo.load()
    catalog_demo.load(world)
    return world
