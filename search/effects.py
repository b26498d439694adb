"""What search does when a disclosure or one of its progress updates takes a step: the search
document is rebuilt inside the same transaction, so that search never shows a state the
disclosure has left (a retracted or withheld text, an unpublished update)."""

from django.dispatch import receiver

from disclosures.models import Disclosure, DisclosureUpdate
from search.services import search_document_refresh
from workflow.engine import transitioned


@receiver(transitioned, sender=Disclosure, dispatch_uid="search.disclosure_step")
def refresh_after_disclosure_step(sender, instance, **_step):
    search_document_refresh(disclosure=instance)


@receiver(transitioned, sender=DisclosureUpdate, dispatch_uid="search.update_step")
def refresh_after_update_step(sender, instance, target, **_step):
    if target == DisclosureUpdate.Status.PUBLISHED:
        search_document_refresh(disclosure=instance.disclosure)
