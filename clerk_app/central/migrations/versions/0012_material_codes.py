"""material_codes: the hall's material directory (standard material codes, 材料编码)

Items' materials name these codes so a bundle asks each material once; ``key`` marks the
materials never accepted with a gap (the application form, the identity document). Bundles keep
their new fields (optional items, produced materials, lead department, joint limit) in their
JSON ``data`` column: no change there.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "material_codes",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("key", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_material_codes")),
    )


def downgrade() -> None:
    op.drop_table("material_codes")
