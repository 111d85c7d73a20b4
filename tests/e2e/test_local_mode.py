"""`schoolpoort run` without a token starts local mode; `schoolpoort chat` completes a join."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_local_mode_and_terminal_chat(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env["SCHOOLPOORT_LOCAL_API_PORT"] = str(free_port())
    env["SCHOOLPOORT_HEALTH_PORT"] = "0"
    service = subprocess.Popen(
        [str(BIN / "schoolpoort"), "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert service.stdout is not None
        seen = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = service.stdout.readline()
            seen.append(line)
            if "Stop with Ctrl+C" in line or not line:
                break
        output = "".join(seen)
        assert "local mode" in output and "schoolpoort chat" in output, output
        state = json.loads((tmp_path / ".schoolpoort-local.json").read_text())
        code = state["parent_codes"]["Ouder Piet"]
        assert code in output
        chat = subprocess.run(
            [str(BIN / "schoolpoort"), "chat", "--as", "ouder2"],
            cwd=tmp_path,
            env=env,
            input=f"{code}\n1\n1\n/help\n/quit\n",
            capture_output=True,
            text=True,
            timeout=90,
        )
        assert chat.returncode == 0, chat.stdout + chat.stderr
        assert "In welke taal wilt u de berichten van school lezen?" in chat.stdout
        assert "[1] ✓ Nederlands" in chat.stdout
        assert "Welkom! U bent nu aangemeld bij Demoschool De Schoolpoort." in chat.stdout
        assert "/mijngegevens: zien wat we van u bewaren" in chat.stdout
        assert state["token"] not in chat.stdout
        director = subprocess.run(
            [str(BIN / "schoolpoort"), "chat", "--as", "directeur"],
            cwd=tmp_path,
            env=env,
            input=f"{state['staff_codes']['directeur']}\n1\n/koffie\n1\n1\n/quit\n",
            capture_output=True,
            text=True,
            timeout=90,
        )
        assert director.returncode == 0, director.stdout + director.stderr
        assert "08:30" in director.stdout and "09:15" in director.stdout
        assert "/koffie" in director.stdout.rsplit("you> 1", 1)[-1]  # the series was made
        teacher = subprocess.run(
            [str(BIN / "schoolpoort"), "chat", "--as", "leerkracht"],
            cwd=tmp_path,
            env=env,
            input=f"{state['staff_codes']['leerkracht']}\n1\n/herinnering\n1\n2\n4\n/quit\n",
            capture_output=True,
            text=True,
            timeout=90,
        )
        assert teacher.returncode == 0, teacher.stdout + teacher.stderr
        assert "18:00" in teacher.stdout and "/herinneringen" in teacher.stdout
    finally:
        service.send_signal(signal.SIGTERM)
        try:
            rest, _ = service.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            service.kill()
            rest, _ = service.communicate()
    assert service.returncode == 0, rest
    assert "Ouder Piet" not in rest  # no personal data in the service's log
