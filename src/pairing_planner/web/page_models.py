"""The bodies of what the workbench's page asks beyond the commands' API: the shipped
examples and an instance's schools with their places."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class ExampleOut(BaseModel):
    """A shipped instance: its name (the file's, e.g. ``heze``), title and size."""

    name: str
    title: str
    recipients: int
    helpers: int
    year: int | None = None
    """The year its lists stand for: its title's, else its source's (鲁教基函〔2016〕7号 →
    2016); None for a synthetic instance."""


class SchoolOut(BaseModel):
    """A school with its city and county names and its coordinates (its own, else its
    place's seat), as the pairs table and the map show it."""

    id: str
    name: str
    role: Literal["helper", "recipient"]
    city: str
    city_id: str = Field(description="The city's id, as a result's changed_cities names it.")
    county: str
    lat: float
    lon: float
    heading: str = ""
    """A recipient drawn at its place's seat: the place that heads the map's label of the
    schools there (曹县), as the PNG map groups them; empty at its own coordinates."""
    short: str = ""
    """A recipient's name under that heading (第一中学 for 曹县第一中学)."""
