"""The official Bot API spec (../shared/telegram), used to check every request's fields."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)
SPEC_GLOB = "bot-api-*.json"


class RequestError(Exception):
    """A request the real Bot API would refuse: HTTP status and Telegram's description."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


def find_spec_file(start: Path | None = None) -> Path | None:
    """The spec file: $SCHOOLPOORT_BOTAPI_SPEC, else shared/telegram above the cwd or this file."""
    configured = os.environ.get("SCHOOLPOORT_BOTAPI_SPEC")
    if configured:
        path = Path(configured)
        return path if path.is_file() else None
    roots = [start or Path.cwd(), Path(__file__).resolve()]
    for root in roots:
        for folder in [root, *root.parents]:
            for candidate in (
                folder / "shared" / "telegram",
                folder / ".." / "shared" / "telegram",
            ):
                if candidate.is_dir():
                    found = sorted(candidate.glob(SPEC_GLOB))
                    if found:
                        return found[-1].resolve()
    return None


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One parameter of a method: its name, the types it may have, and whether it is required."""

    name: str
    types: tuple[str, ...]
    required: bool


class BotApiSpec:
    """Methods and their fields; checks and converts request parameters like the real API."""

    def __init__(self, data: dict[str, Any] | None) -> None:
        self.version = data.get("version", "?") if data else None
        self.methods: dict[str, tuple[FieldSpec, ...]] = {}
        self.types: set[str] = set()
        if data:
            self.types = set(data.get("types", {}))
            for name, method in data.get("methods", {}).items():
                fields = tuple(
                    FieldSpec(f["name"], tuple(f["types"]), bool(f["required"]))
                    for f in method.get("fields", [])
                )
                self.methods[name.lower()] = fields
        self._canonical = {name.lower(): name for name in (data or {}).get("methods", {})}

    @classmethod
    def load(cls, path: Path | None = None) -> BotApiSpec:
        """Load from `path` or the auto-detected file; an empty spec (no checks) if none."""
        path = path or find_spec_file()
        if path is None:
            logger.warning("Bot API spec not found: requests are not checked against it")
            return cls(None)
        return cls(json.loads(path.read_text(encoding="utf-8")))

    @property
    def enabled(self) -> bool:
        """True when a spec was loaded."""
        return bool(self.methods)

    def knows(self, method: str) -> bool:
        """True if the method exists (always True without a spec)."""
        return not self.enabled or method.lower() in self.methods

    def canonical(self, method: str) -> str:
        """The method's official spelling (method names are case-insensitive)."""
        return self._canonical.get(method.lower(), method)

    def check(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """Convert form values to their types and refuse missing or mistyped fields."""
        if not self.enabled:
            return {key: _loose(value) for key, value in params.items()}
        converted: dict[str, Any] = {}
        for field in self.methods.get(method.lower(), ()):
            if field.name not in params or params[field.name] in ("", None):
                if field.required:
                    raise RequestError(400, f'Bad Request: parameter "{field.name}" is required')
                continue
            converted[field.name] = self._convert(field, params[field.name])
        return converted

    def _convert(self, field: FieldSpec, value: Any) -> Any:
        for kind in field.types:
            ok, result = self._try(kind, value)
            if ok:
                return result
        expected = " or ".join(field.types)
        raise RequestError(400, f'Bad Request: field "{field.name}" must be of type {expected}')

    def _try(self, kind: str, value: Any) -> tuple[bool, Any]:
        if kind == "InputFile":
            return (isinstance(value, UploadedFile), value)
        if isinstance(value, UploadedFile):
            return (False, None)
        if kind == "Integer":
            if isinstance(value, bool):
                return (False, None)
            if isinstance(value, int):
                return (True, value)
            if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                return (True, int(value))
            return (False, None)
        if kind == "Float":
            try:
                return (not isinstance(value, bool), float(value))
            except (TypeError, ValueError):
                return (False, None)
        if kind == "Boolean":
            if isinstance(value, bool):
                return (True, value)
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return (True, value.lower() == "true")
            return (False, None)
        if kind == "String":
            if isinstance(value, str):
                return (True, value)
            if isinstance(value, int | float) and not isinstance(value, bool):
                return (True, str(value))
            return (False, None)
        decoded = _decode_json(value)
        if kind.startswith("Array of"):
            return (isinstance(decoded, list), decoded)
        if kind in self.types:
            return (isinstance(decoded, dict), decoded)
        return (True, decoded)


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file sent as multipart form data."""

    filename: str
    content_type: str
    data: bytes


def _decode_json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _loose(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        return _decode_json(value)
    return value
