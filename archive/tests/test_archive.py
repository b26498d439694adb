"""Archiving with a manifest, numbering, read-only afterwards, and `dwgk verify-archive`."""

import datetime
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from archive.models import ArchiveRecord
from archive.services import archive_disclosure, archive_expired, verify_archive
from disclosures.models import Disclosure
from disclosures.tests.factory import make

pytestmark = pytest.mark.django_db
S = Disclosure.Status


def test_it_numbers_by_year_category_and_sequence(seeded):
    first = make(seeded, S.ARCHIVED).archive_record
    second = make(seeded, S.ARCHIVED).archive_record
    year = timezone.localdate().year
    # Item 20 is in the catalog's fourth category, 领导班子建设情况.
    assert first.number == f"{year}-04-0001"
    assert second.number == f"{year}-04-0002"
    assert first.category_name == "领导班子建设情况"
    assert first.retention_term == ArchiveRecord.Term.TEN_YEARS  # 及时 item


def test_the_manifest_holds_every_file_and_the_record(seeded):
    d = make(seeded, S.ARCHIVED)
    record = d.archive_record
    attachment = d.attachments.get()
    manifest = record.manifest
    assert manifest["files"] == [
        {
            "path": attachment.file.name,
            "name": attachment.original_name,
            "sha256": attachment.sha256,
        }
    ]
    actions = [e["action"] for e in manifest["record"]["events"]]
    assert actions[0] == "disclosure.create" and actions[-1] == "disclosure.archive"
    assert manifest["record"]["approval"]["approved_by"] == "jiaoduohui"
    assert len(record.manifest_sha256) == 64


def test_verify_archive_is_clean_then_reports_a_changed_file(seeded, capsys):
    d = make(seeded, S.ARCHIVED)
    call_command("verify_archive")
    assert "1" in capsys.readouterr().out
    path = d.attachments.get().file.path
    with open(path, "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(CommandError):
        call_command("verify_archive")
    err = capsys.readouterr().err
    assert "changed_file" in err and d.archive_record.number in err


def test_verify_archive_reports_a_missing_file(seeded):
    import os

    d = make(seeded, S.ARCHIVED)
    os.remove(d.attachments.get().file.path)
    _checked, problems = verify_archive()
    assert [p.kind for p in problems] == ["missing_file"]


def test_verify_archive_reports_a_record_changed_in_the_database(seeded):
    d = make(seeded, S.ARCHIVED)
    Disclosure.objects.filter(pk=d.pk).update(body="被悄悄改过的正文")
    _checked, problems = verify_archive()
    assert [p.kind for p in problems] == ["record"]
    assert "disclosure" in problems[0].detail


def test_verify_archive_reports_a_changed_manifest(seeded):
    d = make(seeded, S.ARCHIVED)
    record = d.archive_record
    manifest = record.manifest
    manifest["files"][0]["sha256"] = hashlib.sha256(b"other").hexdigest()
    ArchiveRecord.objects.filter(pk=record.pk).update(manifest=manifest)
    kinds = {p.kind for p in verify_archive()[1]}
    assert "manifest" in kinds


def test_the_job_archives_what_has_expired_once(seeded):
    d = make(seeded, S.PUBLIC)
    assert archive_expired(today=d.retention_until) == 0  # the last day still counts
    after = d.retention_until + datetime.timedelta(days=1)
    assert archive_expired(today=after) == 1
    assert archive_expired(today=after) == 0
    d.refresh_from_db()
    assert d.status == S.ARCHIVED and d.archive_record.archived_by is None


def test_the_commands_run_by_their_names(seeded):
    call_command("archive_expired", verbosity=0)
    call_command("release_scheduled", verbosity=0)


def test_an_archived_disclosure_stays_readable_to_its_readers_marked_archived(seeded):
    d = make(seeded, S.ARCHIVED)  # 先党内后党外, released before archiving
    page = seeded.client(seeded.public).get(f"/disclosures/{d.pk}/")
    assert page.status_code == 200 and "已归档" in page.content.decode()


def test_the_archive_pages_follow_the_scoping(seeded):
    d = make(seeded, S.ARCHIVED, "internal")
    record = d.archive_record
    office = seeded.client(seeded.office)
    assert record.number in office.get("/archive/").content.decode()
    assert office.get(f"/archive/{record.pk}/").status_code == 200
    assert seeded.client(seeded.member).get(f"/archive/{record.pk}/").status_code == 404
    assert record.number not in seeded.client(seeded.outsider).get("/archive/").content.decode()
    assert seeded.client(seeded.outsider).get(f"/archive/{record.pk}/").status_code == 404


def test_only_the_office_archives(seeded):
    from django.core.exceptions import PermissionDenied

    d = make(seeded, S.PUBLIC)
    with pytest.raises(PermissionDenied):
        archive_disclosure(disclosure=d, actor=seeded.approver)
