"""The typed SQLAlchemy models of Schoolpoort."""

from berichten.models.base import Base, UTCDateTime
from berichten.models.chats import Chat, ChatStatus
from berichten.models.invites import CodeAttempt, InviteCode
from berichten.models.outbox import Delivery, DeliveryState, Message, Rendering, TranslationCache
from berichten.models.people import Parent, ParentGroup, Staff, StaffGroup, StaffRole
from berichten.models.relay import Relay
from berichten.models.school import Group, School

__all__ = [
    "Base",
    "Chat",
    "ChatStatus",
    "CodeAttempt",
    "Delivery",
    "DeliveryState",
    "Group",
    "InviteCode",
    "Message",
    "Parent",
    "ParentGroup",
    "Relay",
    "Rendering",
    "School",
    "Staff",
    "StaffGroup",
    "StaffRole",
    "TranslationCache",
    "UTCDateTime",
]
