"""applicants.hall_code: each hall keeps its own applicant library, unique per (hall, ID number)

Existing rows go to the hall of the newest case of that applicant (else to the first hall);
a hall with other cases of the same person gets its own copy (it holds those data already).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("applicants") as batch:
        batch.add_column(sa.Column("hall_code", sa.String(16), nullable=True))
    op.execute(
        "UPDATE applicants SET hall_code = (SELECT c.hall_code FROM cases c"
        " WHERE c.applicant_id_number = applicants.id_number"
        " ORDER BY c.uploaded_at DESC LIMIT 1)"
    )
    op.execute(
        "UPDATE applicants SET hall_code = COALESCE((SELECT MIN(code) FROM halls), '')"
        " WHERE hall_code IS NULL"
    )
    with op.batch_alter_table("applicants") as batch:
        batch.drop_constraint("uq_applicants_id_number", type_="unique")
    op.execute(
        "INSERT INTO applicants (hall_code, id_number, id_kind, name, mobile, address, updated_at)"
        " SELECT DISTINCT c.hall_code, a.id_number, a.id_kind, a.name, a.mobile, a.address,"
        " a.updated_at FROM applicants a JOIN cases c ON c.applicant_id_number = a.id_number"
        " WHERE c.hall_code <> a.hall_code"
    )
    with op.batch_alter_table("applicants") as batch:
        batch.alter_column("hall_code", existing_type=sa.String(16), nullable=False)
        batch.create_unique_constraint(
            "uq_applicants_hall_code_id_number", ["hall_code", "id_number"]
        )


def downgrade() -> None:
    op.execute(
        "DELETE FROM applicants WHERE id NOT IN (SELECT MAX(id) FROM applicants GROUP BY id_number)"
    )
    with op.batch_alter_table("applicants") as batch:
        batch.drop_constraint("uq_applicants_hall_code_id_number", type_="unique")
        batch.drop_column("hall_code")
        batch.create_unique_constraint("uq_applicants_id_number", ["id_number"])
