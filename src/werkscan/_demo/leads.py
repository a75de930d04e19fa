"""Demo: the life of a lead on SQLite (WS-LEAD-1..13): subscription, match, offer, decline,
quote, reminder, expiry, the worker's quotes, acceptance, consent; a lead that closes
without quotes, erasure on request, the events and the expert's list of leads.

Run on its own with ``python -m werkscan._demo.leads [WORKDIR]``; the main demo calls
:func:`demo`. Mails go to ``.eml`` files in ``WORKDIR/outbox-leads``.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import sys
from collections.abc import Callable

from blikopwerk._backends.notifiers import EmlFolderNotifier
from blikopwerk._errors import BlikopwerkError
from blikopwerk._outbox import deliver_outbox
from blikopwerk._select import open_storage
from werkscan._leads.directory import directory_map
from werkscan._leads.experts import ExpertService
from werkscan._leads.records import Establishment, Expert, WorkerContact
from werkscan._leads.service import LeadService

__all__ = ["demo"]

_AMS = dt.timezone(dt.timedelta(hours=1))  # CET, December
_OFFERED = dt.datetime(2026, 12, 22, 10, 0, tzinfo=_AMS)  # Tuesday 22 December 2026


def demo(workdir: pathlib.Path, echo: Callable[[str], None]) -> None:
    """Run the lead scenario in ``workdir`` (a fresh SQLite file each run), printing each step.

    Example:
        >>> import tempfile
        >>> lines = []
        >>> demo(pathlib.Path(tempfile.mkdtemp()), lines.append)
        >>> print(lines[-1])
        consent given: the worker now appears in amersfoort-arbo's overview (1 client)
    """
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "leads-demo.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(f"{db}{suffix}").unlink(missing_ok=True)
    storage = open_storage(f"sqlite:///{db}")
    notifier = EmlFolderNotifier(workdir / "outbox-leads")
    try:
        experts = ExpertService(storage)
        for eid, name, pc, address, km in (
            ("amersfoort-arbo", "Arbo Amersfoort", "3811 AB", "Stationsplein 1", True),
            ("amsterdam-werk", "Werkvermogen Amsterdam", "1012 AB", None, False),
            ("bosch-loopbaan", "Loopbaan Den Bosch", "5211 AA", "Markt 1", False),
            ("maastricht-zorg", "Zorg Maastricht", "6211 AA", "Vrijthof 1", True),
            ("utrecht-werk", "Werk Utrecht", "3512 AA", "Oudegracht 1", False),
        ):
            experts.register(Expert(eid, name, f"{eid}@example.nl", [Establishment(pc, address)], 20, km),
                             _OFFERED - dt.timedelta(days=30))
            if eid != "utrecht-werk":
                experts.subscribe(eid, dt.date(2026, 12, 1))
        echo(f"SQLite storage: {db}")
        echo("5 experts registered; 4 take a lead subscription from 1 Dec (WS-LEAD-9, -10)")
        pins = directory_map(experts.states())
        echo(f"directory map (WS-DIR-1): {', '.join(p.expert_id for p in pins)} "
             "(Amsterdam lists only a postcode: not on the map)")

        svc = LeadService(storage, secret=b"demo-secret-change-me-in-production")
        svc.submit("lead-0001", "3511 AB", 31.5, {"work": "strong", "health": "weak", "lifestyle": "none"},
                   WorkerContact("Jan Jansen", "jan.jansen@example.nl", "06 12345678"), _OFFERED)
        echo("lead-0001 from Utrecht (3511), WAI 31.5; contact data stored apart from the lead; "
             "utrecht-werk is nearest but has no subscription: not matched")
        for rank, m in enumerate(svc.match("3511", _OFFERED.date()), start=1):
            echo(f"  match {rank}: {m.expert_id} at {m.distance_m / 1000:.1f} km")
        offers = svc.offer("lead-0001", _OFFERED)
        first = offers[0]
        echo(f"offered on Tue 22 Dec 2026 to {len(offers)} experts; reminder due "
             f"{first.reminder_at:%a %d %b %H:%M}, quotes until the end of Wed 30 Dec (WS-LEAD-5, -6)")
        view = svc.open_leads("bosch-loopbaan", _OFFERED)["lead-0001:bosch-loopbaan"]
        echo(f"what an expert sees (WS-LEAD-7): {json.dumps(view.to_json())}")
        svc.decline("lead-0001:amsterdam-werk", dt.datetime(2026, 12, 22, 16, 0, tzinfo=_AMS))
        echo("amsterdam-werk declines; nobody else is approached in its place (WS-LEAD-11)")

        svc.quote("lead-0001:amersfoort-arbo", "450.00", "Werkscan-adviesgesprek van 90 minuten",
                  dt.datetime(2026, 12, 23, 15, 0, tzinfo=_AMS))
        echo("amersfoort-arbo quotes € 450,00 on Wed 23 Dec")
        tuesday = dt.datetime(2026, 12, 29, 9, 0, tzinfo=_AMS)
        due = svc.process_due(tuesday)
        again = svc.process_due(tuesday + dt.timedelta(minutes=5))
        echo(f"tick Tue 29 Dec 09:00: reminders {', '.join(due.reminded)}; a second tick sends "
             f"{len(again.reminded)} (exactly once)")
        try:
            svc.quote("lead-0001:bosch-loopbaan", "400", "Te laat", dt.datetime(2026, 12, 31, 8, 0, tzinfo=_AMS))
        except BlikopwerkError as exc:
            echo(f"late quote on Thu 31 Dec refused: [{exc.code}]")
        expired = svc.process_due(dt.datetime(2026, 12, 31, 0, 0, tzinfo=_AMS)).expired
        echo(f"tick Thu 31 Dec 00:00: expired {', '.join(expired)}; the expert is told")
        quotes = svc.quotes("lead-0001")
        until = svc.accept_until("lead-0001")
        assert until is not None
        echo(f"the worker sees {len(quotes)} quote: {quotes[0].amount.format()} from {quotes[0].expert_id}; "
             f"it can be accepted until the end of {(until - dt.timedelta(seconds=1)):%a %d %b %Y} (WS-LEAD-12)")

        accepted = svc.accept("lead-0001:amersfoort-arbo", dt.datetime(2027, 1, 4, 10, 0, tzinfo=_AMS))
        echo(f"the worker accepts: amersfoort-arbo owns the lead, fee {accepted.fee.format()} "
             "(Keurmerk price, WS-LEAD-9); contact data sent to the expert")
        link = svc.request_consent("lead-0001", "amersfoort-arbo", "jan.jansen@example.nl",
                                   dt.datetime(2027, 1, 4, 11, 0, tzinfo=_AMS))
        echo(f"consent request mailed (signed link, 14 days, once): {link[:60]}...")
        tampered = link[:-1] + ("A" if link[-1] != "A" else "B")
        try:
            svc.consent(tampered, dt.datetime(2027, 1, 5, 9, 0, tzinfo=_AMS))
        except BlikopwerkError as exc:
            echo(f"tampered link refused: [{exc.code}]")
        states = {v.offer_id.split(":")[1]: v.state for v in
                  (v for eid in ("amersfoort-arbo", "amsterdam-werk", "bosch-loopbaan")
                   for v in svc.expert_leads(eid))}
        echo("the experts' lists (distance band only): "
             + ", ".join(f"{eid} {state}" for eid, state in sorted(states.items())))

        # a second lead: its one offer is declined, so the lead closes and the worker is told once
        svc.submit("lead-0002", "6221 AB", 24, {"health": "strong"},
                   WorkerContact("Els Smeets", "els.smeets@example.nl"), _OFFERED)
        (only,) = svc.offer("lead-0002", _OFFERED)
        svc.decline(only.id, dt.datetime(2026, 12, 23, 9, 0, tzinfo=_AMS))
        echo(f"lead-0002 from Maastricht: offered to {only.expert_id} only, who declines: the lead is "
             f"{svc.storage.leads.get('lead-0002').status} and the worker is told once (WS-LEAD-11)")
        first_erase = svc.erase_contact("lead-0002", dt.datetime(2026, 12, 24, 9, 0, tzinfo=_AMS))
        again_erase = svc.erase_contact("lead-0002", dt.datetime(2026, 12, 24, 9, 5, tzinfo=_AMS))
        echo(f"the worker of lead-0002 asks for erasure: erased {first_erase}, confirmation mailed; "
             f"asked again: erased {again_erase}, nothing sent (WS-LEAD-12)")
        kinds = [e.kind for e in svc.history("lead-0001")]
        echo(f"the events of lead-0001, no personal data: {', '.join(kinds)}")

        report = deliver_outbox(storage, notifier, dt.datetime(2027, 1, 5, 9, 0, tzinfo=_AMS))
        echo(f"{len(report.delivered)} mails written to {notifier.folder}")
        svc.consent(link, dt.datetime(2027, 1, 5, 9, 30, tzinfo=_AMS))
        try:
            svc.consent(link, dt.datetime(2027, 1, 5, 9, 31, tzinfo=_AMS))
        except BlikopwerkError as exc:
            echo(f"the same link again refused: [{exc.code}]")
        clients = svc.overview("amersfoort-arbo")
        echo(f"consent given: the worker now appears in amersfoort-arbo's overview ({len(clients)} client)")
    finally:
        storage.close()


if __name__ == "__main__":
    demo(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "demo-work"), print)
