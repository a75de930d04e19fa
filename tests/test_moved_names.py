"""Names that moved from the kernel to ``werkscan`` keep working for one release, with a
DeprecationWarning that says where they went (issue: Werkscan owns its domain)."""

from __future__ import annotations

import pytest

import blikopwerk
import blikopwerk.testing
import werkscan
import werkscan.testing


@pytest.mark.parametrize("name", sorted(blikopwerk._MOVED_TO_WERKSCAN))
def test_moved_kernel_name_warns_and_is_the_same_object(name: str) -> None:
    with pytest.warns(DeprecationWarning, match=rf"blikopwerk\.{name} moved to werkscan\.{name}"):
        old = getattr(blikopwerk, name)
    assert old is getattr(werkscan, name)
    assert name not in blikopwerk.__all__
    assert name in werkscan.__all__


@pytest.mark.parametrize("name", sorted(blikopwerk.testing._MOVED_TO_WERKSCAN))
def test_moved_kit_suite_warns_and_is_the_same_object(name: str) -> None:
    with pytest.warns(DeprecationWarning, match=rf"werkscan\.testing\.{name}"):
        old = getattr(blikopwerk.testing, name)
    assert old is getattr(werkscan.testing, name)


def test_renamed_overage_line_warns_and_is_the_same_object() -> None:
    """The draft overage line is ``OverageLine`` now; ``InvoiceItem`` is the invoice line."""
    with pytest.warns(DeprecationWarning, match=r"werkscan\.InvoiceLine was renamed werkscan\.OverageLine"):
        old = werkscan.InvoiceLine  # type: ignore[attr-defined]
    assert old is werkscan.OverageLine
    with pytest.warns(DeprecationWarning, match=r"blikopwerk\.InvoiceLine moved to werkscan\.OverageLine"):
        older = blikopwerk.InvoiceLine  # type: ignore[attr-defined]
    assert older is werkscan.OverageLine
    assert "InvoiceLine" not in werkscan.__all__ and "OverageLine" in werkscan.__all__
    assert "InvoiceItem" in werkscan.__all__
    with pytest.raises(AttributeError, match="no attribute 'Nonsense'"):
        werkscan.Nonsense  # type: ignore[attr-defined]


def test_unknown_names_still_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nonsense'"):
        blikopwerk.Nonsense
    with pytest.raises(AttributeError, match="no attribute 'Nonsense'"):
        blikopwerk.testing.Nonsense
