"""The demo organizations and people: the upper level, 中共岳阳市统计局党组 as the plan names its
leading group and office, and a second unit so that separation between units can be seen."""

from dataclasses import dataclass, field

from organizations.models import Department, Organization, Role, User
from organizations.services import (
    department_create,
    membership_add,
    organization_create,
    role_assign,
    user_create,
)

DEMO_PASSWORD = "dwgk-demo"

UPPER_CODE = "szjggw"
UNIT_CODE = "yytjj"
BRANCH_CODE = "yytjj-jgzb"
OTHER_UNIT_CODE = "yyczj"


@dataclass
class DemoLogin:
    username: str
    full_name: str
    what: str


@dataclass
class DemoWorld:
    upper: Organization
    unit: Organization
    branch: Organization
    other_unit: Organization
    departments: dict[str, Department]
    users: dict[str, User]
    logins: list[DemoLogin] = field(default_factory=list)


def _person(world_users, logins, username, full_name, what, *, staff=False, superuser=False):
    user = User.objects.filter(username=username).first()
    if user is None:
        # Demo addresses, so that reminders show in the console mail of `dwgk serve`.
        user = user_create(
            username=username,
            full_name=full_name,
            password=DEMO_PASSWORD,
            email=f"{username}@demo.dwgk.invalid",
        )
        if staff or superuser:
            User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=superuser)
            user.refresh_from_db()
    world_users[username] = user
    logins.append(DemoLogin(username, full_name, what))
    return user


def load() -> DemoWorld:
    """Create the demo organizations and people; a second call finds them and changes nothing."""
    upper = Organization.objects.filter(code=UPPER_CODE).first() or organization_create(
        code=UPPER_CODE,
        name="中共岳阳市直机关工作委员会",
        short_name="市直机关工委",
        kind=Organization.Kind.WORK_COMMITTEE,
        tier=Organization.Tier.UPPER,
    )
    unit = Organization.objects.filter(code=UNIT_CODE).first() or organization_create(
        code=UNIT_CODE,
        name="中共岳阳市统计局党组",
        short_name="市统计局党组",
        kind=Organization.Kind.PARTY_GROUP,
        tier=Organization.Tier.UNIT,
        parent=upper,
        sort_order=1,
    )
    branch = Organization.objects.filter(code=BRANCH_CODE).first() or organization_create(
        code=BRANCH_CODE,
        name="中共岳阳市统计局机关支部委员会",
        short_name="机关支部",
        kind=Organization.Kind.BRANCH,
        tier=Organization.Tier.BRANCH,
        parent=unit,
    )
    other_unit = Organization.objects.filter(code=OTHER_UNIT_CODE).first() or organization_create(
        code=OTHER_UNIT_CODE,
        name="中共岳阳市财政局党组",
        short_name="市财政局党组",
        kind=Organization.Kind.PARTY_GROUP,
        tier=Organization.Tier.UNIT,
        parent=upper,
        sort_order=2,
    )

    # This order lists every multi-department cell of the seed's annex as the annex does.
    departments = {}
    for order, (name, seat) in enumerate(
        [
            ("办公室", False),
            ("人事科", False),
            ("机关支部", True),
            ("监察室", False),
            ("机关工会", False),
        ],
        start=1,
    ):
        departments[name] = Department.objects.filter(
            unit=unit, name=name
        ).first() or department_create(unit=unit, name=name, is_office_seat=seat, sort_order=order)
    other_office = Department.objects.filter(
        unit=other_unit, name="办公室"
    ).first() or department_create(
        unit=other_unit, name="办公室", is_office_seat=True, sort_order=1
    )

    users: dict[str, User] = {}
    logins: list[DemoLogin] = []
    person = lambda *a, **k: _person(users, logins, *a, **k)  # noqa: E731

    person("admin", "系统管理员", "超级管理员（全部单位）", superuser=True, staff=True)
    person("sz_office", "李建国", "市直机关工委党务公开办公室（上级）", staff=True)
    person("tj_admin", "统计局管理员", "市统计局系统管理员（仅本单位）", staff=True)
    # Section 四(一) of the plan, in its order.
    for username, full_name in [
        ("jiaoduohui", "焦铎辉"),
        ("hulieyu", "胡列宇"),
        ("zoujian", "邹俭"),
        ("xuguangming", "徐光明"),
        ("huyanfei", "胡燕飞"),
        ("wulongbiao", "吴龙标"),
        ("wumi", "伍密"),
        ("zhouqing", "周青"),
        ("heyouping", "何攸平"),
        ("liubaoliang", "刘保良"),
        ("wangxinyi", "王鑫怡"),
    ]:
        what = {
            "jiaoduohui": "领导小组组长（党组审批）",
            "hulieyu": "领导小组副组长、办公室主任（兼）",
            "wumi": "办公室副主任",
        }.get(
            username,
            "领导小组成员"
            if username in {"zoujian", "xuguangming", "huyanfei", "wulongbiao"}
            else "办公室成员",
        )
        person(username, full_name, what)
    person("chenjing", "陈静", "人事科起草人")
    person("zhaolei", "赵磊", "办公室起草人")
    person("sunli", "孙丽", "机关支部起草人")
    person("qianfeng", "钱峰", "监察室起草人")
    person("zhengfang", "郑芳", "机关工会起草人")
    person("wangfang", "王芳", "党务公开监督员")
    person("zhangwei", "张伟", "党员（机关支部）")
    person("lina", "李娜", "党员（机关支部）")
    person("liuyang", "刘洋", "党员（市财政局，另一单位）")
    person("cz_admin", "财政局管理员", "市财政局系统管理员（仅本单位）", staff=True)

    u = users
    membership_plan = [
        ("jiaoduohui", "办公室"),
        ("hulieyu", "机关支部"),
        ("zoujian", "办公室"),
        ("xuguangming", "人事科"),
        ("huyanfei", "监察室"),
        ("wulongbiao", "机关工会"),
        ("wumi", "机关支部"),
        ("zhouqing", "机关支部"),
        ("heyouping", "办公室"),
        ("liubaoliang", "人事科"),
        ("wangxinyi", "机关支部"),
        ("chenjing", "人事科"),
        ("zhaolei", "办公室"),
        ("sunli", "机关支部"),
        ("qianfeng", "监察室"),
        ("zhengfang", "机关工会"),
        ("wangfang", "办公室"),
        ("zhangwei", "机关支部"),
        ("lina", "人事科"),
    ]
    for username, department in membership_plan:
        if not u[username].memberships.exists():
            membership_add(
                user=u[username], organization=branch, department=departments[department]
            )
    if not u["liuyang"].memberships.exists():
        membership_add(user=u["liuyang"], organization=other_unit, department=other_office)

    roles = [
        ("sz_office", upper, Role.UPPER_OFFICE, None, ""),
        ("sz_office", upper, Role.ADMIN, None, ""),
        ("tj_admin", unit, Role.ADMIN, None, ""),
        ("cz_admin", other_unit, Role.ADMIN, None, ""),
        ("jiaoduohui", unit, Role.GROUP_LEADER, None, ""),
        ("hulieyu", unit, Role.GROUP_DEPUTY, None, ""),
        ("zoujian", unit, Role.GROUP_MEMBER, None, ""),
        ("xuguangming", unit, Role.GROUP_MEMBER, None, ""),
        ("huyanfei", unit, Role.GROUP_MEMBER, None, ""),
        ("hulieyu", unit, Role.GROUP_MEMBER, None, ""),
        ("wulongbiao", unit, Role.GROUP_MEMBER, None, ""),
        ("hulieyu", unit, Role.OFFICE_DIRECTOR, None, "兼"),
        ("wumi", unit, Role.OFFICE_DEPUTY, None, ""),
        ("zhouqing", unit, Role.OFFICE_MEMBER, None, ""),
        ("heyouping", unit, Role.OFFICE_MEMBER, None, ""),
        ("liubaoliang", unit, Role.OFFICE_MEMBER, None, ""),
        ("wangxinyi", unit, Role.OFFICE_MEMBER, None, ""),
        ("chenjing", unit, Role.DRAFTER, departments["人事科"], ""),
        ("zhaolei", unit, Role.DRAFTER, departments["办公室"], ""),
        ("sunli", unit, Role.DRAFTER, departments["机关支部"], ""),
        ("qianfeng", unit, Role.DRAFTER, departments["监察室"], ""),
        ("zhengfang", unit, Role.DRAFTER, departments["机关工会"], ""),
        ("wangfang", unit, Role.SUPERVISOR, None, ""),
    ]
    for order, (username, organization, role, department, note) in enumerate(roles, start=1):
        role_assign(
            user=u[username],
            organization=organization,
            role=role,
            department=department,
            note=note,
            sort_order=order,
        )

    return DemoWorld(upper, unit, branch, other_unit, departments, users, logins)
