"""One implementation of the directory (WS-DIR-1): both entry points use :func:`pins_of`."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import OfflineGeocoder, UnknownPostcodeError
from werkscan import directory_map
from werkscan._leads import directory, directory_licensed
from werkscan._leads.directory import pins_of
from werkscan._leads.records import Establishment, Expert, ExpertState

GEO = OfflineGeocoder()

establishments = st.sampled_from([
    Establishment("1012 AB", "Dam 1"), Establishment("3811"), Establishment("3511 AB"),
    Establishment("5211", "Markt 1"), Establishment("6211 AB", "Markt 2"),
])


def test_the_old_module_path_is_the_same_implementation() -> None:
    assert directory_licensed.directory_for is directory.directory_for
    assert directory_licensed.LicensedListing is directory.LicensedListing
    assert directory_licensed.licensed_expert_ids is directory.licensed_expert_ids


@settings(max_examples=30, deadline=None)
@given(st.lists(establishments, min_size=1, max_size=4))
def test_directory_map_shows_exactly_the_full_addresses_ws_dir_1(ests: list[Establishment]) -> None:
    """A pin for each establishment with a street address and a full postcode, no other."""
    expert = Expert("E1", "A", "a@example.nl", ests, 1)
    pins = directory_map([ExpertState(expert)], GEO)
    expected = sorted((e.address, str(e.postcode)) for e in ests if e.address and e.full_address)
    assert sorted((p.address, p.postcode) for p in pins) == expected
    assert [code for _, code, _ in pins_of(expert, lambda c, e: GEO.lookup(e.postcode))] == \
        [str(e.postcode) for e in ests if e.address and e.full_address]


def test_directory_map_names_the_expert_of_an_unknown_postcode() -> None:
    """Never a guess: the error names the expert and the establishment (as directory_for does)."""
    expert = Expert("E7", "A", "a@example.nl", [Establishment("3811 AB", "X 1"),
                                                Establishment("4999 AA", "Nergensstraat 1")], 1)
    with pytest.raises(UnknownPostcodeError) as info:
        directory_map([ExpertState(expert)], GEO)
    assert info.value.field == "experts[E7].establishments[1].postcode"
    assert "'E7'" in str(info.value) and "4999 AA" in str(info.value)
