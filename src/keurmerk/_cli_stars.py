"""``keurmerk stars``."""

from __future__ import annotations

from decimal import Decimal

import click

from blikopwerk._cli import console, lang_option, strip_rule_ids
from blikopwerk._i18n import N_, Translator
from keurmerk._cli_common import FORMAT_OPTION, emit, tr
from keurmerk._stars import Criterion, DefaultStarPolicy, StarInputs, StarResult, stars

__all__ = ["stars_command"]


def _value(value: Decimal | None, t: Translator, percent: bool = False) -> str:
    if value is None:
        return t._("not known")
    return t.percent(value, decimals=1, trim=True) if percent else t.number(value, decimals=1, trim=True)


def _criterion_text(c: Criterion, policy: DefaultStarPolicy, inputs: StarInputs,
                    t: Translator) -> tuple[str, str]:
    """What a criterion asks and the provider's figure, in words (the default policy's criteria)."""
    together = (None if inputs.performance_pct is None or inputs.effort_pct is None
                else inputs.performance_pct + inputs.effort_pct)
    texts = {
        "norms": (t._("meets the Keurmerk norms"),
                  t._("aspirant: no stars") if inputs.aspirant else
                  t._("norms met") if inputs.norms_met else t._("norms not met: no stars")),
        "client_mark": (t._("client mark at least {mark}").format(mark=_value(policy.client_mark, t)),
                        _value(inputs.client_mark, t)),
        "principal_mark": (t._("principal mark at least {mark}").format(mark=_value(policy.principal_mark, t)),
                           _value(inputs.principal_mark, t)),
        "performance_agreements": (
            t._("performance agreements in at least {pct} of trajectories").format(
                pct=_value(policy.performance_pct, t, True)), _value(inputs.performance_pct, t, True)),
        "agreements": (t._("performance or transparent effort agreements in at least {pct}").format(
            pct=_value(policy.agreements_pct, t, True)), _value(together, t, True)),
        "trained_staff": (t._("at least {pct} of client-facing staff meet the function requirements").format(
            pct=_value(policy.staff_pct, t, True)), _value(inputs.staff_pct, t, True)),
        "exam_guarantee": (t._("exam guarantee where a service allows one"),
                           (t._("exam guarantee offered") if inputs.exam_guarantee else
                            t._("no exam guarantee offered")) if c.applicable else
                           t._("no service allows an exam guarantee (training, civic integration)")),
    }
    return texts.get(c.id, (strip_rule_ids(c.description), strip_rule_ids(c.detail)))


def _table(result: StarResult, inputs: StarInputs, t: Translator) -> None:
    from rich.table import Table

    policy = DefaultStarPolicy.from_rules()
    table = Table(t._("criterion"), t._("counted"), t._("figure"),
                  title=t.ngettext("Stars: {stars} ({n} of at most {max})", "Stars: {stars} ({n} of at most {max})",
                                   result.stars).format(stars="*" * result.stars or "0", n=result.stars,
                                                        max=policy.max_stars))
    for c in result.criteria:
        what, figure = _criterion_text(c, policy, inputs, t)
        counted = t.gettext("yes") if c.met else (t._("not applicable") if not c.applicable else t.gettext("no"))
        table.add_row(what, counted, figure)
    out = console()
    out.print(table)
    out.print(t._("Policy: the default policy, a decision of this library; not an official formula."))


@click.command("stars", help=N_("""Stars under the default policy (a decision: the official formula is not public).

Example: keurmerk stars --client-mark 8.2 --principal-mark 7.9 --staff-pct 100"""))
@click.option("--client-mark", help=N_("Clients' mean mark."))
@click.option("--principal-mark", help=N_("Principals' mean mark."))
@click.option("--performance-pct", help=N_("% of trajectories with performance agreements."))
@click.option("--effort-pct", help=N_("% with transparent effort agreements."))
@click.option("--staff-pct", help=N_("% of client-facing staff meeting the function requirements."))
@click.option("--exam-guarantee", is_flag=True, help=N_("The provider offers an exam guarantee."))
@click.option("--service", "service_numbers", multiple=True, type=int, help=N_("A service number (repeatable)."))
@click.option("--aspirant", is_flag=True, help=N_("Aspirant holder (no stars)."))
@click.option("--norms-not-met", is_flag=True, help=N_("The provider does not meet the norms (no stars)."))
@FORMAT_OPTION
@lang_option
def stars_command(client_mark: str | None, principal_mark: str | None, performance_pct: str | None,
                  effort_pct: str | None, staff_pct: str | None, exam_guarantee: bool,
                  service_numbers: tuple[int, ...], aspirant: bool, norms_not_met: bool, fmt: str,
                  lang: str) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
    inputs = StarInputs(norms_met=not norms_not_met, aspirant=aspirant, client_mark=client_mark,
                        principal_mark=principal_mark, performance_pct=performance_pct,
                        effort_pct=effort_pct, staff_pct=staff_pct, exam_guarantee=exam_guarantee,
                        services=service_numbers)
    result = stars(inputs)
    if fmt == "json":
        emit({"stars": result.stars, "policy": result.policy,
              "criteria": [{"id": c.id, "description": c.description, "met": c.met,
                            "applicable": c.applicable, "detail": c.detail} for c in result.criteria]})
        return
    _table(result, inputs, tr(lang))
