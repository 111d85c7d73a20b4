"""The outbox: a message and all its deliveries in one transaction; claiming and settling them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from berichten.models import (
    Chat,
    ChatStatus,
    Delivery,
    DeliveryState,
    Message,
    Parent,
    ParentGroup,
    School,
)
from berichten.templates import validate

FINAL_STATES = (DeliveryState.SENT, DeliveryState.FAILED, DeliveryState.BLOCKED)


@dataclass(frozen=True, slots=True)
class ClaimedDelivery:
    """A delivery this worker now holds a lease on."""

    id: int
    message_id: int
    telegram_chat_id: int
    language: str
    attempts: int


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """How far a broadcast has come."""

    total: int
    sent: int
    failed: int
    blocked: int
    pending: int
    confirmed: int

    @property
    def finished(self) -> bool:
        """True when every delivery reached a final state."""
        return self.pending == 0


async def recipients(
    session: AsyncSession, school_id: int, group_ids: Sequence[int] | None
) -> list[Chat]:
    """Active parent chats of the school, or of parents with a child in one of the groups."""
    query = (
        select(Chat)
        .join(Parent, Chat.parent_id == Parent.id)
        .where(Chat.status == ChatStatus.ACTIVE, Parent.school_id == school_id)
    )
    if group_ids is not None:
        in_groups = select(ParentGroup.parent_id).where(ParentGroup.group_id.in_(list(group_ids)))
        query = query.where(Parent.id.in_(in_groups))
    return list(await session.scalars(query.order_by(Chat.id)))


async def enqueue(
    session: AsyncSession,
    *,
    school_id: int,
    template_key: str,
    fields: Mapping[str, str],
    group_ids: Sequence[int] | None,
    now: datetime,
    send_after: datetime | None = None,
    urgent: bool = False,
    needs_confirmation: bool = False,
    sender_staff_id: int | None = None,
    sender_chat_id: int | None = None,
    audience: Sequence[Chat] | None = None,
    event_id: int | None = None,
) -> Message:
    """Store a message and one pending delivery per recipient chat, in the caller's transaction.

    The recipients are the active parent chats of `group_ids` (None: the whole school), or
    exactly `audience` when it is given.
    """
    validate(template_key, fields)
    message = Message(
        school_id=school_id,
        sender_staff_id=sender_staff_id,
        sender_chat_id=sender_chat_id,
        template_key=template_key,
        fields=dict(fields),
        urgent=urgent,
        needs_confirmation=needs_confirmation,
        created_at=now,
        send_after=send_after or now,
        event_id=event_id,
    )
    session.add(message)
    await session.flush()
    chats = (
        list(audience) if audience is not None else await recipients(session, school_id, group_ids)
    )
    if chats:
        await session.execute(
            insert(Delivery),
            [
                {
                    "message_id": message.id,
                    "chat_id": chat.id,
                    "telegram_chat_id": chat.telegram_chat_id,
                    "language": chat.language,
                    "state": DeliveryState.PENDING,
                    "attempts": 0,
                    "next_attempt_at": message.send_after,
                }
                for chat in chats
            ],
        )
    return message


def in_quiet_hours(moment: datetime, tz: ZoneInfo, start: str, end: str) -> bool:
    """True when `moment` falls in the school's quiet hours (which may cross midnight)."""
    local = moment.astimezone(tz).time()
    begin, finish = time.fromisoformat(start), time.fromisoformat(end)
    if begin <= finish:
        return begin <= local < finish
    return local >= begin or local < finish


async def quiet_schools(session: AsyncSession, now: datetime, tz: ZoneInfo) -> list[int]:
    """Ids of schools whose quiet hours are on now."""
    rows = await session.execute(select(School.id, School.quiet_start, School.quiet_end))
    return [row.id for row in rows if in_quiet_hours(now, tz, row.quiet_start, row.quiet_end)]


def _due(model: type[Delivery], now: datetime) -> ColumnElement[bool]:
    """Pending and due, or left in `sending` by a worker whose lease ran out."""
    return or_(
        and_(model.state == DeliveryState.PENDING, model.next_attempt_at <= now),
        and_(model.state == DeliveryState.SENDING, model.lease_until < now),
    )


async def claim_due(
    session: AsyncSession,
    now: datetime,
    tz: ZoneInfo,
    *,
    limit: int,
    lease: timedelta,
    owner: str | None = None,
) -> list[ClaimedDelivery]:
    """Take up to `limit` due deliveries of prepared messages and lease them to this worker."""
    quiet = await quiet_schools(session, now, tz)
    candidate = aliased(Delivery)
    query = (
        select(candidate.id)
        .join(Message, candidate.message_id == Message.id)
        .where(_due(candidate, now), Message.prepared_at.is_not(None))
        .order_by(candidate.id)
        .limit(limit)
    )
    if quiet:
        query = query.where(or_(Message.urgent.is_(True), Message.school_id.not_in(quiet)))
    if session.get_bind().dialect.name == "postgresql":
        # Lock the chosen rows first (other workers skip them), then lease exactly those.
        ids = list(await session.scalars(query.with_for_update(of=candidate, skip_locked=True)))
        chosen: ColumnElement[bool] = Delivery.id.in_(ids)
    else:
        # SQLite runs one statement at a time, so choosing inside the UPDATE is atomic.
        chosen = Delivery.id.in_(query)
    claimed = await session.execute(
        update(Delivery)
        .where(chosen, _due(Delivery, now))
        .values(state=DeliveryState.SENDING, lease_until=now + lease, lease_owner=owner)
        .returning(
            Delivery.id,
            Delivery.message_id,
            Delivery.telegram_chat_id,
            Delivery.language,
            Delivery.attempts,
        )
    )
    return sorted((ClaimedDelivery(*row) for row in claimed), key=lambda item: item.id)


async def mark_sent(
    session: AsyncSession, delivery_id: int, telegram_message_id: int, now: datetime
) -> None:
    """Record a successful send."""
    await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(
            state=DeliveryState.SENT,
            telegram_message_id=telegram_message_id,
            sent_at=now,
            lease_until=None,
            error=None,
        )
    )


async def retry_later(
    session: AsyncSession,
    delivery_id: int,
    at: datetime,
    *,
    error: str | None,
    count_attempt: bool,
) -> None:
    """Put a delivery back in the queue, due at `at`."""
    values: dict[str, object] = {
        "state": DeliveryState.PENDING,
        "next_attempt_at": at,
        "lease_until": None,
        "error": error[:300] if error else None,
    }
    if count_attempt:
        values["attempts"] = Delivery.attempts + 1
    await session.execute(update(Delivery).where(Delivery.id == delivery_id).values(**values))


async def mark_failed(session: AsyncSession, delivery_id: int, error: str) -> None:
    """Give up on a delivery, keeping Telegram's reason."""
    await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(
            state=DeliveryState.FAILED,
            error=error[:300],
            lease_until=None,
            attempts=Delivery.attempts + 1,
        )
    )


async def mark_chat_blocked(session: AsyncSession, telegram_chat_id: int) -> None:
    """The person blocked the bot: mark the chat and stop every open delivery to it."""
    await session.execute(
        update(Chat)
        .where(Chat.telegram_chat_id == telegram_chat_id)
        .values(status=ChatStatus.BLOCKED)
    )
    await session.execute(
        update(Delivery)
        .where(
            Delivery.telegram_chat_id == telegram_chat_id,
            Delivery.state.in_([DeliveryState.PENDING, DeliveryState.SENDING]),
        )
        .values(state=DeliveryState.BLOCKED, lease_until=None, error="blocked the bot")
    )


async def report(session: AsyncSession, message_id: int) -> DeliveryReport:
    """Count the deliveries of a message by state."""
    rows = await session.execute(
        select(Delivery.state, func.count(), func.count(Delivery.confirmed_at))
        .where(Delivery.message_id == message_id)
        .group_by(Delivery.state)
    )
    counts = {state: 0 for state in DeliveryState}
    confirmed = 0
    for state, count, confirmations in rows:
        counts[DeliveryState(state)] = count
        confirmed += confirmations
    return DeliveryReport(
        total=sum(counts.values()),
        sent=counts[DeliveryState.SENT],
        failed=counts[DeliveryState.FAILED],
        blocked=counts[DeliveryState.BLOCKED],
        pending=counts[DeliveryState.PENDING] + counts[DeliveryState.SENDING],
        confirmed=confirmed,
    )
