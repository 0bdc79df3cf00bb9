"""Accounts and devices: registered devices, disabled accounts, tokens bound to a device

``devices`` holds each registered PC (its code, the SHA-256 of its secret, the hall, kind and
window it is bound to, and the approval). ``staff.disabled`` replaces the lock-out columns
(``failed_attempts``, ``locked_until``): failed logins are throttled in memory with a growing
delay instead of locking the account. ``auth_tokens.device_id`` ties a session to its device.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("window_no", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["hall_id"], ["halls.id"], name="fk_devices_hall_id_halls", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_devices"),
        sa.UniqueConstraint("code", name="uq_devices_code"),
    )
    op.create_index("ix_devices_hall_id", "devices", ["hall_id"])
    with op.batch_alter_table("staff") as batch:
        batch.add_column(
            sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.drop_column("failed_attempts")
        batch.drop_column("locked_until")
    with op.batch_alter_table("auth_tokens") as batch:
        batch.add_column(sa.Column("device_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_auth_tokens_device_id_devices", "devices", ["device_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_auth_tokens_device_id", ["device_id"])


def downgrade() -> None:
    with op.batch_alter_table("auth_tokens") as batch:
        batch.drop_index("ix_auth_tokens_device_id")
        batch.drop_constraint("fk_auth_tokens_device_id_devices", type_="foreignkey")
        batch.drop_column("device_id")
    with op.batch_alter_table("staff") as batch:
        batch.add_column(
            sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch.drop_column("disabled")
    op.drop_index("ix_devices_hall_id", table_name="devices")
    op.drop_table("devices")
