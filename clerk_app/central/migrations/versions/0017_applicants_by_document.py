"""applicants keyed by document: (hall, kind, a passport's country, number); contact notes

A passport number is unique only within its issuing country, and the same digits may be a
resident ID in one record and a residence permit in another: a record is found by kind,
country (passports only, "" otherwise) and number. Existing rows keep their kind and get no
country. Mobiles kept before phones were stored in E.164 (11 digits, 1…) get their +86.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("applicants") as batch:
        batch.add_column(sa.Column("nationality", sa.String(3), server_default="", nullable=False))
        batch.add_column(
            sa.Column("contact_note", sa.String(200), server_default="", nullable=False)
        )
        batch.drop_constraint("uq_applicants_hall_code_id_number", type_="unique")
        batch.create_unique_constraint(
            "uq_applicants_hall_code_id_kind_nationality_id_number",
            ["hall_code", "id_kind", "nationality", "id_number"],
        )
    op.execute(
        "UPDATE applicants SET mobile = '+86' || mobile"
        " WHERE length(mobile) = 11 AND substr(mobile, 1, 1) = '1'"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE applicants SET mobile = substr(mobile, 4)"
        " WHERE length(mobile) = 14 AND substr(mobile, 1, 4) = '+861'"
    )
    # One row per (hall, number): the newest record of that number wins.
    op.execute(
        "DELETE FROM applicants WHERE id NOT IN"
        " (SELECT MAX(id) FROM applicants GROUP BY hall_code, id_number)"
    )
    with op.batch_alter_table("applicants") as batch:
        batch.drop_constraint(
            "uq_applicants_hall_code_id_kind_nationality_id_number", type_="unique"
        )
        batch.create_unique_constraint(
            "uq_applicants_hall_code_id_number", ["hall_code", "id_number"]
        )
        batch.drop_column("contact_note")
        batch.drop_column("nationality")
