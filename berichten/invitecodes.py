"""Invite codes: 80 random bits, typed easily, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CODE_LENGTH = 16  # 16 symbols x 5 bits = 80 bits
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_SEPARATORS = re.compile(r"[\s\-_.]+")


def generate_code() -> str:
    """A new random code in groups of four, e.g. "7KQ2-M9XD-4T3B-ZP8R"."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(text: str) -> str | None:
    """The code's canonical form, or None if the text cannot be a code."""
    compact = _SEPARATORS.sub("", text.strip()).upper().translate(_CONFUSABLE)
    if len(compact) != CODE_LENGTH or any(ch not in ALPHABET for ch in compact):
        return None
    return compact


def looks_like_code(text: str) -> bool:
    """True if a typed message has the shape of an invite code."""
    return normalize_code(text) is not None


def hash_code(canonical: str) -> str:
    """The stored form of a canonical code."""
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def deep_link(bot_username: str, code: str) -> str:
    """The t.me link that opens the bot with the code filled in."""
    return f"https://t.me/{bot_username}?start={code}"
