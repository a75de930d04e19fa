"""The shared kernel's own rules (K-*) as a rule set, for the generated docs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from blikopwerk._money import VAT_RATE
from blikopwerk._postcode import NEVER_ISSUED
from blikopwerk._rules import Rule, RuleSet, Source

__all__ = ["KERNEL_RULES"]

KERNEL_RULES = RuleSet(
    name="kernel",
    version="2026.1",
    effective=dt.date(2015, 1, 1),
    rules=(
        Rule("K-PC-1", "A Dutch postcode is four digits (first not 0) and two capital letters, "
             "written '1234 AB'; SA, SD and SS are never issued; PC4 alone where only the area is "
             "needed.", Source.decision("PostNL format", rules=("K-PC-1",))),
        Rule("K-PC-2", "A provider's or expert's location is a visiting-address postcode, never a "
             "P.O. box.", Source.seed("001", "Het moet gaan om een postcode van een bezoekadres en niet van een postbus.", rules=("K-PC-2",))),
        Rule("K-DAY-1", "Working days are Monday to Friday except the algemeen erkende feestdagen "
             "of the Algemene termijnenwet, art. 3: Nieuwjaarsdag, tweede paasdag, Hemelvaartsdag, "
             "tweede pinksterdag, eerste en tweede kerstdag, Koningsdag (27 April; 26 April when "
             "the 27th is a Sunday) and 5 May, every year; Good Friday is not one. Built from these "
             "named days, not from any package; a caller may pass another calendar. Counting "
             "starts on the working day after the event, on the Dutch day of an instant (K-TZ-1).",
             Source.decision("the seeds say 'werkdagen' without a calendar; the statute that "
                             "defines Dutch deadlines names the days (revised: the `holidays` "
                             "package moved Good Friday and 5 May between versions)",
                             rules=("K-DAY-1",))),
        Rule("K-TZ-1", "Every date decision takes the calendar day of the instant in the "
             "Dutch time zone (parameter 'timezone'), whatever offset the caller's datetime carries; default clocks are "
             "timezone-aware.", Source.decision("one Dutch day: the same instant always gives the "
                                                "same answer", rules=("K-TZ-1",))),
        Rule("K-GEO-1", "Distances are between area centroids, decided on the WGS84 geodesic "
             "(inclusive); RD New may only pre-select candidates with a margin of at least 30 m.",
             Source.decision("RD New is within 25 m of geodesic in NL (measured: at most 14.4 m "
                             "over 400,000 random PC4 pairs); haversine is up to 200 m short",
                             rules=("K-GEO-1",))),
        Rule("K-MON-1", "Money is Decimal euros, rounded half-up to cents when a final amount is "
             "formed; shown as '€ 1.605,00'; VAT 21 %.", Source.decision("exact money",
                                                                            rules=("K-MON-1",))),
    ),
    parameters={
        "timezone": ("Europe/Amsterdam", Source.decision(
            "the Dutch calendar day of an instant (IANA time zone name)", rules=("K-TZ-1",))),
        "vat_rate": (VAT_RATE, Source.decision("Dutch standard VAT rate", rules=("K-MON-1",))),
        "never_issued_letter_pairs": (", ".join(sorted(NEVER_ISSUED)),
                                      Source.decision("PostNL never issues these", rules=("K-PC-1",))),
        "rd_candidate_margin_m": (Decimal(30), Source.decision("RD New vs geodesic error bound",
                                                               rules=("K-GEO-1",))),
    },
)
