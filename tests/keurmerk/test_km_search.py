"""Provider search ranking (KM-SRCH-1 to KM-SRCH-3)."""

from __future__ import annotations

import pytest

from blikopwerk import InvalidValueError, OfflineGeocoder, UnknownPostcodeError
from keurmerk import Establishment, Provider, normalise_text, search_providers


def _p(pid: str, name: str, pc: str = "3511 AB", city: str = "Utrecht", **kw: object) -> Provider:
    return Provider(pid, name, [(pc, city)], **kw)  # type: ignore[arg-type]


def ids(hits: list) -> list[str]:
    return [h.provider.id for h in hits]


def test_km_srch_1_by_mark_high_to_low_with_stable_ties() -> None:
    ps = [_p("a", "Beta", mark="7.5"), _p("b", "alpha", mark="7.5"), _p("c", "Gamma", mark="8.0"),
          _p("d", "Delta"), _p("e", "Epsilon", mark="7.5", stars=2)]
    assert ids(search_providers(ps)) == ["c", "e", "b", "a", "d"]
    assert ids(search_providers(list(reversed(ps)))) == ["c", "e", "b", "a", "d"]


def test_km_srch_1_by_stars() -> None:
    ps = [_p("a", "A", stars=1, mark="9"), _p("b", "B", stars=3, mark="7"), _p("c", "C", stars=3, mark="8"),
          _p("d", "D", stars=3, mark="8")]
    assert ids(search_providers(ps, order="stars")) == ["c", "d", "b", "a"]


def test_km_srch_1_by_proximity_with_the_kernel_geocoder() -> None:
    ps = [_p("ams", "Amsterdam BV", "1012 AB", "Amsterdam"), _p("dh", "Haagse BV", "2511 AA", "Den Haag"),
          _p("utr", "Utrechtse BV", "3512 AA", "Utrecht")]
    hits = search_providers(ps, near="3511", geocoder=OfflineGeocoder())
    assert ids(hits) == ["utr", "ams", "dh"]
    assert hits[1].distance is not None
    assert round(hits[1].distance.to("km").magnitude, 1) == 35.2  # K-GEO-1 anchor: 35.15 km
    within = search_providers(ps, near="3511", within="50 km")
    assert ids(within) == ["utr", "ams"]  # Den Haag at 54.85 km is outside


def test_km_srch_3_every_establishment_is_searchable() -> None:
    multi = Provider("m", "Multi", [("2511 AA", "Den Haag"), ("1012 AB", "Amsterdam")])
    single = _p("s", "Single", "3512 AA", "Utrecht")
    hits = search_providers([multi, single], near="1012")
    assert ids(hits) == ["m", "s"]
    assert hits[0].establishment.city == "Amsterdam"
    assert ids(search_providers([multi, single], query="amsterdam")) == ["m"]
    with pytest.raises(InvalidValueError):
        Establishment("3500 AA", "Utrecht", po_box=True)
    with pytest.raises(InvalidValueError):
        Provider("x", "No place", [])


def test_km_srch_1_keywords_named_fields_only_and_diacritics_insensitive() -> None:
    p = Provider("a", "Coöperatie Werkkracht", [("3511 AB", "Utrecht")], presentation="Wij doen re-integratie",
                 distinguishing="Snelle loopbaanoriëntatie", explanations={"jobcoaching": "geheimwoord"})
    q = Provider("b", "Anders", [("6811 AA", "Arnhem")], presentation="Jobcoaching")
    assert ids(search_providers([p, q], query="cooperatie")) == ["a"]
    assert ids(search_providers([p, q], query="COÖPERATIE")) == ["a"]
    assert ids(search_providers([p, q], query="loopbaanorientatie")) == ["a"]
    assert ids(search_providers([p, q], query="integratie")) == ["a"]
    assert ids(search_providers([p, q], query="arnhem")) == ["b"]
    assert ids(search_providers([p, q], query="geheimwoord")) == []  # explanations are not searched


def test_km_srch_1_each_word_separately_more_words_more_results() -> None:
    ps = [_p("a", "Werkfit", presentation="jobcoaching"), _p("b", "Loopbaan", presentation="outplacement"),
          _p("c", "Other", presentation="scholing", mark="9")]
    one = search_providers(ps, query="jobcoaching")
    two = search_providers(ps, query="jobcoaching outplacement")
    assert ids(one) == ["a"]
    assert set(ids(two)) == {"a", "b"}
    # revised KM-SRCH-1: relevance only when asked for (it was the default for keyword searches)
    ranked = search_providers(ps, query="jobcoaching werkfit outplacement", order="relevance")
    assert ids(ranked) == ["a", "b"]  # a matches two words
    assert ranked[0].matched == ("jobcoaching", "werkfit")
    by_mark = search_providers(ps, query="jobcoaching werkfit outplacement")
    assert ids(by_mark) == ["b", "a"]  # no marks, no stars: by name


def test_km_srch_2_top_five_only() -> None:
    with pytest.raises(InvalidValueError) as info:
        _p("a", "A", top_services=[1, 2, 3, 4, 5, 6])
    assert info.value.field == "top_services"
    with pytest.raises(InvalidValueError):
        _p("a", "A", top_target_groups=["a", "b", "c", "d", "e", "f"])
    ps = [_p("a", "A", top_services=[5, 7], top_target_groups=["Jongeren", "Statushouders"]),
          _p("b", "B", top_services=[8])]
    assert ids(search_providers(ps, service=7)) == ["a"]
    assert ids(search_providers(ps, target_group="jongeren")) == ["a"]


def test_search_errors_name_the_field() -> None:
    ps = [_p("a", "A")]
    cases = [({"order": "distance"}, "order"), ({"within": "5 km"}, "within"), ({"query": "  ,, "}, "query"),
             ({"order": "best"}, "order"), ({"order": "relevance"}, "order"), ({"near": "12"}, "near")]
    for kwargs, field in cases:
        with pytest.raises(InvalidValueError) as info:
            search_providers(ps, **kwargs)
        assert info.value.field == field
    with pytest.raises(InvalidValueError):
        search_providers([_p("a", "A"), _p("a", "B")])
    with pytest.raises(UnknownPostcodeError):
        search_providers(ps, near="4999")
    with pytest.raises(InvalidValueError):
        _p("a", "A", stars=5)
    with pytest.raises(InvalidValueError):
        _p("a", "A", mark="11")


def test_normalise_text() -> None:
    assert normalise_text("Crème Brûlée-Coöp") == "creme brulee coop"


def test_km_srch_1_vectorised_distances_equal_the_kernel_distance() -> None:
    import random

    from blikopwerk import distance
    from blikopwerk._backends.offline_geocoder import pc4_table

    geo = OfflineGeocoder()
    areas = sorted(pc4_table())
    rng = random.Random(4)
    ps = [Provider(f"p{i}", f"P{i}", [(rng.choice(areas), "X") for _ in range(rng.randint(1, 3))])
          for i in range(60)]
    origin = geo.lookup("3511")
    hits = search_providers(ps, near="3511", geocoder=geo)
    assert len(hits) == 60
    for h in hits:
        scalar = min(float(distance(origin, geo.lookup(e.postcode)).to("m").magnitude)
                     for e in h.provider.establishments)
        assert abs(h.distance_m - scalar) < 1e-6
    assert [h.distance_m for h in hits] == sorted(h.distance_m for h in hits)


def test_km_srch_1_keywords_filter_and_keep_the_mark_order() -> None:
    # issue 15: a provider with mark 6.6 matching more words ranked above one with 8.4
    ps = [_p("low", "Werkfit Jobcoaching", mark="6.6", presentation="jobcoaching en outplacement"),
          _p("high", "Loopbaanpunt", mark="8.4", presentation="outplacement"),
          _p("other", "Scholing BV", mark="9.0", presentation="scholing")]
    hits = search_providers(ps, query="jobcoaching outplacement werkfit")
    assert ids(hits) == ["high", "low"]  # filtered ('other' matches nothing), by mark
    assert ids(search_providers(ps, query="jobcoaching outplacement werkfit", order="stars")) == ["high", "low"]
    assert ids(search_providers(ps, query="jobcoaching outplacement werkfit", order="relevance")) == ["low", "high"]
    assert [h.matched for h in hits] == [("outplacement",), ("jobcoaching", "outplacement", "werkfit")]


def test_km_srch_1_default_order_is_a_parameter() -> None:
    from blikopwerk import Source
    from keurmerk import KEURMERK_RULES

    ps = [_p("a", "A", mark="9", stars=1), _p("b", "B", mark="7", stars=3)]
    src = Source.decision("test", rules=("KM-SRCH-1",))
    by_stars = KEURMERK_RULES.replace(parameters={"search_default_order": ("stars", src)})
    assert ids(search_providers(ps, query="a b")) == ["a", "b"]
    assert ids(search_providers(ps, query="a b", rules=by_stars)) == ["b", "a"]
    bad = KEURMERK_RULES.replace(parameters={"search_default_order": ("relevance", src)})
    with pytest.raises(InvalidValueError) as info:
        search_providers(ps, rules=bad)
    assert info.value.field == "search_default_order"
