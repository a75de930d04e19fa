"""Werkscan's tables, declared on the library's shared :data:`blikopwerk.storage.metadata`.

Importing this module declares them (the storage extension :class:`werkscan._storage.WerkscanStorage`
does, when a storage is opened, and so does :func:`blikopwerk.storage.full_metadata`). Their
schema changes are the Alembic branch ``werkscan`` in ``werkscan/_storage/versions``.

A new Werkscan table goes here, in its concern's section, declared with
:func:`~blikopwerk.storage.define_table`; the revision that creates it goes into
``werkscan/_storage/versions`` with ``down_revision`` set to the branch's current head.
"""

from __future__ import annotations

import sqlalchemy as sa

from blikopwerk._backends.schema import define_table
from blikopwerk._backends.schema import int_column as _int
from blikopwerk._backends.schema import key_column as _key
from blikopwerk._backends.schema import text_column as _text

__all__ = ["WERKSCAN_TABLES"]

# -- licensing: licences, staffels, charges, access routes ---------------------------

ws_licences = define_table(
    "ws_licences",
    _key("id", primary_key=True),
    _text("company"), _text("contact_name"), _text("contact_email"),
    _key("valid_from", nullable=False), _key("valid_until", nullable=False),
    _text("postcode", nullable=True),
)
ws_trainings = define_table(
    "ws_trainings",
    _key("expert_email", primary_key=True),
    _text("name"), _text("verified_on"), _text("verified_by"),
)
ws_licence_experts = define_table(
    "ws_licence_experts",
    _key("licence_id", sa.ForeignKey("ws_licences.id"), primary_key=True),
    _key("expert_email", primary_key=True),
    _text("name"), _text("added_at"),
)
ws_staffels = define_table(
    "ws_staffels",
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
ws_charges = define_table(
    "ws_charges",
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
ws_charge_credits = define_table(
    "ws_charge_credits",
    _key("questionnaire_id", sa.ForeignKey("ws_charges.questionnaire_id"), primary_key=True),
    _key("licence_id", nullable=False),
    _text("credited_at"), _text("reason"),
    sa.Index("ws_charge_credits_licence", "licence_id"),
)
ws_invoice_lines = define_table(
    "ws_invoice_lines",
    _key("id", primary_key=True),
    _key("licence_id", sa.ForeignKey("ws_licences.id"), nullable=False),
    _text("staffel_id"), _text("questionnaire_id"),
    _int("ordinal"), _text("amount"),
    _key("status", nullable=False),
    _text("created_at"), _text("finalised_at", nullable=True),
    sa.Index("ws_invoice_lines_licence", "licence_id", "status"),
)
ws_questionnaires = define_table(
    "ws_questionnaires",
    _key("id", primary_key=True),
    _text("route"), _text("started_at"),
    _key("licence_id", nullable=True),
    _text("client", nullable=True),
    _key("payment_reference", nullable=True, unique=True),
    _text("completed_at", nullable=True),
    _int("research_consent", nullable=True),
    # the expert of the link or code it came through (WS-LIC-2), and what the employer
    # report counts of its result, stored with the completion (WS-RPT-2; no answers)
    _text("expert_id", nullable=True),
    _text("wai_score", nullable=True), _text("wai_band", nullable=True),
    _text("advice", nullable=True), _text("signals", nullable=True),
    sa.Index("ws_questionnaires_licence", "licence_id"),
)
ws_contacts = define_table(
    "ws_contacts",
    _key("questionnaire_id", sa.ForeignKey("ws_questionnaires.id"), primary_key=True),
    _text("contact"),
)
ws_links = define_table(
    "ws_links",
    _key("token", primary_key=True),
    _key("licence_id", sa.ForeignKey("ws_licences.id"), nullable=False),
    _text("client"), _text("created_at"), _text("revoked_at", nullable=True),
    _text("expert_id", nullable=True),
)
ws_codes = define_table(
    "ws_codes",
    _key("code_id", primary_key=True),
    _key("code_hash", nullable=False, unique=True),
    _key("licence_id", sa.ForeignKey("ws_licences.id"), nullable=False),
    _text("client"),
    _key("batch", nullable=False),
    _text("created_at"),
    _text("redeemed_at", nullable=True), _text("questionnaire_id", nullable=True),
    _text("revoked_at", nullable=True),
    _text("expert_id", nullable=True),
    sa.Index("ws_codes_licence", "licence_id", "batch"),
)
ws_reports = define_table(
    "ws_reports",
    _key("id", primary_key=True),
    _key("questionnaire_id", sa.ForeignKey("ws_questionnaires.id"), nullable=False),
    _text("licence_id"),
    _int("client_consent"),
    _text("document_ref"), _text("uploaded_at"),
)

#: The anonymous route's payments (WS-ACC-1b, WS-PRICE-1): amount excl. VAT, VAT and
#: total, so bookkeeping can reconcile them with the bank.
ws_anonymous_payments = define_table(
    "ws_anonymous_payments",
    _key("payment_reference", primary_key=True),
    _key("questionnaire_id", sa.ForeignKey("ws_questionnaires.id"), nullable=False),
    _text("amount"), _text("vat"), _text("total"), _text("vat_rate"),
    _key("paid_at", nullable=False),
    sa.Index("ws_anonymous_payments_paid", "paid_at"),
)

# -- invoicing (WS-INV-1..3) ------------------------------------------------------------

#: One row per calendar year: the last sequence number issued. The row of year 0 is the
#: numbering lock: a unit of work that numbers a document locks it first, so numbers are
#: given one unit at a time (gapless, WS-INV-1).
invoice_series = define_table(
    "invoice_series",
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    _int("last_sequence", default=0),
)
invoices = define_table(
    "invoices",
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
invoice_lines = define_table(
    "invoice_lines",
    _key("number", sa.ForeignKey("invoices.number"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    _text("kind"), _int("quantity"), _text("unit_price"), _text("amount"), _text("vat"),
    _text("total"), _int("size"), _text("vat_rate"),
)
licence_renewals = define_table(
    "licence_renewals",
    _key("licence_id", primary_key=True),
    _key("period_start", primary_key=True),
    _text("period_end"),
)

# -- leads: experts, leads, offers, consent --------------------------------------------

lead_experts = define_table(
    "lead_experts",
    _key("id", primary_key=True),
    _text("name"), _text("email"),
    _int("lead_cap"), _int("leads_received", default=0), _int("keurmerk"),
    _text("created_at"),
)
lead_establishments = define_table(
    "lead_establishments",
    _key("expert_id", sa.ForeignKey("lead_experts.id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    _text("postcode"), _text("address", nullable=True),
)
lead_absences = define_table(
    "lead_absences",
    _key("expert_id", sa.ForeignKey("lead_experts.id"), primary_key=True),
    _key("start_day", primary_key=True),
    _key("end_day", primary_key=True),
)
lead_leads = define_table(
    "lead_leads",
    _key("id", primary_key=True),
    _text("area"), _text("wai"), _text("signals"), _text("created_at"),
    _text("status"), _text("owner_expert_id", nullable=True),
    _text("closed_at", nullable=True),
)
lead_contacts = define_table(
    "lead_contacts",
    _key("lead_id", sa.ForeignKey("lead_leads.id"), primary_key=True),
    _text("name"), _text("email"), _text("phone", nullable=True),
)
lead_offers = define_table(
    "lead_offers",
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
lead_quotes = define_table(
    "lead_quotes",
    _key("offer_id", sa.ForeignKey("lead_offers.id"), primary_key=True),
    _text("lead_id"), _text("expert_id"), _text("amount"), _text("body"), _text("submitted_at"),
)
lead_acceptances = define_table(
    "lead_acceptances",
    _key("lead_id", sa.ForeignKey("lead_leads.id"), primary_key=True),
    _text("offer_id"), _text("expert_id"), _text("fee"), _text("accepted_at"),
)
lead_consents = define_table(
    "lead_consents",
    _key("id", primary_key=True),
    _key("lead_id", sa.ForeignKey("lead_leads.id"), nullable=False),
    _key("expert_id", nullable=False),
    _text("worker_email"), _text("issued_at"), _text("expires_at"),
    _key("used_at", nullable=True),
    sa.Index("lead_consents_expert", "expert_id", "used_at"),
)
lead_subscriptions = define_table(
    "lead_subscriptions",
    _key("expert_id", sa.ForeignKey("lead_experts.id"), primary_key=True),
    _key("start_day", primary_key=True),
    _text("end_day", nullable=True),
)
lead_events = define_table(  # append-only, no personal data (WS-LEAD-12)
    "lead_events",
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    _key("lead_id", nullable=False), _key("expert_id", nullable=True),
    _text("kind"), _text("at"),
    sa.Index("lead_events_lead", "lead_id", "seq"),
    sa.Index("lead_events_expert", "expert_id", "seq"),
)

#: The names of Werkscan's tables, in the order they are declared.
WERKSCAN_TABLES: tuple[str, ...] = tuple(
    value.name for name, value in list(globals().items())
    if isinstance(value, sa.Table) and not name.startswith("_"))
