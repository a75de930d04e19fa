"""blikopwerk-smtp: an SMTP notifier for blikopwerk's outbox.

Registered as ``smtp`` in the ``blikopwerk.notifiers`` entry-point group, so
``blikopwerk.get_notifier("smtp", host=...)`` or ``BLIKOPWERK_NOTIFIER=smtp`` selects it.

Example:
    >>> from blikopwerk.plugins import notifiers
    >>> notifiers.load("smtp") is SmtpNotifier
    True
"""

from __future__ import annotations

from blikopwerk_smtp._notifier import SmtpNotifier, SmtpSettings, classify_reply

__all__ = ["SmtpNotifier", "SmtpSettings", "classify_reply"]
