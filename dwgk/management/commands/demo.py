from django.core.management.base import BaseCommand
from django.db import transaction

from archive import demo as archive_demo
from catalog import demo as catalog_demo
from disclosures import demo as disclosures_demo
from obligations import demo as obligations_demo
from organizations import demo as organizations_demo
from workdays import demo as workdays_demo

# Each app that has demo data offers `<app>/demo.py` with `load(world)`; they run in this order.
DEMO_MODULES = [workdays_demo, catalog_demo, obligations_demo, disclosures_demo, archive_demo]


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，不会重复创建）/ Load the demo data; safe to run again"

    def handle(self, *args, **options):
        with transaction.atomic():
            world = organizations_demo.load()
            for module in DEMO_MODULES:
                module.load(world)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / Demo data ready"))
        self.stdout.write(
            f"演示账号 / Demo logins (密码 / password: {organizations_demo.DEMO_PASSWORD})"
        )
        width = max(len(login.username) for login in world.logins)
        for login in world.logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.full_name}  {login.what}")
