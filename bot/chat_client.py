"""`schoolpoort chat`: a terminal client for local mode; type as a user, press buttons by number."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from typing import Any

from rich.console import Console

from bot.localstate import STATE_FILE, LocalState

console = Console(highlight=False)
SETTLE_SECONDS = 0.6
FIRST_REPLY_TIMEOUT = 8.0


@dataclass(frozen=True, slots=True)
class Persona:
    """A demo user of local mode: Telegram user id, first name and app language."""

    user_id: int
    first_name: str
    language_code: str
    code_key: tuple[str, str]  # ("parent", name) or ("staff", role)


PERSONAS = {
    "ouder": Persona(7_000_001, "Amira", "ar", ("parent", "Ouder Amira")),
    "ouder2": Persona(7_000_002, "Piet", "nl", ("parent", "Ouder Piet")),
    "ouder3": Persona(7_000_003, "Olena", "uk", ("parent", "Ouder Olena")),
    "leerkracht": Persona(7_000_101, "Juf", "nl", ("staff", "leerkracht")),
    "directeur": Persona(7_000_102, "Directeur", "nl", ("staff", "directeur")),
}


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    markup = message.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def _show(message: dict[str, Any]) -> None:
    text = message.get("text") or message.get("caption") or f"[{message.get('kind', 'message')}]"
    console.print(f"[bold cyan]bot>[/bold cyan] {text}")
    for number, button in enumerate(_buttons(message), start=1):
        console.print(f"     [yellow][{number}][/yellow] {button.get('text')}")


async def _new_messages(client: Any, chat_id: int, seen: int) -> list[dict[str, Any]]:
    """Wait for the bot's answer, then until it stays quiet for a moment."""
    try:
        await client.wait_for_messages(chat_id, seen + 1, timeout=FIRST_REPLY_TIMEOUT)
    except TimeoutError:
        return []
    count = seen
    while True:
        messages = await client.messages(chat_id)
        if len(messages) == count and count > seen:
            return messages[seen:]
        count = len(messages)
        await asyncio.sleep(SETTLE_SECONDS)


async def _session(persona: Persona, state: LocalState) -> int:
    from bot.localapi import LocalBotApiClient

    client = LocalBotApiClient(state.control_url, state.token)
    chat_id = persona.user_id
    kind, key = persona.code_key
    code = (state.parent_codes if kind == "parent" else state.staff_codes).get(key)
    console.print(f"You are [bold]{persona.first_name}[/bold] ({key}).")
    if code:
        console.print(f"Your invite code: [bold]{code}[/bold]  (type it, or /start {code})")
    console.print("Type a message. A number presses that button of the last message. /quit ends.")
    history = await client.messages(chat_id)
    seen = len(history)
    last_with_buttons = next((m for m in reversed(history) if _buttons(m)), None)
    for line in sys.stdin:
        text = line.strip()
        if not text:
            continue
        if text in ("/quit", "/exit"):
            break
        console.print(f"[bold green]you>[/bold green] {text}")
        if text.isdigit() and last_with_buttons is not None:
            index = int(text) - 1
            if not 0 <= index < len(_buttons(last_with_buttons)):
                console.print("[red]There is no button with that number.[/red]")
                continue
            await client.press_button(persona.user_id, last_with_buttons["message_id"], index=index)
        else:
            await client.send_text(
                persona.user_id,
                text,
                first_name=persona.first_name,
                language_code=persona.language_code,
            )
        for message in await _new_messages(client, chat_id, seen):
            _show(message)
            if _buttons(message):
                last_with_buttons = message
        seen = len(await client.messages(chat_id))
    await client.aclose()
    return 0


def run_chat(role: str) -> int:
    """Run the terminal client as one of the demo personas; returns an exit code."""
    persona = PERSONAS.get(role)
    if persona is None:
        console.print(f"[red]Unknown role {role!r}; choose from {', '.join(PERSONAS)}.[/red]")
        return 2
    if not STATE_FILE.exists():
        console.print("[red]Local mode is not running here. Start it first with: make run[/red]")
        return 2
    return asyncio.run(_session(persona, LocalState.load()))
