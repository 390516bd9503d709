"""What every model of the file formats shares: ids other systems join on, and models that
refuse unknown fields and do not change once loaded."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
"""What an id may be: ASCII letters, digits, '-', '_' and '.' (other systems join on it)."""

ID_MAX_LENGTH = 64
"""The longest an id may be."""

Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=ID_MAX_LENGTH,
        pattern=ID_PATTERN,
        description="An ASCII id: letters, digits, '-', '_' and '.'.",
    ),
]

NAME_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
"""What a name may not hold: a control character. A line break typed in a cell (Alt+Enter in
Excel) or a character pasted from Word would end a line of a school's calendar file (.ics)
and cannot be written into a Word document at all, so it is refused where the name is read,
with its file and line, rather than met by a writer later."""

Name = Annotated[
    str,
    Field(min_length=1, pattern=NAME_PATTERN, description="A name, on one line."),
]


class Strict(BaseModel):
    """Base of every model: unknown fields are errors and loaded data is immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )
