"""The `dwgk` console command: manage.py with the project's own commands.

Commands are written with hyphens on the command line (`dwgk import-catalog`) and live in
modules with underscores (`import_catalog.py`), as Python requires.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dwgk.settings")
    from django.core.management import execute_from_command_line

    argv = ["dwgk", *sys.argv[1:]]
    if len(argv) > 1 and "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
