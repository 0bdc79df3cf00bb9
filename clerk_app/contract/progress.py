"""The public progress look-up behind the notices' QR: status and last step, no identity."""

from __future__ import annotations

from pydantic import BaseModel


class StepOut(BaseModel):
    step: str
    date: str


class ProgressOut(BaseModel):
    case_number: str
    status: str  # as stored: the public page answers even for a row it cannot label
    status_label: str
    item_name: str
    promised_date: str | None
    last_step: StepOut | None
