"""Telegram's HTML parse mode: plain text plus entities (UTF-16 offsets), or its parse errors."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from bot.localapi.spec import RequestError

TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:=\"[^\"]*\"|='[^']*'|=[^\s>]*)?)*)\s*(/?)>"
)
_ATTR = re.compile(r"([a-zA-Z-]+)(?:=\"([^\"]*)\"|='([^']*)'|=([^\s>]*))?")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts offsets."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(slots=True)
class ParsedText:
    """The text as users see it, and its formatting entities."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _entity(match: re.Match[str]) -> str:
    body = match.group(1)
    if body.startswith("#x"):
        return chr(int(body[2:], 16))
    if body.startswith("#"):
        return chr(int(body[1:]))
    return _NAMED.get(body, html.unescape(match.group(0)))


def parse_html(source: str) -> ParsedText:
    """Parse like Telegram: supported tags become entities, anything else is a 400."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, int, dict[str, Any]]] = []
    position = 0
    length = 0
    while position < len(source):
        lt = source.find("<", position)
        chunk = source[position:] if lt == -1 else source[position:lt]
        decoded = _ENTITY.sub(_entity, chunk)
        out.append(decoded)
        length += utf16_len(decoded)
        if lt == -1:
            break
        match = _TAG.match(source, lt)
        if match is None:
            raise RequestError(
                400,
                "Bad Request: can't parse entities: Unsupported start tag at byte offset "
                f"{_byte_offset(source, lt)}",
            )
        closing, name, attrs, _selfclose = match.groups()
        name = name.lower()
        if name not in TAGS:
            raise RequestError(
                400,
                f'Bad Request: can\'t parse entities: Unsupported start tag "{name}" at byte '
                f"offset {_byte_offset(source, lt)}",
            )
        if closing:
            if not stack or stack[-1][0] != name:
                expected = f'"</{stack[-1][0]}>"' if stack else "nothing"
                raise RequestError(
                    400,
                    "Bad Request: can't parse entities: Unmatched end tag at byte offset "
                    f'{_byte_offset(source, lt)}, expected {expected}, found "</{name}>"',
                )
            open_name, start, extra = stack.pop()
            if length > start:
                entities.append(
                    {"type": TAGS[open_name], "offset": start, "length": length - start, **extra}
                )
        else:
            extra = _attributes(name, attrs or "")
            stack.append((name, length, extra))
        position = match.end()
    if stack:
        raise RequestError(
            400,
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag "
            f'"{stack[-1][0]}"',
        )
    entities.sort(key=lambda item: (item["offset"], -item["length"]))
    return ParsedText("".join(out), entities)


def _attributes(name: str, attrs: str) -> dict[str, Any]:
    values = {
        m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "")
        for m in _ATTR.finditer(attrs)
    }
    if name == "a":
        return {"url": html.unescape(values.get("href", ""))}
    if name == "pre" and "language" in values:
        return {"language": values["language"]}
    if name == "tg-emoji":
        return {"custom_emoji_id": values.get("emoji-id", "")}
    if name == "span" and values.get("class") != "tg-spoiler":
        raise RequestError(
            400, 'Bad Request: can\'t parse entities: Tag "span" must have class "tg-spoiler"'
        )
    return {}


_MD_RESERVED = set("_*[]()~`>#+-=|{}.!")


def check_markdown_v2(source: str) -> ParsedText:
    """A minimal MarkdownV2 check: reserved characters must be escaped (formatting kept as text)."""
    out: list[str] = []
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            out.append(source[index + 1])
            index += 2
            continue
        if char in _MD_RESERVED and char not in "*_~`|[]()":
            raise RequestError(
                400,
                f"Bad Request: can't parse entities: Character '{char}' is reserved and must be "
                "escaped with the preceding '\\'",
            )
        if char not in "*_~`|":
            out.append(char)
        index += 1
    return ParsedText("".join(out))
