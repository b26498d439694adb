"""`dwgk serve` stops its gunicorn and its scheduler when it is stopped."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

DWGK = str(Path(sys.executable).with_name("dwgk"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _parents() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def descendants(pid: int) -> dict[int, str]:
    """Every process below pid, with its command line."""
    children, found, todo = _parents(), {}, [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            try:
                found[child] = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            todo.append(child)
    return {pid: cmdline.decode(errors="replace") for pid, cmdline in found.items()}


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until_answering(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        assert process.poll() is None, "dwgk serve exited"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{url} never answered"
        time.sleep(0.2)


@pytest.mark.parametrize("how", ["SIGTERM to the command", "Ctrl-C to the terminal's group"])
def test_stopping_serve_leaves_no_process_behind(tmp_path, how):
    port = free_port()
    env = {
        **os.environ,
        "DWGK_ENV": "local",
        "DWGK_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dwgk.sqlite3'}",
        "TMPDIR": str(tmp_path / "tmp"),  # where serve keeps the workers' metrics
    }
    (tmp_path / "tmp").mkdir()
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with open(tmp_path / "serve.log", "wb") as log:
        serve = subprocess.Popen(
            [DWGK, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_answering(f"http://127.0.0.1:{port}/healthz", serve)
            children = descendants(serve.pid)
            commands = list(children.values())
            assert sum("gunicorn" in c for c in commands) == 3, commands  # master, 2 workers
            assert sum(c.endswith("scheduler ") for c in commands) == 1, commands
            assert len(list((tmp_path / "tmp").glob("dwgk-metrics-*"))) == 1

            if how.startswith("SIGTERM"):
                serve.send_signal(signal.SIGTERM)
            else:
                os.killpg(serve.pid, signal.SIGINT)
            assert serve.wait(timeout=60) == 0, (tmp_path / "serve.log").read_text()[-3000:]
        finally:
            if serve.poll() is None:
                os.killpg(serve.pid, signal.SIGKILL)
    left = {pid: command for pid, command in children.items() if alive(pid)}
    assert left == {}
    assert list((tmp_path / "tmp").glob("dwgk-metrics-*")) == []
