"""unprinted_notices: notices closed unprinted that must still be handed over

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unprinted_notices",
        sa.Column("case_number", sa.String(), nullable=False),
        sa.Column("doc_type", sa.String(), nullable=False),
        sa.Column("flagged_by", sa.String(), nullable=False),
        sa.Column("flagged_at", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_number"],
            ["cases.number"],
            name=op.f("fk_unprinted_notices_case_number_cases"),
        ),
        sa.PrimaryKeyConstraint("case_number", "doc_type", name=op.f("pk_unprinted_notices")),
    )


def downgrade() -> None:
    op.drop_table("unprinted_notices")
