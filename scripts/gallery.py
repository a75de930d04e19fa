"""Render the report gallery of the docs (``docs/guides/*-gallery-*``) from the example data.

Usage: ``python scripts/gallery.py`` (with the ``reports`` extra installed). Page previews
(PNG) need ``pdftoppm`` from poppler-utils (Debian: ``apt-get install poppler-utils``);
without it only the PDF and HTML files are written. The report date is fixed, so a render
changes only when a report changes; ``tests/test_gallery.py`` checks that the HTML files
in the docs hold what the reports say today.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "docs" / "guides"
DAY = dt.date(2026, 3, 2)
SURVEY_DAY = dt.date(2021, 2, 10)


def _answers() -> dict[str, object]:
    return json.loads(resources.files("werkscan").joinpath("data", "example_answers.json").read_text("utf-8"))


def worker(lang: str, suffix: str) -> str | bytes:
    """The worker report of the example answers."""
    import io

    from werkscan import score, worker_report_html, worker_report_pdf

    result = score(_answers())
    if suffix == ".html":
        return worker_report_html(result, lang=lang, on=DAY)
    buf = io.BytesIO()
    worker_report_pdf(result, buf, lang=lang, on=DAY)
    return buf.getvalue()


def employer(lang: str, suffix: str) -> str | bytes:
    """The employer report of the example batch (38 valid rows), with the research context."""
    import io

    from werkscan import employer_report_html, employer_report_pdf, score_batch, summarise_employer

    batch = score_batch(Path(str(resources.files("werkscan").joinpath("data", "example_batch.csv"))))
    summary = summarise_employer(batch.results, employer="Voorbeeld BV")
    if suffix == ".html":
        return employer_report_html(summary, lang=lang, context=True, on=DAY)
    buf = io.BytesIO()
    employer_report_pdf(summary, buf, lang=lang, context=True, on=DAY)
    return buf.getvalue()


def survey(lang: str, suffix: str) -> str | bytes:
    """The survey report of the example survey, compared with the invented reference figures."""
    import tempfile

    from keurmerk import SurveyReference, load_survey_file, write_survey_report

    data_dir = resources.files("keurmerk").joinpath("data")
    data = load_survey_file(Path(str(data_dir.joinpath("example_survey_2020.json"))))
    reference = SurveyReference.from_file(Path(str(data_dir.joinpath("example_reference_2020.json"))))
    with tempfile.TemporaryDirectory() as tmp:
        path = write_survey_report(data.analyse(), Path(tmp) / f"r{suffix}", provider=data.provider,
                                   period=(data.period_start, data.period_end), lang=lang, on=SURVEY_DAY,
                                   reference=reference)
        return path.read_text("utf-8") if suffix == ".html" else path.read_bytes()


#: (file stem, builder) of every report in the gallery.
REPORTS: dict[str, Callable[[str, str], str | bytes]] = {
    "werkscan-gallery-worker": worker,
    "werkscan-gallery-employer": employer,
    "keurmerk-gallery-survey": survey,
}


def main() -> int:
    pdftoppm = shutil.which("pdftoppm")
    for stem, build in REPORTS.items():
        for lang in ("nl", "en"):
            for suffix in (".pdf", ".html"):
                out = GUIDES / f"{stem}-{lang}{suffix}"
                content = build(lang, suffix)
                if isinstance(content, str):
                    out.write_text(content, "utf-8")
                else:
                    out.write_bytes(content)
                print(f"wrote {out.relative_to(ROOT)}")
            if lang == "nl" and pdftoppm:
                pdf = GUIDES / f"{stem}-{lang}.pdf"
                for old in GUIDES.glob(f"{stem}-{lang}-page-*.png"):
                    old.unlink()
                subprocess.run([pdftoppm, "-r", "60", "-png", str(pdf), str(GUIDES / f"{stem}-{lang}-page")],
                               check=True)
                print(f"wrote {stem}-{lang}-page-*.png")
    from werkscan import band_scale_png, score

    (GUIDES / "werkscan-gallery-scale.png").write_bytes(band_scale_png(score(_answers()).wai.score))
    if not pdftoppm:
        print("pdftoppm not found: page previews not updated (apt-get install poppler-utils)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
