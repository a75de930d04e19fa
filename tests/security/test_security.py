"""Privacy and security, one test per point of issue 11 §2 (and the related points of §3).

Each test checks what the library guarantees (see the docs page "Security and privacy").
A point that is not implemented yet, in code another engineer owns, is a strict xfail that
names the missing piece: it turns into a failure the day the piece lands, so the xfail is
removed then.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import secrets
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from blikopwerk import BlikopwerkError, InvalidValueError, MemoryStorage, Message, Settings
from werkscan import TooFewQuestionnairesError, employer_report_html, score, summarise_employer

NOW = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
SECRET = "s3cr3t-Pa55"
MARKUP_NAMES = ["[link=https://evil.example/x]Klik hier[/link] BV", "[/] BV", "[bold]Vet[/bold] BV", "Werk :smile: BV"]
ANSWERS: dict[str, Any] = {
    "wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
            "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "prognosis": 7,
            "mental_resources": [3, 3, 2]},
    "signals": {a: "none" for a in ("health", "lifestyle", "work", "work_life_balance", "education",
                                    "career_development", "career_mobility", "self_reliance")},
}


def _main(tool: str, args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
          ) -> subprocess.CompletedProcess[str]:
    import os

    entry = "werkscan._cli.main" if tool == "werkscan" else "keurmerk._cli"
    # this tree's sources, also from another working folder (PYTHONPATH may be relative)
    path = os.pathsep.join(os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)
    return subprocess.run([sys.executable, "-c", f"from {entry} import main; main()", *args], capture_output=True,
                          text=True, check=False, cwd=cwd,
                          env={**os.environ, "COLUMNS": "200", "PYTHONPATH": path, **(env or {})})


# ----------------------------------------------------------------------------- data is text, never markup


@pytest.mark.parametrize("name", MARKUP_NAMES)
def test_provider_names_are_printed_as_text_not_markup(name: str, tmp_path: Path) -> None:
    """§2: text from data that reaches a terminal is printed as text (``[link=...]`` is no
    hyperlink, ``[/]`` does not crash)."""
    assert _main("keurmerk", ["examples", str(tmp_path)]).returncode == 0
    providers = json.loads((tmp_path / "providers.json").read_text("utf-8"))
    providers["providers"][0]["name"] = name
    (tmp_path / "providers.json").write_text(json.dumps(providers), "utf-8")
    proc = _main("keurmerk", ["search", str(tmp_path / "providers.json")], env={"FORCE_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    assert name in proc.stdout and "\x1b]8;" not in proc.stdout  # the name as written, no OSC 8 hyperlink


@pytest.mark.parametrize("name", [*MARKUP_NAMES, "<script>alert(1)</script> BV"])
def test_employer_names_are_text_in_reports_and_on_the_terminal(name: str, tmp_path: Path) -> None:
    summary = summarise_employer([score(ANSWERS) for _ in range(25)], employer=name)
    html = employer_report_html(summary)
    assert "<script>alert" not in html and "&lt;script&gt;" in html if "<script>" in name else name in html
    from werkscan import LicenceService

    storage = MemoryStorage()
    LicenceService(storage).create(name, "Anna", "anna@arbo.example", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                   licence_id="L1")
    from rich.console import Console

    from blikopwerk._cli import console

    buf = io.StringIO()
    out: Console = console(file=buf, force_terminal=True, width=200)
    out.print(LicenceService(storage).find("L1", dt.date(2026, 6, 1)).company)
    assert name in buf.getvalue() and "\x1b]8;" not in buf.getvalue()


# ----------------------------------------------------------------------------- no personal data in logs


def test_the_log_notifier_logs_no_address_or_subject_at_info(caplog: pytest.LogCaptureFixture) -> None:
    from blikopwerk.plugins import get_notifier

    caplog.set_level(logging.INFO, logger="blikopwerk")
    get_notifier("log").deliver(Message("m1", ("jan.jansen@example.nl",), "Uw WAI-score: 31", "Beste Jan"))
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert info and not any("@" in m or "jan" in m.lower() or "WAI" in m for m in info), info


@contextlib.contextmanager
def _smtp_server() -> Iterator[tuple[int, list[Any]]]:
    from aiosmtpd.controller import Controller

    received: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(envelope)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


def test_the_smtp_plugin_logs_no_address_or_subject_at_info(caplog: pytest.LogCaptureFixture) -> None:
    from blikopwerk_smtp import SmtpNotifier

    caplog.set_level(logging.INFO, logger="blikopwerk")
    with _smtp_server() as (port, received):
        notifier = SmtpNotifier(host="127.0.0.1", port=port)
        try:
            notifier.deliver(Message("m1", ("jan.jansen@example.nl",), "Uw WAI-score: 31", "Beste Jan"))
        finally:
            notifier.close()
    assert len(received) == 1
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert info and not any("@" in m or "jansen" in m.lower() or "WAI" in m for m in info), info


# ----------------------------------------------------------------------------- secrets never shown

URLS = [f"postgresql://app:{SECRET}@db.example:5432/werkscan",
        f"postgresql://db.example/werkscan?user=app&password={SECRET}",
        f"mysql+pymysql://app:{SECRET}@127.0.0.1:1/werkscan"]


def _unreachable(url: str) -> str:
    """``url`` pointed at a closed port, giving up after one second instead of the
    default ten (the error and its redaction are the same)."""
    url = url.replace("db.example", "127.0.0.1:1").replace(":5432", "")
    return f"{url}{'&' if '?' in url else '?'}unavailable_after=1"


@pytest.mark.parametrize("url", URLS)
def test_storage_urls_are_redacted_in_settings_repr_and_errors(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLIKOPWERK_STORAGE_URL", url)
    settings = Settings()
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    from blikopwerk import open_storage, redact_url

    assert SECRET not in redact_url(url)
    with pytest.raises(BlikopwerkError) as exc:
        open_storage(_unreachable(url)).close()
    assert SECRET not in str(exc.value)
    if "?" not in url:  # a password in the query: see the xfail below
        assert SECRET not in repr(exc.value)


def test_a_query_password_is_redacted_in_the_error_repr_too() -> None:
    from blikopwerk import open_storage

    with pytest.raises(BlikopwerkError) as exc:
        open_storage(f"postgresql://127.0.0.1:1/werkscan?user=app&password={SECRET}&unavailable_after=1")
    assert SECRET not in repr(exc.value)


@pytest.mark.parametrize("url", URLS)
def test_storage_urls_are_redacted_on_cli_stderr(url: str, tmp_path: Path) -> None:
    proc = _main("werkscan", ["licence", "--storage", _unreachable(url), "list"],
                 cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1
    assert "storage" in proc.stderr or "opslag" in proc.stderr, proc.stderr  # the storage was tried
    assert SECRET not in proc.stderr and SECRET not in proc.stdout, proc.stderr


def test_smtp_refuses_a_login_without_tls_unless_allowed() -> None:
    from blikopwerk_smtp import SmtpNotifier

    with pytest.raises(InvalidValueError, match="allow_login_without_tls") as exc:
        SmtpNotifier(host="mail.example.nl", username="mailer", password=SECRET)
    assert SECRET not in str(exc.value)
    assert SmtpNotifier(host="mail.example.nl", username="mailer", password=SECRET, starttls=True)
    assert SmtpNotifier(host="relay.local", username="mailer", password=SECRET, allow_login_without_tls=True)
    assert SECRET not in repr(SmtpNotifier(host="mail.example.nl", username="mailer", password=SECRET, ssl=True))


# ----------------------------------------------------------------------------- addresses are addresses


BAD_ADDRESSES = ["jan\nBcc:x@y.example", "jan@example.nl\r\nBcc: x@y.example", "jan", "jan@", "@example.nl",
                 "jan @example.nl"]


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_message_addresses_with_line_breaks_or_no_address_are_refused(address: str) -> None:
    with pytest.raises(InvalidValueError):
        Message("m1", (address,), "Onderwerp", "Tekst")


def test_licence_contact_addresses_are_validated() -> None:
    from werkscan import LicenceService

    for address in ("jan\nBcc:x@y.example", "jan @example.nl"):
        with pytest.raises(InvalidValueError):
            LicenceService(MemoryStorage()).create("Arbo BV", "Anna", address, dt.date(2026, 1, 1),
                                                   dt.date(2026, 12, 31))


def test_worker_contact_addresses_with_line_breaks_are_refused() -> None:
    from werkscan._leads.records import WorkerContact

    with pytest.raises(InvalidValueError):
        WorkerContact("Jan", "jan\nBcc:x@y.example")


def test_one_bad_message_never_stops_an_outbox_run(tmp_path: Path) -> None:
    from blikopwerk import deliver_outbox
    from blikopwerk.plugins import get_notifier

    storage = MemoryStorage()
    good = [Message(f"m{i}", (f"user{i}@example.nl",), "Onderwerp", "Tekst") for i in range(3)]
    bad = Message.__new__(Message)  # as a broken row read back from storage would be
    for name, value in (("id", "bad"), ("to", ("jan\nBcc:x@y.example",)), ("subject", "S"), ("body", "B"),
                        ("sender", good[0].sender), ("headers", {})):
        object.__setattr__(bad, name, value)
    storage.outbox.enqueue(good[0], NOW)
    try:
        storage.outbox.enqueue(bad, NOW)
    except BlikopwerkError:
        pass  # refused at the door: fine, it can never stop a run
    for m in good[1:]:
        storage.outbox.enqueue(m, NOW)
    notifier = get_notifier("eml", folder=str(tmp_path))
    deliver_outbox(storage, notifier, now=NOW)
    assert len(list(tmp_path.glob("*.eml"))) == 3


# ----------------------------------------------------------------------------- the employer floor


@pytest.mark.parametrize("floor", [float("nan"), float("inf"), 24.5, "25", True, 0, 1, 24])
def test_the_floor_of_25_cannot_be_bypassed(floor: Any) -> None:
    results = [score(ANSWERS) for _ in range(24)]
    with pytest.raises(InvalidValueError):
        summarise_employer(results, employer="Acme", min_questionnaires=floor)
    with pytest.raises(InvalidValueError, match="given twice"):
        summarise_employer([results[0]] * 25, employer="Acme")  # copies are not questionnaires
    summary = summarise_employer([score(ANSWERS) for _ in range(25)], employer="Acme")
    for forged in (summary.model_copy(update={"questionnaires": 1}),
                   summary.model_copy(update={"questionnaires": 3, "min_questionnaires": 1})):
        with pytest.raises(TooFewQuestionnairesError):
            employer_report_html(forged)


# ----------------------------------------------------------------------------- consent


def test_a_consent_link_with_non_ascii_text_is_refused_with_the_library_error() -> None:
    from werkscan import ConsentLinkInvalidError, LeadService

    signer = LeadService(MemoryStorage(), secret=secrets.token_bytes(32)).signer
    good = signer.sign("t1", NOW + dt.timedelta(days=1))
    for link in (good.replace("t1", "t\u00e9"), good + "\u00e9", "é.é.é", good[:-2] + "\u0660\u0661"):
        with pytest.raises(ConsentLinkInvalidError):
            signer.verify(link)


def _access() -> Any:
    from werkscan import AccessService, LicenceService, StaffelService

    storage = MemoryStorage()
    LicenceService(storage).create("Arbo BV", "Anna", "anna@arbo.example", dt.date(2026, 1, 1),
                                   dt.date(2026, 12, 31), licence_id="L1")
    StaffelService(storage).buy("L1", 25, now=NOW)
    return AccessService(storage, clock=lambda: NOW, secret=b"access-secret-for-tests")


@pytest.mark.parametrize("value", ["nee", "ja", 0, 1])
def test_research_consent_is_a_boolean_on_every_path(value: Any) -> None:
    svc = _access()
    q = svc.redeem(svc.generate_codes("L1", "Bakkerij", 1).codes[0]).questionnaire
    with pytest.raises(InvalidValueError):
        svc.complete(q.id, research_consent=value)


@pytest.mark.parametrize("value", ["nee", 0, None])
def test_client_consent_is_a_boolean(value: Any) -> None:
    svc = _access()
    q = svc.redeem(svc.generate_codes("L1", "Bakkerij", 1).codes[0]).questionnaire
    with pytest.raises(InvalidValueError):
        svc.upload_report(q.id, "L1", "doc-1", client_consent=value)


def test_single_use_codes_are_stored_as_a_keyed_digest() -> None:
    import hashlib

    from werkscan._licensing.access import normalise_code

    svc = _access()
    code = svc.generate_codes("L1", "Bakkerij", 1).codes[0]
    stored = repr(svc.storage.db.run(lambda tx: tx.all("SELECT * FROM ws_codes")))
    assert hashlib.sha256(normalise_code(code).encode("ascii")).hexdigest() not in stored
    assert code not in stored and normalise_code(code) not in stored


def test_invitation_link_tokens_are_stored_as_digests() -> None:
    svc = _access()
    url = svc.create_link("L1", "Bakkerij")
    token = url.rsplit("/", 1)[-1]
    assert token not in repr(svc.storage.db.run(lambda tx: tx.all("SELECT * FROM ws_links")))


def test_the_consent_secret_refuses_trivial_keys() -> None:
    from werkscan import LeadService

    with pytest.raises(InvalidValueError):
        _ = LeadService(MemoryStorage(), secret=bytes(32)).signer


def test_lead_ids_cannot_carry_personal_data() -> None:
    from werkscan import LeadService
    from werkscan._leads.records import WorkerContact

    svc = LeadService(MemoryStorage(), secret=secrets.token_bytes(32))
    with pytest.raises(InvalidValueError):
        svc.submit("jan.jansen@example.nl", "3511", 30, {"work": "strong"}, WorkerContact("Jan", "jan@example.nl"),
                   NOW)


# ----------------------------------------------------------------------------- a NUL byte in an id or a name


def _storage_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """memory://, a SQLite file, and PostgreSQL when ``BLIKOPWERK_TEST_POSTGRES_URL`` is set
    (in a schema of its own, dropped afterwards)."""
    import os
    import uuid

    if kind == "memory":
        yield "memory://"
        return
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'nul.sqlite3'}"
        return
    base = os.environ.get("BLIKOPWERK_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("BLIKOPWERK_TEST_POSTGRES_URL is not set (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    import psycopg
    from blikopwerk_postgres import PostgresOptions

    schema = f"t_{uuid.uuid4().hex[:16]}"
    try:
        yield f"{base}{'&' if '?' in base else '?'}schema={schema}"
    finally:
        with psycopg.connect(PostgresOptions.from_url(base).conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def any_storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    from blikopwerk.plugins import open_storage
    from werkscan import LicenceService, StaffelService

    for url in _storage_url(request.param, tmp_path):
        storage = open_storage(url)
        try:
            LicenceService(storage).create("Arbo BV", "Anna", "anna@arbo.example", dt.date(2026, 1, 1),
                                           dt.date(2026, 12, 31), licence_id="L1")
            StaffelService(storage).buy("L1", 25, now=NOW)
            yield storage
        finally:
            storage.close()


def _licence(**changes: Any) -> Any:
    def create(storage: Any) -> Any:
        from werkscan import LicenceService

        args: dict[str, Any] = {"company": "Acme", "contact_name": "Anna", "licence_id": "L2", "postcode": None}
        args.update(changes)
        return LicenceService(storage).create(args["company"], args["contact_name"], "anna@acme.example",
                                              dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                              licence_id=args["licence_id"], postcode=args["postcode"])
    return create


def _access_of(storage: Any) -> Any:
    from werkscan import AccessService

    return AccessService(storage, clock=lambda: NOW, secret=b"access-secret-for-tests")


def _report(storage: Any, ref: str) -> Any:
    svc = _access_of(storage)
    q = svc.redeem(svc.generate_codes("L1", "Bakkerij", 1).codes[0]).questionnaire
    return svc.upload_report(q.id, "L1", ref, client_consent=True)


def _anonymous(storage: Any, ref: str) -> Any:
    svc = _access_of(storage)
    return svc.start_anonymous(ref, svc.anonymous_price)


def _training(name: str, by: str) -> Any:
    def verify(storage: Any) -> Any:
        from werkscan import LicenceService

        return LicenceService(storage).verify_training("e@arbo.example", name, dt.date(2026, 1, 5), by)
    return verify


#: Every id or name a caller gives that is stored: (the field the error names, the call).
NUL_STORED: list[tuple[str, Any]] = [
    ("licence_id", _licence(licence_id="L\x002")),
    ("company", _licence(company="Acme\x00 BV")),
    ("contact_name", _licence(contact_name="\x00Anna")),
    ("postcode", _licence(postcode="3511\x00AB")),
    ("name", _training("A.\x00Expert", "Blik op Werk")),
    ("verified_by", _training("A. Expert", "Blik\x00")),
    ("client", lambda s: _access_of(s).generate_codes("L1", "Bakker\x00ij", 1)),
    ("client", lambda s: _access_of(s).create_link("L1", "Bakker\x00ij")),
    ("payment_reference", lambda s: _anonymous(s, "PAY\x001")),
    ("document_ref", lambda s: _report(s, "verslag\x00.pdf")),
]

#: Ids that are only looked up: nothing with a NUL byte can be stored, so each is the library's
#: error on every backend (not found, or the invalid value), never a driver error.
NUL_LOOKED_UP: list[Any] = [
    lambda s: __import__("werkscan").LicenceService(s).find("L\x001", dt.date(2026, 3, 2)),
    lambda s: __import__("werkscan").StaffelService(s).buy("L\x001", 25, now=NOW),
    lambda s: _access_of(s).generate_codes("L\x001", "Bakkerij", 1),
    lambda s: _access_of(s).redeem("ABCD-\x00EFG"),
    lambda s: _access_of(s).complete("q\x00", research_consent=True),
]


@pytest.mark.parametrize(("field", "call"), NUL_STORED, ids=[f"{f}-{i}" for i, (f, _) in enumerate(NUL_STORED)])
def test_a_nul_byte_in_a_stored_id_or_name_is_refused_alike_on_every_backend(any_storage: Any, field: str,
                                                                           call: Any) -> None:
    """Issue 11 §1: PostgreSQL cannot store a NUL byte; SQLite and memory:// could. Every backend
    refuses it alike, with the library's error naming the field, before anything is stored."""
    from werkscan import LicenceService

    with pytest.raises(InvalidValueError) as caught:
        call(any_storage)
    assert caught.value.field == field and "\x00" in caught.value.value
    assert "NUL" in str(caught.value) and "\x00" not in str(caught.value)  # shown as '\x00', one line
    assert [lic.id for lic in LicenceService(any_storage).directory(dt.date(2026, 3, 2))] == ["L1"]


@pytest.mark.parametrize("call", NUL_LOOKED_UP)
def test_a_nul_byte_in_a_looked_up_id_is_the_library_error_on_every_backend(any_storage: Any, call: Any) -> None:
    with pytest.raises(BlikopwerkError):
        call(any_storage)


def test_a_nul_byte_in_a_record_built_without_storage_is_refused() -> None:
    """The records themselves check (the kernel's one validator), so an app that stores them
    through its own repository gets the same answer."""
    from keurmerk import load_providers
    from werkscan import Establishment, Expert, Party, WorkerContact

    calls: list[tuple[str, Any]] = [
        ("name", lambda: Expert("E1", "Ex\x00pert", "e@arbo.example", [Establishment("3511AB", "Oudegracht 1")], 5)),
        ("address", lambda: Establishment("3511AB", "Oudegracht\x001")),
        ("name", lambda: WorkerContact("Jan\x00", "jan@example.nl")),
        ("phone", lambda: WorkerContact("Jan", "jan@example.nl", "06\x00")),
        ("name", lambda: Party("Blik\x00 op Werk")),
        ("address", lambda: Party("Blik op Werk", ("Postbus 1", "3500\x00AA Utrecht"))),
        ("vat_number", lambda: Party("Blik op Werk", vat_number="NL\x00")),
        ("providers[0].name", lambda: load_providers({"providers": [{"id": "p1", "name": "Werk\x00pad", "establishments": [
            {"postcode": "3511AB", "city": "Utrecht"}]}]})),
        ("id", lambda: Expert("E\x001", "Expert", "e@arbo.example", [Establishment("3511AB", "Oudegracht 1")], 5)),
    ]
    for field, call in calls:
        with pytest.raises(InvalidValueError) as caught:
            call()
        assert caught.value.field == field, (field, caught.value)


def test_lone_surrogates_are_refused_like_nul_bytes() -> None:
    """A lone surrogate cannot be encoded as UTF-8 by any backend: refused when built."""
    from werkscan import LicenceService

    with pytest.raises(InvalidValueError) as caught:
        LicenceService(MemoryStorage()).create("Acme \ud800", "Anna", "anna@acme.example", dt.date(2026, 1, 1),
                                               dt.date(2026, 12, 31))
    assert caught.value.field == "company"
