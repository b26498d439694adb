"""Every event the organizations app writes: the organization tree and its people, and signing in
(passwords, lockouts, two-step verification). Services record them by `Kind.action`; the audit
trail reads their labels through `audit.events.event_label`. The stored strings are the ones
written since the start: never change one, add a new member instead."""

from django.utils.translation import gettext_lazy as _

from audit.events import EventKind, Events


class OrganizationEvents(Events):
    """The organization tree, people, their memberships and roles (back office and demo data)."""

    ORGANIZATION_CREATED = EventKind("organization.created", _("新建党组织"))
    ORGANIZATION_CHANGED = EventKind("organization.changed", _("修改党组织信息"))
    DEPARTMENT_CREATED = EventKind("department.created", _("新建处室"))
    USER_CREATED = EventKind("user.created", _("新建用户"))
    MEMBERSHIP_ADDED = EventKind("membership.added", _("添加组织关系"))
    ROLE_ASSIGNED = EventKind("role.assigned", _("分配角色"))
    ROLE_REVOKED = EventKind("role.revoked", _("取消角色"))


class SignInEvents(Events):
    """Signing in and out, lockouts, and two-step verification. Recorded on the person (or, for a
    name that has no account, on the failed attempt), never shown in a public history."""

    SIGNED_IN = EventKind("user.signed_in", _("登录成功"))
    LOGIN_FAILED = EventKind("user.login_failed", _("登录失败"))
    LOCKED_OUT = EventKind("user.locked_out", _("登录失败次数过多，账号暂时锁定"))
    UNLOCKED = EventKind("user.unlocked", _("解除账号锁定"))
    SIGNED_OUT_IDLE = EventKind("user.signed_out_idle", _("长时间未操作，自动退出"))
    TWO_FACTOR_PASSED = EventKind("user.two_factor_passed", _("两步验证通过"))
    TWO_FACTOR_FAILED = EventKind("user.two_factor_failed", _("两步验证未通过"))
    TWO_FACTOR_ENROLMENT_STARTED = EventKind("two_factor.enrolment_started", _("开始设置两步验证"))
    TWO_FACTOR_ENROLLED = EventKind("two_factor.enrolled", _("启用两步验证"))
    RECOVERY_CODES_RENEWED = EventKind(
        "two_factor.recovery_codes_renewed", _("重新生成两步验证恢复码")
    )
    TWO_FACTOR_DISABLED = EventKind("two_factor.disabled", _("关闭两步验证"))
