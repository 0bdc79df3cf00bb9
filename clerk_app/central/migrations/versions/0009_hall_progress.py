"""halls: phone, public_progress_url and progress_secret (the printed QR's progress page);
departments: phone

Each hall gets a random secret: the check code of the public progress link is an HMAC of the
case number with it (clerk_app/domain/progress.py). The phones are printed on the notices.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("halls") as batch:
        batch.add_column(
            sa.Column("phone", sa.String(length=40), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column(
                "public_progress_url", sa.String(length=300), nullable=False, server_default=""
            )
        )
        batch.add_column(
            sa.Column("progress_secret", sa.String(length=64), nullable=False, server_default="")
        )
    with op.batch_alter_table("departments") as batch:
        batch.add_column(
            sa.Column("phone", sa.String(length=40), nullable=False, server_default="")
        )
    halls = sa.table("halls", sa.column("id", sa.Integer), sa.column("progress_secret", sa.String))
    bind = op.get_bind()
    for (hall_id,) in bind.execute(sa.select(halls.c.id)).all():
        bind.execute(
            halls.update()
            .where(halls.c.id == hall_id)
            .values(progress_secret=secrets.token_hex(32))
        )


def downgrade() -> None:
    with op.batch_alter_table("departments") as batch:
        batch.drop_column("phone")
    with op.batch_alter_table("halls") as batch:
        batch.drop_column("progress_secret")
        batch.drop_column("public_progress_url")
        batch.drop_column("phone")
