"""applicants keyed by document: kind, a passport's country and number (issue 13)

A passport number is unique only within its issuing country, and a number alone does not say
which document it is: the same digits may be a resident ID and a residence permit. Existing
rows keep their kind and get no country (their records never had one); a mobile kept before
telephones were stored in E.164 (11 digits, 1…) gets its +86.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applicants_by_document",
        sa.Column("id_kind", sa.String(), nullable=False),
        sa.Column("nationality", sa.String(), server_default="", nullable=False),
        sa.Column("id_number", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id_kind", "nationality", "id_number", name="pk_applicants"),
    )
    op.execute(
        "INSERT INTO applicants_by_document (id_kind, nationality, id_number, name, updated_at,"
        " data) SELECT id_kind, '', id_number, name, updated_at, data FROM applicants"
    )
    op.drop_table("applicants")
    op.rename_table("applicants_by_document", "applicants")
    op.execute(
        "UPDATE applicants SET data = json_set(data, '$.mobile',"
        " '+86' || json_extract(data, '$.mobile'))"
        " WHERE length(json_extract(data, '$.mobile')) = 11"
        " AND substr(json_extract(data, '$.mobile'), 1, 1) = '1'"
    )


def downgrade() -> None:
    op.create_table(
        "applicants_by_number",
        sa.Column("id_number", sa.String(), nullable=False),
        sa.Column("id_kind", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id_number", name="pk_applicants"),
    )
    # One row per number: the newest record of that number wins.
    op.execute(
        "INSERT INTO applicants_by_number (id_number, id_kind, name, updated_at, data)"
        " SELECT id_number, id_kind, name, updated_at, data FROM applicants a"
        " WHERE NOT EXISTS (SELECT 1 FROM applicants b WHERE b.id_number = a.id_number"
        " AND (b.updated_at > a.updated_at OR (b.updated_at = a.updated_at"
        " AND b.rowid > a.rowid)))"
    )
    op.drop_table("applicants")
    op.rename_table("applicants_by_number", "applicants")
