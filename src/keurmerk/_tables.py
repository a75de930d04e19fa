"""The Keurmerk rule set: fee bands, man-days, audit routes, services and parameters.

Every table entry names its source: a passage of seed ``001_7bacfedc505671bd.txt``
(Keurmerk web pages) or ``004_eb95cfb9df74a09a.txt`` (a Panteia satisfaction report), or
a project decision with its reason. Decisions are not official rules; each is a
parameter or a table a caller can replace with :meth:`blikopwerk.RuleSet.replace`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from blikopwerk import Money, Rule, RuleSet, RuleTable, Source

__all__ = [
    "AUDIT_ROUTES",
    "CERTIFYING_INSTITUTIONS",
    "FEE_BANDS",
    "KEURMERK_RULES",
    "MANDAYS",
    "SERVICES",
    "AuditArrangement",
    "ManDays",
    "Service",
]

#: The seeds describe the Keurmerk before the split of 1 April 2023; the tables hold from
#: the seed 004 measurement year (an assumption: the web pages are undated).
VALID_FROM = dt.date(2020, 1, 1)


def _fee(passage: str, *extra: str) -> Source:
    return Source.seed("001", passage, rules=("KM-FEE-1", *extra))


_FEE_ROWS: tuple[tuple[int, str, str], ...] = (
    (0, "1605", "€ 0 - 74.999 € 1.605,-"),
    (75_000, "1902", "€ 75.000 - 149.999 € 1.902,-"),
    (150_000, "2327", "€ 150.000 - 249.999 € 2.327,-"),
    (250_000, "2673", "€ 250.000 - 499.999 € 2.673,-"),
    (500_000, "3023", "€ 500.000 - 999.999 € 3.023,-"),
    (1_000_000, "3447", "€ 1.000.000 - 1.499.999 € 3.447,-"),
    (1_500_000, "3670", "€ 1.500.000 - 1.999.999 € 3.670,-"),
    (2_000_000, "3784", "€ 2.000.000 - 2.499.999 € 3.784,-"),
    (2_500_000, "4283", "€ 2.500.000 - 3.499.999 € 4.283,-"),
    (3_500_000, "4611", "€ 3.500.000 - 4.999.999 € 4.611,-"),
    (5_000_000, "5544", "€ 5.000.000 - 9.999.999 € 5.544,-"),
    (10_000_000, "6823", "€ 10.000.000 - 24.999.999 € 6.823,-"),
    (25_000_000, "7758", "€ 25.000.0000 - 49.999.999 € 7.758,-"),
    (50_000_000, "8781", "€ 50.000.000 en meer € 8.781,-"),
)

#: Participant fee (deelnemersbijdrage) per year, excl. VAT and excl. the results audit,
#: keyed by the lower edge of the annual-turnover band in whole euros (KM-FEE-1, KM-FEE-2).
FEE_BANDS: RuleTable[int, Money] = RuleTable.build(
    "fee_bands",
    "Participant fee by annual turnover (KM-FEE-1)",
    VALID_FROM,
    [
        (edge, Money(fee), _fee(passage, "KM-FEE-2") if edge == 25_000_000 else _fee(passage))
        for edge, fee, passage in _FEE_ROWS
    ],
    description=(
        "Key: lower edge of the turnover band (euros, excl. VAT); value: the yearly fee excl. "
        "VAT and excl. the results-audit cost. A turnover with cents belongs to the band of its "
        "whole-euro floor (decision, KM-FEE-1). The seed prints the 25M edge as '25.000.0000', "
        "read as 25,000,000 (decision, KM-FEE-2)."
    ),
    source=Source.seed("001", "Onderstaande tarieven voor het Keurmerk zijn exclusief BTW en de "
                       "kosten voor de resultaten-audit", rules=("KM-FEE-1",)),
)


@attrs.frozen
class ManDays:
    """Guideline man-days for the results audit: the first year and later years (KM-AUD-3).

    Example:
        >>> str(ManDays(Decimal("1"), Decimal("0.75")))
        'year 1: 1, later years: 0.75'
    """

    year1: Decimal
    later: Decimal

    def __str__(self) -> str:
        return f"year 1: {self.year1}, later years: {self.later}"


def _md(passage: str, *extra: str) -> Source:
    return Source.seed("001", passage, rules=("KM-AUD-3", *extra))


#: Guideline man-days for the results audit, keyed by the lowest number of employees of
#: the row (KM-AUD-3). The last row ("500+") starts at 501 (decision).
MANDAYS: RuleTable[int, ManDays] = RuleTable.build(
    "mandays",
    "Guideline man-days for the results audit by employees (KM-AUD-3)",
    VALID_FROM,
    [
        (1, ManDays(Decimal("1"), Decimal("0.75")), _md("1-5 1 0,75")),
        (6, ManDays(Decimal("1.25"), Decimal("1")), _md("6-25 1,25 1")),
        (26, ManDays(Decimal("1.5"), Decimal("1.25")), _md("26-50 1,5 1,25")),
        (51, ManDays(Decimal("2.5"), Decimal("1.5")), _md("51-100 2,5 1,5")),
        (101, ManDays(Decimal("3"), Decimal("1.75")), _md("101-250 3 1,75")),
        (251, ManDays(Decimal("3.5"), Decimal("2")), _md("251-500 3,5 2")),
        (501, ManDays(Decimal("4"), Decimal("2.25")),
         Source.decision("the seed writes '500+' after '251-500': read as 501 and up "
                         "(seed 001: '500+ 4 2,25')", rules=("KM-AUD-3",))),
    ],
    description=(
        "Key: the smallest number of employees (staff in direct contact with clients) of the "
        "row; value: man-days in the first audit year and in later years. Sites visited by "
        "sample may change the actual days (KM-AUD-4, KM-AUD-5)."
    ),
    source=Source.seed("001", "Richtlijnen aantal mandagen voor resultatenaudit", rules=("KM-AUD-3",)),
)


@attrs.frozen
class AuditArrangement:
    """Who arranges the results audit for a turnover band, and Blik op Werk's price (KM-AUD-1).

    Example:
        >>> print(AUDIT_ROUTES.band(0).value)
        arranged by Blik op Werk for € 552,00
    """

    arranged_by_blik_op_werk: bool
    price: Money | None

    def __str__(self) -> str:
        if self.arranged_by_blik_op_werk and self.price is not None:
            return f"arranged by Blik op Werk for {self.price.format()}"
        return "contract a certifying institution"


#: Audit route by annual turnover, keyed by the lower edge in euros (KM-AUD-1). Unlike the
#: fee bands, the edge is exact: 249,999.99 qualifies for the 552 route, 250,000 does not.
AUDIT_ROUTES: RuleTable[int, AuditArrangement] = RuleTable.build(
    "audit_routes",
    "Audit route by annual turnover (KM-AUD-1)",
    VALID_FROM,
    [
        (0, AuditArrangement(True, Money("552")),
         Source.seed("001", "€ 0 - 250.000 € 552,- ... Als uw jaaromzet valt tussen € 0,- en € 249.999,- is "
                     "het mogelijk om deze door Blik op Werk uit te laten voeren", rules=("KM-AUD-1",))),
        (250_000, AuditArrangement(False, None),
         Source.decision("the seed writes '249.999', 'tot 250.000,00' and '0 - 250.000': "
                         "249,999.99 and below qualifies, 250,000 does not", rules=("KM-AUD-1",))),
    ],
    description="Key: lower edge of annual turnover (euros, exact, cents count).",
)

#: Certifying institutions that may carry out the results audit (KM-AUD-2), in the seed's
#: order; the collective audits arranged by Blik op Werk may also be bought from Cheq.
CERTIFYING_INSTITUTIONS: RuleTable[int, str] = RuleTable.build(
    "certifying_institutions",
    "Certifying institutions (KM-AUD-2)",
    VALID_FROM,
    [
        (i + 1, name, Source.seed("001", "De certificerende instellingen zijn Certiked, DNV GL Business "
                                   "Assurance B.V., KIWA N.V., TÜV Nederland, TÜV Rheinland, het "
                                   "Keurmerkinstituut", rules=("KM-AUD-2",)))
        for i, name in enumerate(("Certiked", "DNV GL Business Assurance B.V.", "KIWA N.V.",
                                  "TÜV Nederland", "TÜV Rheinland", "Het Keurmerkinstituut"))
    ] + [(7, "Cheq (collective audits arranged by Blik op Werk only)",
          Source.seed("001", "Deze audits worden collectief ingekocht bij een van de bovenstaande "
                      "certificerende instellingen of bij Cheq.", rules=("KM-AUD-2",)))],
)


@attrs.frozen
class Service:
    """A Keurmerk service (dienst) with its Dutch name and English name (KM-SVC-1).

    ``retired`` services (dienst 12) are accepted in historic data only;
    ``exam_guarantee_possible`` marks the services where an exam guarantee can be offered
    (KM-STAR-2).

    Example:
        >>> s = SERVICES[7]
        >>> s.name_nl, s.name_en, str(s)
        ('Outplacement', 'Outplacement', 'dienst 7 Outplacement')
    """

    number: int
    name_nl: str
    name_en: str
    retired: bool = False
    exam_guarantee_possible: bool = False

    def __str__(self) -> str:
        return f"dienst {self.number} {self.name_nl}"


_SVC = Source.seed("004", "tabel 1.2 Diensten", rules=("KM-SVC-1",))
_SERVICE_ROWS = (
    (1, "Scholing en opleiding", "Training and education", False, True),
    (2, "Fysieke en mentale behandeling of begeleiding", "Physical and mental treatment or support",
     False, False),
    (3, "Diagnose, onderzoek en loopbaanoriëntatie", "Diagnosis, assessment and career orientation",
     False, False),
    (4, "Organisatieadvies en onderzoek", "Organisational advice and research", False, False),
    (5, "Jobcoaching", "Job coaching", False, False),
    (6, "Verzuimbegeleiding (wet poortwachter)",
     "Absence management (Gatekeeper Improvement Act)", False, False),
    (7, "Outplacement", "Outplacement", False, False),
    (8, "Toeleiden van werk naar werk (eerste en tweede spoor)",
     "Work-to-work placement (first and second track)", False, False),
    (9, "Toeleiden naar werk vanuit situatie geen werk", "Placement into work from no work",
     False, False),
    (10, "Sociale activering en participatie", "Social activation and participation", False, False),
    (11, "Inburgeringscursussen en duale trajecten", "Civic integration courses and dual programmes",
     False, True),
    (12, "Duurzame inzetbaarheid", "Sustainable employability", True, False),
    (13, "Supported employment", "Supported employment", False, False),
)

#: The 13 services (dienst 1-13), keyed by number (KM-SVC-1). Table 1.2 of seed 004
#: spells services 8 and 9 "Toeiden"; table 1.1 has "Toeleiden", used here.
SERVICES: RuleTable[int, Service] = RuleTable.build(
    "services",
    "Keurmerk services (KM-SVC-1)",
    VALID_FROM,
    [
        (n, Service(n, nl, en, retired, exam),
         Source.seed("004", "NB dienst 12 bestaat enige jaren niet meer.", rules=("KM-SVC-1",))
         if retired else _SVC)
        for n, nl, en, retired, exam in _SERVICE_ROWS
    ],
    description=(
        "Dienst 12 (duurzame inzetbaarheid) no longer exists: accepted in historic data, refused "
        "in new data. Exam guarantee possible: scholing (1) and inburgering (11) (KM-STAR-2)."
    ),
)


def _rule(rule_id: str, summary: str, source: Source) -> Rule:
    return Rule(rule_id, summary, source)


def _s001(passage: str, rule_id: str) -> Source:
    return Source.seed("001", passage, rules=(rule_id,))


def _s004(passage: str, rule_id: str) -> Source:
    return Source.seed("004", passage, rules=(rule_id,))


def _dec(reason: str, *rules: str) -> Source:
    return Source.decision(reason, rules=rules)


# Passages are quoted from the seed files as they stand; " ... " separates quoted fragments
# of one source. A test (tests/keurmerk/test_km_catalogue.py) checks every fragment against
# the seed text, with whitespace removed (the seeds' tables lost their column separators).
_RULES = (
    _rule("KM-FEE-1", "The yearly participant fee follows the most recent annual turnover (or forecast) "
          "from Keurmerk services, by band; excl. VAT and the results audit. Cents fall in the band "
          "of the whole-euro floor (decision, not official). Negative turnover is an error.",
          _s001("Het tarief dat u betaalt voor het Keurmerk is gebaseerd op uw meest recente "
                "jaaromzet of omzetprognose", "KM-FEE-1")),
    _rule("KM-FEE-2", "The 25M band edge printed '25.000.0000' is read as 25,000,000.",
          _dec("obvious typo in seed 001, which prints the band as '€ 25.000.0000 - 49.999.999'",
               "KM-FEE-2")),
    _rule("KM-FEE-3", "A provider who bought the manual and then registers gets its price deducted "
          "from the first participant fee; the price is a parameter.",
          _s001("dan brengen we de kosten voor de aanschaf van de handleiding in mindering op uw "
                "deelnemersbijdrage", "KM-FEE-3")),
    _rule("KM-FEE-4", "Inburgering has its own tariffs, not in the sources: the fee of an "
          "inburgering-only provider is an error, not the general table.",
          _s001("Voor de tarieven rondom inburgeren verwijzen wij u naar de dienst Inburgeren.",
                "KM-FEE-4")),
    _rule("KM-AUD-1", "Turnover below 250,000 (249,999.99 qualifies, decision): Blik op Werk can "
          "arrange the results audit for 552; otherwise the provider contracts a certifying institution.",
          _s001("Organisaties met een omzet tot 250.000,00 kunnen ervoor kiezen de audit via Blik op "
                "Werk aan te vragen.", "KM-AUD-1")),
    _rule("KM-AUD-2", "Certifying institutions: Certiked, DNV GL Business Assurance B.V., KIWA N.V., "
          "TÜV Nederland, TÜV Rheinland, Het Keurmerkinstituut; collective audits also from Cheq.",
          _s001("De certificerende instellingen zijn Certiked, DNV GL Business Assurance B.V., KIWA N.V., "
                "TÜV Nederland, TÜV Rheinland, het Keurmerkinstituut. ... Deze audits worden collectief "
                "ingekocht bij een van de bovenstaande certificerende instellingen of bij Cheq.",
                "KM-AUD-2")),
    _rule("KM-AUD-3", "Guideline man-days by employees, year 1 / later years; 500+ means 501 and up "
          "(decision); zero employees is an error.",
          _s001("Richtlijnen aantal mandagen voor resultatenaudit", "KM-AUD-3")),
    _rule("KM-AUD-4", "Audit cost estimate = man-days x man-day rate (about 1,250, a parameter), "
          "flagged as an estimate.",
          _s001("Als richtlijn kan een mandag tarief van ongeveer € 1250,- aangehouden worden.",
                "KM-AUD-4")),
    _rule("KM-AUD-5", "Audit cost depends on client-contact staff, clients over twelve months and "
          "sites; the man-day table uses staff only, the others are recorded.",
          _s001("De hoogte van audittarieven is afhankelijk van: ... het aantal medewerkers van de "
                "dienstverlener dat rechtstreeks contact heeft met klanten ... het aantal klanten van de "
                "dienstverlener (gerekend over twaalf maanden) ... het aantal vestigingen van de "
                "dienstverlener", "KM-AUD-5")),
    _rule("KM-AUD-6", "An audit exemption may be granted in the 4th year (eligibility, not automatic).",
          _s001("Het is mogelijk in het 4e jaar een auditvrijstelling toegekend te krijgen.",
                "KM-AUD-6")),
    _rule("KM-CAL-1", "A measurement period is 12 months from a start chosen by the provider; it ends "
          "the day before the same date a year later (29 February: the day before 1 March; decision).",
          _s001("Tijdens een meetperiode van 12 maanden ... Op het aanmeldformulier kunt u zelf uw "
                "meetperiode invullen.", "KM-CAL-1")),
    _rule("KM-CAL-2", "Result data is requested in the last two weeks of the period (the last 14 "
          "days, inclusive; decision on the exact window).",
          _s001("In de laatste twee weken voor het einde van de meetperiode ontvangt u van ons de "
                "uitnodiging om resultaatgegevens aan te leveren.", "KM-CAL-2")),
    _rule("KM-CAL-3", "The results audit takes place at the latest three months after the period "
          "ends (calendar months; a missing day is the month's last day; decision).",
          _s001("De resultatenaudit vindt uiterlijk drie maanden na het einde van de meetperiode "
                "plaats.", "KM-CAL-3")),
    _rule("KM-CAL-4", "After registering, a provider may withdraw within two weeks (14 calendar "
          "days after the registration date, inclusive; decision).",
          _s001("Nadat u zich heeft aangemeld, kunt u binnen twee weken afzien van de "
                "overeenkomst.", "KM-CAL-4")),
    _rule("KM-CAL-5", "Aspirant status lasts at most one year, usually until the first period is "
          "assessed.",
          _s001("Het aspirant Keurmerk is een tijdelijke status, die een dienstverlener maximaal "
                "een jaar kan voeren. Meestal geldt deze tijdelijke status tot de eerste meetperiode "
                "is beoordeeld.", "KM-CAL-5")),
    _rule("KM-SVC-1", "Services dienst 1-13; dienst 12 no longer exists: refused in new data, "
          "accepted in historic data.",
          _s004("tabel 1.2 Diensten ... NB dienst 12 bestaat enige jaren niet meer.", "KM-SVC-1")),
    _rule("KM-SVC-2", "A holder includes all its activities under the defined services in the "
          "measurements (no cherry-picking).",
          _s001("Dienstverleners met het Blik op Werk Keurmerk zijn verplicht om al hun activiteiten "
                "die vallen binnen de 12 gedefineerde diensten van het keurmerk op te nemen in de "
                "metingen.", "KM-SVC-2")),
    _rule("KM-SVC-3", "Inburgering: at least 80 % of lessons given by qualified teachers.",
          _s001("Docenten inburgering (ten minste 80% van de lessen door gekwalificeerde docenten)",
                "KM-SVC-3")),
    _rule("KM-SAT-1", "Response = completed / net sample per service and in total, one decimal; the "
          "net sample excludes duplicates, undeliverable addresses and records missing essentials.",
          _s004("tabel 1.1 Resultaten voor het keurmerk ... Deze netto steekproef is ook de basis om de "
                "respons voor uw bedrijf vast te stellen.", "KM-SAT-1")),
    _rule("KM-SAT-2", "Only questionnaires with at least the service-aspect questions answered count.",
          _s004("Alleen vragenlijsten waarbij tenminste de vragen rond de dienstverlenings-aspecten "
                "zijn ingevuld", "KM-SAT-2")),
    _rule("KM-SAT-3", "Norm: mean client mark at least 6.5 in total and at least 5.5 per service. "
          "Decision (not official): a mean is compared as it is published, rounded half-up to one "
          "decimal (6.45 is shown as 6.5 and meets 6.5), so the verdict never contradicts the figure "
          "shown; the per-service norm applies to every service with at least one completed "
          "questionnaire (parameters mark_decimals, norm_service_min_completed).",
          _s004("Voor het behalen van het keurmerk is, bij totaal, een gemiddeld rapportcijfer van "
                "6,5 de norm. Per dienst moet er dan wel een gemiddeld rapportcijfer van 5,5 of hoger "
                "worden gehaald.", "KM-SAT-3")),
    _rule("KM-SAT-4", "Low-mark correction for providers who mostly score well but have a few very "
          "low marks. Decision (not official): the corrected mean replaces every mark below 5.5 by "
          "one value (default 5); it applies only when more than half of the marks are 7 or higher "
          "(parameters low_mark_value, correction_good_mark, correction_good_share); the norm is met "
          "if the plain or, where it applies, the corrected mean meets it.",
          _s004("In dit geval zijn alle onvoldoendes even zwaar meegeteld, ongeacht of het om een 1 "
                "gaat of om een 5. Bedrijven die overwegend ruime voldoende halen maar gemiddeld geen "
                "6,5 omdat er enkele erg lage scores tussen zitten, komen toch in aanmerking voor het "
                "keurmerk.", "KM-SAT-4")),
    _rule("KM-SAT-5", "Principals may give marks with decimals; clients give whole marks. A client "
          "who is also the principal (zelfmelder) fills in the client questionnaire only.",
          _s004("Als een cliënt tegelijk ook de opdrachtgever was (een zelfmelder), dan is hij/zij "
                "uitsluitend gevraagd om de cliëntenvragenlijst in te vullen. ... Opdrachtgevers mogen "
                "ook cijfers achter de komma geven.", "KM-SAT-5")),
    _rule("KM-SAT-6", "A service's mark is published with at least 4 completed questionnaires and a "
          "response of at least 15 % (decision: the manual is not in the sources); the principals' "
          "mark is always published.",
          _s004("De rapportcijfers van het onderzoek worden gepubliceerd op de website van Blik op Werk "
                "als voldaan is aan de responses zoals die ook in de handleiding Blik op Werk Keurmerk is "
                "opgenomen. ... Bij de opdrachtgevers staat 'ja', omdat dit cijfer altijd gepubliceerd "
                "wordt.", "KM-SAT-6")),
    _rule("KM-SAT-7", "Actual promoter score: % recommended minus % advised against, over those who "
          "answered, one decimal (decision: the report gives the figure, not the formula).",
          _s004("Cliënten is ook gevraagd of zij Welke Professionals hebben aangeraden. Welke "
                "Professionals heeft een actuele promotor score van 38,5. ... Heeft u Welke "
                "Professionals aangeraden bij anderen?", "KM-SAT-7")),
    _rule("KM-SAT-8", "Satisfaction distribution as shares: zeer tevreden, tevreden, ontevreden, "
          "zeer ontevreden, geen mening.",
          _s004("Geen mening: 0% ... Zeer tevreden: 67% ... Tevreden: 33% ... Ontevreden: 0% ... "
                "Zeer ontevreden: 0%", "KM-SAT-8")),
    _rule("KM-SAT-9", "Invitations: clients by e-mail and post, each with one reminder; principals by "
          "e-mail only; optional telephone round, Blik op Werk pays 50 % of the first 20 bought calls; "
          "inburgering clients with learning profile 1 or 2 are called, up to 25 successful calls: "
          "the 26th is invited the regular way. Decision (not official): learning profiles are 1-4, "
          "anything else is an error.",
          _s004("De cliënten zijn zowel per email als schriftelijk uitgenodigd. ... De opdrachtgevers "
                "zijn uitsluitend per e-mail benaderd. ... van de eerste 20 ingekochte gesprekken 50% "
                "van de kosten voor haar rekening te nemen. ... Voor de dienst inburgeren zijn de "
                "cliënten telefonisch benaderd wanneer deze een lager leerprofiel hebben (1 of 2), tot "
                "een maximum van 25 geslaagde gesprekken. Inburgeraars met de andere leerprofielen zijn "
                "op de reguliere wijze benaderd", "KM-SAT-9")),
    _rule("KM-STAR-1", "Stars (at most 4) distinguish quality on client and principal satisfaction, "
          "performance and transparent effort agreements, trained staff, exam guarantee.",
          _s001("Hoe kunt u meer sterren krijgen? ... U kunt maximaal 4 sterren toegekend krijgen.",
                "KM-STAR-1")),
    _rule("KM-STAR-2", "Default star policy (replaceable): 1 star for meeting the norms plus 1 per "
          "criterion met, capped at 4; aspirants have none.",
          _dec("the official formula is not public", "KM-STAR-2")),
    _rule("KM-SRCH-1", "Sort by satisfaction mark or stars, high to low; by proximity for a location "
          "search; keywords match company name, presentation text, distinguishing text and city, "
          "each word separately, and filter. Decision (not official): keyword results keep the "
          "chosen order (mark by default; parameter search_default_order); relevance only when "
          "the caller asks for it.",
          _s001("De resultaten worden gesorteerd op volgorde van tevredenheidscijfer of op het aantal "
                "sterren van hoog naar laag. Bij zoeken op locatie worden de resultaten gesorteerd op "
                "volgorde van geografische nabijheid. ... Bij het zoeken op trefwoord worden de "
                "ingevoerde woorden afzonderlijk gezocht.", "KM-SRCH-1")),
    _rule("KM-SRCH-2", "Only the top-5 target groups and top-5 services are in the search engine.",
          _s001("Alleen deze vijf zijn in de zoekmachine opgenomen.", "KM-SRCH-2")),
    _rule("KM-SRCH-3", "A provider's location is a visiting-address postcode, never a P.O. box; every "
          "establishment is searchable.",
          _s001("Het moet gaan om een postcode van een bezoekadres en niet van een postbus. Check of u "
                "daarnaast alle gegevens van uw vestigingen heeft toegevoegd.", "KM-SRCH-3")),
)


def _p(value: object, source: Source) -> tuple[object, Source]:
    return (value, source)


_NOT_PUBLIC = "the official star formula is not public"

_PARAMETERS: dict[str, tuple[object, Source]] = {
    "manday_rate": _p(Money("1250"), _s001("een mandag tarief van ongeveer € 1250,-", "KM-AUD-4")),
    "audit_exemption_year": _p(4, _s001("in het 4e jaar een auditvrijstelling", "KM-AUD-6")),
    "period_months": _p(12, _s001("meetperiode van 12 maanden", "KM-CAL-1")),
    "data_request_days": _p(14, _dec("'de laatste twee weken' read as the last 14 days of the "
                                     "period, inclusive", "KM-CAL-2")),
    "audit_deadline_months": _p(3, _s001("uiterlijk drie maanden na het einde van de meetperiode",
                                         "KM-CAL-3")),
    "withdrawal_days": _p(14, _dec("'binnen twee weken' read as 14 calendar days after the "
                                   "registration date, inclusive", "KM-CAL-4")),
    "aspirant_max_months": _p(12, _s001("maximaal een jaar", "KM-CAL-5")),
    "norm_total": _p(Decimal("6.5"), _s004("gemiddeld rapportcijfer van 6,5", "KM-SAT-3")),
    "norm_service": _p(Decimal("5.5"), _s004("Per dienst moet er dan wel een gemiddeld rapportcijfer van "
                                             "5,5 of hoger worden gehaald.", "KM-SAT-3")),
    "mark_decimals": _p(1, _dec("a mean is compared as it is published, rounded half-up to one decimal "
                                "(seed 004 prints marks with one decimal), so a verdict never "
                                "contradicts the figure shown beside it", "KM-SAT-3")),
    "norm_service_min_completed": _p(1, _dec("the per-service norm applies to every service with at least "
                                             "this many completed questionnaires", "KM-SAT-3")),
    "low_mark_below": _p(Decimal("5.5"), _dec("a failing mark (onvoldoende) is one below 5.5", "KM-SAT-4")),
    "low_mark_value": _p(Decimal("5"), _dec("every failing mark counts as 5 in the corrected mean "
                                            "('ongeacht of het om een 1 gaat of om een 5')", "KM-SAT-4")),
    "correction_good_mark": _p(Decimal("7"), _dec("'overwegend ruime voldoende': a mark of 7 or higher "
                                                  "is a 'ruime voldoende'", "KM-SAT-4")),
    "correction_good_share": _p(Decimal("0.5"), _dec("'overwegend': the correction applies only when more "
                                                     "than this share of the marks is a 'ruime voldoende'",
                                                     "KM-SAT-4")),
    "publish_min_completed": _p(4, _dec("manual not in the sources", "KM-SAT-6")),
    "publish_min_response_pct": _p(Decimal("15"), _dec("manual not in the sources", "KM-SAT-6")),
    "star_client_mark": _p(Decimal("8.0"), _dec(_NOT_PUBLIC, "KM-STAR-2")),
    "star_principal_mark": _p(Decimal("8.0"), _dec(_NOT_PUBLIC, "KM-STAR-2")),
    "star_performance_pct": _p(Decimal("75"), _dec(_NOT_PUBLIC, "KM-STAR-2")),
    "star_agreements_pct": _p(Decimal("95"), _dec(_NOT_PUBLIC, "KM-STAR-2")),
    "star_staff_pct": _p(Decimal("100"), _dec(_NOT_PUBLIC, "KM-STAR-2")),
    "star_max": _p(4, _s001("U kunt maximaal 4 sterren toegekend krijgen.", "KM-STAR-1")),
    "phone_subsidy_share": _p(Decimal("0.5"), _s004("van de eerste 20 ingekochte gesprekken 50% van de "
                                                    "kosten voor haar rekening", "KM-SAT-9")),
    "phone_subsidy_calls": _p(20, _s004("van de eerste 20 ingekochte gesprekken", "KM-SAT-9")),
    "inburgering_phone_max": _p(25, _s004("tot een maximum van 25 geslaagde gesprekken", "KM-SAT-9")),
    "phone_learning_profile_max": _p(2, _s004("wanneer deze een lager leerprofiel hebben (1 of 2)",
                                              "KM-SAT-9")),
    "learning_profile_max": _p(4, _dec("learning profiles are 1-4 (the inburgering learning routes); the "
                                       "seed names only 'een lager leerprofiel (1 of 2)' and 'de andere "
                                       "leerprofielen'", "KM-SAT-9")),
    "qualified_teacher_min_pct": _p(Decimal("80"), _s001("ten minste 80% van de lessen door gekwalificeerde "
                                                         "docenten", "KM-SVC-3")),
    "top_n": _p(5, _s001("een top 5-doelgroepen en een top 5-diensten", "KM-SRCH-2")),
    "search_default_order": _p("mark", _dec("a keyword search filters and keeps the chosen order (the seed "
                                            "sorts by mark or stars); relevance only when asked for",
                                            "KM-SRCH-1")),
}

#: Decisions beside the seed 004 passages of KM-SAT-6 and KM-SAT-7, one row per rule: shown in
#: the catalogue as *decision (not official)* with the reason.
_DECISIONS: RuleTable[str, str] = RuleTable.build(
    "decisions",
    "Project decisions (not official) beside the seed: publishing a mark, the promoter score",
    VALID_FROM,
    [
        ("KM-SAT-6", "a service's mark is published with at least 4 completed questionnaires and a "
         "response of at least 15 % (parameters publish_min_completed, publish_min_response_pct)",
         _dec("the manual the seed refers to is not in the sources; 4 and 15 % publish every row of "
              "seed 004's table 1.1, as the report says", "KM-SAT-6")),
        ("KM-SAT-7", "% recommended minus % advised against, over those who answered, one decimal",
         _dec("seed 004 gives 'een actuele promotor score van 38,5' without a formula", "KM-SAT-7")),
    ],
)

#: The Keurmerk rule set (version 2020.1): rules KM-*, their tables and parameters.
KEURMERK_RULES = RuleSet(
    name="keurmerk",
    version="2020.1",
    effective=VALID_FROM,
    tables={
        "fee_bands": FEE_BANDS,
        "mandays": MANDAYS,
        "audit_routes": AUDIT_ROUTES,
        "certifying_institutions": CERTIFYING_INSTITUTIONS,
        "services": SERVICES,
        "decisions": _DECISIONS,
    },
    rules=_RULES,
    parameters=_PARAMETERS,
)
