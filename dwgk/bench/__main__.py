"""Benchmarks: `python -m dwgk.bench <name> [options]`. Each prints a ratio against a baseline
measured in the same run, never a bare time."""

import importlib
import os
import sys

BENCHMARKS = {
    "deadlines": "dwgk.bench.deadlines",
    "data": "dwgk.bench.data",
    "portal": "dwgk.bench.portal",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHMARKS:
        print(f"usage: python -m dwgk.bench {{{'|'.join(BENCHMARKS)}}} [options]", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dwgk.settings")
    import django

    django.setup()
    module = importlib.import_module(BENCHMARKS[argv[0]])
    return module.main(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
