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
    "sphinx_copybutton",
    "blikopwerk_rules",
    "blikopwerk_citations",
    "blikopwerk_linkcheck",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "reference/generated"]
# Furo: light and dark mode (follows the reader's system, with a toggle), an on-page
# contents sidebar and a mobile layout. custom.css keeps wide content inside its box.
html_theme = "furo"
html_title = f"blikopwerk {release}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_theme_options: dict[str, object] = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
    "light_css_variables": {
        "color-brand-primary": "#0b6e4f",
        "color-brand-content": "#0b6e4f",
    },
    "dark_css_variables": {
        "color-brand-primary": "#5fd4a4",
        "color-brand-content": "#5fd4a4",
    },
}
pygments_style = "friendly"
pygments_dark_style = "monokai"

# Link check (`sphinx -b linkcheck`, run by scripts/test.py). The builds run offline, so
# external URLs are listed as ignored rather than followed; links to local files are
# checked. Every internal link and #anchor of the HTML build is checked after each HTML
# build by the blikopwerk_linkcheck extension (a broken one is a warning, so -W fails).
linkcheck_ignore = [r"https?://.*", r"mailto:.*"]
linkcheck_anchors = False
linkcheck_report_timeouts_as_broken = True

# Copy buttons copy the commands of a block, not its prompts or printed output.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_exclude = ".linenos, .gp, .go"

autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "description"
# Show defaults as written in the source (`rules=KEURMERK_RULES`), not as the repr of a whole
# rule set.
autodoc_preserve_defaults = True
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
    (r"py:class", r"(sa|sqlalchemy)\..*"),  # SQLAlchemy types in the storage engine's signatures
]
suppress_warnings: list[str] = []
