"""`dwgk import-holidays FILE` — enter or correct a year's schedule from a CSV or .ics file.

The file format is described in `workdays.importing`. Each year in the file replaces that
year's special days and becomes official. The command first prints what would change per year;
`--dry-run` stops there, `--yes` writes without asking, otherwise it asks (y/N) on a terminal
and refuses when standard input is not one. A file that leaves out days a year already has (it
covers part of the year) is refused, dry run or not, unless `--replace-year` says the file is
the whole year; the changes printed then list the days that go.
"""

import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dwgk.files import MAX_LISTED_ERRORS, cut_errors
from workdays import services
from workdays.importing import ImportFileError, parse_file


class Command(BaseCommand):
    help = "导入年度放假安排（CSV 或 iCalendar） / Import a year's holiday schedule (CSV or .ics)"
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV（date,kind,name）或 .ics 文件 / CSV or .ics file")
        parser.add_argument("--year-source-title", default="", help="通知标题 / notice title")
        parser.add_argument("--year-source-date", default="", help="发布日期 YYYY-MM-DD")
        parser.add_argument("--year-source-url", default="", help="通知网址 / notice address")
        parser.add_argument("--dry-run", action="store_true", help="只显示变化 / show only")
        parser.add_argument("--yes", action="store_true", help="不询问直接写入 / do not ask")
        parser.add_argument(
            "--replace-year",
            action="store_true",
            help="以文件替换整年，删除文件中没有的日期 / the file is the whole year: "
            "remove the days it leaves out",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                f"无法读取文件 {path} / cannot read {path}: {error.strerror}", returncode=2
            ) from None
        source_date = None
        if options["year_source_date"]:
            try:
                source_date = date.fromisoformat(options["year_source_date"])
            except ValueError:
                raise CommandError(
                    "--year-source-date 应为 YYYY-MM-DD / must be YYYY-MM-DD", returncode=2
                ) from None
        try:
            parsed = parse_file(path.name, data)
        except ImportFileError as error:
            raise CommandError(str(error), returncode=2) from None

        for warning in parsed.warnings[:MAX_LISTED_ERRORS]:
            self.stderr.write(f"警告 / warning: {warning}")
        if len(parsed.warnings) > MAX_LISTED_ERRORS:
            more = len(parsed.warnings) - MAX_LISTED_ERRORS
            self.stderr.write(f"警告 / warning: ……另有 {more} 条警告 / … and {more} more")
        if parsed.errors:
            for error in cut_errors(parsed.errors):
                self.stderr.write(f"错误 / error: {error}")
            raise CommandError(
                f"{len(parsed.errors)} 处错误，未写入任何内容 / {len(parsed.errors)} error(s), "
                "nothing written",
                returncode=2,
            )
        year_rows = parsed.by_year()
        if not year_rows:
            raise CommandError("文件中没有日期 / the file has no days", returncode=2)

        source = {
            "source_title": options["year_source_title"],
            "source_date": source_date,
            "source_url": options["year_source_url"],
        }
        plans = [
            services.calendar_year_plan(
                year=year, rows=rows, fields=services.calendar_import_fields(year=year, **source)
            )
            for year, rows in year_rows.items()
        ]
        self.stdout.write("将要进行的变化 / changes:")
        for plan in plans:
            for line in plan.lines():
                self.stdout.write(line)
        partial = [plan for plan in plans if plan.removed]
        if partial and not options["replace_year"]:
            years = "、".join(f"{plan.year}年（{len(plan.removed)}天）" for plan in partial)
            raise CommandError(
                f"文件只含一年中的部分日期：将删除 {years} 已有而文件中没有的日期（见上方“-”行），"
                "未写入任何内容；若文件就是全年安排，请加 --replace-year / the file covers part "
                "of a year and would remove the days listed with “-”; nothing written. If it is "
                "the whole year, run again with --replace-year",
                returncode=2,
            )
        if all(plan.empty for plan in plans):
            self.stdout.write("没有需要写入的变化 / nothing to change")
            return
        if options["dry_run"]:
            self.stdout.write("试运行，未写入 / dry run, nothing written")
            return
        if not options["yes"] and not self._confirmed(options.get("stdin")):
            raise CommandError(
                "未确认，未写入任何内容；确认无误后请加 --yes 重新运行 / not confirmed, nothing "
                "written; run again with --yes to write",
                returncode=1,
            )
        changes = services.calendar_year_import(year_rows=year_rows, actor=None, **source)
        for change in changes:
            if not change.empty:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{change.year}年已更新为第{change.version + 1}版 / {change.year} is now "
                        f"version {change.version + 1}"
                    )
                )

    def _confirmed(self, stream) -> bool:
        """Ask on a terminal; a stream passed in by a caller counts as one (for tests)."""
        stream = stream or sys.stdin
        if stream is sys.stdin and not sys.stdin.isatty():
            self.stderr.write(
                "标准输入不是终端，无法确认 / standard input is not a terminal, cannot ask"
            )
            return False
        self.stdout.write("确认写入？/ Write these changes? [y/N] ", ending="")
        self.stdout.flush()
        answer = stream.readline().strip().lower()
        return answer in {"y", "yes", "是"}
