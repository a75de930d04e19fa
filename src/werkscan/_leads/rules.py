"""The lead rules (WS-LEAD-1..9, WS-DIR-1) as data with provenance.

Every number the lead services use is a parameter of :data:`LEAD_RULES`, with the seed
passage it comes from (seed ``000_fce2b4cd91976fe2.txt``, the Werkscan FAQ for experts)
or the project decision that fills a gap. Swap a value with :meth:`RuleSet.replace`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from blikopwerk._money import Money
from blikopwerk._rules import Rule, RuleSet, RuleTable, Source

__all__ = ["DISTANCE_BANDS", "LEAD_RULES"]

_S000 = "000"

_PRICE_SOURCE = Source.decision(
    "amounts are not in the sources (seed 000: 'De prijs van dit abonnement en de fee wordt "
    "nog nader bepaald'); illustrative defaults, pass your own; only 'cheaper for Keurmerk "
    "holders' is sourced", rules=("WS-LEAD-9",))

#: Distance bands shown to experts instead of the distance itself (WS-LEAD-7): keyed by the
#: band's lower edge in km; a distance belongs to the band whose lower edge it exceeds.
DISTANCE_BANDS: RuleTable[int, str] = RuleTable.build(
    "lead_distance_bands", "Distance bands shown with an open lead", dt.date(2015, 1, 1),
    [
        (0, "0-10 km", Source.decision("a band is enough to quote travel; the exact distance "
                                       "would narrow down where the worker lives", rules=("WS-LEAD-7",))),
        (10, "10-25 km", Source.decision("as above", rules=("WS-LEAD-7",))),
        (25, "25-50 km", Source.decision("as above; 50 km is the matching radius", rules=("WS-LEAD-7",))),
    ],
    description="Upper edges are inclusive: 10.0 km is in '0-10 km', 10.001 km in '10-25 km'.",
)

LEAD_RULES = RuleSet(
    name="werkscan-leads",
    version="2026.1",
    effective=dt.date(2015, 1, 1),
    tables={"distance_bands": DISTANCE_BANDS},
    rules=(
        Rule("WS-LEAD-1", "A worker who filled in for free and wants a conversation becomes a lead; "
             "it is offered to at most 3 Werkscan experts, who may each send a quote.",
             Source.seed(_S000, "Er worden (maximaal) 3 werkscandeskundigen benaderd om een offerte "
                         "uit te brengen.", rules=("WS-LEAD-1",))),
        Rule("WS-LEAD-2", "Matching is on postcode, not on Keurmerk: an expert's establishment lies "
             "at most 50 km (inclusive, geodesic between PC4 centroids) from the worker's postcode; "
             "nearest first, ties by fewest open leads, then expert id.",
             Source.seed(_S000, "Als u gematcht wordt dan woont de werkende maximaal 50 kilometer "
                         "vanaf uw vestigingsplaats vandaan.", rules=("WS-LEAD-2",))),
        Rule("WS-LEAD-3", "An expert who reports absence for a period gets no leads in it.",
             Source.seed(_S000, "Als u op vakantie gaat of afwezig bent kunt u dat aangeven bij Blik "
                         "op Werk, u krijgt dan geen leads doorgezet.", rules=("WS-LEAD-3",))),
        Rule("WS-LEAD-4", "An expert sets a total number of leads and never gets more; more is a "
             "separate request.",
             Source.seed(_S000, "U krijgt niet meer dan dit aantal leads doorgezet.",
                         rules=("WS-LEAD-4",))),
        Rule("WS-LEAD-5", "An expert has 5 working days to quote (day 1 is the first working day "
             "after the offer); later quotes are refused.",
             Source.seed(_S000, "Deze krijgt 5 werkdagen de tijd om een offerte op stellen. Na deze "
                         "periode worden er geen offertes meer doorgezet", rules=("WS-LEAD-5",))),
        Rule("WS-LEAD-6", "A reminder goes to an expert who has not quoted after 3 working days, once.",
             Source.seed(_S000, "Ja, u krijgt een herinnering na 3 werkdagen.", rules=("WS-LEAD-6",))),
        Rule("WS-LEAD-7", "Experts see only the WAI score, the signal areas and a distance band of "
             "an open lead.",
             Source.seed(_S000, "Zijn privacy waarborgt Blik op Werk door alleen de score van het "
                         "werkvermogen en signaalgebieden door te geven.", rules=("WS-LEAD-7",))),
        Rule("WS-LEAD-8", "After acceptance the expert gets the contact data and owns the lead; the "
             "worker consents through a signed link (14 days, once) before appearing in the "
             "expert's overview.",
             Source.seed(_S000, "De werkende geeft toestemming door op een link te klikken in dit "
                         "bericht. Zodra dit gebeurt ziet u dat deze persoon in uw overzicht staat.",
                         rules=("WS-LEAD-8",))),
        Rule("WS-LEAD-9", "Leads are an extra subscription plus a fee per accepted quote, both "
             "cheaper for Keurmerk holders; amounts are parameters.",
             Source.seed(_S000, "Deelname aan deze wijze van werven van klanten gaat via een extra "
                         "abonnement. Bij het verzilveren van de offerte wordt een fee betaald.",
                         rules=("WS-LEAD-9",))),
        Rule("WS-DIR-1", "Anonymous payers choose an expert on a map; an expert who lists only a "
             "postcode is not on it.",
             Source.seed(_S000, "Vermeld u alleen uw postcode dan bent u niet zichtbaar voor deze "
                         "groep werkenden.", rules=("WS-DIR-1",))),
    ),
    parameters={
        "max_experts": (3, Source.seed(_S000, "Er worden (maximaal) 3 werkscandeskundigen benaderd",
                                       rules=("WS-LEAD-1",))),
        "radius_km": (Decimal(50), Source.seed(_S000, "maximaal 50 kilometer vanaf uw vestigingsplaats",
                                               rules=("WS-LEAD-2",))),
        "deadline_working_days": (5, Source.seed(_S000, "5 werkdagen de tijd om een offerte op stellen",
                                                 rules=("WS-LEAD-5",))),
        "reminder_working_days": (3, Source.seed(_S000, "een herinnering na 3 werkdagen",
                                                 rules=("WS-LEAD-6",))),
        "reminder_time": (dt.time(9, 0), Source.decision(
            "the seed names the day, not the hour: the reminder is due at 09:00 Dutch time on "
            "the 3rd working day", rules=("WS-LEAD-6",))),
        "timezone": ("Europe/Amsterdam", Source.decision(
            "working days are Dutch days; a deadline ends at midnight Dutch time",
            rules=("WS-LEAD-5", "K-DAY-1"))),
        "consent_valid_days": (14, Source.decision("the seed does not say; a link must not work "
                                                   "forever", rules=("WS-LEAD-8",))),
        "subscription_month": (Money("30.00"), _PRICE_SOURCE),
        "subscription_month_keurmerk": (Money("20.00"), _PRICE_SOURCE),
        "acceptance_fee": (Money("75.00"), _PRICE_SOURCE),
        "acceptance_fee_keurmerk": (Money("50.00"), _PRICE_SOURCE),
    },
)
