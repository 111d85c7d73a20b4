"""taalcheck: a plain-language (klare taal) checker for Dutch school letters. A pure library."""

from taalcheck.check import check
from taalcheck.report import RULES, Finding, Report
from taalcheck.settings import Settings, load_settings

__all__ = ["RULES", "Finding", "Report", "Settings", "check", "load_settings"]
