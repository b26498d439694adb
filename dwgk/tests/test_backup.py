"""`dwgk backup` while the product writes, `dwgk restore` into a fresh database and directory."""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import Event
from disclosures.models import Disclosure
from disclosures.tests.conftest import seeded  # noqa: F401
from disclosures.tests.factory import make

DWGK = str(Path(sys.executable).with_name("dwgk"))
S = Disclosure.Status

# Adds a text attachment to one draft per transaction (file, row and audit event together) until
# the stop file appears, and appends the number of each committed write to the progress file.
WRITER = """
import os, pathlib
from django.core.files.uploadedfile import SimpleUploadedFile
from disclosures import services
from disclosures.models import Disclosure
from organizations.models import User
draft = Disclosure.objects.get(pk=int(os.environ["HD_DRAFT"]))
author = User.objects.get(username="chenjing")
stop = pathlib.Path(os.environ["HD_STOP"])
progress = open(os.environ["HD_PROGRESS"], "a")
number = 0
while not stop.exists():
    number += 1
    upload = SimpleUploadedFile(f"w{number}.txt", f"第{number}次写入\\n".encode())
    services.attachment_add(disclosure=draft, actor=author, upload=upload)
    progress.write(f"{number}\\n")
    progress.flush()
"""

# What the restored copy holds, as JSON: the writer's attachments, their audit events, whether
# every one of their files is there with its checksum, and a signed-in page.
REPORT = """
import hashlib, json, os
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from audit.models import Event
from disclosures.models import Attachment
from organizations.models import User
written = Attachment.objects.filter(disclosure_id=int(os.environ["HD_DRAFT"]))
names = sorted(int(a.original_name[1:-4]) for a in written)
files_ok = all(
    default_storage.exists(a.file.name)
    and hashlib.sha256(default_storage.open(a.file.name).read()).hexdigest() == a.sha256
    for a in written
)
events = Event.objects.filter(
    action="attachment.add", target_type="disclosures.disclosure", target_id=os.environ["HD_DRAFT"]
).count()
client = Client()
client.force_login(User.objects.get(username="chenjing"))
page = client.get(reverse("organizations:my_work"))
print(json.dumps({
    "names": names, "events": events, "files_ok": files_ok,
    "page": page.status_code, "page_has_name": "陈静" in page.content.decode(),
}))
"""


@pytest.fixture
def fresh_database(tmp_path):
    """fresh_database(name) → the environment of a new, empty database and files directory of the
    kind the tests run on (SQLite file, or a database on the same PostgreSQL server)."""
    created = []

    def make_database(name: str) -> dict:
        env = {
            **os.environ,
            "DWGK_ENV": "test",
            "DWGK_VAR_DIR": str(tmp_path / "var"),
            "DWGK_MEDIA_ROOT": str(tmp_path / f"{name}-files"),
        }
        if connection.vendor == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{tmp_path / name}.sqlite3"
            return env
        database = f"dwgk_hd_{name}_{uuid.uuid4().hex[:8]}"
        _pg_admin(f'CREATE DATABASE "{database}"')
        created.append(database)
        params = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST'] or 'localhost'}"
            f":{params['PORT'] or 5432}/{database}"
        )
        return env

    yield make_database
    for database in created:
        _pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _pg_admin(statement: str) -> None:
    import psycopg

    params = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"],
        password=params["PASSWORD"],
        autocommit=True,
    ) as admin:
        admin.execute(statement)


def dwgk(env: dict, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [DWGK, *arguments], env=env, capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def _written(progress: Path) -> int:
    return len(progress.read_text().split()) if progress.exists() else 0


def _wait_for(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_writing_restores_to_its_point_in_time(
    seeded,  # noqa: F811
    settings,
    tmp_path,
    fresh_database,
):
    settings.MEDIA_ROOT = tmp_path / "test-files"
    make(seeded, S.ARCHIVED)
    draft = make(seeded, S.DRAFT, attach=False)
    call_command("backup", output=str(tmp_path / "seed"))
    source = fresh_database("source")
    dwgk(source, "restore", str(tmp_path / "seed"))

    progress, stop = tmp_path / "progress", tmp_path / "stop"
    writer_env = {
        **source,
        "HD_DRAFT": str(draft.pk),
        "HD_STOP": str(stop),
        "HD_PROGRESS": str(progress),
    }
    writer = subprocess.Popen(
        [DWGK, "shell", "-c", WRITER], env=writer_env, stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_for(lambda: _written(progress) >= 3 or writer.poll() is not None)
        before = _written(progress)
        dwgk(source, "backup", "--output", str(tmp_path / "backup"))
        after = _written(progress)
        _wait_for(lambda: _written(progress) > after + 2 or writer.poll() is not None)
    finally:
        stop.touch()
        _, errors = writer.communicate(timeout=60)
    assert writer.returncode == 0, errors[-3000:]

    target = fresh_database("target")
    stray = Path(target["DWGK_MEDIA_ROOT"]) / "stray.txt"
    stray.parent.mkdir()
    stray.write_text("x")
    refused = dwgk(target, "restore", str(tmp_path / "backup"), check=False)
    assert refused.returncode != 0 and "文件目录" in refused.stderr and "不是空的" in refused.stderr
    stray.unlink()
    dwgk(target, "restore", str(tmp_path / "backup"))

    output = dwgk({**target, "HD_DRAFT": str(draft.pk)}, "shell", "-c", REPORT).stdout
    report = json.loads(output.strip().splitlines()[-1])
    count = len(report["names"])
    assert 3 <= before <= count <= after
    assert report["names"] == list(range(1, count + 1))
    assert report["events"] == count
    assert report["files_ok"]
    assert report["page"] == 200 and report["page_has_name"]
    verified = dwgk(target, "verify-archive")
    assert "共核验 1 件" in verified.stdout


def _media_file(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "files"
    path = settings.MEDIA_ROOT / "attachments" / "2026" / "12" / "a.txt"
    path.parent.mkdir(parents=True)
    path.write_text("附件")
    return path


def _refused(directory: Path) -> str:
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(directory))
    return str(refusal.value)


# The backups below are of the test database as the command sees it: committed, no transaction
# open (SQLite's backup waits for the test's own open transaction to end).
committed = pytest.mark.django_db(transaction=True)


@committed
@pytest.mark.parametrize("change", ["edited", "removed", "added"])
def test_it_refuses_a_backup_that_does_not_match_its_manifest(settings, tmp_path, change):
    media_file = _media_file(settings, tmp_path)
    backup = tmp_path / "backup"
    call_command("backup", output=str(backup))
    copy = backup / "files" / "attachments" / "2026" / "12" / "a.txt"
    if change == "edited":
        copy.write_text("附件，改过")
    elif change == "removed":
        copy.unlink()
    else:
        (backup / "files" / "extra.txt").write_text("x")
    events = Event.objects.count()

    message = _refused(backup)

    assert "备份与清单不符，未做任何改动" in message
    assert (
        "files/extra.txt" if change == "added" else "files/attachments/2026/12/a.txt"
    ) in message
    assert sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == ["a.txt"]
    assert media_file.read_text() == "附件"
    assert Event.objects.count() == events


@committed
def test_it_refuses_a_directory_without_a_manifest(settings, tmp_path):
    _media_file(settings, tmp_path)
    backup = tmp_path / "backup"
    call_command("backup", output=str(backup))
    (backup / "manifest.json").unlink()
    assert "没有可用的备份清单" in _refused(backup)


@committed
def test_it_refuses_to_restore_into_a_database_that_is_not_empty(personas, settings, tmp_path):
    _media_file(settings, tmp_path)
    backup = tmp_path / "backup"
    call_command("backup", output=str(backup))
    assert "目标数据库不是空的" in _refused(backup)


@committed
def test_it_refuses_to_back_up_into_a_directory_that_is_not_empty(settings, tmp_path):
    _media_file(settings, tmp_path)
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "old").write_text("x")
    with pytest.raises(CommandError, match="不是空的"):
        call_command("backup", output=str(tmp_path / "backup"))


@committed
def test_the_manifest_lists_every_file_with_its_checksum(settings, tmp_path):
    import hashlib

    _media_file(settings, tmp_path)
    call_command("backup", output=str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database"] == connection.vendor
    assert "dwgk.0001_initial" in manifest["migrations"]
    database_file = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert set(manifest["files"]) == {database_file, "files/attachments/2026/12/a.txt"}
    assert (
        manifest["files"]["files/attachments/2026/12/a.txt"]
        == hashlib.sha256("附件".encode()).hexdigest()
    )
