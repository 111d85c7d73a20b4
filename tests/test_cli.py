"""The schoolpoort command line, run as a real process on a real SQLite file."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCHOOLPOORT = str(Path(sys.executable).with_name("schoolpoort"))


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))
    }
    environment.update(env)
    return subprocess.run(
        [SCHOOLPOORT, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    assert run(["init"], tmp_path).returncode == 0
    return tmp_path


def test_import_writes_codes_and_links(workdir: Path) -> None:
    (workdir / "klas.csv").write_text(
        "groep,ouder,kind,taal\n5b,Fatma Yılmaz,Elif,tr\n5b,Anna Nowak,Zofia,pl\n6a,Anna Nowak,Jan,pl\n",
        encoding="utf-8",
    )
    result = run(
        ["import", "klas.csv", "--school", "OBS Het Anker", "--codes-out", "codes.csv"], workdir
    )
    assert result.returncode == 0, result.stderr
    with (workdir / "codes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["ouder"] for r in rows] == ["Fatma Yılmaz", "Anna Nowak"]
    assert rows[1]["groep"] == "5b; 6a" and rows[1]["kind"] == "Zofia; Jan"
    assert rows[0]["link"] == f"https://t.me/schoolpoort_demo_bot?start={rows[0]['code']}"
    staff = run(
        ["staff", "add", "--name", "Meester Tom", "--role", "leerkracht", "--group", "5b"], workdir
    )
    assert staff.returncode == 0, staff.stderr
    assert "Invite code:" in staff.stdout
    wrong_group = run(
        ["staff", "add", "--name", "X", "--role", "directeur", "--group", "9z"], workdir
    )
    assert wrong_group.returncode == 1 and "no group '9z'" in wrong_group.stderr


def test_bad_csv_names_line_and_changes_nothing(workdir: Path) -> None:
    (workdir / "good.csv").write_text("groep,ouder\n5b,Anna\n", encoding="utf-8")
    first = run(["import", "good.csv", "--school", "S", "--codes-out", "c1.csv"], workdir)
    assert first.returncode == 0, first.stderr
    before = (workdir / "schoolpoort.db").read_bytes()
    (workdir / "bad.csv").write_text("groep,ouder\n5b,Bert\n6a,Carla\n,Dirk\n", encoding="utf-8")
    result = run(["import", "bad.csv", "--school", "S", "--codes-out", "c2.csv"], workdir)
    assert result.returncode == 1
    assert "line 4" in result.stderr and "Nothing was imported" in result.stderr
    assert not (workdir / "c2.csv").exists()
    assert (workdir / "schoolpoort.db").read_bytes() == before


def test_unwritable_codes_file_rolls_back(workdir: Path) -> None:
    (workdir / "good.csv").write_text("groep,ouder\n5b,Anna\n", encoding="utf-8")
    result = run(
        ["import", "good.csv", "--school", "S", "--codes-out", "no/such/dir/c.csv"], workdir
    )
    assert result.returncode == 1 and "Nothing was imported" in result.stderr
    again = run(["import", "good.csv", "--school", "S", "--codes-out", "c.csv"], workdir)
    assert "1" in again.stdout  # the parent is new: the failed run left nothing behind


def test_bad_setting_stops_with_one_line(tmp_path: Path) -> None:
    result = run(["init"], tmp_path, DATABASE_URL="mysql://x")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Setting DATABASE_URL is invalid:")


def test_token_needs_username_for_links(tmp_path: Path) -> None:
    (tmp_path / "k.csv").write_text("groep,ouder\n1,A\n", encoding="utf-8")
    result = run(
        ["import", "k.csv", "--school", "S", "--codes-out", "c.csv"],
        tmp_path,
        TELEGRAM_BOT_TOKEN="1:abc",
    )
    assert result.returncode == 2 and "SCHOOLPOORT_BOT_USERNAME" in result.stderr


def test_queue_a_message_and_follow_it(workdir: Path) -> None:
    (workdir / "k.csv").write_text("groep,ouder\n5b,Anna\n6a,Bert\n", encoding="utf-8")
    assert (
        run(["import", "k.csv", "--school", "S", "--codes-out", "c.csv"], workdir).returncode == 0
    )
    bad = run(["messages", "send", "--template", "gym", "--field", "date=morgen"], workdir)
    assert bad.returncode == 1 and "bad date" in bad.stderr
    missing = run(
        ["messages", "send", "--template", "gym", "--group", "9z", "--field", "date=2026-12-01"],
        workdir,
    )
    assert missing.returncode == 1 and "9z" in missing.stderr
    queued = run(
        ["messages", "send", "--template", "gym", "--group", "5b", "--field", "date=2026-12-01"],
        workdir,
    )
    assert queued.returncode == 0, queued.stderr
    assert "Message 1 queued for 0 parents." in queued.stdout  # nobody has joined yet
    status = run(["messages", "status", "1"], workdir)
    assert (
        status.returncode == 0 and "Sent to 0 of 0" in status.stdout
    ) or "0 van 0" in status.stdout
    assert run(["messages", "status", "99"], workdir).returncode == 1
    quiet = run(["school", "quiet-hours", "--start", "21.00", "--end", "6:30"], workdir)
    assert quiet.returncode == 0 and "21:00 to 06:30" in quiet.stdout
    assert (
        run(["school", "quiet-hours", "--start", "laat", "--end", "6:30"], workdir).returncode == 2
    )
