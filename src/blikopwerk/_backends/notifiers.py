"""Embedded notifiers: ``.eml`` files in a folder, or the log."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from blikopwerk._protocols import DeliveryError, Message

__all__ = ["EmlFolderNotifier", "LogNotifier"]

logger = logging.getLogger("blikopwerk.notifications")


def _safe_name(message_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in message_id)


class EmlFolderNotifier:
    """Writes each message as ``<id>.eml`` in ``folder`` (created if missing).

    Writing is atomic (temp file then rename), and a message id already written is
    not written again, so redelivery is harmless.

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> n = EmlFolderNotifier(folder)
        >>> n.deliver(Message("m1", ("a@example.nl",), "Hello", "Body"))
        >>> sorted(p.name for p in folder.iterdir())
        ['m1.eml']
    """

    name = "eml"

    def __init__(self, folder: str | os.PathLike[str] = "outbox") -> None:
        self.folder = Path(folder)

    def path_for(self, message: Message) -> Path:
        """Where ``message`` is (or will be) written."""
        return self.folder / f"{_safe_name(message.id)}.eml"

    def deliver(self, message: Message) -> None:
        """Write ``message``; raises :class:`DeliveryError` if the folder is not writable."""
        target = self.path_for(message)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if target.exists():
                return
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(message.to_email().as_bytes())
            os.replace(tmp, target)
        except OSError as exc:
            raise DeliveryError(f"cannot write {target}: {exc}") from exc


class LogNotifier:
    """Logs each message at INFO on the ``blikopwerk.notifications`` logger.

    Example:
        >>> LogNotifier().deliver(Message("m1", ("a@example.nl",), "Hello", "Body"))
    """

    name = "log"

    def __init__(self, level: int = logging.INFO) -> None:
        self.level = level

    def deliver(self, message: Message) -> None:
        """Log ``message`` (id, recipients, subject)."""
        logger.log(self.level, "message %s to %s: %s", message.id, ", ".join(message.to),
                   message.subject)
