"""Werkscan's tables and revisions live in werkscan (issue 12 §1, issue 13 §1).

The kernel's revisions create only the kernel's tables; Werkscan's are the Alembic branch
``werkscan`` shipped in ``werkscan/_storage/versions``, attached through the storage
extension point. A database made by 0.1 (the kernel's revision ``0001`` created every
table, ``0100_invoices`` added the invoices) opens, keeps every row and ends at the new
heads, on SQLite, PostgreSQL (``BLIKOPWERK_TEST_POSTGRES_URL``) and MariaDB
(``BLIKOPWERK_TEST_MYSQL_URL``). The 0.1 revisions are frozen in ``main_revisions/``.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from blikopwerk import Money, PluginError, StorageVersionError, open_storage, storage
from blikopwerk._backends import extensions
from werkscan import StaffelService, require_leads, require_licensing
from werkscan._storage import REPOSITORIES, WerkscanStorage
from werkscan._storage.tables import WERKSCAN_TABLES

MAIN_REVISIONS = Path(__file__).parent / "main_revisions"
T0 = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
KERNEL_TABLES = {"outbox"}


# -- databases on every backend -----------------------------------------------------------

def _sqlite(tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    yield url, url


def _postgres(tmp_path: Path) -> Iterator[tuple[str, str]]:
    base = os.environ.get("BLIKOPWERK_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("BLIKOPWERK_TEST_POSTGRES_URL is not set")
    name = f"bow_{uuid.uuid4().hex[:12]}"
    parts = urlsplit(base)
    admin = sa.create_engine(urlunsplit(parts._replace(scheme="postgresql+psycopg")),
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    own = parts._replace(path=f"/{name}")
    try:
        yield (urlunsplit(own._replace(scheme="postgresql+psycopg")),
               urlunsplit(own._replace(scheme="postgresql")))
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def _mysql(tmp_path: Path) -> Iterator[tuple[str, str]]:
    base = os.environ.get("BLIKOPWERK_TEST_MYSQL_URL")
    if not base:
        pytest.skip("BLIKOPWERK_TEST_MYSQL_URL is not set")
    name = f"bow_{uuid.uuid4().hex[:12]}"
    parts = urlsplit(base)
    admin = sa.create_engine(urlunsplit(parts._replace(scheme="mysql+pymysql", path="/")),
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
    own = urlunsplit(parts._replace(scheme="mysql+pymysql", path=f"/{name}"))
    try:
        yield own, own
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql", "mysql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(SQLAlchemy URL, storage URL) of an empty database of its own."""
    yield from {"sqlite": _sqlite, "postgresql": _postgres, "mysql": _mysql}[request.param](tmp_path)


# -- a database as 0.1 left it ---------------------------------------------------------------

def _main_config(conn: sa.Connection) -> Config:
    """Alembic with the kernel's environment and the frozen revisions of 0.1."""
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(storage.versions_location()).parent))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", str(MAIN_REVISIONS))
    cfg.attributes["connection"] = conn
    return cfg


ROWS_0001: dict[str, list[dict[str, Any]]] = {
    "outbox": [dict(id="m-old", recipients='["a@example.nl"]', subject="s", body="b",
                    sender="noreply@example.nl", headers="{}", status="queued", attempts=0,
                    created_at="2026-01-01T00:00:00.000000+00:00",
                    next_attempt_at="2026-01-01T00:00:00.000000+00:00", last_error=None,
                    delivered_at=None)],
    "ws_licences": [dict(id="L1", company="Bouw BV", contact_name="An", contact_email="an@bouw.nl",
                         valid_from="2026-01-01", valid_until="2026-12-31", postcode="1011AB")],
    "ws_staffels": [dict(id="S1", licence_id="L1", size=10, unit_price="25.00",
                         bought_at="2026-01-01T09:00:00.000000+00:00", table_name="staffel",
                         table_version="2026", status="active", used=1, replaces=None)],
    "ws_charges": [dict(questionnaire_id="Q1", licence_id="L1", staffel_id="S1", ordinal=1,
                        unit_price="25.00", overage=0,
                        completed_at="2026-02-01T09:00:00.000000+00:00",
                        charged_at="2026-02-01T09:00:00.000000+00:00")],
    "lead_experts": [dict(id="E1", name="Els", email="els@example.nl", lead_cap=5,
                          leads_received=0, keurmerk=1,
                          created_at="2026-01-01T09:00:00.000000+00:00")],
    "lead_establishments": [dict(expert_id="E1", seq=0, postcode="1011AB", address=None)],
}
ROWS_0100: dict[str, list[dict[str, Any]]] = {
    "licence_renewals": [dict(licence_id="L1", period_start="2027-01-01", period_end="2027-12-31")],
}


def _build_0_1(sa_url: str, revision: str) -> dict[str, list[dict[str, str]]]:
    """A database at ``revision`` made by 0.1's revisions, with rows; returns every
    table's rows (sorted) as they are before the new code opens it."""
    engine = sa.create_engine(sa_url)
    try:
        with engine.begin() as conn:
            command.upgrade(_main_config(conn), revision)
        rows = dict(ROWS_0001, **(ROWS_0100 if revision == "0100_invoices" else {}))
        with engine.begin() as conn:
            meta = sa.MetaData()
            meta.reflect(conn)
            for name, values in rows.items():
                conn.execute(meta.tables[name].insert(), values)
        return _contents(engine)
    finally:
        engine.dispose()


def _contents(engine: sa.Engine) -> dict[str, list[dict[str, str]]]:
    """Every table's rows, each as {column: value as text}, sorted."""
    meta = sa.MetaData()
    with engine.connect() as conn:
        meta.reflect(conn)
        return {name: sorted(({k: str(v) for k, v in row._mapping.items()}
                              for row in conn.execute(table.select())), key=repr)
                for name, table in meta.tables.items() if name != "alembic_version"}


def _kept(before: dict[str, list[dict[str, str]]], after: dict[str, list[dict[str, str]]]) -> None:
    """Every row of ``before`` is in ``after`` with the same values (a column added
    since is left out of the comparison)."""
    for name, rows in before.items():
        assert [{k: row[k] for k in (rows[0] if rows else {})} for row in after[name]] == rows, name


# -- the kernel creates only its own tables ---------------------------------------------------

def test_kernel_revisions_create_only_kernel_tables(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'k.sqlite3'}"
    with monkeypatch.context() as m:
        m.setattr(extensions, "installed_extensions", lambda: [])
        assert storage.head_revisions() == ("0001",)
        s = open_storage(url)
        assert not any(hasattr(s, name) for name in REPOSITORIES)
        s.close()
        assert set(sa.inspect(sa.create_engine(url)).get_table_names()) == KERNEL_TABLES | {"alembic_version"}
        assert storage.current_revision(url) == "0001"
    # werkscan's branch is added when werkscan is there
    with open_storage(url) as s:
        assert require_licensing(s).licences is s.licences
    names = set(sa.inspect(sa.create_engine(url)).get_table_names())
    assert names == KERNEL_TABLES | set(WERKSCAN_TABLES) | {"alembic_version"}
    assert set(storage.full_metadata().tables) == KERNEL_TABLES | set(WERKSCAN_TABLES)
    assert storage.current_revision(url) == storage.head_revision()


def test_werkscan_is_a_branch_of_its_own_on_the_kernel_base() -> None:
    from blikopwerk.storage._migrate import _scripts

    scripts = _scripts()
    base = scripts.get_revision("0010_werkscan")
    assert base is not None and base.down_revision == "0001"
    assert "werkscan" in base.branch_labels
    locations = storage.version_locations()
    assert locations[0] == storage.versions_location()
    assert locations[1] == WerkscanStorage().version_location()
    for path in Path(locations[0]).glob("*.py"):  # the kernel's revisions make no Werkscan table
        text = path.read_text(encoding="utf-8")
        assert not [name for name in WERKSCAN_TABLES if f"'{name}'" in text or f'"{name}"' in text], path.name


def test_werkscan_tables_are_declared_by_werkscan() -> None:
    from blikopwerk._backends import schema

    kernel_source = Path(schema.__file__).read_text(encoding="utf-8")
    for name in WERKSCAN_TABLES:
        assert f'"{name}"' not in kernel_source
    assert WERKSCAN_TABLES and all(name in storage.full_metadata().tables for name in WERKSCAN_TABLES)


# -- a database of 0.1 opens, keeps its data and ends at the heads -----------------------------

@pytest.mark.parametrize("revision", ["0001", "0100_invoices"])
def test_database_of_0_1_opens_keeps_its_data_and_ends_at_the_heads(
        database: tuple[str, str], revision: str) -> None:
    sa_url, url = database
    before = _build_0_1(sa_url, revision)
    assert storage.current_revision(url) == revision

    if revision in storage.head_revisions():  # 0.1's last revision is werkscan's head still
        storage.open_storage(url, upgrade=False).close()
    else:
        with pytest.raises(StorageVersionError, match="older than this code"):
            storage.open_storage(url, upgrade=False)
    assert storage.upgrade(url) == storage.head_revision()
    assert storage.current_revision(url) == storage.head_revision()

    engine = sa.create_engine(sa_url)
    try:
        after = _contents(engine)
        with engine.connect() as conn:
            heads = sorted(r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version"))
    finally:
        engine.dispose()
    assert heads == list(storage.head_revisions())
    assert set(after) == set(storage.full_metadata().tables)
    _kept(before, after)  # every row of 0.1 is still there, unchanged

    with open_storage(url) as s:
        licensing = require_licensing(s)
        assert licensing.licences.get("L1").company == "Bouw BV"
        assert [c.questionnaire_id for c in licensing.staffels.charges("L1")] == ["Q1"]
        assert require_leads(s).experts.get("E1").name == "Els"
        assert [e.message.id for e in s.outbox.entries()] == ["m-old"]
        result = StaffelService(s).record_completion("L1", "Q2", T0, now=T0)  # writes work
        assert (result.charged, result.staffel_id, result.used) == (True, "S1", 2)
        assert [c.unit_price for c in licensing.staffels.charges("L1")] == [Money("25.00")] * 2


def test_database_of_the_hand_written_migrations_ends_at_the_heads(tmp_path: Path) -> None:
    # 0.1's revision 0001 is the hand-written migrations' schema; without Alembic's own
    # table and with the old bookkeeping table, it is stamped and upgraded
    sa_url, url = next(_sqlite(tmp_path))
    before = _build_0_1(sa_url, "0001")
    engine = sa.create_engine(sa_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE alembic_version")
        conn.exec_driver_sql("CREATE TABLE blikopwerk_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        for i in ("0001_outbox", "0100_licensing", "0101_staffels", "0102_access", "0200_leads"):
            conn.exec_driver_sql(f"INSERT INTO blikopwerk_migrations VALUES ('{i}', '2026-01-01')")
    with open_storage(url) as s:
        assert require_licensing(s).licences.get("L1").company == "Bouw BV"
    after = _contents(engine)
    engine.dispose()
    _kept(before, after)
    assert storage.current_revision(url) == storage.head_revision()


def test_database_with_some_werkscan_tables_missing_is_refused(tmp_path: Path) -> None:
    sa_url, url = next(_sqlite(tmp_path))
    _build_0_1(sa_url, "0001")
    engine = sa.create_engine(sa_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE ws_links")
    engine.dispose()
    with pytest.raises(StorageVersionError, match="missing: ws_links"):
        open_storage(url)
    assert storage.current_revision(url) == "0001"  # nothing was changed


def test_werkscan_database_opened_without_werkscan_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    storage.upgrade(url)
    monkeypatch.setattr(extensions, "installed_extensions", lambda: [])
    with pytest.raises(StorageVersionError, match="newer than this code.*storage extension"):
        open_storage(url)


# -- several heads ------------------------------------------------------------------------------

class _Notes:
    """A storage extension of another package: one table, a branch of its own."""

    name = "notes"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def define_tables(self) -> None:
        from blikopwerk.storage import KEY, define_table, metadata

        if "ext_notes" not in metadata.tables:
            define_table("ext_notes", sa.Column("id", KEY, primary_key=True))

    def version_location(self) -> str:
        return str(self.folder)

    def attach(self, storage: Any) -> None:
        storage.notes = "attached"


NOTES_REVISION = '''
import sqlalchemy as sa
from alembic import op

revision = "n001_notes"
down_revision = "0001"
branch_labels = ("notes",)
depends_on = None


def upgrade():
    op.create_table("ext_notes", sa.Column("id", sa.String(255), primary_key=True))


def downgrade():
    op.drop_table("ext_notes")
'''


def test_an_extension_with_a_branch_of_its_own_gives_several_heads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "notes_versions"
    folder.mkdir()
    (folder / "n001_notes.py").write_text(NOTES_REVISION)
    url = f"sqlite:///{tmp_path / 'n.sqlite3'}"
    before = storage.head_revisions()
    storage.upgrade(url)  # at werkscan's heads first: the new branch comes later
    notes = _Notes(folder)
    monkeypatch.setattr(extensions, "installed_extensions", lambda: [WerkscanStorage(), notes])
    try:
        assert storage.head_revisions() == tuple(sorted((*before, "n001_notes")))
        assert storage.head_revision() == "+".join(storage.head_revisions())
        assert storage.current_revision(url) == "+".join(before)
        assert storage.upgrade(url) == storage.head_revision()
        assert storage.current_revision(url) == storage.head_revision()
        with storage.open_storage(url, upgrade=False) as s:
            assert s.notes == "attached"  # type: ignore[attr-defined]
            assert s.licences is not None  # type: ignore[attr-defined]
    finally:
        from blikopwerk._backends.schema import metadata

        if "ext_notes" in metadata.tables:
            metadata.remove(metadata.tables["ext_notes"])


# -- the extension point ---------------------------------------------------------------------

def test_werkscan_registers_itself_in_code_and_by_entry_point() -> None:
    assert extensions.registered_in_code()["werkscan"] == "werkscan._storage:WerkscanStorage"
    assert [e.name for e in extensions.installed_extensions()] == ["werkscan"]
    text = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points."blikopwerk.storage_extensions"]\nwerkscan = "werkscan._storage:WerkscanStorage"' in text


def test_a_storage_extension_must_meet_the_protocol() -> None:
    class Half:
        name = "half"

        def define_tables(self) -> None: ...

    with pytest.raises(PluginError, match="missing attach, version_location"):
        extensions.storage_extensions.register("half", Half)
    assert "half" not in extensions.storage_extensions.names()


def test_every_sql_storage_has_the_werkscan_repositories() -> None:
    with open_storage("memory://") as s:
        assert all(getattr(s, name) is not None for name in REPOSITORIES)


def test_require_helpers_attach_to_a_storage_opened_before_werkscan(
        monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m:
        m.setattr(extensions, "installed_extensions", lambda: [])
        s = open_storage("memory://")
    assert not hasattr(s, "licences")
    assert require_leads(s).leads is not None
    assert require_licensing(s).licences is not None
    s.close()


def test_kernel_imports_no_werkscan_and_no_sqlalchemy_on_import() -> None:
    code = ("import sys, blikopwerk; a = 'sqlalchemy' in sys.modules; import werkscan; "
            "b = 'sqlalchemy' in sys.modules; from blikopwerk._backends import sql; "
            "print(a, b, 'werkscan._licensing.sql' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_an_extension_found_before_its_package_is_imported_loads_it() -> None:
    # as with an installed entry point in a process that never imported werkscan: loading
    # the extension imports werkscan, which registers itself again while it is loaded
    code = ("import sys; from blikopwerk._backends.extensions import register_extension; "
            "register_extension('werkscan', 'werkscan._storage:WerkscanStorage'); "
            "from blikopwerk import open_storage; s = open_storage('memory://'); "
            "print('werkscan' in sys.modules, type(s.licences).__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         timeout=120)
    assert out.stdout.split() == ["True", "SqlLicences"]
