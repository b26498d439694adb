"""Demo disclosures of 中共岳阳市统计局党组 in every state and every scope, made through the
services as the people of the plan would make them. Runs after catalog.demo and obligations.demo;
without a catalog it does nothing; a second run changes nothing."""

import datetime
import io
import logging

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from catalog.models import Cadence, DisclosureForm, Scope, TimeLimit
from catalog.selectors import items_in_force
from disclosures import services
from disclosures.models import Disclosure
from obligations.services import (
    item_cadence,
    obligation_record_change,
    obligation_record_decision,
    obligation_record_round,
)

logger = logging.getLogger("dwgk.demo")
ALL_CHECKS = [key for key, _label in services.SECRECY_CHECKLIST]

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _pdf(title: str, lines: list[str]) -> bytes:
    """A small PDF of the text; WeasyPrint when it can run here, a minimal valid PDF otherwise."""
    try:
        from django.utils.html import escape
        from weasyprint import HTML

        body = "".join(f"<p>{escape(line)}</p>" for line in lines)
        html = f"<html><body><h1>{escape(title)}</h1>{body}</body></html>"
        return HTML(string=html).write_pdf()
    except Exception:  # no fonts or libraries: the demo still gets a valid file
        logger.info("WeasyPrint unavailable for the demo; using a minimal PDF")
        return MINIMAL_PDF


def _docx(title: str, lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


class _Demo:
    def __init__(self, world, items):
        self.world = world
        self.u = world.users
        self.items = items
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.forms = {f.code: f for f in DisclosureForm.objects.all()}

    def open_obligation(self, number, author, title, *, days_ago=3):
        """An open obligation of the item for a disclosure in the works: the earliest one not yet
        taken by another disclosure, else one recorded as the item's time limit has it (a
        decision for 及时, a completed round for per-round 定期, a change for 长期). Items with a
        calendar cadence get theirs only when a period completes: None when none is open."""
        item = self.items[number]
        existing = services.default_obligation(self.world.unit, item)
        if existing is not None:
            return existing
        actor = self.u[author]
        on = self.today - datetime.timedelta(days=days_ago)
        if item.time_limit == TimeLimit.IMMEDIATE:
            return obligation_record_decision(item=item, decided_on=on, actor=actor, title=title)
        if item.time_limit == TimeLimit.PERIODIC and item_cadence(item) == Cadence.PER_ROUND:
            return obligation_record_round(item=item, completed_on=on, actor=actor, note=title)
        if item.time_limit == TimeLimit.LONG_TERM:
            return obligation_record_change(item=item, changed_on=on, actor=actor, note=title)
        return None

    def draft(
        self, number, author, title, body, *, attach=None, scope=None, audience=(), working=False
    ):
        """A draft; `working` ties a disclosure that stays in the works to an open obligation."""
        obligation = self.open_obligation(number, author, title) if working else None
        d = services.disclosure_create(
            unit=self.world.unit,
            actor=self.u[author],
            item=self.items[number],
            title=title,
            body=body,
            obligation=obligation,
        )
        if attach:
            name, data = attach
            services.attachment_add(disclosure=d, actor=self.u[author], upload=_file(name, data))
        if scope and scope != d.scope:
            actor = self.u["jiaoduohui"] if scope == Scope.PUBLIC else self.u["wumi"]
            d = services.disclosure_scope_change(
                disclosure=d,
                actor=actor,
                scope=scope,
                audience_departments=list(audience),
                comment="演示：按党组意见调整公开范围",
            )
        return d

    def to_reviewed(self, d, author):
        d = services.disclosure_submit(disclosure=d, actor=self.u[author])
        # Whoever drafted does not review: the office's 周清 reviews what 伍密 drafted.
        reviewer = "zhouqing" if author == "wumi" else "wumi"
        return services.disclosure_review(
            disclosure=d, actor=self.u[reviewer], checklist=ALL_CHECKS, comment="经审查，可以公开"
        )

    def to_approved(self, d, author, period=5):
        d = self.to_reviewed(d, author)
        return services.disclosure_approve(
            disclosure=d,
            actor=self.u["jiaoduohui"],
            internal_period_workdays=period,
            comment="同意按程序公开",
        )

    def to_published(self, d, author, *, days_ago=0, retention_until=None):
        d = self.to_approved(d, author)
        return services.disclosure_publish(
            disclosure=d,
            actor=self.u["wumi"],
            at=self.now - datetime.timedelta(days=days_ago),
            retention_until=retention_until,
        )

    def meeting(self, d, author, name, attendance, *, days_ago=0, minutes=None):
        return services.evidence_record(
            disclosure=d,
            actor=self.u[author],
            form=self.forms["meeting"],
            date=self.today - datetime.timedelta(days=days_ago),
            meeting_name=name,
            attendance=attendance,
            minutes=minutes,
        )

    def document(self, d, author, number, distribution, *, days_ago=0):
        return services.evidence_record(
            disclosure=d,
            actor=self.u[author],
            form=self.forms["document"],
            date=self.today - datetime.timedelta(days=days_ago),
            document_number=number,
            distribution=distribution,
        )


# Published here, archived by the archive app's demo (archive/demo.py).
ARCHIVED_DEMO = [
    (4, "sunli", "{year}年度机关党建工作总结", "全年召开党员大会 4 次、支委会 12 次……"),
    (9, "sunli", "{year}年度党组织理论学习计划", "全年安排集中学习 12 次，专题研讨 4 次。"),
]


def load(world) -> None:
    unit = world.unit
    items = {item.number: item for item in items_in_force(unit)}
    if not items:
        return  # the catalog is not loaded: nothing to do
    if Disclosure.objects.filter(unit=unit).exists():
        return  # made by an earlier run
    demo = _Demo(world, items)
    u = world.users
    year = demo.today.year

    # 1. 党内: the quarterly dues report (item 17), published inside the party with the minutes.
    dues_lines = [
        "本季度应收党费 8,460.00 元，实收 8,460.00 元，收缴率 100%。",
        "上缴市直机关工委 8,460.00 元，本级留存 0 元。",
        "党费使用：无。",
    ]
    d = demo.draft(
        17,
        "sunli",
        f"{year}年第三季度党费收缴、管理和使用情况",
        "## 收缴情况\n\n机关支部共有党员 46 名，本季度应收党费 **8,460.00 元**，实收 8,460.00 元。\n\n"
        "## 管理和使用情况\n\n党费按规定全额上缴，专户管理，本季度无支出。",
        attach=("党费收缴情况表.pdf", _pdf("党费收缴、管理和使用情况", dues_lines)),
    )
    d = demo.to_published(d, "sunli")
    demo.meeting(
        d,
        "sunli",
        "机关支部党员大会",
        41,
        minutes=_file("党员大会记录.pdf", _pdf("机关支部党员大会记录", ["通报党费收缴情况。"])),
    )

    # 党内: the branch committee's election (item 13), so that members find 换届 and the public does not.
    d = demo.draft(
        13,
        "sunli",
        f"机关支部委员会换届选举程序及结果（{year}年）",
        "## 换届程序\n\n经局党组同意，机关支部召开党员大会，差额选举产生新一届支部委员会。\n\n"
        "## 选举结果\n\n应到党员 46 名，实到 43 名；选举产生支部委员 5 名。",
    )
    d = demo.to_published(d, "sunli")
    demo.document(d, "sunli", "岳统机支〔2026〕2号", "机关支部全体党员")

    # 2. 先党内后党外, still inside the party: 领导班子民主生活会 (item 20), with a meeting and a
    # document as evidence, so that its obligation is met.
    life = [
        "一、会前准备：广泛征求意见，收集意见建议 23 条。",
        "二、会议情况：班子成员逐一开展批评和自我批评。",
        "三、整改措施：制定整改清单 12 项，明确责任人和完成时限。",
    ]
    d = demo.draft(
        20,
        "chenjing",
        f"{year}年度局领导班子民主生活会及整改措施落实情况",
        "\n\n".join(life),
        attach=("民主生活会整改清单.docx", _docx("民主生活会整改措施清单", life)),
    )
    d = demo.to_published(d, "chenjing")
    demo.meeting(d, "chenjing", "局党组民主生活会情况通报会", 38)
    demo.document(d, "chenjing", "岳统党组〔2026〕3号", "机关各科室、中心、队")

    # 3. 先党内后党外, now public: 领导班子职责分工 (item 19), internal period over.
    d = demo.draft(
        19,
        "zhaolei",
        "局领导班子成员工作职责分工及议事规则",
        "焦铎辉同志主持局党组全面工作；胡列宇同志协助分管党建和党务公开工作……\n\n"
        "党组会议一般每月召开一次，议题由党组书记确定。",
    )
    d = demo.to_published(d, "zhaolei", days_ago=20)
    services.release_due()

    # 4. 社会 at once: 社会治安综合治理考评结果 (item 34), widened by the approver.
    d = demo.draft(
        34,
        "zhaolei",
        f"{year - 1}年度社会治安综合治理考评结果",
        "经市综治委考评，我局社会治安综合治理工作被评为**优秀等次**。",
        scope=Scope.PUBLIC,
    )
    demo.to_published(d, "zhaolei")

    # 5. 党内一定范围, a named audience: 党员民主评议的程序及结果 (item 15).
    d = demo.draft(
        15,
        "sunli",
        f"{year - 1}年度党员民主评议结果（限机关支部党员）",
        "参评党员 46 名，评定优秀 9 名、合格 37 名。",
        scope=Scope.INTERNAL_RANGE,
        audience=[world.departments["机关支部"]],
    )
    demo.to_published(d, "sunli")

    # 6. Withheld as a secret, long-term (item 12), filed with the upper level and acknowledged.
    d = demo.draft(
        12,
        "sunli",
        "机关党支部设置调整方案（拟）",
        "拟将机关支部分设为两个党支部……",
    )
    d = services.disclosure_submit(disclosure=d, actor=u["sunli"])
    d = services.disclosure_withhold(
        disclosure=d,
        actor=u["wumi"],
        kind=Disclosure.Withholding.SECRET,
        reason="方案涉及尚未公布的机构编制事项，按规定暂不公开。",
    )
    d = services.disclosure_file_with_upper(
        disclosure=d, actor=u["wumi"], comment="报市直机关工委备案"
    )
    services.disclosure_acknowledge_filing(disclosure=d, actor=u["sz_office"], comment="已备案")

    # 7. Withheld, not yet suitable (item 22), not yet filed.
    d = demo.draft(
        22,
        "chenjing",
        "科级干部竞争上岗推荐情况",
        "推荐工作正在进行中。",
    )
    d = services.disclosure_submit(disclosure=d, actor=u["chenjing"])
    services.disclosure_withhold(
        disclosure=d,
        actor=u["wumi"],
        kind=Disclosure.Withholding.NOT_YET,
        reason="考察程序尚未结束，待任前公示时一并公开。",
    )

    # 8. Retracted after publication (item 26).
    d = demo.draft(
        26,
        "zhaolei",
        f"{year}年第二季度接待来信来访情况",
        "本季度共接待来访 6 人次，办理来信 3 件。",
    )
    d = demo.to_published(d, "zhaolei", days_ago=20)
    services.release_due()
    services.disclosure_retract(
        disclosure=d, actor=u["wumi"], reason="来访人数统计有误，核实后重新发布。"
    )

    # 9. With updates (随时公开): 重大改革目标及完成情况 (item 6).
    d = demo.draft(
        6,
        "zhaolei",
        "统计管理体制改革目标及推进情况",
        "按照市委部署，推进统计数据质量管理改革，目标于年底前完成。",
    )
    d = demo.to_published(d, "zhaolei")
    for title, body, publish in [
        (
            "进展（一）：完成数据质量核查制度修订",
            "修订《统计数据质量核查办法》，已印发执行。",
            True,
        ),
        ("进展（二）：开展基层统计规范化建设", "已完成 4 个县市区的规范化验收。", True),
        ("进展（三）：建立数据质量追溯机制", "追溯系统已上线试运行。", False),
    ]:
        update = services.update_create(disclosure=d, actor=u["zhaolei"], title=title, body=body)
        update = services.update_submit(update=update, actor=u["zhaolei"])
        if publish:
            update = services.update_review(update=update, actor=u["wumi"], checklist=ALL_CHECKS)
            services.update_approve_and_publish(update=update, actor=u["jiaoduohui"])

    # 10. To be archived by archive/demo.py, with a clean manifest: last year's party-building
    # summary (item 4) and theory-study plan (item 9, 党内).
    for number, author, title, body in ARCHIVED_DEMO:
        title = title.format(year=year - 1)
        d = demo.draft(number, author, title, body, attach=(f"{title}.pdf", _pdf(title, [body])))
        d = demo.to_published(d, author, days_ago=60)
        services.release_due()

    # 11. Retention ended, awaiting the archive job: 党风廉政建设责任制考核结果 (item 29).
    d = demo.draft(
        29,
        "qianfeng",
        f"{year - 1}年度党风廉政建设责任制考核结果",
        "各科室考核均为合格以上，其中优秀 5 个。",
    )
    d = demo.to_published(
        d, "qianfeng", days_ago=40, retention_until=demo.today - datetime.timedelta(days=2)
    )
    services.release_due()
    services.disclosure_end_retention(disclosure=d)

    # 12. The queues: returned with comments, waiting for review, for approval, for publication,
    # and a plain draft, each tied to an open obligation of its item where there is one (the
    # yearly items 21, 23 and 30 have none open: their next round completes at the year's end).
    d = demo.draft(
        23,
        "chenjing",
        f"{year - 1}年度干部年度考核结果",
        "优秀等次 8 人……",
        working=True,
    )
    d = services.disclosure_submit(disclosure=d, actor=u["chenjing"])
    services.disclosure_return(
        disclosure=d,
        actor=u["wumi"],
        comment="请补充考核程序（个人述职、民主测评、党组审定）并核对优秀等次比例。",
    )
    d = demo.draft(
        30,
        "chenjing",
        f"{year}年度领导干部述职述廉情况",
        "局领导班子成员在全局干部大会上述职述廉。",
        working=True,
    )
    services.disclosure_submit(disclosure=d, actor=u["chenjing"])
    # The decision on item 7 recorded by the obligations demo is overdue: the review queue shows it.
    d = demo.draft(
        7,
        "chenjing",
        "内设机构职能调整方案",
        "根据市委编办批复，调整综合统计科、数据管理中心职能……",
        working=True,
    )
    services.disclosure_submit(disclosure=d, actor=u["chenjing"])
    d = demo.draft(
        32,
        "chenjing",
        "党员领导干部述职述廉情况（第二批）",
        "第二批党员领导干部述职述廉情况如下……",
        working=True,
    )
    demo.to_reviewed(d, "chenjing")
    d = demo.draft(
        33,
        "qianfeng",
        f"{year}年上半年党员违纪违法案件查处情况",
        "上半年未发生党员违纪违法案件。",
        working=True,
    )
    demo.to_approved(d, "qianfeng")
    demo.draft(
        21,
        "chenjing",
        f"{year - 1}年度领导班子年度考核结果",
        "局领导班子年度考核被评为好等次。",
        working=True,
    )

    # 13. Off-catalog: a work plan the upper level approved, and its disclosure; another waits.
    plan = services.work_plan_create(
        unit=unit,
        actor=u["wumi"],
        title="抗洪抢险党员突击队工作情况",
        body="汛期组建党员突击队参与抗洪抢险，拟向全体党员通报突击队组建和工作情况。",
        scope=Scope.INTERNAL,
    )
    plan = services.work_plan_submit(work_plan=plan, actor=u["wumi"])
    plan = services.work_plan_approve(work_plan=plan, actor=u["sz_office"], comment="同意")
    d = services.disclosure_create(
        unit=unit,
        actor=u["wumi"],
        work_plan=plan,
        title="局机关抗洪抢险党员突击队工作情况通报",
        body="7月以来，局机关党员突击队 18 名队员参与抗洪抢险 12 次。",
        forms=[demo.forms["intranet"]],
    )
    demo.to_published(d, "wumi")
    waiting = services.work_plan_create(
        unit=unit,
        actor=u["wumi"],
        title="统计开放日活动情况",
        body="拟向社会公开统计开放日活动安排和参与情况。",
        scope=Scope.PUBLIC,
    )
    services.work_plan_submit(work_plan=waiting, actor=u["wumi"])
