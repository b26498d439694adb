import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.services import reminders_send


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"日期格式应为 YYYY-MM-DD / Expected YYYY-MM-DD: {value!r}") from error


class Command(BaseCommand):
    help = (
        "发送公开义务到期与逾期提醒（可重复运行，不会重复发送）/ "
        "Send due-soon and overdue reminders; running it again sends nothing twice"
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_date, default=None, help="YYYY-MM-DD (for testing)")
        parser.add_argument(
            "--within", type=int, default=None, help="working days that count as due soon"
        )

    def handle(self, *args, today=None, within=None, **options):
        if within is not None and within < 0:
            raise CommandError("--within 不能为负数 / --within cannot be negative")
        today = today or timezone.localdate()
        result = reminders_send(today=today, within=within)
        if options.get("verbosity", 1) > 0:
            self.stdout.write(
                f"{today}: {result.notices} 条通知 / notices, {result.mails} 封邮件 / mails, "
                f"{result.skipped} 条已发过 / already sent"
            )
