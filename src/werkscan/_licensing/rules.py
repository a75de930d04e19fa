"""The rules of access routes, licences, the counter and invoicing as data with provenance.

Two rule sets, for the generated catalogue and for callers:

* :data:`ACCESS_RULES` (``werkscan-access``): the three ways into the Werkscan and the
  invitations of a company (WS-ACC-1, WS-ACC-2), research consent (WS-ACC-3), the
  anonymity of fillers (WS-ACC-4), what a licence gives and who may join it (WS-LIC-1,
  WS-LIC-2) and the counter an expert sees (WS-RPT-4). Every passage is from seed
  ``000_fce2b4cd91976fe2.txt`` (the Werkscan FAQ for experts).
* :data:`INVOICING_RULES` (``werkscan-invoicing``): a started questionnaire can always be
  completed (WS-STF-7) and the invoicing decisions (WS-INV-1..3). The seeds only say that
  overage is invoiced afterwards; the rest is the project's decision, marked as such.

The services that apply these rules (:class:`werkscan.AccessService`,
:class:`werkscan.LicenceService`, :class:`werkscan.StaffelService`) live beside this
module; the staffel table and the 80 % warning share are in :data:`werkscan.LICENSING_RULES`.
"""

from __future__ import annotations

import datetime as dt

from blikopwerk._rules import Rule, RuleSet, RuleTable, Source

__all__ = ["ACCESS_RULES", "INVOICING_RULES"]

_S000 = "000"


def _s000(passage: str, rule_id: str) -> Source:
    return Source.seed(_S000, passage, rules=(rule_id,))


#: Access routes, licences and the counter (WS-ACC-1..4, WS-LIC-1..2, WS-RPT-4).
ACCESS_RULES = RuleSet(
    name="werkscan-access",
    version="2014.1",
    effective=dt.date(2014, 1, 1),
    rules=(
        Rule("WS-ACC-1", "Three ways in: (a) free, in exchange for contact data (the worker becomes a "
             "lead); (b) anonymous, paying EUR 25, then choosing a licensed expert from the directory; "
             "(c) by invitation of an expert, for a whole company or one person, routed to that expert.",
             _s000("De Werkscan kan op 3 manieren worden benaderd: ... Geïnteresseerden kun de Werkscan "
                   "gratis invullen als zij in ruil daarvoor hun gegevens achterlaten. ... Hij betaald "
                   "daar een bedrag van €25,- voor. ... Via een uitnodiging via de arbeidsdeskundige. Dat "
                   "kan voor een heel bedrijf zijn of voor een individu. De klant wordt dan automatisch "
                   "naar de betrokken arbeidsdeskundige geleid.", "WS-ACC-1")),
        Rule("WS-ACC-2", "Invitations for a company: an open company link (anyone with the URL), or "
             "unique codes that can each be used once, so the expert knows the filler works for that "
             "client.",
             _s000("De opdrachtgeverslink is vrij benaderbaar. Of u kiest in de Werkscan voor het "
                   "aanmaken van unieke codes die u verstuurt aan de werknemers van uw opdrachtgever. "
                   "Deze unieke codes kunnen maar 1 keer worden gebruikt.", "WS-ACC-2")),
        Rule("WS-ACC-3", "While filling in, the worker is asked about further research; a worker who "
             "declines is left out of research data. A conversation report is uploaded for research "
             "only with the client's consent; an upload without it is not used.",
             _s000("Tijdens het invullen van de Werkscan krijgt de werkende een vraag of hij wil "
                   "deelnemen aan verder onderzoek. Als hij aangeeft dit niet te willen worden zijn "
                   "gegevens niet meegenomen in het onderzoek. Mocht u toch zijn verslag uploaden dan "
                   "wordt deze niet meegenomen in het onderzoek.", "WS-ACC-3")),
        Rule("WS-ACC-4", "Experts cannot learn who filled in the Werkscan; they see counts only.",
             _s000("Voorop staat de anonimiteit van de invullers van de Werkscan.", "WS-ACC-4")),
        Rule("WS-LIC-1", "A licence lists the company and its contact in the Blik op Werk database, so "
             "workers find it; without a valid licence the company is not found and cannot generate "
             "employer reports.",
             _s000("De meerwaarde van de licentie voor de Werkscan is dat het bedrijf en de "
                   "contactpersoon voor dat bedrijf wordt genoemd in de database van Blik op Werk. ... "
                   "Is er geen licentie dan wordt het bedrijf ook niet meer gevonden in de database. Een "
                   "gegenereerde rapportage aan werkgever(s) is dan niet mogelijk.", "WS-LIC-1")),
        Rule("WS-LIC-2", "A licence holder may add experts to its licence and staffel; each must have "
             "completed the Werkscan training (verified by Blik op Werk) before being added.",
             _s000("Vooraf geeft de licentiehouder aan Blik op Werk door dat er een Werkscandeskundige "
                   "kan worden toegevoegd aan zijn licentie en staffel. Blik op Werk verifieert of de "
                   "aangemelde Werkscandeskundige de training Werkscan heeft gevolgd.", "WS-LIC-2")),
        Rule("WS-RPT-4", "Counter: the number of completed questionnaires and of conversation requests "
             "under a licence is visible to its experts; never who filled them in.",
             _s000("Via teller is wel te zien hoeveel mensen de Werkscan hebben ingevuld en hoeveel "
                   "mensen een gesprek aanvragen.", "WS-RPT-4")),
    ),
)

_STF7_SEED = _s000("U wordt niet afgesloten van de Werkscan. ... U loopt dus niet het risico dat een "
                   "Werkscan niet ingevuld kan worden.", "WS-STF-7")

#: Decisions that are not a single number, one row per rule: shown in the catalogue as
#: *decision (not official)* with the reason.
_INVOICING_DECISIONS: RuleTable[str, str] = RuleTable.build(
    "decisions",
    "Project decisions (not official) beside the seed: completing a started questionnaire",
    dt.date(2014, 1, 1),
    [
        ("WS-STF-7", "the completion and its charge are one transaction, charged to the staffel in force "
         "when the questionnaire was started; links and codes are issued only while a staffel is active",
         Source.decision("the seed promises that a started Werkscan can always be completed; charging "
                         "the staffel of the start keeps a questionnaire's price fixed when it began",
                         rules=("WS-STF-7",))),
    ],
    sorted_keys=False,
)

#: Completion guarantee and invoicing (WS-STF-7, WS-INV-1..3).
INVOICING_RULES = RuleSet(
    name="werkscan-invoicing",
    version="2026.1",
    effective=dt.date(2014, 1, 1),
    tables={"decisions": _INVOICING_DECISIONS},
    rules=(
        Rule("WS-STF-7", "A worker who started a questionnaire under a valid licence can always complete "
             "it; the completion and its charge are one transaction, charged to the staffel in force "
             "at the start; links and codes are issued only while a staffel is active.", _STF7_SEED),
        Rule("WS-INV-1", "Overage and staffel purchases are invoiced on numbered invoices (one gapless "
             "series per calendar year), each line with amount excl. VAT, VAT 21 % and total; final "
             "invoices are immutable; corrections are credit notes.",
             Source.decision("Dutch invoicing requires unique sequential numbers; the seeds only say "
                             "that overage is invoiced afterwards", rules=("WS-INV-1",))),
        Rule("WS-INV-2", "An upgrade costs the new staffel's price minus the replaced staffel's price "
             "(never below zero); the old staffel's draft overage lines are cancelled.",
             Source.decision("usage carries over to the new staffel (WS-STF-5), so its overage must "
                             "not be charged twice", rules=("WS-INV-2",))),
        Rule("WS-INV-3", "At the end of a licence period all draft lines become final in one repeatable "
             "run that lists what it did.",
             Source.decision("a period end must be safe to run again after a crash, without double "
                             "invoices", rules=("WS-INV-3",))),
    ),
)
