"""The library's tables, defined once as a SQLAlchemy :class:`~sqlalchemy.MetaData`.

Every SQL backend (SQLite, PostgreSQL, MariaDB/MySQL, ``memory://``) uses these tables;
their changes are the Alembic revisions in :mod:`blikopwerk._migrations`. Columns keep
the portable types of the first schema: ids and texts as ``TEXT``, counts as
``INTEGER``, money as decimal text, instants as ISO-8601 UTC text (which sorts as time),
days as ISO dates. A key column is ``TEXT`` everywhere except MySQL/MariaDB, which
cannot index ``TEXT`` and gets ``VARCHAR(255)`` (the one dialect variant of the schema).
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["KEY", "metadata", "tables"]

#: Naming convention, so that constraint names are the same on every database.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)

#: A key or indexed text column (``TEXT``; ``VARCHAR(255)`` on MySQL/MariaDB).
KEY = sa.Text().with_variant(sa.String(255), "mysql", "mariadb")


def _key(name: str, *args: object, **kw: object) -> sa.Column[str]:
    return sa.Column(name, KEY, *args, **kw)  # type: ignore[arg-type]


def _text(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.Text, nullable=nullable)


def _int(name: str, nullable: bool = False, default: int | None = None) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, nullable=nullable,
                     server_default=None if default is None else sa.text(str(default)))


# -- kernel: the outbox ------------------------------------------------------------------

outbox = sa.Table(
    "outbox", metadata,
    _key("id", primary_key=True),
    _text("recipients"), _text("subject"), _text("body"), _text("sender"), _text("headers"),
    _key("status", nullable=False),
    _int("attempts", default=0),
    _key("created_at", nullable=False),
    _key("next_attempt_at", nullable=False),
    _text("last_error", nullable=True),
    _text("delivered_at", nullable=True),
    sa.Index("outbox_due", "status", "next_attempt_at"),
)

# -- Werkscan licensing (transitional home: one MetaData for the whole library) --------

ws_licences = sa.Table(
    "ws_licences", metadata,
    _key("id", primary_key=True),
    _text("company"), _text("contact_name"), _text("contact_email"),
    _key("valid_from", nullable=False), _key("valid_until", nullable=False),
    _text("postcode", nullable=True),
)
ws_trainings = sa.Table(
    "ws_trainings", metadata,
    _key("expert_email", primary_key=True),
    _text("name"), _text("verified_on"), _text("verified_by"),
)
ws_licence_experts = sa.Table(
    "ws_licence_experts", metadata,
    _key("licence_id", sa.ForeignKey("ws_licences.id"), primary_key=True),
    _key("expert_email", primary_key=True),
    _text("name"), _text("added_at"),
)
ws_staffels = sa.Table(
    "ws_staffels", metadata,
    _key("id", primary_key=True),
    _key("licence_id", sa.ForeignKey("ws_licences.id"), nullable=False),
    _int("size"), _text("unit_price"), _text("bought_at"), _text("table_name"),
    _text("table_version"),
    _key("status", nullable=False),
    _int("used", default=0),
    _text("replaces", nullable=True),
    # one active staffel per licence: a partial unique index where the database has them
    sa.Index("ws_staffels_one_active", "licence_id", unique=True,
             sqlite_where=sa.text("status = 'active'"),
             postgresql_where=sa.text("status = 'active'")).ddl_if(
                 dialect=("sqlite", "postgresql")),  # type: ignore[arg-type]  # a tuple is documented
)
ws_charges = sa.Table(
    "ws_charges", metadata,
    _key("questionnaire_id", primary_key=True),
    _key("licence_id", sa.ForeignKey("ws_licences.id"), nullable=False),
    _text("staffel_id", nullable=True),
    _int("ordinal", nullable=True),
    _text("unit_price", nullable=True),
    _int("overage", nullable=True),
    _text("completed_at"), _text("charged_at"),
    # the expert the questionnaire was done for (WS-LIC-2); None: the licence holder
    _text("expert_id", nullable=True),
    sa.Index("ws_charges_licence", "licence_id", "ordinal"),
)
ws_charge_credits = sa.Table(
    "ws_charge_credits", metadata,
    _key("questionnaire_id", sa.ForeignKey("ws_charges.questionnaire_id"), primary_key=True),
    _key("licence_id", nullable=False),
    _text("credited_at"), _text("reason"),
    sa.Index("ws_charge_credits_licence", "licence_id"),
)
ws_invoice_lines = sa.Table(
    "ws_invoice_lines", metadata,
    _key("id", primary_key=True),
    _key("licence_id", sa.ForeignKey("ws_licences.id"), nullable=False),
    _text("staffel_id"), _text("questionnaire_id"),
    _int("ordinal"), _text("amount"),
    _key("status", nullable=False),
    _text("created_at"), _text("finalised_at", nullable=True),
    sa.Index("ws_invoice_lines_licence", "licence_id", "status"),
)
ws_questionnaires = sa.Table(
    "ws_questionnaires", metadata,
    _key("id", primary_key=True),
    _text("route"), _text("started_at"),
    _key("licence_id", nullable=True),
    _text("client", nullable=True),
    _key("payment_reference", nullable=True, unique=True),
    _text("completed_at", nullable=True),
    _int("research_consent", nullable=True),
    sa.Index("ws_questionnaires_licence", "licence_id"),
)
ws_contacts = sa.Table(
    "ws_contacts", metadata,
    _key("questionnaire_id", sa.ForeignKey("ws_questionnaires.id"), primary_key=True),
    _text("contact"),
)
ws_links = sa.Table(
    "ws_links", metadata,
    _key("token", primary_key=True),
    _key("licence_id", sa.ForeignKey("ws_licences.id"), nullable=False),
    _text("client"), _text("created_at"), _text("revoked_at", nullable=True),
)
ws_codes = sa.Table(
    "ws_codes", metadata,
    _key("code_id", primary_key=True),
    _key("code_hash", nullable=False, unique=True),
    _key("licence_id", sa.ForeignKey("ws_licences.id"), nullable=False),
    _text("client"),
    _key("batch", nullable=False),
    _text("created_at"),
    _text("redeemed_at", nullable=True), _text("questionnaire_id", nullable=True),
    _text("revoked_at", nullable=True),
    sa.Index("ws_codes_licence", "licence_id", "batch"),
)
ws_reports = sa.Table(
    "ws_reports", metadata,
    _key("id", primary_key=True),
    _key("questionnaire_id", sa.ForeignKey("ws_questionnaires.id"), nullable=False),
    _text("licence_id"),
    _int("client_consent"),
    _text("document_ref"), _text("uploaded_at"),
)

#: The anonymous route's payments (WS-ACC-1b, WS-PRICE-1): amount excl. VAT, VAT and
#: total, so bookkeeping can reconcile them with the bank.
ws_anonymous_payments = sa.Table(
    "ws_anonymous_payments", metadata,
    _key("payment_reference", primary_key=True),
    _key("questionnaire_id", sa.ForeignKey("ws_questionnaires.id"), nullable=False),
    _text("amount"), _text("vat"), _text("total"), _text("vat_rate"),
    _key("paid_at", nullable=False),
    sa.Index("ws_anonymous_payments_paid", "paid_at"),
)

# -- Werkscan invoicing (WS-INV-1..3) ---------------------------------------------------

#: One row per calendar year: the last sequence number issued. The row of year 0 is the
#: numbering lock: a unit of work that numbers a document locks it first, so numbers are
#: given one unit at a time (gapless, WS-INV-1).
invoice_series = sa.Table(
    "invoice_series", metadata,
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    _int("last_sequence", default=0),
)
invoices = sa.Table(
    "invoices", metadata,
    _key("number", primary_key=True),
    _int("year"), _int("sequence"),
    _key("doc_key", nullable=False, unique=True),
    _key("licence_id", nullable=False),
    _key("kind", nullable=False),  # 'invoice' or 'credit_note'
    _text("issued_on"),
    _text("seller"), _text("buyer"),  # JSON objects
    _text("period_start", nullable=True), _text("period_end", nullable=True),
    _text("original_number", nullable=True), _text("reason", nullable=True),
    _text("amount"), _text("vat"), _text("total"),
    sa.UniqueConstraint("year", "sequence"),
    sa.Index("invoices_licence", "licence_id", "year", "sequence"),
)
invoice_lines = sa.Table(
    "invoice_lines", metadata,
    _key("number", sa.ForeignKey("invoices.number"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    _text("kind"), _int("quantity"), _text("unit_price"), _text("amount"), _text("vat"),
    _text("total"), _int("size"), _text("vat_rate"),
)
licence_renewals = sa.Table(
    "licence_renewals", metadata,
    _key("licence_id", primary_key=True),
    _key("period_start", primary_key=True),
    _text("period_end"),
)

# -- Werkscan leads --------------------------------------------------------------------

lead_experts = sa.Table(
    "lead_experts", metadata,
    _key("id", primary_key=True),
    _text("name"), _text("email"),
    _int("lead_cap"), _int("leads_received", default=0), _int("keurmerk"),
    _text("created_at"),
)
lead_establishments = sa.Table(
    "lead_establishments", metadata,
    _key("expert_id", sa.ForeignKey("lead_experts.id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    _text("postcode"), _text("address", nullable=True),
)
lead_absences = sa.Table(
    "lead_absences", metadata,
    _key("expert_id", sa.ForeignKey("lead_experts.id"), primary_key=True),
    _key("start_day", primary_key=True),
    _key("end_day", primary_key=True),
)
lead_leads = sa.Table(
    "lead_leads", metadata,
    _key("id", primary_key=True),
    _text("area"), _text("wai"), _text("signals"), _text("created_at"),
    _text("status"), _text("owner_expert_id", nullable=True),
    _text("closed_at", nullable=True),
)
lead_contacts = sa.Table(
    "lead_contacts", metadata,
    _key("lead_id", sa.ForeignKey("lead_leads.id"), primary_key=True),
    _text("name"), _text("email"), _text("phone", nullable=True),
)
lead_offers = sa.Table(
    "lead_offers", metadata,
    _key("id", primary_key=True),
    _key("lead_id", sa.ForeignKey("lead_leads.id"), nullable=False),
    _key("expert_id", sa.ForeignKey("lead_experts.id"), nullable=False),
    _int("rank"), _int("distance_m"), _text("offered_at"),
    _key("reminder_at", nullable=False), _key("expires_at", nullable=False),
    _int("reminder_sent", default=0),
    _key("status", nullable=False),
    sa.Index("lead_offers_reminder", "status", "reminder_sent", "reminder_at"),
    sa.Index("lead_offers_expiry", "status", "expires_at"),
    sa.Index("lead_offers_expert", "expert_id", "status"),
    sa.Index("lead_offers_lead", "lead_id"),
)
lead_quotes = sa.Table(
    "lead_quotes", metadata,
    _key("offer_id", sa.ForeignKey("lead_offers.id"), primary_key=True),
    _text("lead_id"), _text("expert_id"), _text("amount"), _text("body"), _text("submitted_at"),
)
lead_acceptances = sa.Table(
    "lead_acceptances", metadata,
    _key("lead_id", sa.ForeignKey("lead_leads.id"), primary_key=True),
    _text("offer_id"), _text("expert_id"), _text("fee"), _text("accepted_at"),
)
lead_consents = sa.Table(
    "lead_consents", metadata,
    _key("id", primary_key=True),
    _key("lead_id", sa.ForeignKey("lead_leads.id"), nullable=False),
    _key("expert_id", nullable=False),
    _text("worker_email"), _text("issued_at"), _text("expires_at"),
    _key("used_at", nullable=True),
    sa.Index("lead_consents_expert", "expert_id", "used_at"),
)
lead_subscriptions = sa.Table(
    "lead_subscriptions", metadata,
    _key("expert_id", sa.ForeignKey("lead_experts.id"), primary_key=True),
    _key("start_day", primary_key=True),
    _text("end_day", nullable=True),
)
lead_events = sa.Table(  # append-only, no personal data (WS-LEAD-12)
    "lead_events", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    _key("lead_id", nullable=False), _key("expert_id", nullable=True),
    _text("kind"), _text("at"),
    sa.Index("lead_events_lead", "lead_id", "seq"),
    sa.Index("lead_events_expert", "expert_id", "seq"),
)

#: Every table by name.
tables = metadata.tables

for _table in metadata.tables.values():  # MariaDB/MySQL: InnoDB, ids compare exactly
    _table.dialect_kwargs.update(mysql_engine="InnoDB", mysql_charset="utf8mb4",
                                 mysql_collate="utf8mb4_bin")
