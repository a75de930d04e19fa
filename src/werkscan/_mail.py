"""The Werkscan e-mails: plain-text templates, one per message and language.

The texts live in ``werkscan/templates/mail/<lang>/<name>.txt`` (first line ``Subject:``,
then the body with ``$placeholders``); a deployment replaces any of them by a file
``$BLIKOPWERK_MAIL_TEMPLATES/werkscan/<lang>/<name>.txt`` (see the guide "Languages and
e-mail templates"). Every value is formatted here for the language: money and numbers by
Babel, dates in words as the Dutch calendar shows them, signal areas with their Dutch or
English labels. No rule id, internal id or ISO date reaches the reader.

The language is ``lang``, else ``BLIKOPWERK_LANGUAGE``, else Dutch.

============== ============================ ==================================================
template       sent to                      placeholders
============== ============================ ==================================================
staffel-80     the licence holder (WS-STF-3) name, company, licence, size, used, remaining,
                                            unit_price, share
lead-offer     an expert (WS-LEAD-5, -7)    name, distance, wai, signals, last_day, lead
lead-reminder  an expert (WS-LEAD-6)        name, lead, last_day
lead-quote     the worker (WS-LEAD-5)       name, amount, text
lead-accepted  the expert (WS-LEAD-8, -9)   name, lead, worker_name, worker_email,
                                            worker_phone, fee
lead-consent   the worker (WS-LEAD-8)       link, valid_until
lead-offer-    an expert (WS-LEAD-11, -12)  name, lead
closed
lead-offer-    an expert (WS-LEAD-5)        name, lead, last_day
expired
lead-closed    the worker (WS-LEAD-11)      name
lead-erased    the worker (WS-LEAD-12)      name
============== ============================ ==================================================

Internal: the services call these builders; the public names stay where they were
(:func:`werkscan.reminder_message`, the staffel warning).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from blikopwerk._i18n import Translator, mail_language, render_mail, translator
from blikopwerk._protocols import Message
from werkscan._scoring.model import SignalArea, SignalLevel, label

__all__ = [
    "MAIL_TEMPLATES",
    "consent_request",
    "last_day",
    "lead_accepted",
    "lead_closed",
    "lead_erased",
    "lead_notices",
    "lead_offer",
    "lead_offer_closed",
    "lead_offer_expired",
    "lead_quote",
    "lead_reminder",
    "staffel_warning",
]

#: The e-mail templates of ``werkscan`` and the placeholders each one receives.
MAIL_TEMPLATES: Mapping[str, tuple[str, ...]] = {
    "staffel-80": ("name", "company", "licence", "size", "used", "remaining", "unit_price", "share"),
    "lead-offer": ("name", "distance", "wai", "signals", "last_day", "lead"),
    "lead-reminder": ("name", "lead", "last_day"),
    "lead-quote": ("name", "amount", "text"),
    "lead-accepted": ("name", "lead", "worker_name", "worker_email", "worker_phone", "fee"),
    "lead-consent": ("link", "valid_until"),
    "lead-offer-closed": ("name", "lead"),
    "lead-offer-expired": ("name", "lead", "last_day"),
    "lead-closed": ("name",),
    "lead-erased": ("name",),
}


def _message(message_id: str, to: Iterable[str], name: str, lang: Any, values: Mapping[str, str],
             headers: Mapping[str, str] | None = None) -> Message:
    language = mail_language(lang)
    text = render_mail("werkscan", name, language, values)
    return Message(message_id, tuple(to), text.subject, text.body,
                   headers={"Content-Language": {"nl": "nl-NL", "en": "en-GB"}[language], **(headers or {})})


def _t(lang: Any) -> Translator:
    return translator("werkscan", mail_language(lang))


def last_day(deadline: dt.datetime, zone: str = "Europe/Amsterdam") -> dt.date:
    """The last day (in ``zone``, Dutch by default) on which something can still be done
    before ``deadline`` (exclusive)."""
    from zoneinfo import ZoneInfo

    return (deadline.astimezone(ZoneInfo(zone)) - dt.timedelta(microseconds=1)).date()


def warning_share_label(threshold: Decimal) -> str:
    """The warning share as it appears in message ids: ``0.80`` gives ``"80"``, ``0.825``
    gives ``"82.5"`` (ASCII, no locale)."""
    pct = (Decimal(threshold) * 100).normalize()
    return format(pct, "f")


def staffel_warning(licence: Any, staffel: Any, *, lang: Any = None,
                    threshold: Decimal = Decimal("0.80")) -> Message:
    """The warning to the licence holder when ``threshold`` of the staffel is used
    (WS-STF-3); id ``staffel-<share>:<staffel>`` (``staffel-80:S1`` at the default 80 %)."""
    t = _t(lang)
    remaining = max(staffel.size - staffel.used, 0)
    return _message(
        f"staffel-{warning_share_label(threshold)}:{staffel.id}", (licence.contact_email,),
        "staffel-80", lang,
        {"name": licence.contact_name, "company": licence.company, "licence": licence.id,
         "share": t.percent(Decimal(threshold) * 100, decimals=2, trim=True),
         "size": t.integer(staffel.size), "used": t.integer(staffel.used), "remaining": t.integer(remaining),
         "unit_price": t.money(staffel.unit_price)},
        headers={"X-Blikopwerk-Kind": "staffel-warning"},
    )


def _signal_lines(signals: Iterable[tuple[SignalArea, SignalLevel]], t: Translator) -> str:
    lines = [f"- {label(area, t.lang)}: {label(level, t.lang)}" for area, level in signals]
    return "\n".join(lines) if lines else "- " + t._("no signals")


def lead_offer(offer: Any, expert: Any, *, wai: Decimal, signals: Iterable[tuple[SignalArea, SignalLevel]],
               distance_band: str, lang: Any = None, zone: str = "Europe/Amsterdam") -> Message:
    """A new lead offered to an expert (WS-LEAD-5, WS-LEAD-7): score, signals and distance
    band only; id ``lead-offer:<offer>``."""
    language = mail_language(lang)
    view = tuple(signals)
    try:
        wai_text, signal_text, day_text = _offer_parts(language, wai, str(wai), view, offer.expires_at, zone)
    except TypeError:  # an unhashable signal: formatted without the cache
        wai_text, signal_text, day_text = _offer_parts.__wrapped__(language, wai, str(wai), view,
                                                                   offer.expires_at, zone)
    return _message(
        f"lead-offer:{offer.id}", (expert.email,), "lead-offer", language,
        {"name": expert.name, "distance": distance_band, "wai": wai_text, "signals": signal_text,
         "last_day": day_text, "lead": offer.lead_id},
    )


@functools.lru_cache(maxsize=1024)
def _offer_parts(language: str, wai: Decimal, text: str,
                 signals: tuple[tuple[SignalArea, SignalLevel], ...], expires_at: dt.datetime, zone: str) -> tuple[str, str, str]:
    """The parts of an offer mail that do not depend on the expert (score, signals, last
    day), formatted once per lead and language: a lead goes to three experts, and a run
    offers many leads with the same deadline. ``text`` is ``str(wai)``, so that
    ``30`` and ``30.0`` (equal keys) are formatted each as given."""
    t = translator("werkscan", language)
    return (t.number(wai, decimals=1, trim=True), _signal_lines(signals, t),
            t.date(last_day(expires_at, zone)))


def lead_reminder(offer: Any, expert: Any, *, lang: Any = None, zone: str = "Europe/Amsterdam") -> Message:
    """The reminder to an expert who has not quoted yet (WS-LEAD-6); id ``lead-reminder:<offer>``."""
    t = _t(lang)
    return _message(
        f"lead-reminder:{offer.id}", (expert.email,), "lead-reminder", lang,
        {"name": expert.name, "lead": offer.lead_id, "last_day": t.date(last_day(offer.expires_at, zone))},
    )


def lead_quote(quote: Any, contact: Any, *, lang: Any = None) -> Message:
    """An expert's quote passed on to the worker (WS-LEAD-5); id ``lead-quote:<offer>``."""
    t = _t(lang)
    return _message(
        f"lead-quote:{quote.offer_id}", (contact.email,), "lead-quote", lang,
        {"name": contact.name, "amount": t.money(quote.amount), "text": str(quote.text)},
    )


def lead_accepted(acceptance: Any, contact: Any, expert: Any, *, lang: Any = None) -> Message:
    """The worker's contact data to the expert who owns the lead now (WS-LEAD-8, -9);
    id ``lead-accepted:<lead>``."""
    t = _t(lang)
    return _message(
        f"lead-accepted:{acceptance.lead_id}", (expert.email,), "lead-accepted", lang,
        {"name": expert.name, "lead": acceptance.lead_id, "worker_name": contact.name,
         "worker_email": contact.email, "worker_phone": contact.phone or t._("not given"),
         "fee": t.money(acceptance.fee)},
    )


def consent_request(token_id: str, worker_email: str, link: str, expires: dt.datetime, *,
                    lang: Any = None) -> Message:
    """The signed consent link to the worker (WS-LEAD-8); id ``lead-consent:<token>``."""
    t = _t(lang)
    return _message(
        f"lead-consent:{token_id}", (worker_email,), "lead-consent", lang,
        {"link": link, "valid_until": t.datetime(expires)},
    )


def lead_offer_closed(offer: Any, expert: Any, *, lang: Any = None) -> Message:
    """To an expert whose offer closed by another's step: another quote was accepted, the
    worker declined the quotes or had their data erased (WS-LEAD-11, -12);
    id ``lead-offer-closed:<offer>``."""
    return _message(f"lead-offer-closed:{offer.id}", (expert.email,), "lead-offer-closed", lang,
                    {"name": expert.name, "lead": offer.lead_id})


def lead_offer_expired(offer: Any, expert: Any, *, lang: Any = None,
                       zone: str = "Europe/Amsterdam") -> Message:
    """To an expert whose time to quote ran out without a quote (WS-LEAD-5);
    id ``lead-offer-expired:<offer>``."""
    t = _t(lang)
    return _message(f"lead-offer-expired:{offer.id}", (expert.email,), "lead-offer-expired", lang,
                    {"name": expert.name, "lead": offer.lead_id,
                     "last_day": t.date(last_day(offer.expires_at, zone))})


def lead_closed(lead: Any, contact: Any, *, lang: Any = None) -> Message:
    """To the worker, once, when every offer was declined or expired without a quote
    (WS-LEAD-11); id ``lead-closed:<lead>``."""
    return _message(f"lead-closed:{lead.id}", (contact.email,), "lead-closed", lang, {"name": contact.name})


def lead_erased(lead: Any, contact: Any, *, lang: Any = None) -> Message:
    """To the worker, confirming that their contact data was erased on request
    (WS-LEAD-12); id ``lead-erased:<lead>``. Built before the data goes, sent once."""
    return _message(f"lead-erased:{lead.id}", (contact.email,), "lead-erased", lang, {"name": contact.name})


def lead_notices(*, lang: Any = None, zone: str = "Europe/Amsterdam") -> Any:
    """The :class:`~werkscan.LeadNotices` of these templates in ``lang`` (default
    ``BLIKOPWERK_LANGUAGE``, else Dutch); the last day in ``zone``."""
    from functools import partial

    from werkscan._leads.records import LeadNotices

    return LeadNotices(offer_closed=partial(lead_offer_closed, lang=lang),
                       offer_expired=partial(lead_offer_expired, lang=lang, zone=zone),
                       lead_closed=partial(lead_closed, lang=lang),
                       contact_erased=partial(lead_erased, lang=lang))
