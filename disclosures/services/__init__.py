"""Every change to a disclosure, its updates, attachments, evidence and work plans, by concern:
drafting, the workflow's steps, progress updates, work plans, files and evidence. Each status
change is `workflow.engine.perform` of a step declared in disclosures/steps.py."""

from disclosures.services.attachments import (
    attachment_add,
    evidence_record,
    parse_document_number,
)
from disclosures.services.common import (
    SECRECY_CHECKLIST,
    DisclosureConflict,
    add_workdays,
)
from disclosures.services.drafting import default_obligation, disclosure_create, disclosure_edit
from disclosures.services.plans import (
    work_plan_approve,
    work_plan_create,
    work_plan_reject,
    work_plan_revise,
    work_plan_submit,
)
from disclosures.services.updates import (
    update_approve_and_publish,
    update_create,
    update_edit,
    update_return,
    update_review,
    update_submit,
)
from disclosures.services.workflow import (
    approval_values,
    disclosure_acknowledge_filing,
    disclosure_approve,
    disclosure_end_retention,
    disclosure_file_with_upper,
    disclosure_publish,
    disclosure_release,
    disclosure_resume,
    disclosure_retract,
    disclosure_return,
    disclosure_review,
    disclosure_scope_change,
    disclosure_submit,
    disclosure_withhold,
    filing_required,
    publication_values,
    release_due,
)

__all__ = [
    "SECRECY_CHECKLIST",
    "DisclosureConflict",
    "add_workdays",
    "approval_values",
    "default_obligation",
    "attachment_add",
    "disclosure_acknowledge_filing",
    "disclosure_approve",
    "disclosure_create",
    "disclosure_edit",
    "disclosure_end_retention",
    "disclosure_file_with_upper",
    "disclosure_publish",
    "disclosure_release",
    "disclosure_resume",
    "disclosure_retract",
    "disclosure_return",
    "disclosure_review",
    "disclosure_scope_change",
    "disclosure_submit",
    "disclosure_withhold",
    "evidence_record",
    "filing_required",
    "parse_document_number",
    "publication_values",
    "release_due",
    "update_approve_and_publish",
    "update_create",
    "update_edit",
    "update_return",
    "update_review",
    "update_submit",
    "work_plan_approve",
    "work_plan_create",
    "work_plan_reject",
    "work_plan_revise",
    "work_plan_submit",
]
