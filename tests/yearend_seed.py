"""A school at the end of 2025-2026, for the year-end tests of the domain code and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from berichten.db import Database
from berichten.models import (
    AuditEntry,
    Chat,
    ChatStatus,
    Delivery,
    DeliveryState,
    Event,
    EventKind,
    FeedbackAnswer,
    FeedbackInvite,
    Group,
    Message,
    Occurrence,
    Parent,
    ParentGroup,
    Rendering,
    Rsvp,
    RsvpAnswer,
    School,
)

SCHOOL = "OBS De Linde"
YEAR = "2025-2026"
NEXT = "2026-2027"


@dataclass
class Seeded:
    """Ids the tests check."""

    school_id: int
    group_5b: int
    group_8a: int
    group_6b_next: int
    anna: int  # child only in 8a of 2025-2026: leaves
    bert: int  # children in 5b of 2025-2026 and 6b of 2026-2027: stays
    carla: int  # child only in 5b of 2025-2026, joined, with answers: leaves
    dirk: int  # child only in 6b of 2026-2027: stays
    other_school_parent: int
    old_message: int
    recent_message: int
    old_event: int
    recent_event: int


async def seed(db: Database, now: datetime) -> Seeded:
    """Two schools; the first has this year's groups, next year's group and old and new data."""
    old = now - timedelta(days=400)
    recent = now - timedelta(days=10)
    async with db.transaction() as session:
        school = School(name=SCHOOL, created_at=old)
        other = School(name="Andere School", created_at=old)
        session.add_all([school, other])
        await session.flush()
        groups = {
            key: Group(school_id=sid, name=name, school_year=year)
            for key, sid, name, year in (
                ("5b", school.id, "5b", YEAR),
                ("8a", school.id, "8a", YEAR),
                ("6b", school.id, "6b", NEXT),
                ("other", other.id, "5b", YEAR),
            )
        }
        session.add_all(groups.values())
        await session.flush()
        parents = {
            name: Parent(school_id=sid, name=name, created_at=old)
            for name, sid in (
                ("Anna", school.id),
                ("Bert", school.id),
                ("Carla", school.id),
                ("Dirk", school.id),
                ("Eva", other.id),
            )
        }
        session.add_all(parents.values())
        await session.flush()
        for parent, group, child in (
            ("Anna", "8a", "Sem"),
            ("Bert", "5b", "Lotte"),
            ("Bert", "6b", "Lotte"),
            ("Carla", "5b", "Noah"),
            ("Dirk", "6b", "Mila"),
            ("Eva", "other", "Finn"),
        ):
            session.add(
                ParentGroup(
                    parent_id=parents[parent].id, group_id=groups[group].id, child_name=child
                )
            )
        chats = {
            name: Chat(
                telegram_chat_id=5000 + index,
                parent_id=parents[name].id,
                language="nl",
                status=ChatStatus.ACTIVE,
                consent_at=old,
                joined_at=old,
            )
            for index, name in enumerate(("Anna", "Bert", "Carla"))
        }
        session.add_all(chats.values())
        await session.flush()
        old_message = await _message(session, school.id, old, list(chats.values()))
        recent_message = await _message(session, school.id, recent, list(chats.values()))
        old_event = _event(school.id, old)
        recent_event = _event(school.id, recent)
        session.add_all([old_event, recent_event])
        await session.flush()
        for event, parent in ((old_event, "Bert"), (recent_event, "Bert"), (recent_event, "Carla")):
            session.add(
                Rsvp(
                    event_id=event.id,
                    parent_id=parents[parent].id,
                    answer=RsvpAnswer.YES,
                    answered_at=event.starts_at,
                )
            )
            session.add(
                FeedbackInvite(event_id=event.id, parent_id=parents[parent].id, answered=True)
            )
        session.add(
            FeedbackAnswer(
                event_id=old_event.id,
                score=5,
                language="nl",
                open_text="Gezellig",
                open_text_nl="Gezellig",
                created_at=old_event.ends_at,
            )
        )
        session.add(Occurrence(key=f"event:{old_event.id}:invite", outcome="sent", handled_at=old))
        return Seeded(
            school_id=school.id,
            group_5b=groups["5b"].id,
            group_8a=groups["8a"].id,
            group_6b_next=groups["6b"].id,
            anna=parents["Anna"].id,
            bert=parents["Bert"].id,
            carla=parents["Carla"].id,
            dirk=parents["Dirk"].id,
            other_school_parent=parents["Eva"].id,
            old_message=old_message,
            recent_message=recent_message,
            old_event=old_event.id,
            recent_event=recent_event.id,
        )


async def _message(session: AsyncSession, school_id: int, at: datetime, chats: list[Chat]) -> int:
    message = Message(
        school_id=school_id,
        template_key="vrij",
        fields={"what": "Morgen is het sportdag."},
        created_at=at,
        send_after=at,
        prepared_at=at,
        finished_at=at,
    )
    session.add(message)
    await session.flush()
    session.add(Rendering(message_id=message.id, language="nl", text="Morgen is het sportdag."))
    for chat in chats:
        session.add(
            Delivery(
                message_id=message.id,
                chat_id=chat.id,
                telegram_chat_id=chat.telegram_chat_id,
                language="nl",
                state=DeliveryState.SENT,
                next_attempt_at=at,
                sent_at=at,
            )
        )
    return message.id


def _event(school_id: int, at: datetime) -> Event:
    return Event(
        school_id=school_id,
        kind=EventKind.OUDERAVOND,
        place="de aula",
        starts_at=at,
        ends_at=at + timedelta(hours=2),
        invite_at=at - timedelta(days=5),
        reminder_at=at - timedelta(hours=10),
        feedback_at=at + timedelta(hours=3),
        created_at=at - timedelta(days=10),
    )


TABLES = (
    Group,
    Parent,
    ParentGroup,
    Chat,
    Message,
    Rendering,
    Delivery,
    Event,
    Rsvp,
    FeedbackInvite,
    FeedbackAnswer,
    Occurrence,
    AuditEntry,
)


async def snapshot(db: Database) -> dict[str, int]:
    """Row counts of every table the year-end touches, plus the number of closed groups."""
    async with db.transaction() as session:
        counts = {
            model.__tablename__: int(
                await session.scalar(select(func.count()).select_from(model)) or 0
            )
            for model in TABLES
        }
        counts["closed groups"] = int(
            await session.scalar(
                select(func.count()).select_from(Group).where(Group.closed_at.is_not(None))
            )
            or 0
        )
    return counts
