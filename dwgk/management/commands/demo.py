import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from organizations import demo as organizations_demo

# Each app that has demo data offers `<app>/demo.py` with `load(world)`; they run in this order.
DEMO_MODULES = ["workdays.demo", "catalog.demo", "obligations.demo", "disclosures.demo"]


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，不会重复创建）/ Load the demo data; safe to run again"

    def handle(self, *args, **options):
        with transaction.atomic():
            world = organizations_demo.load()
            for module_name in DEMO_MODULES:
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as error:
                    if error.name != module_name:
                        raise
                    continue
                module.load(world)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / Demo data ready"))
        self.stdout.write(
            f"演示账号 / Demo logins (密码 / password: {organizations_demo.DEMO_PASSWORD})"
        )
        width = max(len(login.username) for login in world.logins)
        for login in world.logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.full_name}  {login.what}")
