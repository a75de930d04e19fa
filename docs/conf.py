"""Sphinx configuration for the blikopwerk documentation."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import blikopwerk  # noqa: E402

project = "blikopwerk"
author = "The blikopwerk developers"
copyright = "2026, The blikopwerk developers; postcode data GeoNames (geonames.org), CC BY 4.0"
release = blikopwerk.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "blikopwerk_rules",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "reference/generated"]
html_theme = "alabaster"
html_static_path: list[str] = []
html_theme_options = {"description": "Werkscan and Keurmerk rules as typed Python"}

autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "description"
autodoc_member_order = "bysource"
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# Docstring examples run under pytest --doctest-modules; Sphinx's doctest builder runs
# the explicit {doctest} blocks of the narrative pages.
doctest_test_doctest_blocks = ""

# Rule sets rendered into docs/rules/generated/ by the blikopwerk_rules extension.
blikopwerk_rulesets = ["blikopwerk:RULESETS", "werkscan:RULESETS", "keurmerk:RULESETS"]
# Packages whose public error classes make up the generated error-code table.
blikopwerk_error_packages = ["blikopwerk", "werkscan", "keurmerk", "blikopwerk_postgres",
                             "blikopwerk_pdok", "blikopwerk_smtp"]

# No intersphinx (builds run offline): references to other libraries' objects and to
# typing constructs cannot resolve and are not errors.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|decimal|pathlib|typing|collections|enum|email|os|io|logging|threading|zoneinfo|"
               r"multiprocessing|concurrent|contextlib|sqlite3|abc|types|numbers|ssl|smtplib)\..*"),
    (r"py:.*", r"(pint|pyproj|shapely|pydantic|pydantic_settings|attrs|attr|babel|dateutil|click|"
               r"numpy|np|pyarrow|pa|pandas|pd|polars|pl|dask|distributed|matplotlib|reportlab|"
               r"jinja2|httpx|psycopg|aiosmtpd|pytest|_pytest|hypothesis)(\..*)?"),
    (r"py:.*", r"(Any|Callable|Iterable|Iterator|Mapping|Sequence|Literal|Self|TypeVar|Generic|"
               r"Protocol|ClassVar|Optional|Union|Path|Decimal|date|datetime|timedelta|K|V|T|"
               r"NoneType|Ellipsis|EllipsisType|ConfigDict|BaseModel|SettingsConfigDict|"
               r"FieldInfo|ComputedFieldInfo|Quantity|UnitRegistry|Container|Tx|Sequence\[.*\])"),
    (r"py:.*", r".*\._.*"),
    (r"py:.*", r"(EnvPrefixTarget|DotenvType|CliSettingsSource|PathType|PydanticBaseSettingsSource|SqlDialect|SqlDatabase|importlib.*)"),  # private implementation modules named in signatures
    (r"py:.*", r"(int|str|float|bool|bytes|object|tuple|list|dict|set|frozenset|type|None)"),
]
suppress_warnings = ["myst.xref_missing"]
