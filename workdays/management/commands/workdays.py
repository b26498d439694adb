"""`dwgk workdays add DATE N | next DATE | between A B | is DATE` — working-day arithmetic.

`add` prints the due date (YYYY-MM-DD) on its first line, then the explanation; `--json` prints
one JSON object instead. `dwgk workdays add -` reads `DATE N` pairs from standard input, one per
line, and prints one JSON object per line (an `error` object for a bad line, then exits with 2).
"""

import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from workdays import calendar


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"日期“{text}”无效，应为 YYYY-MM-DD / invalid date “{text}”, expected YYYY-MM-DD",
            returncode=2,
        ) from None


def parse_n(text) -> int:
    try:
        n = int(str(text).strip())
    except ValueError:
        n = 0
    if n < 1:
        raise CommandError(
            f"工作日数“{text}”无效，应为正整数 / invalid number of working days “{text}”, "
            "expected a positive integer",
            returncode=2,
        )
    return n


class Command(BaseCommand):
    help = "工作日计算 / Working-day arithmetic on the official calendar"
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="第 N 个工作日 / the N-th working day after DATE")
        add.add_argument("date", help="YYYY-MM-DD，或 - 从标准输入读取 / or - to read stdin")
        add.add_argument("n", nargs="?", help="工作日数 / number of working days (≥ 1)")
        add.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
        nxt = sub.add_parser("next", help="下一个工作日 / the next working day after DATE")
        nxt.add_argument("date")
        between = sub.add_parser("between", help="(A, B] 内的工作日数 / working days in (A, B]")
        between.add_argument("a")
        between.add_argument("b")
        is_ = sub.add_parser("is", help="是否工作日 / is DATE a working day")
        is_.add_argument("date")

    def handle(self, *args, **options):
        try:
            return self._dispatch(options)
        except calendar.CalendarRangeError as error:
            raise CommandError(str(error), returncode=2) from None

    def _dispatch(self, options):
        action = options["action"]
        if action == "add":
            if options["date"] == "-":
                return self._add_stream(options.get("stdin") or sys.stdin)
            if options["n"] is None:
                raise CommandError("缺少工作日数 N / missing N", returncode=2)
            due = calendar.add_workdays(parse_date(options["date"]), parse_n(options["n"]))
            if options["json"]:
                self.stdout.write(json.dumps(due.as_dict(), ensure_ascii=False))
            else:
                mark = " 【暂定】provisional" if due.provisional else ""
                self.stdout.write(f"{due.due.isoformat()}{mark}")
                for line in due.explain():
                    self.stdout.write(line)
        elif action == "next":
            self.stdout.write(calendar.next_workday(parse_date(options["date"])).isoformat())
        elif action == "between":
            a, b = parse_date(options["a"]), parse_date(options["b"])
            self.stdout.write(str(calendar.workdays_between(a, b)))
        elif action == "is":
            day = parse_date(options["date"])
            index = calendar.current_index()
            working = index.is_workday(day)
            self.stdout.write(f"{'yes' if working else 'no'} {index.day_reason(day)}")

    def _add_stream(self, stream):
        index = calendar.current_index()  # one calendar for the whole batch
        failures = 0
        for number, line in enumerate(stream, start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            try:
                parts = text.replace(",", " ").split()
                if len(parts) != 2:
                    raise CommandError(f"应为“DATE N” / expected “DATE N”: {text}", returncode=2)
                due = index.add_workdays(parse_date(parts[0]), parse_n(parts[1]))
                self.stdout.write(json.dumps(due.as_dict(), ensure_ascii=False))
            except (CommandError, ValueError) as error:
                failures += 1
                self.stdout.write(
                    json.dumps(
                        {"line": number, "input": text, "error": str(error)}, ensure_ascii=False
                    )
                )
                self.stderr.write(f"第{number}行 / line {number}: {error}")
        if failures:
            raise CommandError(f"{failures} 行无效 / {failures} invalid line(s)", returncode=2)
