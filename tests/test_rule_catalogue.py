"""The rule catalogue is complete and its sources are real.

* The project's list of rule ids (``docs/rules/catalogue.txt``, the 97 rules of the catalogue
  with their source column) equals the rules of every rule set the docs render
  (``RULESETS`` of ``blikopwerk``, ``werkscan`` and ``keurmerk``), each id defined once.
* Each rule names the kinds of source the catalogue gives it: the seed it cites, the WAI
  instrument, and a *decision* where the catalogue says the project decided.
* Every quoted seed passage occurs in the seed text. The seeds are read from
  ``$BLIKOPWERK_SEEDS`` or a ``shared/seeds`` folder above the repository; without them the
  test is skipped and says why.
* Every decision shows as "decision (not official)" with its reason in the generated pages.
* Every id is cited by at least one test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import blikopwerk
import keurmerk
import werkscan
from blikopwerk import RuleSet, Source, render_ruleset_markdown
from seeds import seed_dir

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_FILE = ROOT / "docs" / "rules" / "catalogue.txt"
SEED_FILES = ("000_fce2b4cd91976fe2.txt", "001_7bacfedc505671bd.txt", "002_c7c9fbb17d8bd393.txt",
              "003_61c4fc8026d8ae25.txt", "004_eb95cfb9df74a09a.txt")

#: Rules whose sources live in files other engineers own; each gap is told to the lead. Strict:
#: the test fails as soon as the owner adds the source, so the entry is removed here (none known).
KNOWN_SOURCE_GAPS: dict[str, str] = {}
#: Seed passages that do not occur in the seed as quoted (none known).
KNOWN_PASSAGE_GAPS: dict[str, str] = {}
#: Ids not yet cited by a test (none known).
KNOWN_UNCITED: dict[str, str] = {}


def catalogue() -> dict[str, str]:
    """The project's rule ids with their source column, in catalogue order."""
    out: dict[str, str] = {}
    for line in CATALOGUE_FILE.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rule_id, source = line.split("\t")
        assert rule_id not in out, f"{rule_id} is listed twice in {CATALOGUE_FILE.name}"
        out[rule_id] = source
    return out


def rulesets() -> list[RuleSet]:
    return [*blikopwerk.RULESETS, *werkscan.RULESETS, *keurmerk.RULESETS]


def sources(ruleset: RuleSet) -> Iterator[tuple[str, Source, tuple[str, ...]]]:
    """Every source of a rule set: where it is, the source, and the rule ids it serves."""
    for rule in ruleset.rules:
        yield f"rule {rule.id}", rule.source, (rule.id, *rule.source.rules)
    for name, (_value, source) in ruleset.parameters.items():
        yield f"parameter {name}", source, source.rules
    for table in ruleset.tables.values():
        if table.source is not None:
            yield f"table {table.name}", table.source, table.source.rules
        for entry in table.entries:
            yield f"table {table.name}[{entry.key!r}]", entry.source, entry.source.rules


def cited() -> dict[str, list[Source]]:
    out: dict[str, list[Source]] = {}
    for ruleset in rulesets():
        for _where, source, ids in sources(ruleset):
            for rule_id in dict.fromkeys(ids):
                out.setdefault(rule_id, []).append(source)
    return out


# ------------------------------------------------------------------ the list of ids


def test_the_catalogue_lists_97_rules() -> None:
    ids = catalogue()
    assert len(ids) == 97
    assert all(re.fullmatch(r"(K|WS|KM)-[A-Z0-9]+-\d+", i) for i in ids)


def test_the_rule_sets_hold_exactly_the_catalogue_each_id_once() -> None:
    defined = [rule.id for ruleset in rulesets() for rule in ruleset.rules]
    twice = sorted({i for i in defined if defined.count(i) > 1})
    missing = sorted(set(catalogue()) - set(defined))
    extra = sorted(set(defined) - set(catalogue()))
    assert (missing, extra, twice) == ([], [], []), "missing / not in the catalogue / defined twice"


def test_the_docs_render_every_rule_set() -> None:
    assert "blikopwerk:RULESETS" in (ROOT / "docs" / "conf.py").read_text("utf-8")
    for ruleset in rulesets():
        page = render_ruleset_markdown(ruleset)
        for rule in ruleset.rules:
            assert f"| {rule.id} |" in page


# ------------------------------------------------------------------ kinds of source


@pytest.mark.parametrize("rule_id", [
    pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=KNOWN_SOURCE_GAPS[i]))
    if i in KNOWN_SOURCE_GAPS else i for i in catalogue()])
def test_each_rule_cites_the_kinds_of_source_the_catalogue_gives(rule_id: str) -> None:
    column = catalogue()[rule_id]
    found = cited().get(rule_id, [])
    seeds = {s.ref[:3] for s in found if s.kind == "seed"}
    for number in re.findall(r"\b00\d\b", column):
        assert number in seeds, f"{rule_id}: the catalogue cites seed {number}; the rule sets cite {sorted(seeds)}"
    if "WAI 1998" in column:
        assert any(s.kind == "instrument" for s in found), f"{rule_id}: no WAI instrument source"
    if "decision" in column:
        assert any(s.kind == "decision" for s in found), f"{rule_id}: the catalogue names a decision; none cited"


def test_every_decision_shows_as_not_official_with_its_reason() -> None:
    shown = 0
    for ruleset in rulesets():
        page = render_ruleset_markdown(ruleset)
        for where, source, _ids in sources(ruleset):
            if source.kind == "decision":
                reason = source.passage.replace("|", "\\|")
                assert f"**decision (not official)**: {reason}" in page, (ruleset.name, where)
                shown += 1
    assert shown > 40


# ------------------------------------------------------------------ seed passages


_LAYOUT = re.compile(r"[\s\u00ad●■•▪]+")  # whitespace (line breaks of the PDF text), soft hyphens, bullets


def _flat(text: str) -> str:
    return _LAYOUT.sub("", text).casefold()


def occurs(passage: str, text: str) -> bool:
    """Whether a quoted passage occurs in a seed's text.

    Layout is ignored (line breaks, spaces, bullets, case), and a word broken over two lines
    with a hyphen is joined; "..." separates excerpts of the same seed, each of which must occur.
    """
    joined = re.sub(r"-[ \t]*\n\s*", "", text)
    hays = (_flat(text), _flat(joined))
    parts = [p for p in (_flat(x) for x in re.split(r"\.\.\.|…", passage)) if p]
    return bool(parts) and all(any(p in hay for hay in hays) for p in parts)


def _passages() -> list[tuple[str, str, str]]:
    found: dict[tuple[str, str], str] = {}
    for ruleset in rulesets():
        for where, source, _ids in sources(ruleset):
            if source.kind == "seed" and source.passage:
                found.setdefault((source.ref, source.passage), f"{ruleset.name.split('-')[0]}: {where}")
    return [(where, ref, passage) for (ref, passage), where in found.items()]


PASSAGES = _passages()


def test_the_passage_check_can_fail() -> None:
    text = "Bijvoorbeeld door werkenden vanuit het \n\noogpunt van preventie altijd het advies te ge-\nven"
    assert occurs("vanuit het oogpunt van preventie ... altijd het advies te geven", text)
    assert not occurs("preventief beleid", text)  # what WS-ADV-4 used to quote
    assert not occurs("", text)


@pytest.mark.parametrize(("where", "ref", "passage"), [
    pytest.param(*p, marks=pytest.mark.xfail(strict=True, reason=KNOWN_PASSAGE_GAPS[p[0]]))
    if p[0] in KNOWN_PASSAGE_GAPS else p for p in PASSAGES], ids=[p[0] for p in PASSAGES])
def test_every_quoted_seed_passage_occurs_in_the_seed(where: str, ref: str, passage: str) -> None:
    folder = seed_dir()
    if folder is None or not (folder / ref).exists():
        pytest.skip(f"seed {ref} not found: set BLIKOPWERK_SEEDS to the folder of the seed texts")
    assert occurs(passage, (folder / ref).read_text("utf-8")), f"{where}: not in {ref}: {passage!r}"


# ------------------------------------------------------------------ tests cite every id


def _test_text() -> str:
    here = Path(__file__).resolve()
    return "\n".join(p.read_text("utf-8") for p in (ROOT / "tests").rglob("*.py") if p.resolve() != here)


@pytest.mark.parametrize("rule_id", [
    pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=KNOWN_UNCITED[i]))
    if i in KNOWN_UNCITED else i for i in catalogue()])
def test_every_rule_is_cited_by_a_test(rule_id: str) -> None:
    assert re.search(rf"(?<![\w-]){re.escape(rule_id)}(?![\w-]|-\d)", _TEXT), f"no test cites {rule_id}"


_TEXT = _test_text()


def test_the_catalogue_page_lists_every_rule() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("blikopwerk_rules_ext", ROOT / "docs" / "_ext" / "blikopwerk_rules.py")
    assert spec is not None and spec.loader is not None
    ext = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ext)
    page = ext.catalogue_markdown(ext.collect(["blikopwerk:RULESETS", "werkscan:RULESETS", "keurmerk:RULESETS"]))
    rows = [line.split(" | ")[0].removeprefix("| ") for line in page.splitlines() if re.match(r"\| [A-Z]+-", line)]
    assert rows == list(catalogue()) or sorted(rows) == sorted(catalogue())
    assert len(rows) == 97
    decided = [line for line in page.splitlines() if line.startswith("| WS-ADV-6 |")]
    assert "Panteia (2015), Evaluatie van de Werkscan; decision (not official)" in decided[0]
    assert "## Werkscan" in page and "## Keurmerk" in page
