"""Invite letters on paper: who gets a page, fresh codes that redeem, QR, Arabic, fonts, CLI."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.support import NullTranslations
from sqlalchemy import select
from typer.testing import CliRunner, Result

from berichten.db import Database
from berichten.importer import import_rows, parse_csv
from berichten.inviteletters import (
    LetterError,
    LetterFacts,
    LetterText,
    PrintRun,
    code_in_blocks,
    letters_for,
    prepare_letters,
)
from berichten.invites import issue_code
from berichten.joining import JoinOutcome, redeem_code
from berichten.models import Chat, ChatStatus, Parent, StaffRole
from berichten.staffing import add_staff
from bot.cli import app
from bot.letterpdf import (
    LetterFontError,
    largest_fitting,
    letter_fonts,
    qr_matrix,
    render_letters,
)

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/Amsterdam")
DAYS = timedelta(days=60)
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOT = "linde_bot"

needs_font = pytest.mark.skipif(not FONT.is_file(), reason=f"{FONT} is not installed")

KLAS = (
    b"groep,ouder,kind,taal\n"
    b"5b,Fatima El Amrani,Yasmin,ar\n"
    b"5b,Piet de Vries,Daan,\n"
    b"5b,Anna Nowak,Zofia,pl\n"
    b"5b,Olena Koval,Mila,uk\n"
    b"6a,Bert Jansen,Sem,nl\n"
)

# Test translations of the letter (the real ones come with the catalogs).
DUTCH = {
    "Messages from school on your phone": "Berichten van school op uw telefoon",
    "Dear parents of {children},": "Beste ouders van {children},",
    "Dear parents,": "Beste ouders,",
    "{school} sends news for parents in a chat app on your phone. The app is called Telegram. For example: a day off, a school trip, or what your child needs to bring.": "{school} stuurt nieuws voor ouders in een chat-app op uw telefoon. De app heet Telegram. Bijvoorbeeld: een vrije dag, een schoolreis of wat uw kind mee moet nemen.",
    "It is free. You get the messages in your own language.": "Het is gratis. U krijgt de berichten in uw eigen taal.",
    "You can stop at any time. Type /stop in the chat. Then we delete your details.": "U kunt altijd stoppen. Typ /stop in de chat. Dan wissen we uw gegevens.",
    "Questions? Ask {teachers}, the teacher of group {group}.": "Vragen? Vraag het {teachers}, de leerkracht van groep {group}.",
    "Questions? Ask {teachers}, the teachers of group {group}.": "Vragen? Vraag het {teachers}, de leerkrachten van groep {group}.",
    "Questions? Ask the teacher of group {group}.": "Vragen? Vraag het de leerkracht van groep {group}.",
    "The code works once, until {date}. Do not give the code to other people.": "De code werkt één keer, tot {date}. Geef de code niet aan andere mensen.",
    "How to join": "Zo doet u mee",
    "Open the camera on your phone. Point it at the black and white square on this letter. Tap the link that appears.": "Open de camera van uw telefoon. Richt de camera op het zwart-witte vierkant op deze brief. Tik op de link die u ziet.",
    "Or open Telegram. Search for @{bot}. Type the code from this letter.": "Of open Telegram. Zoek @{bot}. Typ de code van deze brief.",
    "Then choose your language. That is all.": "Kies daarna uw taal. Meer hoeft u niet te doen.",
    "No Telegram yet? First install it from the app store on your phone. It is free.": "Nog geen Telegram? Installeer de app eerst uit de app-winkel op uw telefoon. Het is gratis.",
    "Kind regards,": "Met vriendelijke groet,",
}
ARABIC = {
    "Messages from school on your phone": "رسائل من المدرسة على هاتفك",
    "Dear parents of {children},": "أولياء أمور {children} الأعزاء،",
    "Dear parents,": "أولياء الأمور الأعزاء،",
    "{school} sends news for parents in a chat app on your phone. The app is called Telegram. For example: a day off, a school trip, or what your child needs to bring.": "ترسل {school} أخبارها إلى أولياء الأمور في تطبيق دردشة على هاتفك. اسم التطبيق تيليجرام. مثلاً: يوم عطلة، أو رحلة مدرسية، أو ما يجب أن يحضره طفلك.",
    "It is free. You get the messages in your own language.": "الخدمة مجانية. تصلك الرسائل بلغتك.",
    "You can stop at any time. Type /stop in the chat. Then we delete your details.": "يمكنك التوقف في أي وقت. اكتب /stop في الدردشة. عندها نحذف بياناتك.",
    "Questions? Ask {teachers}, the teacher of group {group}.": "أسئلة؟ اسأل {teachers}، معلم المجموعة {group}.",
    "Questions? Ask {teachers}, the teachers of group {group}.": "أسئلة؟ اسأل {teachers}، معلمي المجموعة {group}.",
    "Questions? Ask the teacher of group {group}.": "أسئلة؟ اسأل معلم المجموعة {group}.",
    "The code works once, until {date}. Do not give the code to other people.": "يعمل الرمز مرة واحدة حتى {date}. لا تعطِ الرمز لأحد.",
    "How to join": "طريقة الانضمام",
    "Open the camera on your phone. Point it at the black and white square on this letter. Tap the link that appears.": "افتح الكاميرا في هاتفك. وجّهها إلى المربع الأسود والأبيض في هذه الرسالة. اضغط على الرابط الذي يظهر.",
    "Or open Telegram. Search for @{bot}. Type the code from this letter.": "أو افتح تيليجرام. ابحث عن @{bot}. اكتب الرمز الموجود في هذه الرسالة.",
    "Then choose your language. That is all.": "ثم اختر لغتك. هذا كل شيء.",
    "No Telegram yet? First install it from the app store on your phone. It is free.": "ليس لديك تيليجرام بعد؟ ثبّته أولاً من متجر التطبيقات على هاتفك. إنه مجاني.",
    "Kind regards,": "مع أطيب التحيات،",
}


class FakeCatalog(NullTranslations):
    """A catalog from a dict, for the letter's texts before the real catalogs have them."""

    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__()
        self.texts = texts

    def gettext(self, message: str) -> str:
        return self.texts.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def catalogs(language: str) -> NullTranslations:
    return {"nl": FakeCatalog(DUTCH), "ar": FakeCatalog(ARABIC)}.get(language, NullTranslations())


async def _school(db: Database) -> None:
    async with db.transaction() as session:
        await import_rows(session, parse_csv(KLAS), "OBS De Linde", NOW, TZ, DAYS)
        await add_staff(
            session,
            school_name=None,
            name="Juf Sanne",
            role=StaffRole.LEERKRACHT,
            group_names=["5b"],
            now=NOW,
            tz=TZ,
            valid_for=DAYS,
        )


async def _parent(db: Database, name: str) -> Parent:
    async with db.transaction() as session:
        parent = await session.scalar(select(Parent).where(Parent.name == name))
        assert parent is not None
        return parent


async def _join(db: Database, name: str, chat_id: int, status: ChatStatus) -> None:
    """Give a parent a chat, as after redeeming a code."""
    parent = await _parent(db, name)
    async with db.transaction() as session:
        session.add(
            Chat(
                telegram_chat_id=chat_id,
                parent_id=parent.id,
                language="nl",
                status=status,
                joined_at=NOW,
            )
        )


async def _print(db: Database, group: str = "5b") -> PrintRun:
    async with db.transaction() as session:
        return await prepare_letters(
            session,
            group_name=group,
            school_name=None,
            bot_username=BOT,
            now=NOW,
            tz=TZ,
            valid_for=DAYS,
            catalogs=catalogs,
        )


async def _redeem(db: Database, code: str, chat_id: int) -> JoinOutcome:
    async with db.transaction() as session:
        result = await redeem_code(session, code, chat_id, NOW + timedelta(hours=1), "nl")
        return result.outcome


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def content_streams(pdf: bytes) -> list[bytes]:
    """The decompressed streams of the PDF: page contents, font files."""
    found = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found.append(zlib.decompress(raw))
        except zlib.error:
            continue
    return found


def drawn_qr(page_content: bytes) -> list[list[bool]]:
    """Rebuild the QR matrix from the filled rectangles on a page (only the QR uses `re f`)."""
    rects = [
        tuple(float(v) for v in match.groups())
        for match in re.finditer(rb"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re f", page_content)
    ]
    module = min(w for _x, _y, w, _h in rects)
    left = min(x for x, _y, _w, _h in rects)
    top = max(y for _x, y, _w, _h in rects)
    size = round((max(x + w for x, _y, w, _h in rects) - left) / module)
    grid = [[False] * size for _ in range(size)]
    for x, y, w, _h in rects:
        row, col = round((top - y) / module), round((x - left) / module)
        for offset in range(round(w / module)):
            grid[row][col + offset] = True
    return grid


def test_code_in_blocks() -> None:
    assert code_in_blocks("7kq2-m9xd-4t3b-zp8r") == "7KQ2 M9XD 4T3B ZP8R"


def test_largest_fitting_size_from_a_hint() -> None:
    sizes = (12.0, 11.0, 10.0, 9.0, 8.0)
    measured: list[float] = []

    def fits(size: float) -> bool:
        measured.append(size)
        return size <= 10.0

    assert largest_fitting(fits, sizes, 12.0) == 10.0
    measured.clear()
    assert largest_fitting(fits, sizes, 10.0) == 10.0 and measured == [10.0, 11.0]
    assert largest_fitting(lambda size: False, sizes, 9.0) == 8.0


def test_letters_for_languages() -> None:
    facts = LetterFacts("OBS De Linde", "5b", ("Juf Sanne",), BOT, NOW.date())
    letters, missing = letters_for("ar", facts, ["Yasmin"], catalogs)
    assert [t.language for t in letters] == ["nl", "ar"] and missing is None
    assert letters[1].rtl and letters[1].language_name == "العربية"
    assert letters[0].greeting == "Beste ouders van Yasmin,"
    assert "Juf Sanne" in letters[0].paragraphs[3] and "@linde_bot" in letters[0].steps[1]
    letters, missing = letters_for("pl", facts, ["Zofia", "Jan"], catalogs)
    assert [t.language for t in letters] == ["nl"] and missing == "pl"  # no Polish texts yet
    assert letters[0].greeting == "Beste ouders van Zofia en Jan,"
    letters, missing = letters_for(None, facts, [], catalogs)
    assert [t.language for t in letters] == ["nl"] and letters[0].greeting == "Beste ouders,"
    # Before the Dutch texts exist the letter is the English source, and never twice.
    letters, _ = letters_for("en", facts, [], lambda language: NullTranslations())
    assert [t.language for t in letters] == ["en"]


async def test_pages_only_for_families_not_joined(db: Database) -> None:
    await _school(db)
    await _join(db, "Piet de Vries", 1001, ChatStatus.ACTIVE)
    await _join(db, "Olena Koval", 1002, ChatStatus.PENDING)
    run = await _print(db)
    assert (run.skipped_joined, run.skipped_not_active) == (1, 1)
    # Fatima (Yasmin, Arabic) and Anna (Zofia, Polish); group 6a is not printed.
    assert [p.letters[0].greeting for p in run.pages] == [
        "Beste ouders van Yasmin,",
        "Beste ouders van Zofia,",
    ]
    assert [len(p.letters) for p in run.pages] == [2, 1]
    assert run.dutch_only == {"pl": 1} and not run.dutch_missing
    for page in run.pages:
        assert page.link == f"https://t.me/{BOT}?start={page.code}"
        words = " ".join(text for letter in page.letters for text in _all_texts(letter))
        for personal in ("Fatima", "Amrani", "Anna", "Nowak", "Piet", "Olena"):
            assert personal not in words


def _all_texts(letter: LetterText) -> list[str]:
    return [letter.title, letter.greeting, *letter.paragraphs, *letter.steps, letter.closing]


async def test_printed_code_redeems_and_older_code_does_not(db: Database) -> None:
    await _school(db)
    fatima = await _parent(db, "Fatima El Amrani")
    async with db.transaction() as session:
        older = await issue_code(session, fatima, NOW, DAYS)
    run = await _print(db)
    [printed] = [p for p in run.pages if len(p.letters) == 2]
    assert await _redeem(db, older, 2001) is JoinOutcome.UNKNOWN
    assert await _redeem(db, printed.code_blocks, 2002) is JoinOutcome.JOINED  # as typed
    again = await _print(db)
    assert again.skipped_not_active == 1 and len(again.pages) == len(run.pages) - 1


async def test_unknown_group_is_a_clear_error(db: Database) -> None:
    await _school(db)
    with pytest.raises(LetterError, match="no group '9z' at OBS De Linde in 2026-2027"):
        await _print(db, "9z")


@needs_font
async def test_pdf_has_a_page_per_family_with_its_qr_code_and_arabic(
    db: Database, tmp_path: Path
) -> None:
    await _school(db)
    await _join(db, "Piet de Vries", 1001, ChatStatus.ACTIVE)
    run = await _print(db)
    pdf = render_letters(run.pages, letter_fonts(FONT))
    assert page_count(pdf) == len(run.pages) == 3
    pages = [c for c in content_streams(pdf) if b" re f" in c]
    assert len(pages) == 3
    for page, content in zip(run.pages, pages, strict=True):
        assert drawn_qr(content) == qr_matrix(page.link)
    # A font's ToUnicode map holds Arabic letters: the Arabic letter was set as text.
    assert re.search(rb"<[0-9A-F]{4}> <06[2-4][0-9A-F]", pdf)
    path = tmp_path / "brieven.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftoppm") and shutil.which("zbarimg"):
        for number, page in enumerate(run.pages, start=1):
            assert _decode_qr(path, number, tmp_path) == page.link
    if shutil.which("pdftotext"):
        arabic_page = 1 + next(i for i, p in enumerate(run.pages) if len(p.letters) == 2)
        text = _page_text(path, arabic_page)
        assert "هاتفك" in text and "تيليجرام" in text and "Berichten van school" in text
        other = _page_text(path, 1 if arabic_page != 1 else 2)
        assert not re.search("[\u0600-\u06ff]", other)
        assert run.pages[0].code_blocks in _page_text(path, 1)


def _decode_qr(path: Path, page: int, tmp_path: Path) -> str:
    prefix = tmp_path / f"page{page}"
    pages = ["-f", str(page), "-l", str(page)]
    render = ["pdftoppm", "-png", "-r", "150", *pages, "-singlefile", str(path), str(prefix)]
    subprocess.run(render, check=True, timeout=60)
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", f"{prefix}.png"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _page_text(path: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def test_missing_font_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(LetterFontError) as caught:
        letter_fonts(tmp_path / "Geen.ttf")
    message = str(caught.value)
    assert "\n" not in message and "Geen.ttf" in message and "SCHOOLPOORT_LETTER_FONT" in message


# The command line, through Typer's runner, on both databases.


def _setup_cli_school(database_url: str) -> tuple[str, str]:
    """A school imported now (the CLI uses the real clock); returns Fatima's and Anna's codes."""

    async def setup() -> tuple[str, str]:
        db = Database(database_url)
        try:
            async with db.transaction() as session:
                summary = await import_rows(
                    session, parse_csv(KLAS), "OBS De Linde", datetime.now(UTC), TZ, DAYS
                )
            await _join(db, "Piet de Vries", 1001, ChatStatus.ACTIVE)
        finally:
            await db.dispose()
        codes = {invite.parent: invite.code for invite in summary.invites}
        return codes["Fatima El Amrani"], codes["Anna Nowak"]

    return asyncio.run(setup())


def _cli(database_url: str, tmp_path: Path, *args: str, **env: str) -> Result:
    return CliRunner().invoke(
        app,
        ["invites", "print", "--bot-username", BOT, *args],
        env={
            "DATABASE_URL": database_url,
            "TELEGRAM_BOT_TOKEN": "",
            "SCHOOLPOORT_TIMEZONE": "Europe/Amsterdam",
            **env,
        },
    )


def _redeems(database_url: str, code: str) -> JoinOutcome:
    async def check() -> JoinOutcome:
        db = Database(database_url)
        try:
            async with db.transaction() as session:
                now = datetime.now(UTC)
                return (await redeem_code(session, code, 3001, now, "nl")).outcome
        finally:
            await db.dispose()

    return asyncio.run(check())


@needs_font
def test_cli_prints_letters_and_says_who_was_skipped(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _fatima, anna = _setup_cli_school(database_url)
    result = _cli(database_url, tmp_path, "--group", "5b", "--out", "brieven.pdf")
    assert result.exit_code == 0, result.output
    assert "Wrote 3 letters for group 5b" in result.stdout
    assert "Skipped 1 family that already joined." in result.stdout
    assert page_count((tmp_path / "brieven.pdf").read_bytes()) == 3
    assert _redeems(database_url, anna) is JoinOutcome.UNKNOWN  # replaced by the printed code


@needs_font
def test_cli_unwritable_pdf_changes_no_codes(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    fatima, _anna = _setup_cli_school(database_url)
    result = _cli(database_url, tmp_path, "--group", "5b", "--out", "geen/map/brieven.pdf")
    assert result.exit_code == 1 and "No codes were changed" in result.stderr
    assert _redeems(database_url, fatima) is JoinOutcome.JOINED  # the imported code still works


def test_cli_missing_font_stops_with_one_line(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = str(tmp_path / "Geen.ttf")
    result = _cli(
        database_url,
        tmp_path,
        "--group",
        "5b",
        "--out",
        "brieven.pdf",
        SCHOOLPOORT_LETTER_FONT=missing,
    )
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "Geen.ttf" in line and "SCHOOLPOORT_LETTER_FONT" in line
    assert not (tmp_path / "brieven.pdf").exists()
