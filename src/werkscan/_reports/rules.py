"""The rules of the evaluation's reports as data with provenance (WS-RPT-5..8).

Repeat measurement (WS-RPT-5), the conversion funnel (WS-RPT-6), the follow-up invitation
(WS-RPT-7) and the context figures (WS-RPT-8) come from the Werkscan evaluation, seed
``002_c7c9fbb17d8bd393.txt`` (Panteia for AKC, 2015). Where the seed is silent the project
decides; those choices are parameters or rows of the ``decisions`` table, marked *decision
(not official)* in the catalogue.
"""

from __future__ import annotations

import datetime as dt

from blikopwerk._rules import Rule, RuleSet, RuleTable, Source
from werkscan._reports.context_figures import CONTEXT_FIGURES

__all__ = ["REPORT_RULES"]

_VALID = dt.date(2015, 5, 1)


def _s002(passage: str, *rules: str) -> Source:
    return Source.seed("002", passage, rules=rules)


_DECISIONS: RuleTable[str, str] = RuleTable.build(
    "decisions", "Project decisions (not official) beside the seed", _VALID,
    [
        ("WS-RPT-5", "a pair is two measurements of one worker, earlier and later; a signal 'appeared' when "
         "an area had no signal before and a strong or weak one after, 'went' for the reverse, and a move "
         "between strong and weak is 'stronger' or 'weaker'; the mean change is kept exact",
         Source.decision("the seed compares mean scores and bands of two measurements but defines no "
                         "per-signal change", rules=("WS-RPT-5",))),
        ("WS-RPT-6", "the steps are nested: 'advised' counts completed questionnaires with (urgent) advice, "
         "'requested' the advised who asked for a conversation, 'held' those of them who had it; "
         "conversations asked for or held without advice are counted beside the funnel, and the "
         "conversion of Tabel 1 is all conversations held over all completed questionnaires",
         Source.decision("the seed calls 6.2 % the share of those 'die ... het advies kregen' but divides "
                         "by all 2,908 completed questionnaires; stating every denominator avoids that "
                         "ambiguity", rules=("WS-RPT-6",))),
        ("WS-RPT-7", "only a worker who agreed to be contacted is invited, and only once (the outbox "
         "message id is unique per conversation)",
         Source.decision("contacting a worker needs consent (AVG); a second invitation would be a "
                         "reminder the seed does not ask for", rules=("WS-RPT-7",))),
    ],
    sorted_keys=False,
)

#: The report rules of the evaluation (WS-RPT-5..8): parameters, decisions, context figures.
REPORT_RULES = RuleSet(
    name="werkscan-reports",
    version="2015.1",
    effective=_VALID,
    tables={"context_figures": CONTEXT_FIGURES, "decisions": _DECISIONS},
    parameters={
        "share_places": (1, Source.decision(
            "shares are shown as percentages to one decimal, rounded half-up, as the seed's Tabel 1 "
            "prints them (6,9 %)", rules=("WS-RPT-5", "WS-RPT-6"))),
        "follow_up_months": (6, _s002("Werkenden suggereren dat een opvolgingsgesprek na een halfjaar ervoor "
                                      "zou kunnen zorgen", "WS-RPT-7")),
    },
    rules=(
        Rule("WS-RPT-5", "Repeat measurement: two questionnaires of one worker are compared (WAI change, band "
             "change, signals that appeared or went); a group of pairs is summarised (mean change, "
             "transitions between bands, e.g. the share that stays excellent). Arithmetic only.",
             _s002("Uit de herhaalmeting van de WAI blijkt dat de WAI-score van de werkenden die alleen de "
                   "vragenlijst invulden, gelijk blijft. ... Het grootste deel van deze groep (65 procent, "
                   "n=62) had ten tijde van meting 2 nog steeds een uitstekende WAI-score.", "WS-RPT-5")),
        Rule("WS-RPT-6", "Conversion funnel: completed, advised, conversation requested, conversation held, "
             "by access route, each share with its denominator; counts only, never identities.",
             _s002("Tabel 1 Aantallen in de periode 1-9-2013 tot 1-9-2014 ... Conversie 6,9% 5,6% 6,2%",
                   "WS-RPT-6")),
        Rule("WS-RPT-7", "Follow-up: a worker who had a conversation and agreed to be contacted is invited "
             "to a follow-up measurement six months later ('follow_up_months'), once, never without "
             "that consent.",
             _s002("Werkenden suggereren dat een opvolggesprek na een half jaar ervoor zou kunnen zorgen dat "
                   "nog meer werkenden aan de slag gaan met de actiepunten.", "WS-RPT-7")),
        Rule("WS-RPT-8", "The context figures of WS-RPT-3 are a sourced, versioned table, each figure with "
             "its source and the group it describes; never a prediction for one person.",
             _s002("Het productiviteitsverlies is niet gemeten, maar berekend.", "WS-RPT-8")),
    ),
)
