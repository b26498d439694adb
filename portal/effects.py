"""What the public pages' cache does when a disclosure or a progress update takes a step: a step
into or out of a state readers see, a withholding, a retraction or a change of scope changes what
the public may read, so the cached pages' version moves on inside the same transaction. Drafting
and review steps leave the cached pages alone."""

from django.dispatch import receiver

from disclosures.models import Disclosure, DisclosureUpdate
from pagecache.cache import public_content_changed
from workflow.engine import transitioned


@receiver(transitioned, sender=Disclosure, dispatch_uid="portal.disclosure_step")
def disclosure_step(sender, instance, action, source, target, **_step):
    S = Disclosure.Status
    if (
        source in Disclosure.READABLE
        or target in (*Disclosure.READABLE, S.WITHHELD, S.RETRACTED)
        or action == "change_scope"
    ):
        public_content_changed()


@receiver(transitioned, sender=DisclosureUpdate, dispatch_uid="portal.update_step")
def update_step(sender, instance, target, **_step):
    if target == DisclosureUpdate.Status.PUBLISHED:
        public_content_changed()
