"""Closing a school year: the plan, dry runs, and what a real run keeps and deletes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from berichten.db import Database
from berichten.models import (
    Chat,
    Delivery,
    Event,
    FeedbackInvite,
    Group,
    Message,
    Occurrence,
    Parent,
    Rendering,
    Rsvp,
)
from berichten.yearend import (
    YearEndError,
    apply_year_end,
    check_school_year,
    default_school_year,
    plan_year_end,
)
from tests.yearend_seed import YEAR, seed, snapshot

NOW = datetime(2026, 8, 20, 10, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/Amsterdam")
EXPECTED = {
    "groups closed": 2,
    "parents removed": 2,
    "chats removed": 2,
    "messages deleted": 1,
    "deliveries deleted": 3,
    "renderings deleted": 1,
    "events deleted": 1,
    "RSVPs deleted": 2,
    "feedback invitations deleted": 2,
    "feedback answers deleted": 1,
}


def test_default_year_is_the_one_that_just_ended_in_summer() -> None:
    assert default_school_year(datetime(2026, 8, 20, tzinfo=UTC), TZ) == "2025-2026"
    assert default_school_year(datetime(2026, 9, 30, tzinfo=UTC), TZ) == "2025-2026"
    assert default_school_year(datetime(2026, 7, 10, tzinfo=UTC), TZ) == "2025-2026"
    assert default_school_year(datetime(2026, 11, 1, tzinfo=UTC), TZ) == "2026-2027"
    # 31 July 23:30 UTC is already 1 August in Amsterdam: the year just ended.
    assert default_school_year(datetime(2026, 7, 31, 23, 30, tzinfo=UTC), TZ) == "2025-2026"


@pytest.mark.parametrize("bad", ["2025", "2025-2027", "25-26", "2025/2026", "abcd-efgh"])
def test_bad_school_year_is_refused(bad: str) -> None:
    with pytest.raises(YearEndError):
        check_school_year(bad)


async def test_dry_run_counts_and_changes_nothing(db: Database) -> None:
    seeded = await seed(db, NOW)
    before = await snapshot(db)
    async with db.transaction() as session:
        plan = await plan_year_end(
            session, school_id=seeded.school_id, school_year=YEAR, now=NOW, retention_days=365
        )
    assert plan.counts() == EXPECTED
    assert sorted(plan.group_ids) == sorted([seeded.group_5b, seeded.group_8a])
    assert plan.group_names == ["5b", "8a"]
    assert plan.parent_ids == sorted([seeded.anna, seeded.carla])
    assert plan.message_ids == [seeded.old_message]
    assert plan.event_ids == [seeded.old_event]
    assert await snapshot(db) == before


async def test_real_run_closes_removes_leavers_and_old_data_only(db: Database) -> None:
    seeded = await seed(db, NOW)
    async with db.transaction() as session:
        plan = await plan_year_end(
            session, school_id=seeded.school_id, school_year=YEAR, now=NOW, retention_days=365
        )
        await apply_year_end(session, plan, NOW)
    assert plan.counts() == EXPECTED
    async with db.transaction() as session:
        rows = await session.execute(select(Group.id, Group.closed_at))
        closed = {group_id: closed_at for group_id, closed_at in rows}
        assert closed[seeded.group_5b] == NOW and closed[seeded.group_8a] == NOW
        assert closed[seeded.group_6b_next] is None
        assert sum(1 for moment in closed.values() if moment is None) == 2  # 6b, other school
        parents = set(await session.scalars(select(Parent.id)))
        assert parents == {seeded.bert, seeded.dirk, seeded.other_school_parent}
        chats = set(await session.scalars(select(Chat.parent_id)))
        assert chats == {seeded.bert}
        assert list(await session.scalars(select(Message.id))) == [seeded.recent_message]
        kept = list(await session.scalars(select(Delivery.message_id)))
        assert kept and set(kept) == {seeded.recent_message}
        assert list(await session.scalars(select(Rendering.message_id))) == [seeded.recent_message]
        assert list(await session.scalars(select(Event.id))) == [seeded.recent_event]
        rsvps = list(await session.execute(select(Rsvp.event_id, Rsvp.parent_id)))
        assert [tuple(row) for row in rsvps] == [(seeded.recent_event, seeded.bert)]
        invites = list(await session.scalars(select(FeedbackInvite.parent_id)))
        assert invites == [seeded.bert]
        assert list(await session.scalars(select(Occurrence.key))) == []
    # A second run finds nothing more to do.
    async with db.transaction() as session:
        again = await plan_year_end(
            session, school_id=seeded.school_id, school_year=YEAR, now=NOW, retention_days=365
        )
    assert again.empty


async def test_longer_retention_keeps_old_messages(db: Database) -> None:
    seeded = await seed(db, NOW)
    async with db.transaction() as session:
        plan = await plan_year_end(
            session, school_id=seeded.school_id, school_year=YEAR, now=NOW, retention_days=500
        )
        await apply_year_end(session, plan, NOW)
    assert plan.message_ids == [] and plan.event_ids == []
    assert plan.rsvps == 1 and plan.feedback_invites == 1  # only Carla's, who leaves
    async with db.transaction() as session:
        assert len(list(await session.scalars(select(Message.id)))) == 2
        assert len(list(await session.scalars(select(Event.id)))) == 2
