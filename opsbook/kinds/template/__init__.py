"""Template: text a new hire can copy the same day (a message, a reply, campaign rules), in both languages.

Every template's text passes the copy checker; the tests check that it does.
"""

from __future__ import annotations

from pydantic import Field

from opsbook.core.fields import Entry, Item, Text
from opsbook.kinds import Kind


class Template(Entry):
    """Ready-to-use text with [brackets] for what to fill in."""

    use_when: Text("When and where to use it.")
    text: Text("The template in English, with [brackets] for what to fill in.")
    text_zh: Text("The same template in Chinese, as staff post it on the platform.", translated=False)
    check: list[Item] = Field(default=[], description="What to check before sending it.")


KIND = Kind(
    name="template",
    folder="templates",
    label="Template",
    plural="Templates",
    model=Template,
    description="Messages, replies and campaign texts to copy and fill in, in English and Chinese.",
    order=5,
    review_every_days=180,
)
