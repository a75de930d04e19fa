"""The kernel's part of the main job, and the runner every package's demo uses.

``python3 scripts/demo.py`` (which sets up ``.venv`` first) runs the demos of
``blikopwerk``, ``werkscan`` and ``keurmerk`` in turn, each with
``python -m <package>._demo --workdir DIR``. Every step prints what it did; the files it
writes (reports, ``.eml`` messages, the SQLite database) land in ``--workdir``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path


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


#: A part of a demo: its heading and a function ``(workdir, echo)`` that runs it.
DemoPart = tuple[str, Callable[[Path, Callable[[str], None]], None]]


def run_demo(parts: Sequence[DemoPart], argv: list[str] | None = None,
             description: str | None = None) -> int:
    """Run ``parts`` in order under their headings; the files go into ``--workdir``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--workdir", type=Path, default=Path("demo-out"))
    args = parser.parse_args(argv)
    workdir: Path = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)

    def echo(line: str) -> None:
        print(line, flush=True)

    for title, part in parts:
        _heading(echo, title)
        part(workdir, echo)
    echo("")
    echo(f"Demo finished; files are in {workdir}")
    return 0


def cli_demo(commands: Sequence[Sequence[str]]) -> Callable[[Path, Callable[[str], None]], None]:
    """A demo part that runs the installed command lines ``commands`` and shows their output."""

    def part(_workdir: Path, echo: Callable[[str], None]) -> None:
        for cmd in commands:
            echo("$ " + " ".join(cmd))
            exe = Path(sys.executable).parent / cmd[0]
            subprocess.run([str(exe), *cmd[1:]], check=True)

    return part


def main(argv: list[str] | None = None) -> int:
    """Run the kernel's demo."""
    return run_demo([("Kernel", kernel_demo)], argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
