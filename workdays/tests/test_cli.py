import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(*args, stdin=None):
    out, err = io.StringIO(), io.StringIO()
    options = {"stdout": out, "stderr": err}
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    call_command("workdays", *args, **options)
    return out.getvalue(), err.getvalue()


def test_add_prints_the_due_date_first_then_the_explanation():
    out, _err = run("add", "2026-09-30", "5")
    lines = out.splitlines()
    assert lines[0] == "2026-10-13"
    assert any("国庆节" in line for line in lines[1:])
    assert any("计入 2026-10-10（星期六）：调休上班（国庆节）" in line for line in lines)


def test_add_marks_a_provisional_date():
    out, _err = run("add", "2026-12-25", "10")
    first, *rest = out.splitlines()
    assert first.startswith("2027-") and "【暂定】" in first
    assert any("【暂定】" in line for line in rest)


def test_add_json():
    out, _err = run("add", "2026-09-30", "5", "--json")
    data = json.loads(out)
    assert data["due"] == "2026-10-13"
    assert data["start"] == "2026-09-30" and data["n"] == 5
    assert data["provisional"] is False
    assert {"date": "2026-10-01", "reason": "国庆节"} in data["skipped"]
    assert data["adjusted_workdays"] == [{"date": "2026-10-10", "name": "国庆节"}]
    assert data["calendar_version"] == {"2026": 1}


def test_add_reads_pairs_from_stdin_and_prints_one_object_per_line():
    out, _err = run("add", "-", stdin="2026-09-30 5\n\n2025-01-24 1\n2026-12-25,10\n")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["due"] for row in rows] == ["2026-10-13", "2025-01-26", rows[2]["due"]]
    assert rows[2]["provisional"] is True


def test_add_from_stdin_reports_bad_lines_and_exits_non_zero():
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(
            "workdays",
            "add",
            "-",
            stdin=io.StringIO("2026-09-30 5\n2027-02-30 3\n2026-01-05 0\nnonsense\n"),
            stdout=out,
            stderr=err,
        )
    assert caught.value.returncode == 2
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows[0]["due"] == "2026-10-13"
    assert [row["line"] for row in rows[1:]] == [2, 3, 4]
    assert "2027-02-30" in err.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2026-13-01", "5"), "invalid date"),
        (("add", "2026-02-30", "5"), "invalid date"),
        (("add", "2026-09-30", "0"), "positive integer"),
        (("add", "2026-09-30", "-3"), "positive integer"),
        (("add", "2026-09-30", "five"), "positive integer"),
        (("add", "2026-09-30"), "missing N"),
        (("add", "2100-01-01", "1"), "outside"),
        (("next", "yesterday"), "invalid date"),
    ],
)
def test_it_rejects_bad_input_with_a_bilingual_error_and_exit_code_2(args, message):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    assert message in str(caught.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value))


def test_next_between_and_is():
    assert run("next", "2026-09-30")[0].strip() == "2026-10-08"
    assert run("between", "2026-09-30", "2026-10-13")[0].strip() == "5"
    assert run("is", "2026-10-10")[0].strip() == "yes 调休上班（国庆节）"
    assert run("is", "2026-10-01")[0].strip() == "no 国庆节"
    assert run("is", "2026-10-11")[0].strip() == "no 周末"
