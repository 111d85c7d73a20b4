"""Parents with their links to groups, and staff with roles and the groups they teach."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from berichten.models.base import Base
from berichten.models.school import Group


class StaffRole(enum.StrEnum):
    """What a staff member may do: teach groups, lead the school, or administer the bot."""

    LEERKRACHT = "leerkracht"
    DIRECTEUR = "directeur"
    BEHEERDER = "beheerder"


class Parent(Base):
    """A parent or carer; holds only what the school gave and the parent chose."""

    __tablename__ = "parents"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    preferred_language: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[datetime]

    links: Mapped[list[ParentGroup]] = relationship(
        back_populates="parent", cascade="all, delete-orphan", passive_deletes=True
    )


class ParentGroup(Base):
    """A parent has a child in a group; the child's first name is optional."""

    __tablename__ = "parent_groups"
    __table_args__ = (UniqueConstraint("parent_id", "group_id", "child_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    child_name: Mapped[str] = mapped_column(String(100), default="")

    parent: Mapped[Parent] = relationship(back_populates="links")
    group: Mapped[Group] = relationship()


class Staff(Base):
    """A teacher, director or administrator of one school."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[StaffRole] = mapped_column(
        Enum(
            StaffRole, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
        )
    )
    created_at: Mapped[datetime]
    office_days: Mapped[str] = mapped_column(
        String(20), default="0,1,2,3,4", server_default="0,1,2,3,4"
    )
    office_start: Mapped[str] = mapped_column(String(5), default="08:00", server_default="08:00")
    office_end: Mapped[str] = mapped_column(String(5), default="16:00", server_default="16:00")

    group_links: Mapped[list[StaffGroup]] = relationship(
        back_populates="staff", cascade="all, delete-orphan", passive_deletes=True
    )


class StaffGroup(Base):
    """A staff member teaches a group."""

    __tablename__ = "staff_groups"
    __table_args__ = (UniqueConstraint("staff_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)

    staff: Mapped[Staff] = relationship(back_populates="group_links")
    group: Mapped[Group] = relationship()
