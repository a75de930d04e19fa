"""The main job: an end-to-end demo on the embedded SQLite default.

Run with ``python3 scripts/demo.py`` (sets up ``.venv`` first) or
``python -m blikopwerk._demo [--workdir DIR]``. Every step prints what it did; the files
it writes (reports, ``.eml`` messages, the SQLite database) land in ``--workdir``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

#: Domain demos, in order: ``(title, module)``; each module has ``demo(workdir, echo)``.
DOMAIN_DEMOS: list[tuple[str, str]] = [
    ("Werkscan: scoring and reports", "werkscan._demo_scoring"),
    ("Werkscan: licences and staffels", "werkscan._demo_licence"),
    ("Werkscan: leads from match to consent", "werkscan._demo_leads"),
    ("Keurmerk", "keurmerk._demo"),
]


def _heading(echo: Callable[[str], None], title: str) -> None:
    echo("")
    echo(f"== {title} " + "=" * max(0, 70 - len(title)))


def kernel_demo(workdir: Path, echo: Callable[[str], None]) -> None:
    """The kernel on its own: money, postcodes, working days, distances, plugins, outbox."""
    from blikopwerk import (
        EmlFolderNotifier,
        Message,
        Money,
        OfflineGeocoder,
        Postcode,
        WorkingDayCalendar,
        deliver_outbox,
        distance,
        open_storage,
        within,
    )

    echo(f"Money('1605') with 21 % VAT: {Money('1605').with_vat().format()}")
    echo(f"Postcode.parse(' 3511ab') -> {Postcode.parse(' 3511ab')}")
    cal = WorkingDayCalendar()
    offer = dt.date(2026, 12, 22)
    echo(f"Lead offered {offer:%a %d %b %Y}: reminder {cal.add(offer, 3):%a %d %b}, "
         f"deadline {cal.add(offer, 5):%a %d %b} (Christmas skipped)")
    geo = OfflineGeocoder()
    u = geo.lookup("3511")
    for pc in ("3811", "1012", "5211", "2511", "6211"):
        p = geo.lookup(pc)
        echo(f"  3511 Utrecht -> {pc} {geo.place(pc):<16} {distance(u, p):8.2f~P}"
             f"  within 50 km: {within(u, p, '50 km')}")
    url = f"sqlite:///{workdir / 'blikopwerk.sqlite3'}"
    storage = open_storage(url)
    try:
        now = dt.datetime.now(dt.UTC)
        storage.outbox.enqueue(Message("demo-hello", ("expert@example.nl",), "Welkom",
                                       "Dit bericht liep via de outbox."), now)
        report = deliver_outbox(storage, EmlFolderNotifier(workdir / "outbox"), now)
        echo(f"Outbox on {url}: delivered {list(report.delivered)} as .eml into {workdir / 'outbox'}")
    finally:
        storage.close()


def main(argv: list[str] | None = None) -> int:
    """Run every part of the demo; exit status 1 if any part fails."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path, default=Path("demo-out"))
    args = parser.parse_args(argv)
    workdir: Path = args.workdir.resolve()
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)

    def echo(line: str) -> None:
        print(line, flush=True)

    _heading(echo, "CLI")
    for cmd in (["werkscan", "--version"], ["keurmerk", "--version"], ["werkscan", "plugins"]):
        echo("$ " + " ".join(cmd))
        exe = Path(sys.executable).parent / cmd[0]
        subprocess.run([str(exe), *cmd[1:]], check=True)
    _heading(echo, "Kernel")
    kernel_demo(workdir, echo)
    for title, module in DOMAIN_DEMOS:
        _heading(echo, title)
        importlib.import_module(module).demo(workdir, echo)
    echo("")
    echo(f"Demo finished; files are in {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
