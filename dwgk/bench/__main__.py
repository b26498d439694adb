"""Benchmarks: `python -m dwgk.bench <name> [options]`. Each prints a ratio against a baseline
measured in the same run, never a bare time."""

import os
import sys

BENCHMARKS = ("deadlines", "data", "portal")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHMARKS:
        print(f"usage: python -m dwgk.bench {{{'|'.join(BENCHMARKS)}}} [options]", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dwgk.settings")
    import django

    django.setup()
    # Imported after django.setup(): the benchmarks import models.
    from dwgk.bench import data, deadlines, portal

    module = {"deadlines": deadlines, "data": data, "portal": portal}[argv[0]]
    return module.main(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
