"""berichten package."""
