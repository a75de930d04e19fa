"""The lead API's signatures as the docs build reads them (autodoc_preserve_defaults).

Sphinx reads each default value back from the source text; it once warned "pop from empty
list" on ``LeadRepository.offers``, ``erase_due`` and ``process_due``. That warning comes
when the source on disk no longer matches the imported module (the file changed after
import, e.g. a build importing a worktree that a merge was changing, so the lines of a
neighbouring method are parsed): with ``records.py`` read five to nine lines shifted,
exactly those three fail. This test reads every method of the public lead classes as
Sphinx does, from the source as it is now, and checks that the defaults it recovers are
the real ones, so a real mismatch (a decorator, a signature Sphinx cannot read) fails here.
"""

from __future__ import annotations

import inspect

import pytest

sphinx_defaults = pytest.importorskip("sphinx.ext.autodoc._dynamic._preserve_defaults")

from werkscan import (  # noqa: E402
    ConsentRepository,
    ExpertRepository,
    ExpertService,
    LeadRepository,
    LeadService,
)

CLASSES = (LeadRepository, ExpertRepository, ConsentRepository, LeadService, ExpertService)


def _methods() -> list[tuple[str, object]]:
    return [(f"{cls.__name__}.{name}", fn) for cls in CLASSES
            for name, fn in vars(cls).items() if inspect.isfunction(fn)]


@pytest.mark.parametrize(("name", "fn"), _methods(), ids=[n for n, _ in _methods()])
def test_sphinx_reads_the_defaults_back_from_the_source(name: str, fn: object) -> None:
    real = {p.name: p.default for p in inspect.signature(fn).parameters.values()}  # type: ignore[arg-type]
    sphinx_defaults.update_default_value(fn, False)
    try:
        read = inspect.signature(fn).parameters  # type: ignore[arg-type]
    finally:
        fn.__dict__.pop("__signature__", None)  # leave the function as it was
    for pname, default in real.items():
        shown = read[pname].default
        if default is inspect.Parameter.empty:
            assert shown is inspect.Parameter.empty, (name, pname)
        else:  # the source text of the default, which evaluates to the real value
            assert eval(str(shown), vars(inspect.getmodule(fn))) == default, (name, pname, shown)
