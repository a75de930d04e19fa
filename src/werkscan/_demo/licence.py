"""Demo: a staffel crossing 80 % and going over, on SQLite, the warning as an ``.eml`` file.

Run on its own with ``python -m werkscan._demo.licence [WORKDIR]``; the main demo calls
:func:`demo`.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import sys
from collections.abc import Callable

from blikopwerk._backends.notifiers import EmlFolderNotifier
from blikopwerk._errors import BlikopwerkError
from blikopwerk._money import Money
from blikopwerk._outbox import deliver_outbox
from blikopwerk._protocols import DeliveryError, Message, Storage
from blikopwerk._select import open_storage
from werkscan._invoicing.model import CreditNote, Party
from werkscan._invoicing.service import InvoicingService
from werkscan._licensing.access import AccessService
from werkscan._licensing.service import LicenceService
from werkscan._licensing.staffel import StaffelService
from werkscan._reports.employer import TooFewQuestionnairesError
from werkscan._scoring.scalar import score

__all__ = ["demo"]

_T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class _DownOnce:
    """A notifier whose mail server is down for the first attempt (shows the retry)."""

    name = "down-once"

    def __init__(self, inner: EmlFolderNotifier) -> None:
        self.inner = inner
        self.failed = False

    def deliver(self, message: Message) -> None:
        if not self.failed:
            self.failed = True
            raise DeliveryError("mail server unreachable (simulated)")
        self.inner.deliver(message)


def demo(workdir: pathlib.Path, echo: Callable[[str], None]) -> None:
    """Licence, staffel of 25, 30 completions via codes and a link, warning at 20, overage;
    then the period end, its invoices and a credit note.

    Uses a SQLite file ``licences.sqlite3`` and writes the 80 % warning as an ``.eml`` file
    into ``workdir / "outbox"``. Safe to run twice on the same folder (it starts afresh).

    Example:
        >>> import tempfile
        >>> lines = []
        >>> demo(pathlib.Path(tempfile.mkdtemp()), lines.append)
        >>> any("staffel-80" in x for x in lines)
        True
    """
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "licences.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(f"{db}{suffix}").unlink(missing_ok=True)
    outbox = workdir / "outbox"
    storage = open_storage(f"sqlite:///{db}")
    try:
        clock = [_T0]

        def now() -> dt.datetime:
            return clock[0]

        licences = LicenceService(storage, clock=now)
        staffels = StaffelService(storage, clock=now)
        access = AccessService(storage, clock=now)

        lic = licences.create("Arbo Advies Utrecht BV", "Anna de Vries", "anna@arbo-utrecht.example",
                              dt.date(2026, 1, 1), dt.date(2026, 12, 31), licence_id="WS-2026-001",
                              postcode="3511 AB")
        echo(f"Licence {lic.id} for {lic.company}, valid {lic.valid_from} to {lic.valid_until} (WS-LIC-1)")
        licences.verify_training("bert@arbo-utrecht.example", "Bert Bakker", dt.date(2025, 11, 14))
        licences.add_expert(lic.id, "bert@arbo-utrecht.example")
        echo("Expert bert@arbo-utrecht.example added after verified training (WS-LIC-2)")
        staffel = staffels.buy(lic.id, 25, staffel_id="S-2026-001")
        echo(f"Staffel of {staffel.size} bought at {staffel.unit_price.format()} each = "
             f"{staffel.price.format()} (example table, WS-STF-2)")

        codes = access.generate_codes(lic.id, "Bakkerij Jansen", 20, expert="bert@arbo-utrecht.example")
        echo(f"20 single-use codes issued for Bakkerij Jansen by Bert, e.g. {codes.codes[0]} (WS-ACC-2)")
        link = access.create_link(lic.id, "Garage Smit")
        echo(f"Open company link for Garage Smit: {link}")

        warned_at = None
        for i, code in enumerate(codes.codes):
            clock[0] = _T0 + dt.timedelta(minutes=10 * i)
            q = access.redeem(code).questionnaire
            result = score(_answers(4 + i % 7))
            out = access.complete(q.id, result=result, research_consent=i % 3 != 0)
            assert out.charge is not None
            if out.charge.warning_queued:
                warned_at = out.charge.used
            if i == 0:
                access.complete(q.id)  # the same completion delivered twice: charged once
        echo(f"20 questionnaires completed via codes; the 80 % warning was queued at "
             f"completion {warned_at} of 25 (WS-STF-3)")
        try:
            access.redeem(codes.codes[0])
        except BlikopwerkError as exc:
            echo(f"Redeeming a used code again is refused: {exc}")

        flaky = _DownOnce(EmlFolderNotifier(outbox))
        first = deliver_outbox(storage, flaky, clock[0])
        echo(f"Delivery attempt 1: mail server down, retrying {list(first.retrying)} later (outbox)")
        for i in range(10):
            clock[0] = _T0 + dt.timedelta(hours=4, minutes=10 * i)
            q = access.open_link(link)
            access.complete(q.id)
        echo("10 more questionnaires through the open link: usage goes past the staffel, "
             "nobody is cut off (WS-STF-4)")
        second = deliver_outbox(storage, flaky, clock[0])
        for mid in second.delivered:
            echo(f"Warning delivered as {EmlFolderNotifier(outbox).path_for(Message(mid, (), '', ''))}")
        third = deliver_outbox(storage, flaky, clock[0] + dt.timedelta(hours=1))
        echo(f"Delivering again sends nothing: {len(third.delivered)} message(s)")

        st = staffels.statement(lic.id)
        echo("Usage statement:")
        for line in st.render().splitlines():
            echo(f"  {line}")
        counts = access.counts(lic.id)
        echo(f"What the expert sees (counts only, WS-ACC-4): {counts.completed} completed, "
             f"by client {dict(counts.by_client)}")
        echo(f"Research export (WS-ACC-3): {len(access.research_export())} of {counts.completed} "
             "questionnaires (the others declined research)")
        echo(f"Usage per expert (WS-LIC-2): {dict(counts.by_expert)}")
        try:
            licences.employer_report(lic.id, "Bakkerij Jansen")
        except TooFewQuestionnairesError as exc:
            echo(f"Employer report for Bakkerij Jansen from storage refused: {exc.count} stored "
                 f"questionnaires, at least {exc.minimum} needed (WS-RPT-2)")
        _invoicing(storage, lic.id, clock, echo)
    finally:
        storage.close()


def _answers(ability: int) -> dict[str, object]:
    return {"wai": {"current_work_ability": ability, "physical_demands": 4, "mental_demands": 3,
                    "work_nature": "both", "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3,
                    "prognosis": 7, "mental_resources": [3, 3, 2]},
            "signals": {a: "weak" if ability < 6 else "none" for a in (
                "health", "lifestyle", "work", "work_life_balance", "education", "career_development",
                "career_mobility", "self_reliance")}}


def _invoicing(storage: Storage, licence_id: str, clock: list[dt.datetime],
               echo: Callable[[str], None]) -> None:
    """Period end, invoices and a credit note, as the licences guide shows (WS-INV-1..3)."""
    invoicing = InvoicingService(storage, Party("Blik op Werk", ("Postbus 1", "3500 AA Utrecht")))
    year_end = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)  # 00:30 on 1 January in Utrecht
    plan = invoicing.plan(year_end)
    echo(f"Period end, dry run: {len(plan.drafts)} document(s) would be issued")
    done = invoicing.run_period_end(year_end)
    echo(f"Period end: {done.summary('en')}")
    for d in done.issued:
        echo(f"  invoice {d.number} of {d.issued_on}: {d.total.format()} incl. VAT ({d.key})")
    again = invoicing.run_period_end(year_end + dt.timedelta(hours=8))
    echo(f"Running it again does nothing: {again.nothing_done}")
    credited = storage.staffels.charges(licence_id)[-1].questionnaire_id  # type: ignore[attr-defined]
    invoicing.credit_charge(credited, "testvragenlijst", at=dt.datetime(2027, 1, 8, 9, tzinfo=dt.UTC))
    (note,) = invoicing.run_period_end(dt.datetime(2027, 1, 8, 10, tzinfo=dt.UTC)).issued
    assert isinstance(note, CreditNote)
    echo(f"Charge of {credited} credited: credit note {note.number} on invoice "
         f"{note.original_number}, {note.total.format()} incl. VAT (WS-INV-1)")
    total = sum((d.total for d in invoicing.documents(licence_id)), Money.zero())
    echo(f"The licence's invoices and credit notes add up to {total.format()} incl. VAT")


def main(argv: list[str] | None = None) -> int:
    """Run the demo into a folder (default ``./demo-licences``)."""
    args = sys.argv[1:] if argv is None else argv
    workdir = pathlib.Path(args[0]) if args else pathlib.Path("demo-licences")
    demo(workdir, print)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
