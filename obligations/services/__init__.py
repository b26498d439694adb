"""Deadline rules and obligations: every change goes through here (atomic, on the record).

deadlines  the deadline rules and the due dates computed again after a calendar change
creation   obligations from the catalog in force and from recorded decisions, rounds, changes;
           the cadence of periodic items
handling   the steps of an obligation and of an extension request (through workflow.engine)
feeds      private iCalendar addresses

Due dates are computed by obligations.due; who may do what is obligations.rules; the steps are
declared in obligations.steps. Other apps import the names below from `obligations.services`."""

from obligations.due import obligation_total_workdays
from obligations.services.creation import (
    Period,
    item_cadence,
    item_cadence_set,
    obligation_record_change,
    obligation_record_decision,
    obligation_record_round,
    obligations_generate,
    periods,
)
from obligations.services.deadlines import (
    SEED_RULES,
    SEED_RULES_EFFECTIVE_FROM,
    SEED_RULES_REASON,
    deadline_rule_change,
    deadline_rule_for,
    deadline_rules_ensure_defaults,
    obligations_recompute_for_calendar_change,
)
from obligations.services.feeds import feed_token_create, feed_token_revoke
from obligations.services.handling import (
    MAX_EXTENSION_WORKDAYS,
    extension_request_decide,
    obligation_extend,
    obligation_extension_request,
    obligation_mark_met,
    obligation_pause,
    obligation_resume,
    obligation_withhold,
)

__all__ = [
    "MAX_EXTENSION_WORKDAYS",
    "SEED_RULES",
    "SEED_RULES_EFFECTIVE_FROM",
    "SEED_RULES_REASON",
    "Period",
    "deadline_rule_change",
    "deadline_rule_for",
    "deadline_rules_ensure_defaults",
    "extension_request_decide",
    "feed_token_create",
    "feed_token_revoke",
    "item_cadence",
    "item_cadence_set",
    "obligation_extend",
    "obligation_extension_request",
    "obligation_mark_met",
    "obligation_pause",
    "obligation_record_change",
    "obligation_record_decision",
    "obligation_record_round",
    "obligation_resume",
    "obligation_total_workdays",
    "obligation_withhold",
    "obligations_generate",
    "obligations_recompute_for_calendar_change",
    "periods",
]
