"""The one base of every test: the demo's organizations and the named personas.

public        anonymous visitor
member        张伟, party member of 中共岳阳市统计局党组 (机关支部)
supervisor    王芳, 党务公开监督员 of the unit
drafter       陈静, drafter of 人事科
drafter_other 赵磊, drafter of 办公室 (another department of the same unit)
office        伍密, 办公室副主任 (the openness office)
approver      焦铎辉, 领导小组组长 (approves for the party group)
upper         李建国, office of the upper level 中共岳阳市直机关工作委员会
outsider      刘洋, party member of another unit (中共岳阳市财政局党组)
unit_admin    统计局管理员, administrator of the unit only
other_admin   财政局管理员, administrator of the other unit only
"""

import threading
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client

from organizations import demo
from organizations.models import Department, Organization, User


@dataclass
class Personas:
    upper_org: Organization
    unit: Organization
    branch: Organization
    other_unit: Organization
    departments: dict[str, Department]
    public: AnonymousUser
    member: User
    supervisor: User
    drafter: User
    drafter_other: User
    office: User
    approver: User
    upper: User
    outsider: User
    unit_admin: User
    other_admin: User
    superuser: User

    def all(self) -> dict[str, object]:
        names = [
            "public",
            "member",
            "supervisor",
            "drafter",
            "drafter_other",
            "office",
            "approver",
            "upper",
            "outsider",
        ]
        return {name: getattr(self, name) for name in names}

    def client(self, user) -> Client:
        client = Client()
        if getattr(user, "is_authenticated", False):
            client.force_login(user)
        return client


def build_personas() -> Personas:
    world = demo.load()
    u = world.users
    return Personas(
        upper_org=world.upper,
        unit=world.unit,
        branch=world.branch,
        other_unit=world.other_unit,
        departments=world.departments,
        public=AnonymousUser(),
        member=u["zhangwei"],
        supervisor=u["wangfang"],
        drafter=u["chenjing"],
        drafter_other=u["zhaolei"],
        office=u["wumi"],
        approver=u["jiaoduohui"],
        upper=u["sz_office"],
        outsider=u["liuyang"],
        unit_admin=u["tj_admin"],
        other_admin=u["cz_admin"],
        superuser=u["admin"],
    )


def shared_memory_sqlite() -> bool:
    """True on the test run's in-memory SQLite, where threads share one connection's lock."""
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def race(calls) -> list[tuple[str, object]]:
    """Run the calls in threads released at the same moment: ("ok", result) or ("error", error)
    for each, in the order they finished."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            outcomes.append(("ok", call()))
        except Exception as error:  # noqa: BLE001 - the loser's error is the point
            outcomes.append(("error", error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes
