"""``keurmerk search FILE`` and the providers file format (KM-SRCH-1 to KM-SRCH-3, K-GEO-1)."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pyproj import Geod

from blikopwerk import InvalidValueError, OfflineGeocoder, UnknownPostcodeError
from keurmerk import Provider, load_providers, load_providers_file, search_providers
from keurmerk._cli import cli

EXAMPLE = Path(str(resources.files("keurmerk").joinpath("data/example_providers.json")))
GEO = OfflineGeocoder()


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def run_json(*args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run(*args, "--format", "json"))
    return data


def write(tmp_path: Path, providers: list[dict[str, Any]]) -> Path:
    path = tmp_path / "providers.json"
    path.write_text(json.dumps({"providers": providers}, ensure_ascii=False), encoding="utf-8")
    return path


def p(pid: str, name: str, pc: str, city: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "name": name, "establishments": [{"postcode": pc, "city": city}], **extra}


def km(a: str, b: str) -> float:
    pa, pb = GEO.lookup(a), GEO.lookup(b)
    return float(Geod(ellps="WGS84").inv(pa.lon, pa.lat, pb.lon, pb.lat)[2]) / 1000


# ----------------------------------------------------------------------- the file format


def test_example_file_loads_with_exact_marks() -> None:
    providers = load_providers_file(EXAMPLE)
    assert [x.id for x in providers] == ["p1", "p2", "p3", "p4", "p5"]
    assert providers[0].mark == Decimal("8.2") and providers[4].mark is None
    assert providers[0].cities == ("Utrecht", "Amsterdam")


def test_json_numbers_are_exact_decimals(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text('{"providers": [{"id": "a", "name": "A", "mark": 7.15,'
                    ' "establishments": [{"postcode": "3511 AB", "city": "Utrecht"}]}]}', encoding="utf-8")
    assert load_providers_file(path)[0].mark == Decimal("7.15")


@pytest.mark.parametrize(("providers", "field"), [
    ([p("a", "A", "3511 AB", "Utrecht", mark="11")], "providers[0].mark"),
    ([p("a", "A", "3511 AB", "Utrecht", stars=5)], "providers[0].stars"),
    ([p("a", "A", "3511 AB", "Utrecht", markk="8")], "providers[0]"),
    ([p("a", "A", "3511 AB", "Utrecht"), p("a", "B", "1012 AB", "Amsterdam")], "providers[1].id"),
    ([{"id": "a", "name": "A"}], "providers[0].establishments"),
    ([{"id": "a", "name": "A", "establishments": []}], "providers[0].establishments"),
    ([p("a", "A", "0511 AB", "Utrecht")], "providers[0].establishments[0].postcode"),
    ([{"id": "a", "name": "A", "establishments": [{"postcode": "3511 AB", "city": "U", "po_box": True}]}],
     "providers[0].establishments[0].postcode"),
    ([p("a", "A", "3511 AB", "Utrecht", top_services=[1, 2, 3, 4, 5, 7])], "providers[0].top_services"),
    ([p("a", "A", "3511 AB", "Utrecht", top_services=[12])], "providers[0].top_services[0]"),
    ([p("a", "A", "3511 AB", "Utrecht", mark=True)], "providers[0].mark"),
])
def test_bad_files_name_provider_and_field(tmp_path: Path, providers: list[dict[str, Any]], field: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        load_providers_file(write(tmp_path, providers))
    assert info.value.field == field


def test_bad_top_level(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError):
        load_providers([])
    with pytest.raises(InvalidValueError):
        load_providers({"providers": [], "extra": 1})
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="not valid JSON"):
        load_providers_file(path)


# ----------------------------------------------------------------------- the command


def test_by_mark_is_the_default_and_high_to_low_km_srch_1() -> None:
    data = run_json("search", str(EXAMPLE))
    marks = [Decimal(h["mark"]) if h["mark"] is not None else None for h in data["hits"]]
    known = [m for m in marks if m is not None]
    assert known == sorted(known, reverse=True) and marks[-1] is None  # unknown mark last
    # tie on 8.2 broken by stars (p1 has 3, p4 has 1)
    assert [h["id"] for h in data["hits"]][:2] == ["p1", "p4"]
    assert data["by"] == "mark"


def test_by_stars_km_srch_1() -> None:
    hits = run_json("search", str(EXAMPLE), "--by", "stars")["hits"]
    stars = [h["stars"] for h in hits]
    assert stars == sorted(stars, reverse=True) and hits[0]["id"] == "p2"


def test_by_proximity_k_geo_1() -> None:
    data = run_json("search", str(EXAMPLE), "--by", "proximity", "--near", "3811 AB")
    hits = data["hits"]
    assert [h["distance_km"] for h in hits] == sorted(h["distance_km"] for h in hits)
    providers = {x.id: x for x in load_providers_file(EXAMPLE)}
    for h in hits:  # nearest establishment of each provider, geodesic on WGS84
        nearest = min(km("3811", str(e.postcode)) for e in providers[h["id"]].establishments)
        assert h["distance_km"] == pytest.approx(nearest, abs=0.001)
    assert hits[1]["id"] == "p1" and hits[1]["establishment"]["city"] == "Utrecht"  # nearer than Amsterdam
    within = run_json("search", str(EXAMPLE), "--near", "3811", "--within", "40.5 km")["hits"]
    assert [h["id"] for h in within] == [h["id"] for h in hits if h["distance_km"] <= 40.5]
    assert 0 < len(within) < len(hits)


def test_by_keywords_diacritics_and_named_fields_only_km_srch_1(tmp_path: Path) -> None:
    data = run_json("search", str(EXAMPLE), "--keywords", "cooperatie loopbaanoriëntatie")
    assert [h["id"] for h in data["hits"]] == ["p1", "p2"]  # one word each; tie by mark
    assert data["hits"][0]["matched"] == ["cooperatie"]
    # explanations are not searched (KM-SRCH-1): 'begeleiding' only occurs in p4's explanation
    assert run_json("search", str(EXAMPLE), "--keywords", "begeleiding")["hits"] == []
    # a city is searched
    assert [h["id"] for h in run_json("search", str(EXAMPLE), "--keywords", "GRONINGEN")["hits"]] == ["p4"]
    # more words give more results
    one = run_json("search", str(EXAMPLE), "--keywords", "jobcoaching")["hits"]
    two = run_json("search", str(EXAMPLE), "--keywords", "jobcoaching groningen")["hits"]
    assert {h["id"] for h in one} < {h["id"] for h in two}


def test_keywords_filter_and_keep_the_mark_order_km_srch_1() -> None:
    # revised KM-SRCH-1: keywords filter; the order stays by mark unless --by keywords
    data = run_json("search", str(EXAMPLE), "--keywords", "jobcoaching werkplek amersfoort")
    assert data["by"] == "mark"
    assert [(h["id"], len(h["matched"])) for h in data["hits"]] == [("p1", 1), ("p5", 3)]
    relevance = run_json("search", str(EXAMPLE), "--keywords", "jobcoaching werkplek amersfoort", "--by", "keywords")
    assert relevance["by"] == "keywords"
    assert [h["id"] for h in relevance["hits"]] == ["p5", "p1"]


def test_cli_agrees_with_the_library() -> None:
    providers = load_providers_file(EXAMPLE)
    for args, kwargs in ((("--by", "stars"), {"order": "stars"}),
                         (("--near", "2511"), {"near": "2511"}),
                         (("--keywords", "werk oost"), {"query": "werk oost"}),
                         (("--service", "8"), {"service": 8})):
        cli_ids = [h["id"] for h in run_json("search", str(EXAMPLE), *args)["hits"]]
        lib_ids = [h.provider.id for h in search_providers(providers, geocoder=GEO, **kwargs)]  # type: ignore[arg-type]
        assert cli_ids == lib_ids, args


def test_table_output_limit_and_example_flag() -> None:
    out = run("search", "--example", "--near", "3811", "--limit", "2")
    assert "Amersfoortse Jobcoach" in out and "Werkpad" in out and "Loopbaanhuis" not in out
    assert "km" in out


@pytest.mark.parametrize("args", [
    ("--by", "proximity"),
    ("--by", "keywords"),
    ("--within", "10 km"),
    ("--near", "0123"),
])
def test_cli_refuses_incomplete_or_bad_options(args: tuple[str, ...]) -> None:
    with pytest.raises(InvalidValueError):
        CliRunner().invoke(cli, ["search", str(EXAMPLE), *args], catch_exceptions=False)


def test_cli_needs_exactly_one_source() -> None:
    with pytest.raises(InvalidValueError):
        CliRunner().invoke(cli, ["search"], catch_exceptions=False)
    with pytest.raises(InvalidValueError):
        CliRunner().invoke(cli, ["search", str(EXAMPLE), "--example"], catch_exceptions=False)


# ----------------------------------------------------------------------- unknown postcodes: no guessing


def test_unknown_postcode_names_provider_and_postcode(tmp_path: Path) -> None:
    path = write(tmp_path, [p("a", "Ergens BV", "3511 AB", "Utrecht"), p("z9", "Nergens BV", "4999 AA", "Nergens")])
    with pytest.raises(UnknownPostcodeError) as info:
        CliRunner().invoke(cli, ["search", str(path), "--near", "3511"], catch_exceptions=False)
    message = str(info.value)
    assert "'z9'" in message and "Nergens BV" in message and "4999 AA" in message
    assert info.value.field == "providers[z9].establishments[0].postcode"
    # without a location search the postcode is not looked up, so the search works
    assert [h["id"] for h in run_json("search", str(path))["hits"]] == ["a", "z9"]
    # the library raises the same error by default
    with pytest.raises(UnknownPostcodeError, match="z9"):
        search_providers(load_providers_file(path), near="3511", geocoder=GEO)


def test_unknown_postcode_exits_2_with_a_one_line_message(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = write(tmp_path, [p("z9", "Nergens BV", "4999 AA", "Nergens")])
    proc = subprocess.run([sys.executable, "-c", "from keurmerk._cli import main; main()", "search", str(path),
                           "--near", "3511"], capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "unknown_postcode" in proc.stderr and "z9" in proc.stderr and "4999 AA" in proc.stderr


def test_provider_type_is_the_librarys() -> None:
    assert all(isinstance(x, Provider) for x in load_providers_file(EXAMPLE))
