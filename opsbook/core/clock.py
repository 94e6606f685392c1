"""Today's date for a run. OPSBOOK_TODAY (YYYY-MM-DD) fixes it, so tests and reviews are repeatable."""

import os
from datetime import date


def today() -> date:
    fixed = os.environ.get("OPSBOOK_TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()
