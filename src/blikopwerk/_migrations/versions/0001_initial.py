"""The kernel's first schema: the outbox.

In earlier releases this revision also created Werkscan's licensing and leads tables; those are
Werkscan's own branch now (``werkscan/_storage/versions``, revision ``0010_werkscan``,
which adopts them when a database made by this revision before has them). A database of
the hand-written migrations ``0001_outbox``, ``0100_licensing``, ``0101_staffels``,
``0102_access`` and ``0200_leads`` (table ``blikopwerk_migrations``) is stamped with this
revision instead of running it.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None

#: A key column: TEXT, VARCHAR(255) on MySQL/MariaDB (which cannot index TEXT).
KEY = sa.Text().with_variant(sa.String(length=255), "mysql", "mariadb")

#: MariaDB/MySQL: InnoDB, utf8mb4 with binary collation (ids compare exactly, as elsewhere).
TABLE_OPTIONS: dict[str, Any] = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4",
                                 "mysql_collate": "utf8mb4_bin"}


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('id', KEY, nullable=False),
    sa.Column('recipients', sa.Text(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sender', sa.Text(), nullable=False),
    sa.Column('headers', sa.Text(), nullable=False),
    sa.Column('status', KEY, nullable=False),
    sa.Column('attempts', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('created_at', KEY, nullable=False),
    sa.Column('next_attempt_at', KEY, nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('delivered_at', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    **TABLE_OPTIONS
    )
    op.create_index('outbox_due', 'outbox', ['status', 'next_attempt_at'], unique=False)


def downgrade() -> None:
    op.drop_index('outbox_due', table_name='outbox')
    op.drop_table('outbox')
