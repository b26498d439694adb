from django.db.models import QuerySet

from archive.models import ArchiveRecord
from disclosures.selectors import disclosure_visibility


def archive_records_visible_to(user) -> QuerySet[ArchiveRecord]:
    """Archive records through the disclosures' own scoping: whoever could see the disclosure."""
    from disclosures.models import Disclosure

    visible = Disclosure.objects.filter(disclosure_visibility(user)).values("pk")
    return ArchiveRecord.objects.filter(disclosure__in=visible)
