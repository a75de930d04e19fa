"""Meta-test (datasette style): every method of every backend protocol is documented and
exercised by the conformance kit, so a plugin that passes the kit implements the whole
contract."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import blikopwerk
import blikopwerk.testing
import werkscan
import werkscan.testing

PROTOCOLS = [
    blikopwerk.Geocoder,
    blikopwerk.Notifier,
    blikopwerk.OutboxRepository,
    werkscan.ExpertRepository,
    werkscan.LeadRepository,
    werkscan.ConsentRepository,
    werkscan.LicenceRepository,
    werkscan.StaffelRepository,
    werkscan.AccessRepository,
    werkscan.InvoiceRepository,
]
KIT_SOURCE = "\n".join(p.read_text("utf-8")
                       for kit in (blikopwerk.testing, werkscan.testing)
                       for p in Path(kit.__file__).parent.glob("*.py"))


def _methods(protocol: type) -> list[str]:
    return [
        name for name, obj in vars(protocol).items()
        if not name.startswith("_") and callable(obj)
    ]


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.__name__)
def test_protocol_methods_are_documented(protocol: type) -> None:
    assert inspect.getdoc(protocol)
    methods = _methods(protocol)
    assert methods, f"{protocol.__name__} has no methods"
    undocumented = [m for m in methods if not inspect.getdoc(getattr(protocol, m))
                    and f"``{m}``" not in (protocol.__doc__ or "")
                    and f"`{m}`" not in (protocol.__doc__ or "")]
    assert undocumented == [], f"{protocol.__name__}: undocumented {undocumented}"


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.__name__)
def test_protocol_methods_are_exercised_by_the_kit(protocol: type) -> None:
    missing = [m for m in _methods(protocol) if f".{m}(" not in KIT_SOURCE]
    assert missing == [], f"{protocol.__name__}: not exercised by the conformance kits: {missing}"
