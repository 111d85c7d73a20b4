"""The audit log: which staff member did what, to which record, and when; never any content."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from berichten.models.base import Base


class AuditEntry(Base):
    """One staff action (or CLI command), pointing at a record by id only."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(40))  # "letter.send", "cli.staff_add", ...
    target: Mapped[str] = mapped_column(String(60))  # "message:12", "series:3", ...
    created_at: Mapped[datetime] = mapped_column(index=True)
