"""Results for employer reports; experts of links and codes.

Columns ``ws_questionnaires.expert_id``, ``wai_score``, ``wai_band``, ``advice`` and
``signals`` (what the employer report counts of a completed questionnaire, stored with
the completion; WS-RPT-2), and ``ws_links.expert_id`` and ``ws_codes.expert_id`` (the
expert a link or code was issued for; WS-LIC-2).

Revision ID: 0210_results
Revises: 0200_lead_life
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0210_results"
down_revision: str | None = "0200_lead_life"
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None

_QUESTIONNAIRE = ("expert_id", "wai_score", "wai_band", "advice", "signals")


def upgrade() -> None:
    for name in _QUESTIONNAIRE:
        op.add_column("ws_questionnaires", sa.Column(name, sa.Text(), nullable=True))
    op.add_column("ws_links", sa.Column("expert_id", sa.Text(), nullable=True))
    op.add_column("ws_codes", sa.Column("expert_id", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ws_codes") as batch:
        batch.drop_column("expert_id")
    with op.batch_alter_table("ws_links") as batch:
        batch.drop_column("expert_id")
    with op.batch_alter_table("ws_questionnaires") as batch:
        for name in reversed(_QUESTIONNAIRE):
            batch.drop_column(name)
