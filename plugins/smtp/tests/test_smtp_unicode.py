"""Property: any subject and body (any script) arrive intact through a real SMTP server."""

from __future__ import annotations

from blikopwerk_smtp import SmtpNotifier
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blikopwerk import Message
from blikopwerk.testing import message_id_of

_visible = st.characters(categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029")
subjects = st.text(_visible, min_size=1, max_size=120).map(str.strip).filter(bool)
lines = st.text(_visible, max_size=90)
bodies = st.lists(lines, min_size=1, max_size=8).map(lambda ls: "\n".join(ls) + "\n")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(subject=subjects, body=bodies)
def test_any_subject_and_body_arrive_intact(smtp_server, subject: str, body: str) -> None:
    before = len(smtp_server.handler.received)
    message = Message(f"u-{before}", ("a@example.nl",), subject, body)
    with SmtpNotifier(host=smtp_server.host, port=smtp_server.port, timeout=5) as notifier:
        notifier.deliver(message)
    got = smtp_server.handler.messages()[before]
    assert got["Message-ID"] == message_id_of(message)
    assert got["Subject"] == subject
    part = got.get_body(("plain",))
    assert part is not None
    assert part.get_content() == body
