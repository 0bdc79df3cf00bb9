"""The link between the item cases of one bundle application (一件事一次办): the bundle
number (一件事编号) and what every case of the application carries about it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from clerk_app.domain.catalog import JOINT_HANDLING_DAYS
from clerk_app.domain.daily_numbers import daily_number_pattern, parse_daily_number

# A bundle application's number is its first item's case number with this prefix: unique
# without the network because that case number is.
BUNDLE_NUMBER_PREFIX = "YJS-"
_CASE_NUMBER = daily_number_pattern()
_BUNDLE_NUMBER = daily_number_pattern(BUNDLE_NUMBER_PREFIX)


def make_bundle_number(first_case_number: str) -> str:
    """``YJS-HS01-05-20261123-0007`` for a bundle whose first case is ``HS01-05-20261123-0007``."""
    if parse_daily_number(_CASE_NUMBER, first_case_number) is None:
        raise ValueError(f"案件编号格式不正确：{first_case_number}")
    return BUNDLE_NUMBER_PREFIX + first_case_number.strip().upper()


def parse_bundle_number(number: str) -> tuple[str, int, date, int] | None:
    """(hall, window, day, sequence) of a bundle number; None if it is not one."""
    return parse_daily_number(_BUNDLE_NUMBER, number)


@dataclass(frozen=True, slots=True)
class BundleLink:
    """The bundle application (一件事) a case belongs to. Every item case of one application
    carries the same link: its number, the catalog bundle, the items the applicant chose (in
    handling order) and the bundle's joint promised date (its own limit, not an item's)."""

    number: str
    code: str
    name: str
    item_codes: tuple[str, ...] = ()
    promised_date: date | None = None
    lead_department_code: str = ""  # 牵头部门
    time_limit_days: int = JOINT_HANDLING_DAYS  # the joint limit the promised date keeps

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "code": self.code,
            "name": self.name,
            "item_codes": list(self.item_codes),
            "promised_date": self.promised_date.isoformat() if self.promised_date else None,
            "lead_department_code": self.lead_department_code,
            "time_limit_days": self.time_limit_days,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BundleLink:
        promised = data.get("promised_date")
        return cls(
            number=str(data["number"]),
            code=str(data["code"]),
            name=str(data["name"]),
            item_codes=tuple(str(c) for c in data.get("item_codes", ())),
            promised_date=date.fromisoformat(promised) if promised else None,
            lead_department_code=str(data.get("lead_department_code", "")),
            time_limit_days=int(data.get("time_limit_days", JOINT_HANDLING_DAYS)),
        )
