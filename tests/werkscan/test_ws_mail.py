"""The Werkscan e-mails: one language per mail, Babel formats, replaceable templates (issue 14).

The texts come from ``werkscan/templates/mail/<lang>/*.txt``; the builders are called by
the licence and lead services (WS-STF-3, WS-LEAD-5, -6, -8).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

import pdfcheck
from blikopwerk import ConfigurationError, Message, Money, Storage
from werkscan import LeadService, SignalArea, SignalLevel, _mail
from werkscan._leads.records import Acceptance, Establishment, Expert, Lead, Offer, Quote, WorkerContact
from werkscan._leads.service import reminder_message
from werkscan._licensing.records import Licence, Staffel
from werkscan._licensing.staffel import warning_message
from werkscan._mail import (
    MAIL_TEMPLATES,
    consent_request,
    lead_accepted,
    lead_offer,
    lead_quote,
    lead_reminder,
)

AMS = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 12, 22, 10, 0, tzinfo=AMS)
DEADLINE = dt.datetime(2026, 12, 31, 0, 0, tzinfo=AMS)
EXPERT = Expert("E1", "Anna de Vries", "anna@example.nl", [Establishment("3811")], 5)
OFFER = Offer("L1:E1", "L1", "E1", 1, 20_000, T0, T0, DEADLINE)
CONTACT = WorkerContact("Jan Jansen", "jan@example.nl", None)
LEAD = Lead("L1", "3511", 30, {"work": "strong"}, T0)
LICENCE = Licence("L1", "Arbo BV", "Anna", "anna@arbo.example", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
STAFFEL = Staffel("S1", "L1", 25, Money("12.50"), dt.datetime(2026, 1, 2, tzinfo=dt.UTC), "werkscan-staffels",
                  "example-1", used=20)
SIGNALS = ((SignalArea.WORK, SignalLevel.STRONG), (SignalArea.HEALTH, SignalLevel.WEAK))


def all_mails(lang: str) -> dict[str, Message]:
    return {
        "staffel-80": warning_message(LICENCE, STAFFEL, lang=lang),
        "lead-offer": lead_offer(OFFER, EXPERT, wai=Decimal("3E+1"), signals=SIGNALS, distance_band="10-25 km",
                                 lang=lang),
        "lead-reminder": reminder_message(OFFER, EXPERT, lang=lang),
        "lead-quote": lead_quote(Quote("L1:E1", "L1", "E1", Money("450"), "Twee gesprekken.", T0), CONTACT,
                                 lang=lang),
        "lead-accepted": lead_accepted(Acceptance("L1", "L1:E1", "E1", Money("95"), T0), CONTACT, EXPERT,
                                       lang=lang),
        "lead-consent": consent_request("t1", "jan@example.nl", "https://werkscan.example/c/t1",
                                        dt.datetime(2027, 1, 5, 9, 0, tzinfo=dt.UTC), lang=lang),
        "lead-offer-closed": _mail.lead_offer_closed(OFFER, EXPERT, lang=lang),
        "lead-offer-expired": _mail.lead_offer_expired(OFFER, EXPERT, lang=lang),
        "lead-closed": _mail.lead_closed(LEAD, CONTACT, lang=lang),
        "lead-erased": _mail.lead_erased(LEAD, CONTACT, lang=lang),
    }


def template_lines(lang: str) -> set[str]:
    folder = resources.files("werkscan").joinpath("templates", "mail", lang)
    lines: set[str] = set()
    for name in MAIL_TEMPLATES:
        for line in folder.joinpath(f"{name}.txt").read_text("utf-8").splitlines():
            fixed = re.sub(r"\$\{?\w+\}?", "", line).strip(" .,:;")
            if len(fixed.split()) >= 3:
                lines.add(fixed)
    return lines


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_mail_is_in_one_language_without_ids_reprs_or_iso_dates(lang: str) -> None:
    other = template_lines("en" if lang == "nl" else "nl") - template_lines(lang)  # not names like Blik op Werk
    mails = all_mails(lang)
    assert set(mails) == set(MAIL_TEMPLATES)
    for name, mail in mails.items():
        text = mail.subject + "\n" + mail.body
        assert not pdfcheck.RULE_ID.search(text), (name, text)
        assert not pdfcheck.ISO_DATE.search(text), (name, text)
        assert not pdfcheck.REPR.search(text), (name, text)
        assert "E+" not in text
        assert [line for line in other if line in text] == [], name
        assert pdfcheck.foreign_phrases(text, lang) == [], name
        assert mail.headers["Content-Language"] == {"nl": "nl-NL", "en": "en-GB"}[lang]


def test_dutch_mail_formats_values_for_dutch_readers() -> None:
    mails = all_mails("nl")
    offer = mails["lead-offer"].body
    assert "WAI-score: 30\n" in offer  # not 3E+1 (Decimal.normalize())
    assert "- Werk: sterk signaal" in offer and "- Gezondheid: zwak signaal" in offer
    assert "tot en met 30 december 2026" in offer
    assert "30 december 2026" in mails["lead-reminder"].body
    assert "€ 450,00" in mails["lead-quote"].body.replace("\xa0", " ")
    assert "€ 95,00" in mails["lead-accepted"].body.replace("\xa0", " ")
    assert "Telefoon: niet opgegeven" in mails["lead-accepted"].body
    assert "5 januari 2027 om 10:00" in mails["lead-consent"].body  # 09:00 UTC is 10:00 in Amsterdam
    assert mails["staffel-80"].subject == "Werkscan: 80 % van uw staffel is gebruikt (20 van 25)"
    assert "€ 12,50 per stuk" in mails["staffel-80"].body.replace("\xa0", " ")


def test_english_mail() -> None:
    mails = all_mails("en")
    assert "- Work: strong signal" in mails["lead-offer"].body
    assert "until and including 30 December 2026" in mails["lead-offer"].body
    assert "€450.00" in mails["lead-quote"].body
    assert "5 January 2027 at 10:00" in mails["lead-consent"].body


def test_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert lead_reminder(OFFER, EXPERT).subject.startswith("Herinnering")  # Dutch by default
    monkeypatch.setenv("BLIKOPWERK_LANGUAGE", "en")
    assert lead_reminder(OFFER, EXPERT).subject.startswith("Reminder")
    monkeypatch.setenv("BLIKOPWERK_LANGUAGE", "fr")
    from blikopwerk import InvalidValueError

    with pytest.raises(InvalidValueError) as exc:
        lead_reminder(OFFER, EXPERT)
    assert exc.value.field == "BLIKOPWERK_LANGUAGE"


def test_a_deployment_replaces_a_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "werkscan" / "nl"
    folder.mkdir(parents=True)
    (folder / "lead-reminder.txt").write_text(
        "Subject: Uw offerte voor ${lead}, graag\n\nHallo $name,\nnog tot $last_day.\n", "utf-8")
    monkeypatch.setenv("BLIKOPWERK_MAIL_TEMPLATES", str(tmp_path))
    mail = lead_reminder(OFFER, EXPERT)
    assert mail.subject == "Uw offerte voor L1, graag"
    assert mail.body == "Hallo Anna de Vries,\nnog tot 30 december 2026.\n"
    assert lead_reminder(OFFER, EXPERT, lang="en").subject.startswith("Reminder")  # not replaced: packaged
    (folder / "lead-reminder.txt").write_text("Subject: x\n\n$nonsense\n", "utf-8")
    with pytest.raises(ConfigurationError, match="nonsense"):
        lead_reminder(OFFER, EXPERT)
    (folder / "lead-reminder.txt").write_text("no subject line\n", "utf-8")
    with pytest.raises(ConfigurationError, match="Subject"):
        lead_reminder(OFFER, EXPERT)


def test_templates_use_only_the_placeholders_they_are_given() -> None:
    for lang in ("nl", "en"):
        folder = resources.files("werkscan").joinpath("templates", "mail", lang)
        for name, given in MAIL_TEMPLATES.items():
            used = set(re.findall(r"\$\{?(\w+)\}?", folder.joinpath(f"{name}.txt").read_text("utf-8")))
            assert used <= set(given), (lang, name, used - set(given))
            assert used == set(given), (lang, name, set(given) - used)  # every value is shown


def test_service_mail_is_dutch_by_default(storage: Storage) -> None:
    svc = LeadService(storage)
    storage.experts.add(EXPERT, T0)
    storage.experts.subscribe(EXPERT.id, dt.date(2026, 1, 1))
    svc.submit("L1", "3511 AB", 30, {"work": "strong"}, CONTACT, T0)
    svc.offer("L1", T0)
    mail = storage.outbox.get("lead-offer:L1:E1").message
    assert mail.subject == "Nieuwe Werkscan-lead"
    assert "WAI-score: 30\n" in mail.body and "- Werk: sterk signaal" in mail.body
    assert "(WS-" not in mail.body and "work: strong" not in mail.body


def test_the_later_lead_mails_read_well() -> None:
    """WS-LEAD-5, -11, -12: the expiry names the last day; the worker's mails name nobody else."""
    nl, en = all_mails("nl"), all_mails("en")
    assert "tot en met 30 december 2026" in nl["lead-offer-expired"].body
    assert "until and including 30 December 2026" in en["lead-offer-expired"].body
    assert nl["lead-offer-closed"].to == ("anna@example.nl",) and "L1" in nl["lead-offer-closed"].body
    assert nl["lead-closed"].to == ("jan@example.nl",) and "Beste Jan Jansen" in nl["lead-closed"].body
    assert nl["lead-erased"].subject == "Uw contactgegevens zijn gewist"
    assert en["lead-erased"].subject == "Your contact details have been erased"
    assert [m.id for m in (nl["lead-offer-closed"], nl["lead-offer-expired"], nl["lead-closed"], nl["lead-erased"])] \
        == ["lead-offer-closed:L1:E1", "lead-offer-expired:L1:E1", "lead-closed:L1", "lead-erased:L1"]
