"""Invoices: numbered series, documents, lines, renewals; charge credits and experts.

Tables ``invoice_series`` (with the numbering-lock row of year 0), ``invoices``,
``invoice_lines``, ``licence_renewals``, ``ws_charge_credits`` and
``ws_anonymous_payments``; column
``ws_charges.expert_id`` (WS-INV-1..3, WS-LIC-2).

Revision ID: 0100_invoices
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0100_invoices"
down_revision: str | None = "0001"
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None

KEY = sa.Text().with_variant(sa.String(length=255), "mysql", "mariadb")
TABLE_OPTIONS: dict[str, Any] = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4",
                                 "mysql_collate": "utf8mb4_bin"}


def upgrade() -> None:
    series = op.create_table(
        "invoice_series",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_sequence", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_invoice_series")),
        **TABLE_OPTIONS,
    )
    op.bulk_insert(series, [{"year": 0, "last_sequence": 0}])
    op.create_table(
        "invoices",
        sa.Column("number", KEY, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("doc_key", KEY, nullable=False),
        sa.Column("licence_id", KEY, nullable=False),
        sa.Column("kind", KEY, nullable=False),
        sa.Column("issued_on", sa.Text(), nullable=False),
        sa.Column("seller", sa.Text(), nullable=False),
        sa.Column("buyer", sa.Text(), nullable=False),
        sa.Column("period_start", sa.Text(), nullable=True),
        sa.Column("period_end", sa.Text(), nullable=True),
        sa.Column("original_number", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("amount", sa.Text(), nullable=False),
        sa.Column("vat", sa.Text(), nullable=False),
        sa.Column("total", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_invoices")),
        sa.UniqueConstraint("doc_key", name=op.f("uq_invoices_doc_key")),
        sa.UniqueConstraint("year", "sequence", name=op.f("uq_invoices_year_sequence")),
        **TABLE_OPTIONS,
    )
    op.create_index("invoices_licence", "invoices", ["licence_id", "year", "sequence"], unique=False)
    op.create_table(
        "invoice_lines",
        sa.Column("number", KEY, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.Text(), nullable=False),
        sa.Column("amount", sa.Text(), nullable=False),
        sa.Column("vat", sa.Text(), nullable=False),
        sa.Column("total", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("vat_rate", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["number"], ["invoices.number"],
                                name=op.f("fk_invoice_lines_number_invoices")),
        sa.PrimaryKeyConstraint("number", "position", name=op.f("pk_invoice_lines")),
        **TABLE_OPTIONS,
    )
    op.create_table(
        "licence_renewals",
        sa.Column("licence_id", KEY, nullable=False),
        sa.Column("period_start", KEY, nullable=False),
        sa.Column("period_end", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("licence_id", "period_start", name=op.f("pk_licence_renewals")),
        **TABLE_OPTIONS,
    )
    op.create_table(
        "ws_charge_credits",
        sa.Column("questionnaire_id", KEY, nullable=False),
        sa.Column("licence_id", KEY, nullable=False),
        sa.Column("credited_at", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["questionnaire_id"], ["ws_charges.questionnaire_id"],
                                name=op.f("fk_ws_charge_credits_questionnaire_id_ws_charges")),
        sa.PrimaryKeyConstraint("questionnaire_id", name=op.f("pk_ws_charge_credits")),
        **TABLE_OPTIONS,
    )
    op.create_index("ws_charge_credits_licence", "ws_charge_credits", ["licence_id"], unique=False)
    op.create_table(
        "ws_anonymous_payments",
        sa.Column("payment_reference", KEY, nullable=False),
        sa.Column("questionnaire_id", KEY, nullable=False),
        sa.Column("amount", sa.Text(), nullable=False),
        sa.Column("vat", sa.Text(), nullable=False),
        sa.Column("total", sa.Text(), nullable=False),
        sa.Column("vat_rate", sa.Text(), nullable=False),
        sa.Column("paid_at", KEY, nullable=False),
        sa.ForeignKeyConstraint(["questionnaire_id"], ["ws_questionnaires.id"],
                                name=op.f("fk_ws_anonymous_payments_questionnaire_id_ws_questionnaires")),
        sa.PrimaryKeyConstraint("payment_reference", name=op.f("pk_ws_anonymous_payments")),
        **TABLE_OPTIONS,
    )
    op.create_index("ws_anonymous_payments_paid", "ws_anonymous_payments", ["paid_at"], unique=False)
    op.add_column("ws_charges", sa.Column("expert_id", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ws_charges") as batch:
        batch.drop_column("expert_id")
    op.drop_index("ws_anonymous_payments_paid", table_name="ws_anonymous_payments")
    op.drop_table("ws_anonymous_payments")
    op.drop_index("ws_charge_credits_licence", table_name="ws_charge_credits")
    op.drop_table("ws_charge_credits")
    op.drop_table("licence_renewals")
    op.drop_table("invoice_lines")
    op.drop_index("invoices_licence", table_name="invoices")
    op.drop_table("invoices")
    op.drop_table("invoice_series")
