"""A parent joins, picks a language, consents, gets help, changes language and leaves."""

from __future__ import annotations

import unicodedata

from sqlalchemy import func, select

from berichten.models import Chat, ChatStatus, InviteCode, Parent, ParentGroup
from tests.e2e.harness import Harness, buttons

AMIRA = 9001
PIET = 9002
CSV = "groep,ouder,kind,taal\n5b,Amira Haddad,Yasmin,ar\n7a,Amira Haddad,Omar,ar\n5b,Piet Bakker,Daan,\n"
RLM = "\u200f"


def arabic_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    arabic = [ch for ch in letters if "ARABIC" in unicodedata.name(ch, "")]
    return len(arabic) / max(1, len(letters))


async def test_arabic_parent_full_journey(harness: Harness) -> None:
    codes = await harness.import_parents(CSV)
    [picker] = await harness.say(AMIRA, f"/start {codes['Amira Haddad']}", language_code="en")
    # The school wrote down Arabic, so Arabic is suggested first and the question is in Arabic.
    assert arabic_share(picker["text"]) > 0.8
    assert buttons(picker)[0]["text"] == "✓ العربية"
    assert {b["callback_data"] for b in buttons(picker)} >= {"lang:nl", "lang:ar", "lang:en"}

    [consent] = await harness.press(AMIRA, picker, data="lang:ar")
    edited = (await harness.messages(AMIRA))[0]
    assert "العربية" in edited["text"] and not buttons(edited)
    assert consent["text"].startswith(RLM)
    assert "هل توافق؟" in consent["text"] and arabic_share(consent["text"]) > 0.8
    assert [b["callback_data"] for b in buttons(consent)] == ["consent:yes", "consent:no"]

    [welcome] = await harness.press(AMIRA, consent, data="consent:yes")
    assert "أهلًا وسهلًا" in welcome["text"] and "OBS De Linde" in welcome["text"]
    assert "الصف 5b (Yasmin)" in welcome["text"] and "الصف 7a (Omar)" in welcome["text"]
    assert all(line.startswith(RLM) for line in welcome["text"].split("\n") if line)
    async with harness.db.transaction() as session:
        chat = await session.scalar(select(Chat).where(Chat.telegram_chat_id == AMIRA))
        assert chat is not None
        assert (chat.status, chat.language) == (ChatStatus.ACTIVE, "ar")
        assert chat.consent_at == harness.clock.now()

    [help_text] = await harness.say(AMIRA, "/help")
    assert "/taal" in help_text["text"] and arabic_share(help_text["text"]) > 0.7

    [data, document] = await harness.say(AMIRA, "/mijngegevens")
    assert document["document"]["file_name"] == "mijngegevens.json"
    assert "Amira Haddad" in data["text"] and "الصف 7a (Omar)" in data["text"]
    assert "نوفمبر" in data["text"]  # the date in Arabic (CLDR), 24 November 2026
    assert "2026" in data["text"] or "٢٠٢٦" in data["text"]

    [picker2] = await harness.say(AMIRA, "/taal")
    assert buttons(picker2)[0]["text"] == "✓ العربية"
    [done] = await harness.press(AMIRA, picker2, data="lang:nl")
    assert done["text"] == "Klaar. U krijgt de berichten nu in deze taal."

    [question] = await harness.say(AMIRA, "/stop")
    assert "Wilt u stoppen?" in question["text"]
    [goodbye] = await harness.press(AMIRA, question, text="Ja, wis mijn gegevens")
    assert "Uw gegevens zijn gewist" in goodbye["text"]
    async with harness.db.transaction() as session:
        names = list(await session.scalars(select(Parent.name)))
        assert names == ["Piet Bakker"]
        assert await session.scalar(select(func.count()).select_from(Chat)) == 0
        assert await session.scalar(select(func.count()).select_from(ParentGroup)) == 1
        assert await session.scalar(select(func.count()).select_from(InviteCode)) == 1

    [after] = await harness.say(AMIRA, "/help", language_code="nl")
    assert "Stuur de code uit de brief" in after["text"]


async def test_dutch_parent_types_code_by_hand(harness: Harness) -> None:
    codes = await harness.import_parents(CSV)
    typed = codes["Piet Bakker"].lower().replace("-", " ")
    [picker] = await harness.say(PIET, typed, language_code="nl")
    assert picker["text"] == "In welke taal wilt u de berichten van school lezen?"
    assert buttons(picker)[0]["text"] == "✓ Nederlands"
    [consent] = await harness.press(PIET, picker, data="lang:nl")
    assert "Vindt u dat goed?" in consent["text"]
    assert "telefoonnummer" in consent["text"] and "/stop" in consent["text"]
    [welcome] = await harness.press(PIET, consent, text="Ja, dat is goed")
    assert welcome["text"].startswith("Welkom! U bent nu aangemeld bij OBS De Linde.")
    assert "Groep 5b (Daan)" in welcome["text"]
    assert not welcome["text"].startswith(RLM)


async def test_menus_are_set_per_language_and_per_chat(harness: Harness) -> None:
    assert harness.client is not None
    arabic = await harness.client.commands(language_code="ar")
    assert [c["command"] for c in arabic] == ["help", "taal", "mijngegevens", "stop"]
    assert arabic_share(" ".join(c["description"] for c in arabic)) > 0.8
    dutch = await harness.client.commands(language_code="nl")
    assert dutch[1]["description"] == "Een andere taal kiezen"
    default = await harness.client.commands()
    assert default == dutch


async def test_declining_consent_keeps_nothing_and_code_works_again(harness: Harness) -> None:
    codes = await harness.import_parents(CSV)
    [picker] = await harness.say(PIET, f"/start {codes['Piet Bakker']}")
    [consent] = await harness.press(PIET, picker, data="lang:nl")
    [answer] = await harness.press(PIET, consent, data="consent:no")
    assert "We hebben niets bewaard" in answer["text"]
    async with harness.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Chat)) == 0
    [picker_again] = await harness.say(PIET, f"/start {codes['Piet Bakker']}")
    assert buttons(picker_again)


async def test_staff_member_joins_with_staff_code(harness: Harness) -> None:
    await harness.import_parents(CSV)
    code = await harness.add_teacher("Juf Sanne", ["5b"])
    [consent] = await harness.say(7777, f"/start {code}", language_code="en")
    assert "uw rol en uw groepen" in consent["text"]
    [welcome] = await harness.press(7777, consent, data="consent:yes")
    assert "U bent aangemeld als leerkracht." in welcome["text"]
    assert "Groep 5b" in welcome["text"]
