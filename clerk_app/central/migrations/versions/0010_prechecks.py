"""prechecks: the help desk's pre-checks (帮办预审), handed to the windows with a ticket;
halls: opening hours (printed on the preparation list) and how long a pre-check stays open

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("halls") as batch:
        batch.add_column(
            sa.Column("opening_hours", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("precheck_open_days", sa.Integer(), nullable=False, server_default="30")
        )
    op.create_table(
        "prechecks",
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("hall_code", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("item_refs", sa.JSON(), nullable=False),
        sa.Column("scenario_code", sa.String(40), nullable=True),
        sa.Column("bundle_code", sa.String(40), nullable=True),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("applicant_kind", sa.String(24), nullable=True),
        sa.Column("applicant_id", sa.String(40), nullable=True),
        sa.Column("agent_authorisation", sa.String(200), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("ticket_no", sa.String(16), nullable=True),
        sa.Column("case_number", sa.String(40), nullable=True),
        sa.Column("checked_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("open_until", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("number", name="pk_prechecks"),
    )
    op.create_index("ix_prechecks_hall_code_created_at", "prechecks", ["hall_code", "created_at"])
    op.create_index("ix_prechecks_ticket_no", "prechecks", ["hall_code", "ticket_no"])


def downgrade() -> None:
    op.drop_index("ix_prechecks_ticket_no", table_name="prechecks")
    op.drop_index("ix_prechecks_hall_code_created_at", table_name="prechecks")
    op.drop_table("prechecks")
    with op.batch_alter_table("halls") as batch:
        batch.drop_column("precheck_open_days")
        batch.drop_column("opening_hours")
