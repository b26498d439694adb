"""`dwgk backup` and `dwgk restore`: the database and the files directory, with a manifest.

A backup directory holds the database (SQLite: a copy made with SQLite's online backup API;
PostgreSQL: `pg_dump -Fc`), `files/` (a copy of MEDIA_ROOT: the uploaded attachments, archived
ones included) and `manifest.json` with the SHA-256 of every other file, written last: a directory
without a manifest is an unfinished backup.

Both database copies are one consistent snapshot taken while the product keeps running and
writing. The files are copied after it: a file is written before the row that names it commits and
is never changed or deleted afterwards, so every file the snapshot names is already complete.
Files written later come along too and are not named by any row.

`restore` checks the whole backup against its manifest and the target (an empty database, an empty
files directory) before it changes anything.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
FILES = "files"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused, with a message for the operator in Chinese and English."""


def backup_create(*, output: Path, using: str = "default") -> dict:
    """Write a backup of the database `using` and of MEDIA_ROOT into `output` (new or empty)."""
    output = Path(output)
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise BackupError(
            f"备份目录 {output} 不是空的 / The backup directory {output} is not empty"
        )
    output.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    vendor = _vendor(connection)
    database_file = output / DATABASE_FILES[vendor]
    if vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(database_file)) as target:
            connection.connection.backup(target)
    else:
        _pg("pg_dump", connection, ["--format=custom", f"--file={database_file}"])
    checksums = {DATABASE_FILES[vendor]: _sha256(database_file)}
    checksums.update(_copy_files(Path(settings.MEDIA_ROOT), output / FILES))
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": vendor,
        "migrations": sorted(
            f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
        ),
        "files": checksums,
    }
    partial = output / f"{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    os.replace(partial, output / MANIFEST)
    return manifest


def backup_check(source: Path) -> dict:
    """The manifest of the backup in `source` once every file matches it; BackupError otherwise."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
        files = manifest["files"]
        database = manifest["database"]
        assert manifest["format"] == FORMAT and database in DATABASE_FILES
        assert isinstance(files, dict) and DATABASE_FILES[database] in files
    except (OSError, ValueError, KeyError, TypeError, AssertionError):
        raise BackupError(
            f"{source} 中没有可用的备份清单 {MANIFEST} / {source} holds no usable {MANIFEST}"
        ) from None
    present = {
        path.relative_to(source).as_posix()
        for path in source.rglob("*")
        if path.is_file() or path.is_symlink()
    } - {MANIFEST}
    differences = sorted(present ^ set(files))
    differences += sorted(
        name for name in set(files) & present if _sha256(source / name) != files[name]
    )
    if differences:
        listed = "、".join(differences[:5]) + ("……" if len(differences) > 5 else "")
        raise BackupError(
            f"备份与清单不符，未做任何改动：{listed} / "
            f"The backup does not match its manifest; nothing was changed: {', '.join(differences[:5])}"
        )
    return manifest


def backup_restore(*, source: Path, using: str = "default") -> dict:
    """Restore the backup in `source` into the empty database `using` and empty MEDIA_ROOT."""
    source = Path(source)
    manifest = backup_check(source)
    connection = connections[using]
    vendor = _vendor(connection)
    if manifest["database"] != vendor:
        raise BackupError(
            f"这是 {manifest['database']} 数据库的备份，当前数据库是 {vendor}，未做任何改动 / "
            f"The backup is of a {manifest['database']} database, this one is {vendor}; "
            "nothing was changed"
        )
    if connection.introspection.table_names():
        raise BackupError(
            "目标数据库不是空的，未做任何改动；请恢复到新建的空数据库 / "
            "The database is not empty; nothing was changed. Restore into a new, empty database"
        )
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and (not media.is_dir() or any(media.iterdir())):
        raise BackupError(
            f"文件目录 {media} 不是空的，未做任何改动 / "
            f"The files directory {media} is not empty; nothing was changed"
        )
    database_file = source / DATABASE_FILES[vendor]
    if vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(database_file)) as backup:
            backup.backup(connection.connection)
    else:
        _pg(
            "pg_restore",
            connection,
            ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"],
            str(database_file),
        )
    if (source / FILES).is_dir():
        shutil.copytree(source / FILES, media, dirs_exist_ok=True)
    return manifest


def _vendor(connection) -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"不支持的数据库 {connection.vendor} / Unsupported database")
    return connection.vendor


def _copy_files(root: Path, target: Path) -> dict[str, str]:
    """Copy the regular files under root into target; their SHA-256 by path in the backup."""
    checksums = {}
    if not root.is_dir():
        return checksums
    for directory, _dirs, names in os.walk(root):
        for name in names:
            path = Path(directory, name)
            relative = path.relative_to(root)
            if path.is_symlink() or not path.is_file():
                continue
            copy = target / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            try:
                with open(path, "rb") as source, open(copy, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            except FileNotFoundError:  # a temporary file removed meanwhile (the health check's)
                copy.unlink(missing_ok=True)
                continue
            shutil.copystat(path, copy)
            checksums[(Path(FILES) / relative).as_posix()] = digest.hexdigest()
    return checksums


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _pg(program: str, connection, arguments: list[str], *rest: str) -> None:
    """Run pg_dump or pg_restore against the database of `connection`; the password goes in the
    environment, never on the command line."""
    params = connection.settings_dict
    conninfo = {
        "dbname": params["NAME"],
        "host": params.get("HOST"),
        "port": params.get("PORT"),
        "user": params.get("USER"),
        "sslmode": (params.get("OPTIONS") or {}).get("sslmode"),
    }
    dsn = " ".join(f"{key}='{_quoted(value)}'" for key, value in conninfo.items() if value)
    env = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}
    executable = (
        os.path.join(settings.DWGK_PG_BIN_DIR, program) if settings.DWGK_PG_BIN_DIR else program
    )
    try:
        result = subprocess.run(
            [executable, *arguments, f"--dbname={dsn}", *rest],
            env=env,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        raise BackupError(
            f"找不到 {program}，请安装 PostgreSQL 客户端或设置 DWGK_PG_BIN_DIR / "
            f"{program} not found: install PostgreSQL's client programs or set DWGK_PG_BIN_DIR"
        ) from None
    if result.returncode:
        raise BackupError(f"{program} 失败 / {program} failed:\n{result.stderr.strip()}")


def _quoted(value) -> str:
    return str(value).replace("\\", "\\\\").replace("'", "\\'")
