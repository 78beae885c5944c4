"""Drafts: a highlight or note the library could not save, kept outside the database.

When a write of the reader's text finally fails (the library busy in another
program for too long, the disk full, the file read-only), the text must not be
lost, and the database is the thing that is failing. So each draft is a small
JSON file in ``drafts/`` beside ``library.db``: written atomically (temporary
file, fsync, ``os.replace``), one file per draft so two Quire processes never
rewrite each other's drafts, and a damaged file only ever loses itself (it is
left untouched and reported). A draft holds everything needed to save it later:
the book key, offsets, quote and context, colour, note and time.

If even the drafts folder cannot be written (read-only or full), the draft is
kept in memory by this :class:`Drafts` object, :meth:`Drafts.save` raises
:class:`DraftError` saying so, and the caller keeps the text on screen.

:meth:`Drafts.replay` (or ``StoreWriter.replay_drafts``) saves every draft into
the store when it works again. Replaying is idempotent: a draft whose highlight
is already in the library (same book, offsets and note) is not added twice, so
a crash between the database commit and the draft's removal is harmless.
"""

from __future__ import annotations

import json
import os
import re
import stat
import threading
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.store.base import StoreError, file_kind, transaction, utc_now
from reader.store.models import Annotation

if TYPE_CHECKING:
    from reader.store.db import Store

__all__ = ["DRAFTS_FOLDER", "Draft", "DraftError", "DraftScan", "Drafts", "ReplayReport"]

DRAFTS_FOLDER = "drafts"
"""Name of the drafts folder, beside the library database."""

MAX_DRAFT_BYTES = 8 * 1024 * 1024
"""A draft file larger than this is not read (it cannot be one Quire wrote for a note)."""

_ID_RE = re.compile(r"[0-9A-Za-z_-]{1,64}")
_FORMAT = 1


class DraftError(StoreError):
    """A draft could not be written, read or removed; ``str()`` is a one-line message."""


def _new_id() -> str:
    import uuid  # with platform, ~2 ms: not on the way to a first page

    return uuid.uuid4().hex


@dataclass(slots=True)
class Draft:
    """A highlight (with its note) waiting to be saved into the library.

    ``annotation_id`` is set when the draft is an edit of a highlight that was
    already saved; replaying then updates that highlight if it still exists, and
    adds it afresh at ``start``/``end`` otherwise.
    """

    book_key: str
    start: int
    end: int
    quote: str
    note: str = ""
    color: str = "yellow"
    prefix: str = ""
    suffix: str = ""
    annotation_id: int | None = None
    book_title: str = ""
    """For the list shown to the reader (the key identifies the book)."""
    created: str = field(default_factory=utc_now)
    id: str = field(default_factory=_new_id)
    error: str = ""
    """Why it could not be saved (the last StoreError's message)."""
    kept: bool = True
    """False when it is only in memory: the drafts folder could not be written."""

    @classmethod
    def of_annotation(
        cls,
        annotation: Annotation,
        book_key: str,
        *,
        note: str | None = None,
        color: str | None = None,
        book_title: str = "",
    ) -> Draft:
        """A draft of ``annotation`` with its new ``note``/``color`` (None keeps the old)."""
        return cls(
            book_key=book_key,
            start=annotation.start,
            end=annotation.end,
            quote=annotation.quote,
            note=annotation.note if note is None else note,
            color=annotation.color if color is None else color,
            prefix=annotation.prefix,
            suffix=annotation.suffix,
            annotation_id=annotation.id,
            book_title=book_title,
        )

    def to_json(self) -> dict[str, Any]:
        """The draft as a JSON object (``kept`` is not stored: it describes this process)."""
        return {
            "format": _FORMAT,
            "id": self.id,
            "book_key": self.book_key,
            "book_title": self.book_title,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "color": self.color,
            "note": self.note,
            "annotation_id": self.annotation_id,
            "created": self.created,
            "error": self.error,
        }

    @classmethod
    def from_json(cls, data: object, draft_id: str) -> Draft:
        """A draft from :meth:`to_json`'s object; ValueError says what is wrong with it."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if data.get("format") != _FORMAT:
            raise ValueError(f"unknown draft format {data.get('format')!r}")

        def text(name: str, default: str | None = None) -> str:
            value = data.get(name, default)
            if not isinstance(value, str):
                raise ValueError(f"{name} is not text")
            return value

        def number(name: str) -> int:
            value = data.get(name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} is not an offset")
            return value

        annotation_id = data.get("annotation_id")
        if annotation_id is not None and (
            not isinstance(annotation_id, int) or isinstance(annotation_id, bool)
        ):
            raise ValueError("annotation_id is not a number")
        start, end = number("start"), number("end")
        if end < start:
            raise ValueError("it ends before it starts")
        if not text("book_key"):
            raise ValueError("it names no book")
        return cls(
            book_key=text("book_key"),
            start=start,
            end=end,
            quote=text("quote"),
            note=text("note", ""),
            color=text("color", "yellow") or "yellow",
            prefix=text("prefix", ""),
            suffix=text("suffix", ""),
            annotation_id=annotation_id,
            book_title=text("book_title", ""),
            created=text("created", ""),
            id=draft_id,
            error=text("error", ""),
        )


@dataclass(slots=True)
class DraftScan:
    """What is in the drafts folder: the drafts (oldest first) and files that could not be read."""

    drafts: list[Draft]
    problems: list[str]
    """One line per unreadable draft file; those files are left as they are."""


@dataclass(slots=True)
class ReplayReport:
    """The outcome of replaying drafts: which were saved, and which stay (and why)."""

    saved: list[tuple[Draft, Annotation]] = field(default_factory=list)
    left: list[tuple[Draft, str]] = field(default_factory=list)

    def message(self) -> str:
        """One line for the reader (empty when there was nothing to replay)."""
        parts = []
        if self.saved:
            n = len(self.saved)
            parts.append(f"{n} unsaved highlight{'s' if n != 1 else ''} saved to the library.")
        if self.left:
            n = len(self.left)
            parts.append(
                f"{n} draft{'s' if n != 1 else ''} could not be saved yet: {self.left[0][1]}"
            )
        return " ".join(parts)


class Drafts:
    """The drafts folder (``drafts/`` beside ``library.db``) plus drafts kept only in memory.

    Safe to use from several threads (the writer saves and replays, the GUI lists).
    """

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._memory: dict[str, Draft] = {}

    @classmethod
    def beside(cls, database: Path | str) -> Drafts:
        """The drafts of the library at ``database`` (its folder's ``drafts/``)."""
        return cls(Path(database).expanduser().absolute().parent / DRAFTS_FOLDER)

    def _file(self, draft_id: str) -> Path:
        if not _ID_RE.fullmatch(draft_id):
            raise ValueError(f"not a draft id: {draft_id!r}")
        return self.folder / f"{draft_id}.json"

    # -- writing ------------------------------------------------------------------

    def save(self, draft: Draft) -> Draft:
        """Write ``draft`` to the drafts folder (atomically) and return it.

        Raises :class:`DraftError` when the folder cannot be written; the draft is
        then kept in memory (listed with ``kept=False``) so it can still be replayed.
        """
        target = self._file(draft.id)
        stored = replace(draft, kept=True)
        data = json.dumps(stored.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        tmp = self.folder / f".{draft.id}.{os.getpid()}.{threading.get_ident()}.tmp"
        try:
            self._check_folder()
            self.folder.mkdir(parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(tmp, flags | getattr(os, "O_CLOEXEC", 0), 0o600)
            try:
                with os.fdopen(fd, "wb", closefd=False) as out:
                    out.write(data)
                    out.flush()
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, target)
            self._sync_folder()
        except OSError as exc:
            with suppress(OSError):  # the temporary file may not exist; nothing else to do
                tmp.unlink()
            memo = replace(draft, kept=False)
            with self._lock:
                self._memory[draft.id] = memo
            raise DraftError(
                f"Quire could not keep it as a draft either ({exc.strerror or exc}, in "
                f"{self.folder}): keep the text on screen and copy it somewhere safe."
            ) from exc
        with self._lock:
            self._memory.pop(draft.id, None)
        return stored

    def _check_folder(self) -> None:
        """Refuse a drafts 'folder' that is a FIFO, a file or the like (OSError)."""
        try:
            mode = os.stat(self.folder).st_mode
        except FileNotFoundError:
            return  # not there yet: save() creates it
        if not stat.S_ISDIR(mode):
            raise NotADirectoryError(f"{self.folder} is not a folder")

    def _sync_folder(self) -> None:
        """fsync the folder so the rename survives a power cut (where the OS allows it)."""
        flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
        try:
            fd = os.open(self.folder, flags)
        except OSError:
            return  # e.g. Windows cannot open folders; the file itself was synced
        try:
            os.fsync(fd)
        except OSError:
            pass  # some file systems refuse fsync on a folder; the rename is still done
        finally:
            os.close(fd)

    def discard(self, draft_id: str) -> None:
        """Forget a draft (it was saved, or the reader threw it away). Absent: no error."""
        with self._lock:
            self._memory.pop(draft_id, None)
        try:
            self._file(draft_id).unlink()
        except (FileNotFoundError, NotADirectoryError):
            return  # nothing on disk (e.g. a draft that was only kept in memory)
        except OSError as exc:
            raise DraftError(
                f"Quire could not remove the draft {self._file(draft_id)} "
                f"({exc.strerror or exc}); remove it yourself."
            ) from exc

    # -- reading ------------------------------------------------------------------

    def scan(self) -> DraftScan:
        """Every draft (on disk and in memory), oldest first, and what could not be read."""
        drafts: dict[str, Draft] = {}
        problems: list[str] = []
        try:
            self._check_folder()
            names = sorted(
                e.name
                for e in os.scandir(self.folder)
                if e.name.endswith(".json") and not e.name.startswith(".")
            )
        except FileNotFoundError:
            names = []  # no drafts folder yet: no drafts on disk
        except OSError as exc:
            names = []
            problems.append(f"The drafts folder {self.folder} cannot be read ({exc}).")
        for name in names:
            draft_id = name.removesuffix(".json")
            if not _ID_RE.fullmatch(draft_id):
                continue  # not a name Quire gives its drafts
            try:
                drafts[draft_id] = self._read(self.folder / name, draft_id)
            except (OSError, ValueError) as exc:
                problems.append(
                    f"The draft {self.folder / name} could not be read ({exc}); "
                    "it was left as it is."
                )
        with self._lock:
            for draft_id, memo in self._memory.items():
                drafts.setdefault(draft_id, memo)
        ordered = sorted(drafts.values(), key=lambda d: (d.created, d.id))
        return DraftScan(ordered, problems)

    def list(self) -> list[Draft]:
        """Every draft, oldest first (see :meth:`scan` for the unreadable ones)."""
        return self.scan().drafts

    @staticmethod
    def _read(path: Path, draft_id: str) -> Draft:
        """One draft file; never blocks on a FIFO or device planted in the folder."""
        mode = os.stat(path).st_mode  # stat, not open: a FIFO must not block us
        if not stat.S_ISREG(mode):
            raise ValueError(f"it is {file_kind(mode)}, not a file")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ValueError("not a regular file")
            if info.st_size > MAX_DRAFT_BYTES:
                raise ValueError(f"{info.st_size} bytes is too big for a draft")
            raw = f.read(MAX_DRAFT_BYTES + 1)
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, RecursionError) as exc:
            raise ValueError(f"not UTF-8 JSON: {exc}") from None
        return Draft.from_json(data, draft_id)

    # -- replaying ----------------------------------------------------------------

    def apply(self, store: Store) -> ReplayReport:
        """Save every draft into ``store`` in one transaction; nothing is discarded here.

        Call :meth:`finish` with the report once the transaction is committed
        (:meth:`replay` does both). A draft whose book is not in the library stays.
        """
        report = ReplayReport()
        with transaction(store.conn, store.path):
            for draft in self.list():
                book = store.library.find_by_key(draft.book_key)
                if book is None:
                    title = f"“{draft.book_title}”" if draft.book_title else "its book"
                    report.left.append(
                        (draft, f"{title} is not in the library; open the book, then try again.")
                    )
                    continue
                report.saved.append((draft, _save_draft(store, book.id, draft)))
        return report

    def finish(self, report: ReplayReport) -> None:
        """Remove the drafts that :meth:`apply` saved (after its transaction committed).

        A draft file that cannot be removed stays and is replayed again harmlessly.
        """
        for draft, _annotation in report.saved:
            try:
                self.discard(draft.id)
            except DraftError as err:
                report.left.append((draft, str(err)))

    def replay(self, store: Store) -> ReplayReport:
        """Save every draft into ``store`` now (blocking) and remove the saved ones.

        Raises :class:`StoreError` when the store still fails; the drafts then stay.
        """
        report = self.apply(store)
        self.finish(report)
        return report


def _save_draft(store: Store, book_id: int, draft: Draft) -> Annotation:
    """Update the highlight the draft edits, or add it (once), inside the caller's transaction."""
    notes = store.annotations
    if draft.annotation_id is not None:
        existing = notes.get_annotation(draft.annotation_id)
        if existing is not None and existing.book_id == book_id:
            return notes.update_annotation(existing.id, color=draft.color, note=draft.note)
    for a in notes.annotations(book_id):
        if (a.start, a.end, a.note) == (draft.start, draft.end, draft.note):
            if a.color != draft.color:
                return notes.update_annotation(a.id, color=draft.color)
            return a  # already saved (e.g. a replay interrupted before the draft was removed)
    return notes.add_annotation(
        book_id,
        draft.start,
        draft.end,
        draft.quote,
        draft.prefix,
        draft.suffix,
        draft.color,
        draft.note,
    )
