"""statistics: case facts, the materials notices listed, indexes of the month views

``case_facts`` keeps per case what the statistics count (decision, deadline and 容缺 outcome,
its ticket); ``case_fact_materials`` the materials a one-time notice or a 容缺 commitment
listed. Both are written by the one case writer; cases stored before are filled here.
Indexes: tickets by hall and service day, ratings by hall and time (a month of a big hall
is read by these, not by scanning the year).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_facts",
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("hall_code", sa.String(16), nullable=False),
        sa.Column("received_day", sa.Date(), nullable=False),
        sa.Column("window_no", sa.Integer(), nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False),
        sa.Column("department_code", sa.String(64), nullable=False),
        sa.Column("item_code", sa.String(64), nullable=False),
        sa.Column("item_name", sa.String(300), nullable=False),
        sa.Column("zone", sa.String(32), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(24), nullable=False),
        sa.Column("notice_given", sa.Boolean(), nullable=False),
        sa.Column("promised_date", sa.Date(), nullable=True),
        sa.Column("done_day", sa.Date(), nullable=True),
        sa.Column("gap_deadline", sa.Date(), nullable=True),
        sa.Column("gap_state", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(
            ["number"],
            ["cases.number"],
            name=op.f("fk_case_facts_number_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["queue_tickets.id"],
            name=op.f("fk_case_facts_ticket_id_queue_tickets"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_case_facts")),
    )
    op.create_index("ix_case_facts_hall_day", "case_facts", ["hall_code", "received_day"])
    op.create_table(
        "case_fact_materials",
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("material_name", sa.String(300), nullable=False),
        sa.Column("hall_code", sa.String(16), nullable=False),
        sa.Column("received_day", sa.Date(), nullable=False),
        sa.Column("defective", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["number"],
            ["case_facts.number"],
            name=op.f("fk_case_fact_materials_number_case_facts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("number", "material_name", name=op.f("pk_case_fact_materials")),
    )
    op.create_index(
        "ix_case_fact_materials_hall_day", "case_fact_materials", ["hall_code", "received_day"]
    )
    op.create_index("ix_queue_tickets_hall_day", "queue_tickets", ["hall_id", "service_date"])
    op.create_index("ix_queue_ratings_hall_rated", "queue_ratings", ["hall_id", "rated_at"])

    from clerk_app.central.services.statistics_facts import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_queue_ratings_hall_rated", table_name="queue_ratings")
    op.drop_index("ix_queue_tickets_hall_day", table_name="queue_tickets")
    op.drop_table("case_fact_materials")
    op.drop_table("case_facts")
