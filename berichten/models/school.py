"""The school and its groups (classes), one set of groups per school year."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from berichten.models.base import Base


class School(Base):
    """A primary school that runs the bot."""

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]
    quiet_start: Mapped[str] = mapped_column(String(5), default="20:00", server_default="20:00")
    quiet_end: Mapped[str] = mapped_column(String(5), default="07:00", server_default="07:00")

    groups: Mapped[list[Group]] = relationship(back_populates="school")


class Group(Base):
    """A class (groep) in one school year, such as "5b" in 2026-2027."""

    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("school_id", "school_year", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    school_year: Mapped[str] = mapped_column(String(9))
    closed_at: Mapped[datetime | None]

    school: Mapped[School] = relationship(back_populates="groups")
