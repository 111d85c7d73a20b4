"""The typed SQLAlchemy models of Schoolpoort."""

from berichten.models.audit import AuditEntry
from berichten.models.base import Base, UTCDateTime
from berichten.models.chats import Chat, ChatStatus
from berichten.models.events import (
    Event,
    EventKind,
    EventSeries,
    FeedbackAnswer,
    FeedbackInvite,
    Occurrence,
    Reminder,
    Rsvp,
    RsvpAnswer,
    SeriesStatus,
)
from berichten.models.invites import CodeAttempt, InviteCode
from berichten.models.outbox import Delivery, DeliveryState, Message, Rendering, TranslationCache
from berichten.models.pacing import SendPace
from berichten.models.people import Parent, ParentGroup, Staff, StaffGroup, StaffRole
from berichten.models.relay import Relay
from berichten.models.school import Group, School

__all__ = [
    "AuditEntry",
    "Base",
    "Chat",
    "ChatStatus",
    "CodeAttempt",
    "Delivery",
    "DeliveryState",
    "Event",
    "EventKind",
    "EventSeries",
    "FeedbackAnswer",
    "FeedbackInvite",
    "Group",
    "InviteCode",
    "Message",
    "Occurrence",
    "Parent",
    "ParentGroup",
    "Relay",
    "Reminder",
    "Rendering",
    "Rsvp",
    "RsvpAnswer",
    "School",
    "SendPace",
    "SeriesStatus",
    "Staff",
    "StaffGroup",
    "StaffRole",
    "TranslationCache",
    "UTCDateTime",
]
