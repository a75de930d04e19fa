"""Services (KM-SVC-1): Dutch and English names; dienst 12 historic only."""

from __future__ import annotations

import pytest

from blikopwerk import InvalidValueError
from keurmerk import SERVICES, Respondent, analyse_survey, get_service, services


def test_km_svc_1_thirteen_services_with_both_names() -> None:
    assert SERVICES.keys() == list(range(1, 14))
    for s in SERVICES.values():
        assert s.name_nl and s.name_en
    assert get_service(5).name_nl == "Jobcoaching"
    assert get_service(6).name_nl == "Verzuimbegeleiding (wet poortwachter)"
    assert get_service(11).name_en == "Civic integration courses and dual programmes"
    assert get_service(8).name_nl == "Toeleiden van werk naar werk (eerste en tweede spoor)"


def test_km_svc_1_dienst_12_historic_only() -> None:
    with pytest.raises(InvalidValueError) as info:
        get_service(12)
    assert info.value.field == "service"
    assert "historic" in str(info.value)
    assert get_service(12, historic=True).retired
    assert 12 not in [s.number for s in services()]
    assert 12 in [s.number for s in services(historic=True)]


def test_km_svc_1_dienst_12_in_survey_data() -> None:
    with pytest.raises(InvalidValueError):
        Respondent.create("client", service=12, mark=7)
    r = Respondent.create("client", service=12, mark=7, historic=True)
    with pytest.raises(InvalidValueError):
        analyse_survey([r], {12: 5})
    result = analyse_survey([r], {12: 5}, historic=True)
    assert result.services[0].label == "Duurzame inzetbaarheid"


@pytest.mark.parametrize("bad", [0, 14, -1, "7", 7.0, True, None])
def test_km_svc_1_unknown_numbers(bad: object) -> None:
    with pytest.raises(InvalidValueError):
        get_service(bad)


def test_exam_guarantee_services() -> None:
    assert [s.number for s in SERVICES.values() if s.exam_guarantee_possible] == [1, 11]
