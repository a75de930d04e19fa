"""Lead life cycle: subscriptions, events, the lead's closing instant (WS-LEAD-10..12).

Tables ``lead_subscriptions`` (an expert's subscription periods) and ``lead_events``
(append-only steps of a lead, without personal data); column ``lead_leads.closed_at``.
Experts registered before this revision were all matched: each gets a subscription from the
Dutch day it registered (K-TZ-1), so nothing changes for them until it is ended.

Revision ID: 0200_lead_life
Revises: 0100_invoices
Create Date: 2026-11-30
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0200_lead_life"
down_revision: str | None = "0100_invoices"
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None

KEY = sa.Text().with_variant(sa.String(length=255), "mysql", "mariadb")
TABLE_OPTIONS: dict[str, Any] = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4",
                                 "mysql_collate": "utf8mb4_bin"}


def upgrade() -> None:
    op.create_table(
        "lead_subscriptions",
        sa.Column("expert_id", KEY, nullable=False),
        sa.Column("start_day", KEY, nullable=False),
        sa.Column("end_day", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["expert_id"], ["lead_experts.id"],
                                name=op.f("fk_lead_subscriptions_expert_id_lead_experts")),
        sa.PrimaryKeyConstraint("expert_id", "start_day", name=op.f("pk_lead_subscriptions")),
        **TABLE_OPTIONS,
    )
    op.create_table(
        "lead_events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("lead_id", KEY, nullable=False),
        sa.Column("expert_id", KEY, nullable=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_lead_events")),
        **TABLE_OPTIONS,
    )
    op.create_index("lead_events_lead", "lead_events", ["lead_id", "seq"], unique=False)
    op.create_index("lead_events_expert", "lead_events", ["expert_id", "seq"], unique=False)
    op.add_column("lead_leads", sa.Column("closed_at", sa.Text(), nullable=True))
    _subscribe_existing_experts()


def _subscribe_existing_experts() -> None:
    import datetime as dt
    import zoneinfo

    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, created_at FROM lead_experts")).fetchall()
    subscriptions = sa.table("lead_subscriptions", sa.column("expert_id", sa.Text()),
                             sa.column("start_day", sa.Text()), sa.column("end_day", sa.Text()))
    values = [{"expert_id": eid, "start_day": dt.datetime.fromisoformat(created).astimezone(amsterdam).date().isoformat(),
               "end_day": None} for eid, created in rows]
    if values:
        op.bulk_insert(subscriptions, values)


def downgrade() -> None:
    with op.batch_alter_table("lead_leads") as batch:
        batch.drop_column("closed_at")
    op.drop_index("lead_events_expert", table_name="lead_events")
    op.drop_index("lead_events_lead", table_name="lead_events")
    op.drop_table("lead_events")
    op.drop_table("lead_subscriptions")
