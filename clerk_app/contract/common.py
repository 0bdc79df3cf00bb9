"""Shapes shared by every part of the contract: strict request bodies, dates of a hall's
business, and the one error answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StringConstraints

# A request body's settings: an unknown field is refused, not silently dropped.
STRICT = ConfigDict(extra="forbid")


def _sane_year(value: date) -> date:
    """Dates of a hall's business: far-off years are typos or probes, and would overflow when
    converted to UTC (year 1 at +08:00, year 9999 at -08:00)."""
    if not 2000 <= value.year <= 2100:
        raise ValueError("日期应在2000年至2100年之间")
    return value


Moment = Annotated[datetime, AfterValidator(_sane_year)]
Day = Annotated[date, AfterValidator(_sane_year)]
HallCode = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{2,8}$")]
WindowNo = Annotated[StrictInt, Field(ge=1, le=99)]
Username = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class FieldErrorOut(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    """Every refusal (4xx): the reason in Chinese, and for invalid data the fields at fault."""

    detail: str
    errors: list[FieldErrorOut] = []


class HealthOut(BaseModel):
    status: str
    catalog_version: str
