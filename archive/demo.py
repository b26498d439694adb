"""Demo data of the archive: last year's two disclosures that the disclosures demo published for
it (disclosures.demo.ARCHIVED_DEMO), filed by the office with a clean manifest."""

from django.utils import timezone

from archive.services import archive_disclosure
from disclosures.demo import ARCHIVED_DEMO
from disclosures.models import Disclosure


def load(world) -> None:
    year = timezone.localdate().year - 1
    for _number, _author, title, _body in ARCHIVED_DEMO:
        d = Disclosure.objects.filter(unit=world.unit, title=title.format(year=year)).first()
        if d is None or d.status == Disclosure.Status.ARCHIVED:
            continue  # no catalog loaded, or archived by an earlier run
        archive_disclosure(disclosure=d, actor=world.users["wumi"], comment="公开事项时限结束")
