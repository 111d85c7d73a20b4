"""Telegram update handlers of the parent's and staff member's conversation."""
