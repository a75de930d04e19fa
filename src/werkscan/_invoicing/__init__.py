"""Invoicing of Werkscan licences: a pure domain over the licence's facts (WS-INV-1..3).

No storage here: :class:`~werkscan._invoicing.facts.LicenceFacts` are plain records, and
what must be stored goes through :class:`~werkscan._invoicing.repository.InvoiceRepository`.
"""
