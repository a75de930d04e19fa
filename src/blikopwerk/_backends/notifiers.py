"""Embedded notifiers: ``.eml`` files in a folder, or the log."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from blikopwerk._errors import InvalidValueError
from blikopwerk._protocols import DeliveryError, Message, encode_message_id

__all__ = ["EmlFolderNotifier", "LogNotifier"]

logger = logging.getLogger("blikopwerk.notifications")


class EmlFolderNotifier:
    """Writes each message as ``<id>.eml`` in ``folder`` (created if missing).

    The file name is the encoded id of :attr:`Message.message_id
    <blikopwerk.Message.message_id>` (``staffel-80:L1`` is ``staffel-80_L1.eml``), so
    distinct ids never share a file.
    Writing is atomic (temp file then rename), and a message id already written is not
    written again, so redelivery is harmless. (On a file system that ignores case, ids
    that differ only in case would share a file: keep ids' case meaningful elsewhere.)

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
        if not isinstance(folder, str | os.PathLike) or not str(folder).strip():
            raise InvalidValueError("folder", folder, "expected a folder path")
        if "\x00" in str(folder):
            raise InvalidValueError("folder", folder, "a path cannot contain a NUL byte")
        self.folder = Path(folder)

    def path_for(self, message: Message) -> Path:
        """Where ``message`` is (or will be) written."""
        return self.folder / f"{encode_message_id(message.id)}.eml"

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
        except (OSError, ValueError) as exc:  # ValueError: a name the file system refuses
            raise DeliveryError(f"cannot write {target}: {exc}") from exc


class LogNotifier:
    """Logs each message on the ``blikopwerk.notifications`` logger.

    At ``level`` (INFO by default) it logs only the message id and the number of
    recipients: no e-mail address, subject or body, which may hold personal data. The
    recipients and the subject are logged at DEBUG, for development only.

    Example:
        >>> LogNotifier().deliver(Message("m1", ("a@example.nl",), "Hello", "Body"))
    """

    name = "log"

    def __init__(self, level: int = logging.INFO) -> None:
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= logging.CRITICAL:
            raise InvalidValueError("level", level, "expected a logging level such as logging.INFO (20)")
        self.level = level

    def deliver(self, message: Message) -> None:
        """Log ``message``: its id and recipient count; recipients and subject at DEBUG."""
        logger.log(self.level, "message %s delivered to %d recipient(s)", message.id, len(message.to))
        logger.debug("message %s to %s: %s", message.id, ", ".join(message.to), message.subject)
