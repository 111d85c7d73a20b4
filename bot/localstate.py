"""The file local mode writes so that `schoolpoort chat` can find the local server."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

STATE_FILE = Path(".schoolpoort-local.json")
LOCAL_TOKEN = "1000001:schoolpoort-local-mode"
LOCAL_BOT_USERNAME = "schoolpoort_demo_bot"


@dataclass(slots=True)
class LocalState:
    """Where the local Bot API server listens and the demo codes not used yet."""

    control_url: str
    token: str
    parent_codes: dict[str, str] = field(default_factory=dict)
    staff_codes: dict[str, str] = field(default_factory=dict)

    def save(self, path: Path = STATE_FILE) -> None:
        """Write the state for the chat client (readable by the owner only)."""
        path.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False), encoding="utf-8")
        path.chmod(0o600)

    @classmethod
    def load(cls, path: Path = STATE_FILE) -> LocalState:
        """Read the state local mode wrote."""
        return cls(**json.loads(path.read_text(encoding="utf-8")))
