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


class Strict(BaseModel):
    """Base of every model: unknown fields are errors and loaded data is immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )
