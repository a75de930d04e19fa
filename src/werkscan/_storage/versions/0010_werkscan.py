"""Werkscan's first schema: licensing (licences, staffels, charges, codes, links,
questionnaires, reports) and leads (experts, leads, offers, quotes, consent).

The first revision of the Alembic branch ``werkscan``; it revises the kernel's base
revision ``0001``. Before it existed, the kernel's revision ``0001`` created these tables itself,
so a database made then has them already: this revision then adopts them as they are
(their data kept) instead of creating them. A database that has only some of them is
refused, naming the missing ones; nothing is guessed.

Revision ID: 0010_werkscan
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from blikopwerk import StorageVersionError

revision = "0010_werkscan"
down_revision: str | None = "0001"
branch_labels: tuple[str, ...] | None = ("werkscan",)
depends_on: tuple[str, ...] | None = None

#: A key column: TEXT, VARCHAR(255) on MySQL/MariaDB (which cannot index TEXT).
KEY = sa.Text().with_variant(sa.String(length=255), "mysql", "mariadb")

#: MariaDB/MySQL: InnoDB, utf8mb4 with binary collation (ids compare exactly, as elsewhere).
TABLE_OPTIONS: dict[str, Any] = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4",
                                 "mysql_collate": "utf8mb4_bin"}

#: The tables this revision creates (the kernel's revision 0001 created them before).
TABLES = ('lead_absences', 'lead_acceptances', 'lead_consents', 'lead_contacts', 'lead_establishments', 'lead_experts', 'lead_leads', 'lead_offers', 'lead_quotes', 'ws_charges', 'ws_codes', 'ws_contacts', 'ws_invoice_lines', 'ws_licence_experts', 'ws_licences', 'ws_links', 'ws_questionnaires', 'ws_reports', 'ws_staffels', 'ws_trainings')


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    present = [name for name in TABLES if name in existing]
    if present:
        missing = [name for name in TABLES if name not in existing]
        if missing:
            raise StorageVersionError(
                "the database has some of Werkscan's tables but not all (missing: "
                + ", ".join(missing) + "); restore it from a backup")
        return  # made by the kernel's former revision 0001: adopted as they are
    _create()


def _create() -> None:
    op.create_table('lead_experts',
    sa.Column('id', KEY, nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('email', sa.Text(), nullable=False),
    sa.Column('lead_cap', sa.Integer(), nullable=False),
    sa.Column('leads_received', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('keurmerk', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_experts')),
    **TABLE_OPTIONS
    )
    op.create_table('lead_leads',
    sa.Column('id', KEY, nullable=False),
    sa.Column('area', sa.Text(), nullable=False),
    sa.Column('wai', sa.Text(), nullable=False),
    sa.Column('signals', sa.Text(), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('owner_expert_id', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_leads')),
    **TABLE_OPTIONS
    )
    op.create_table('ws_licences',
    sa.Column('id', KEY, nullable=False),
    sa.Column('company', sa.Text(), nullable=False),
    sa.Column('contact_name', sa.Text(), nullable=False),
    sa.Column('contact_email', sa.Text(), nullable=False),
    sa.Column('valid_from', KEY, nullable=False),
    sa.Column('valid_until', KEY, nullable=False),
    sa.Column('postcode', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ws_licences')),
    **TABLE_OPTIONS
    )
    op.create_table('ws_questionnaires',
    sa.Column('id', KEY, nullable=False),
    sa.Column('route', sa.Text(), nullable=False),
    sa.Column('started_at', sa.Text(), nullable=False),
    sa.Column('licence_id', KEY, nullable=True),
    sa.Column('client', sa.Text(), nullable=True),
    sa.Column('payment_reference', KEY, nullable=True),
    sa.Column('completed_at', sa.Text(), nullable=True),
    sa.Column('research_consent', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ws_questionnaires')),
    sa.UniqueConstraint('payment_reference', name=op.f('uq_ws_questionnaires_payment_reference')),
    **TABLE_OPTIONS
    )
    op.create_index('ws_questionnaires_licence', 'ws_questionnaires', ['licence_id'], unique=False)
    op.create_table('ws_trainings',
    sa.Column('expert_email', KEY, nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('verified_on', sa.Text(), nullable=False),
    sa.Column('verified_by', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('expert_email', name=op.f('pk_ws_trainings')),
    **TABLE_OPTIONS
    )
    op.create_table('lead_absences',
    sa.Column('expert_id', KEY, nullable=False),
    sa.Column('start_day', KEY, nullable=False),
    sa.Column('end_day', KEY, nullable=False),
    sa.ForeignKeyConstraint(['expert_id'], ['lead_experts.id'], name=op.f('fk_lead_absences_expert_id_lead_experts')),
    sa.PrimaryKeyConstraint('expert_id', 'start_day', 'end_day', name=op.f('pk_lead_absences')),
    **TABLE_OPTIONS
    )
    op.create_table('lead_acceptances',
    sa.Column('lead_id', KEY, nullable=False),
    sa.Column('offer_id', sa.Text(), nullable=False),
    sa.Column('expert_id', sa.Text(), nullable=False),
    sa.Column('fee', sa.Text(), nullable=False),
    sa.Column('accepted_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['lead_leads.id'], name=op.f('fk_lead_acceptances_lead_id_lead_leads')),
    sa.PrimaryKeyConstraint('lead_id', name=op.f('pk_lead_acceptances')),
    **TABLE_OPTIONS
    )
    op.create_table('lead_consents',
    sa.Column('id', KEY, nullable=False),
    sa.Column('lead_id', KEY, nullable=False),
    sa.Column('expert_id', KEY, nullable=False),
    sa.Column('worker_email', sa.Text(), nullable=False),
    sa.Column('issued_at', sa.Text(), nullable=False),
    sa.Column('expires_at', sa.Text(), nullable=False),
    sa.Column('used_at', KEY, nullable=True),
    sa.ForeignKeyConstraint(['lead_id'], ['lead_leads.id'], name=op.f('fk_lead_consents_lead_id_lead_leads')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_consents')),
    **TABLE_OPTIONS
    )
    op.create_index('lead_consents_expert', 'lead_consents', ['expert_id', 'used_at'], unique=False)
    op.create_table('lead_contacts',
    sa.Column('lead_id', KEY, nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('email', sa.Text(), nullable=False),
    sa.Column('phone', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['lead_id'], ['lead_leads.id'], name=op.f('fk_lead_contacts_lead_id_lead_leads')),
    sa.PrimaryKeyConstraint('lead_id', name=op.f('pk_lead_contacts')),
    **TABLE_OPTIONS
    )
    op.create_table('lead_establishments',
    sa.Column('expert_id', KEY, nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('postcode', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['expert_id'], ['lead_experts.id'], name=op.f('fk_lead_establishments_expert_id_lead_experts')),
    sa.PrimaryKeyConstraint('expert_id', 'seq', name=op.f('pk_lead_establishments')),
    **TABLE_OPTIONS
    )
    op.create_table('lead_offers',
    sa.Column('id', KEY, nullable=False),
    sa.Column('lead_id', KEY, nullable=False),
    sa.Column('expert_id', KEY, nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('distance_m', sa.Integer(), nullable=False),
    sa.Column('offered_at', sa.Text(), nullable=False),
    sa.Column('reminder_at', KEY, nullable=False),
    sa.Column('expires_at', KEY, nullable=False),
    sa.Column('reminder_sent', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('status', KEY, nullable=False),
    sa.ForeignKeyConstraint(['expert_id'], ['lead_experts.id'], name=op.f('fk_lead_offers_expert_id_lead_experts')),
    sa.ForeignKeyConstraint(['lead_id'], ['lead_leads.id'], name=op.f('fk_lead_offers_lead_id_lead_leads')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_offers')),
    **TABLE_OPTIONS
    )
    op.create_index('lead_offers_expert', 'lead_offers', ['expert_id', 'status'], unique=False)
    op.create_index('lead_offers_expiry', 'lead_offers', ['status', 'expires_at'], unique=False)
    op.create_index('lead_offers_lead', 'lead_offers', ['lead_id'], unique=False)
    op.create_index('lead_offers_reminder', 'lead_offers', ['status', 'reminder_sent', 'reminder_at'], unique=False)
    op.create_table('ws_charges',
    sa.Column('questionnaire_id', KEY, nullable=False),
    sa.Column('licence_id', KEY, nullable=False),
    sa.Column('staffel_id', sa.Text(), nullable=True),
    sa.Column('ordinal', sa.Integer(), nullable=True),
    sa.Column('unit_price', sa.Text(), nullable=True),
    sa.Column('overage', sa.Integer(), nullable=True),
    sa.Column('completed_at', sa.Text(), nullable=False),
    sa.Column('charged_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['licence_id'], ['ws_licences.id'], name=op.f('fk_ws_charges_licence_id_ws_licences')),
    sa.PrimaryKeyConstraint('questionnaire_id', name=op.f('pk_ws_charges')),
    **TABLE_OPTIONS
    )
    op.create_index('ws_charges_licence', 'ws_charges', ['licence_id', 'ordinal'], unique=False)
    op.create_table('ws_codes',
    sa.Column('code_id', KEY, nullable=False),
    sa.Column('code_hash', KEY, nullable=False),
    sa.Column('licence_id', KEY, nullable=False),
    sa.Column('client', sa.Text(), nullable=False),
    sa.Column('batch', KEY, nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('redeemed_at', sa.Text(), nullable=True),
    sa.Column('questionnaire_id', sa.Text(), nullable=True),
    sa.Column('revoked_at', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['licence_id'], ['ws_licences.id'], name=op.f('fk_ws_codes_licence_id_ws_licences')),
    sa.PrimaryKeyConstraint('code_id', name=op.f('pk_ws_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_ws_codes_code_hash')),
    **TABLE_OPTIONS
    )
    op.create_index('ws_codes_licence', 'ws_codes', ['licence_id', 'batch'], unique=False)
    op.create_table('ws_contacts',
    sa.Column('questionnaire_id', KEY, nullable=False),
    sa.Column('contact', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['questionnaire_id'], ['ws_questionnaires.id'], name=op.f('fk_ws_contacts_questionnaire_id_ws_questionnaires')),
    sa.PrimaryKeyConstraint('questionnaire_id', name=op.f('pk_ws_contacts')),
    **TABLE_OPTIONS
    )
    op.create_table('ws_invoice_lines',
    sa.Column('id', KEY, nullable=False),
    sa.Column('licence_id', KEY, nullable=False),
    sa.Column('staffel_id', sa.Text(), nullable=False),
    sa.Column('questionnaire_id', sa.Text(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Text(), nullable=False),
    sa.Column('status', KEY, nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('finalised_at', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['licence_id'], ['ws_licences.id'], name=op.f('fk_ws_invoice_lines_licence_id_ws_licences')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ws_invoice_lines')),
    **TABLE_OPTIONS
    )
    op.create_index('ws_invoice_lines_licence', 'ws_invoice_lines', ['licence_id', 'status'], unique=False)
    op.create_table('ws_licence_experts',
    sa.Column('licence_id', KEY, nullable=False),
    sa.Column('expert_email', KEY, nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('added_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['licence_id'], ['ws_licences.id'], name=op.f('fk_ws_licence_experts_licence_id_ws_licences')),
    sa.PrimaryKeyConstraint('licence_id', 'expert_email', name=op.f('pk_ws_licence_experts')),
    **TABLE_OPTIONS
    )
    op.create_table('ws_links',
    sa.Column('token', KEY, nullable=False),
    sa.Column('licence_id', KEY, nullable=False),
    sa.Column('client', sa.Text(), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('revoked_at', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['licence_id'], ['ws_licences.id'], name=op.f('fk_ws_links_licence_id_ws_licences')),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_ws_links')),
    **TABLE_OPTIONS
    )
    op.create_table('ws_reports',
    sa.Column('id', KEY, nullable=False),
    sa.Column('questionnaire_id', KEY, nullable=False),
    sa.Column('licence_id', sa.Text(), nullable=False),
    sa.Column('client_consent', sa.Integer(), nullable=False),
    sa.Column('document_ref', sa.Text(), nullable=False),
    sa.Column('uploaded_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['questionnaire_id'], ['ws_questionnaires.id'], name=op.f('fk_ws_reports_questionnaire_id_ws_questionnaires')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ws_reports')),
    **TABLE_OPTIONS
    )
    op.create_table('ws_staffels',
    sa.Column('id', KEY, nullable=False),
    sa.Column('licence_id', KEY, nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.Text(), nullable=False),
    sa.Column('bought_at', sa.Text(), nullable=False),
    sa.Column('table_name', sa.Text(), nullable=False),
    sa.Column('table_version', sa.Text(), nullable=False),
    sa.Column('status', KEY, nullable=False),
    sa.Column('used', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('replaces', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['licence_id'], ['ws_licences.id'], name=op.f('fk_ws_staffels_licence_id_ws_licences')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ws_staffels')),
    **TABLE_OPTIONS
    )
    if op.get_bind().dialect.name in ("sqlite", "postgresql"):  # partial indexes
        op.create_index('ws_staffels_one_active', 'ws_staffels', ['licence_id'], unique=True,
                        sqlite_where=sa.text("status = 'active'"),
                        postgresql_where=sa.text("status = 'active'"))
    op.create_table('lead_quotes',
    sa.Column('offer_id', KEY, nullable=False),
    sa.Column('lead_id', sa.Text(), nullable=False),
    sa.Column('expert_id', sa.Text(), nullable=False),
    sa.Column('amount', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['lead_offers.id'], name=op.f('fk_lead_quotes_offer_id_lead_offers')),
    sa.PrimaryKeyConstraint('offer_id', name=op.f('pk_lead_quotes')),
    **TABLE_OPTIONS
    )


def downgrade() -> None:
    op.drop_table('lead_quotes')
    if op.get_bind().dialect.name in ("sqlite", "postgresql"):
        op.drop_index('ws_staffels_one_active', table_name='ws_staffels')
    op.drop_table('ws_staffels')
    op.drop_table('ws_reports')
    op.drop_table('ws_links')
    op.drop_table('ws_licence_experts')
    op.drop_index('ws_invoice_lines_licence', table_name='ws_invoice_lines')
    op.drop_table('ws_invoice_lines')
    op.drop_table('ws_contacts')
    op.drop_index('ws_codes_licence', table_name='ws_codes')
    op.drop_table('ws_codes')
    op.drop_index('ws_charges_licence', table_name='ws_charges')
    op.drop_table('ws_charges')
    op.drop_index('lead_offers_reminder', table_name='lead_offers')
    op.drop_index('lead_offers_lead', table_name='lead_offers')
    op.drop_index('lead_offers_expiry', table_name='lead_offers')
    op.drop_index('lead_offers_expert', table_name='lead_offers')
    op.drop_table('lead_offers')
    op.drop_table('lead_establishments')
    op.drop_table('lead_contacts')
    op.drop_index('lead_consents_expert', table_name='lead_consents')
    op.drop_table('lead_consents')
    op.drop_table('lead_acceptances')
    op.drop_table('lead_absences')
    op.drop_table('ws_trainings')
    op.drop_index('ws_questionnaires_licence', table_name='ws_questionnaires')
    op.drop_table('ws_questionnaires')
    op.drop_table('ws_licences')
    op.drop_table('lead_leads')
    op.drop_table('lead_experts')
