"""The scoring part of the demo: score the bundled example data and write a worker report."""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from importlib import resources

__all__ = ["demo", "example_data"]


def example_data(name: str) -> pathlib.Path:
    """The path of a bundled example file (``example_answers.json``, ``example_batch.csv``).

    Example:
        >>> example_data("example_answers.json").name
        'example_answers.json'
    """
    path = pathlib.Path(str(resources.files("werkscan") / "data" / name))
    if not path.is_file():
        from blikopwerk._errors import NotFoundError

        raise NotFoundError("example data file", name)
    return path


def demo(workdir: pathlib.Path, echo: Callable[[str], None]) -> None:
    """Score the bundled example questionnaire and batch; write the worker report (PDF + HTML).

    Args:
        workdir: folder for the outputs (created if needed).
        echo: prints one line of what the demo did.

    Example:
        >>> import tempfile, pathlib
        >>> lines = []
        >>> demo(pathlib.Path(tempfile.mkdtemp()), lines.append)
        >>> lines[0]
        'werkscan: example questionnaire scored: WAI 39.5 (good), advice: advised [WS-ADV-2]'
    """
    from werkscan._reports.employer import summarise_employer
    from werkscan._reports.render import employer_report_html, worker_report_html, worker_report_pdf
    from werkscan._scoring.batch import score_file
    from werkscan._scoring.model import Answers
    from werkscan._scoring.scalar import score

    workdir.mkdir(parents=True, exist_ok=True)
    answers = Answers.parse_json(example_data("example_answers.json").read_bytes())
    result = score(answers)
    echo(f"werkscan: example questionnaire scored: WAI {result.wai.score:g} ({result.wai.band.value}), "
         f"advice: {result.advice.value} [{', '.join(result.advice_rules)}]")
    pdf = workdir / "werkscan-worker-report.pdf"
    html = workdir / "werkscan-worker-report.html"
    worker_report_pdf(result, pdf)
    html.write_text(worker_report_html(result), encoding="utf-8")
    echo(f"werkscan: worker report written to {pdf} and {html}")
    out = workdir / "werkscan-batch-results.parquet"
    errors = workdir / "werkscan-batch-errors.csv"
    summary = score_file(example_data("example_batch.csv"), out, errors_output=errors,
                         id_column="questionnaire_id")
    echo(f"werkscan: example batch: {summary.rows} rows, {summary.scored} scored, {summary.rejected} rejected "
         f"(results {out.name}, errors {errors.name})")
    import pyarrow.parquet as pq

    employer = summarise_employer(pq.read_table(out), employer="Voorbeeld BV")
    employer_html = workdir / "werkscan-employer-report.html"
    employer_html.write_text(employer_report_html(employer, context=True), encoding="utf-8")
    echo(f"werkscan: employer report for {employer.questionnaires} questionnaires written to {employer_html}")
