"""The vault index: one SQLite database per vault, kept in step with the files by (mtime, size).

Why SQLite: it ships with Python, FTS5's trigram tokenizer finds Korean substrings, and WAL mode lets the UI
thread search while a background thread writes. The database lives in ``cache_dir("index")`` under a hash of
the vault's absolute path, so it is disposable: a corrupt or outdated file is deleted and rebuilt, never
trusted. ``update()`` lists the vault (see :mod:`app.vault.walk`), re-reads only files whose mtime or size
changed, drops deleted ones (a rename is a delete plus an add) and re-resolves links when the set of files
changed. Files that cannot be read, that vanish mid-way or that are binary are recorded with a status and
skipped, so they never stop indexing and are not retried until they change.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from app.paths import cache_dir
from app.vault.links import Heading, scan
from app.vault.reader import read_note
from app.vault.resolve import LinkResolver
from app.vault.search import SearchHit, search
from app.vault.walk import FileStat, walk_vault

SCHEMA_VERSION = "3"
BATCH = 250  # notes per progress report / cancel check
CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS notes(
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL, status TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, body, tokenize='trigram');
CREATE TABLE IF NOT EXISTS links(
    src INTEGER, target TEXT, anchor TEXT, line INTEGER, embed INTEGER, dst TEXT);
CREATE INDEX IF NOT EXISTS links_src ON links(src);
CREATE INDEX IF NOT EXISTS links_dst ON links(dst);
CREATE TABLE IF NOT EXISTS tags(src INTEGER, tag TEXT, line INTEGER);
CREATE INDEX IF NOT EXISTS tags_src ON tags(src);
CREATE TABLE IF NOT EXISTS headings(src INTEGER, level INTEGER, text TEXT, line INTEGER);
CREATE INDEX IF NOT EXISTS headings_src ON headings(src);
CREATE TABLE IF NOT EXISTS aliases(src INTEGER, alias TEXT);
CREATE INDEX IF NOT EXISTS aliases_src ON aliases(src);
"""


@dataclass(frozen=True)
class UpdateStats:
    added: int
    changed: int
    removed: int
    failed: int  # unreadable or binary notes (recorded, skipped)
    seconds: float

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass(frozen=True)
class LinkRef:
    """One link, seen from either end."""

    source: str  # the linking note
    target: str  # as written
    resolved: str | None  # vault-relative path, None when unresolved
    line: int
    embed: bool


@dataclass(frozen=True)
class NoteEntry:
    path: str
    title: str
    aliases: tuple[str, ...]


def default_db_path(root: Path) -> Path:
    """One database per vault, named by a hash of its absolute path."""
    digest = hashlib.sha1(str(Path(root).resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return cache_dir("index") / f"vault-{digest}.sqlite3"


def is_corruption(exc: sqlite3.Error) -> bool:
    """True for a damaged database file (not for a busy database or a bad query)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in CORRUPT_CODES
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


class VaultIndex:
    """Search, links, tags and headings of one vault. Thread-safe: one writer, many readers."""

    def __init__(self, root: Path | str, db_path: Path | None = None) -> None:
        self.root = Path(root).resolve()
        self.db_path = Path(db_path) if db_path else default_db_path(self.root)
        self.rebuilt = False  # set when a corrupt/outdated database was thrown away
        self._lock = threading.RLock()  # guards the connections, not the data (SQLite does that)
        self._write_lock = threading.Lock()
        self._conn = self._open()

    # ---- the database file -------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.db_path, check_same_thread=False, timeout=10, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA cache_size=-32000")
        conn.execute("PRAGMA temp_store=MEMORY")
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            conn = self._connect()
            row = (
                conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                if self._has_meta(conn)
                else None
            )
            if row is None or row[0] != SCHEMA_VERSION:
                if row is not None:  # an older layout: start over
                    conn.close()
                    self._delete_files()
                    self.rebuilt = True
                    conn = self._connect()
                conn.executescript(SCHEMA)
                conn.execute("INSERT OR REPLACE INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
                conn.execute("INSERT OR REPLACE INTO meta VALUES('root', ?)", (str(self.root),))
            return conn
        except sqlite3.DatabaseError as exc:
            if not is_corruption(exc) and "not a database" not in str(exc):
                raise
            self._delete_files()
            self.rebuilt = True
            conn = self._connect()
            conn.executescript(SCHEMA)
            conn.execute("INSERT OR REPLACE INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
            return conn

    @staticmethod
    def _has_meta(conn: sqlite3.Connection) -> bool:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone() is not None

    def _delete_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(self.db_path) + suffix).unlink(missing_ok=True)

    def _reset(self) -> None:
        """Throw the damaged database away and start an empty one (the next update() refills it)."""
        with self._lock:
            with suppress(sqlite3.Error):
                self._conn.close()
            self._delete_files()
            self.rebuilt = True
            self._conn = self._open()

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """The connection; a corruption found while using it resets the database and re-raises."""
        with self._lock:
            conn = self._conn
        try:
            yield conn
        except sqlite3.DatabaseError as exc:
            if is_corruption(exc):
                self._reset()
            raise

    def _read(self, fn: Callable[[sqlite3.Connection], object], default: object) -> object:
        """Run a read query; on a corrupt database answer ``default`` (the index is being rebuilt)."""
        try:
            with self._db() as conn:
                return fn(conn)
        except sqlite3.DatabaseError as exc:
            if is_corruption(exc):
                return default
            raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # ---- updating ----------------------------------------------------------------------------
    def update(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> UpdateStats:
        """Bring the index in step with the files; safe to call from a worker thread.

        ``progress(done, total)`` is called after each batch of changed notes; when ``cancelled()``
        turns true, the work done so far is kept and the rest is left for the next update.
        """
        with self._write_lock:
            try:
                return self._update(progress, cancelled)
            except sqlite3.DatabaseError as exc:
                if not is_corruption(exc):
                    raise
                # _db() already reset the file; index everything into the fresh one.
                return self._update(progress, cancelled)

    def _update(
        self, progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None
    ) -> UpdateStats:
        start = time.perf_counter()
        files = walk_vault(self.root)
        with self._db() as conn:
            known = {row[0]: row[1:] for row in conn.execute("SELECT path, id, mtime_ns, size FROM notes")}
            removed = [known[p][0] for p in known if p not in files]
            todo = [
                f
                for f in files.values()
                if (k := known.get(f.rel)) is None or (k[1], k[2]) != (f.mtime_ns, f.size)
            ]
            changed_ids = [known[f.rel][0] for f in todo if f.rel in known]
            conn.execute("BEGIN")
            try:
                self._delete_rows(conn, removed + changed_ids)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            failed = 0
            total = len(todo)
            if progress:
                progress(0, total)
            for first in range(0, total, BATCH):
                if cancelled and cancelled():
                    break
                conn.execute("BEGIN")
                try:
                    failed += self._insert_batch(conn, todo[first : first + BATCH])
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                if progress:
                    progress(min(first + BATCH, total), total)
            if removed or todo:
                self._resolve_links(conn)
        added = total - len(changed_ids)
        return UpdateStats(added, len(changed_ids), len(removed), failed, time.perf_counter() - start)

    @staticmethod
    def _delete_rows(conn: sqlite3.Connection, ids: list[int]) -> None:
        if not ids:
            return
        args = [(i,) for i in ids]
        conn.executemany("DELETE FROM notes WHERE id=?", args)
        conn.executemany("DELETE FROM fts WHERE rowid=?", args)
        for table in ("links", "tags", "headings", "aliases"):
            conn.executemany(f"DELETE FROM {table} WHERE src=?", args)

    @staticmethod
    def _insert_batch(conn: sqlite3.Connection, batch: list[FileStat]) -> int:
        """Read, scan and insert a batch of files; returns how many notes could not be indexed."""
        failed = 0
        fts_rows: list[tuple[int, str, str]] = []
        links: list[tuple[int, str, str, int, int]] = []
        tags: list[tuple[int, str, int]] = []
        headings: list[tuple[int, int, str, int]] = []
        aliases: list[tuple[int, str]] = []
        for f in batch:
            title = f.rel.rsplit("/", 1)[-1]
            if not f.is_note:
                conn.execute(
                    "INSERT INTO notes(path, title, kind, mtime_ns, size, status) VALUES(?,?,?,?,?,?)",
                    (f.rel, title, "file", f.mtime_ns, f.size, "ok"),
                )
                continue
            title = title.rsplit(".", 1)[0]
            try:
                note = read_note(f.path)
            except FileNotFoundError:
                continue  # vanished since the listing: nothing to index
            except OSError as exc:
                conn.execute(
                    "INSERT INTO notes(path, title, kind, mtime_ns, size, status) VALUES(?,?,?,?,?,?)",
                    (f.rel, title, "note", f.mtime_ns, f.size, f"unreadable: {exc.strerror or exc}"),
                )
                failed += 1
                continue
            status = "binary" if note.binary else "ok"
            cur = conn.execute(
                "INSERT INTO notes(path, title, kind, mtime_ns, size, status) VALUES(?,?,?,?,?,?)",
                (f.rel, title, "note", f.mtime_ns, f.size, status),
            )
            if note.binary:
                failed += 1
                continue
            nid = cur.lastrowid
            assert nid is not None
            text = note.text
            fts_rows.append((nid, title, text))
            try:
                facts = scan(text)
            except Exception as exc:  # one note's surprise must never empty the whole vault's index
                status = f"scan failed: {type(exc).__name__}"
                conn.execute("UPDATE notes SET status=? WHERE id=?", (status, nid))
                failed += 1
                continue
            links += [(nid, ln.target, ln.anchor, ln.line, int(ln.embed)) for ln in facts.links]
            tags += [(nid, tag, line) for tag, line in facts.tags]
            headings += [(nid, h.level, h.text, h.line) for h in facts.headings]
            aliases += [(nid, a) for a in facts.aliases]
        conn.executemany("INSERT INTO fts(rowid, title, body) VALUES(?,?,?)", fts_rows)
        conn.executemany("INSERT INTO links(src, target, anchor, line, embed) VALUES(?,?,?,?,?)", links)
        conn.executemany("INSERT INTO tags VALUES(?,?,?)", tags)
        conn.executemany("INSERT INTO headings VALUES(?,?,?,?)", headings)
        conn.executemany("INSERT INTO aliases VALUES(?,?)", aliases)
        return failed

    @staticmethod
    def _resolve_links(conn: sqlite3.Connection) -> None:
        """Recompute every link's target path; only rows whose answer changed are written."""
        paths = {row[0]: row[1] for row in conn.execute("SELECT id, path FROM notes")}
        resolver = LinkResolver(paths.values())
        changes: list[tuple[str | None, int]] = []
        for rowid, src, target, dst in conn.execute("SELECT rowid, src, target, dst FROM links"):
            source = paths.get(src)
            new = resolver.resolve(target, source) if source is not None else None
            if new != dst:
                changes.append((new, rowid))
        if changes:
            conn.execute("BEGIN")
            conn.executemany("UPDATE links SET dst=? WHERE rowid=?", changes)
            conn.execute("COMMIT")

    # ---- queries -----------------------------------------------------------------------------
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text hits with snippets (see :mod:`app.vault.search`)."""
        return self._read(lambda c: search(c, query, limit), [])  # type: ignore[return-value]

    def note_count(self) -> int:
        return self._read(  # type: ignore[return-value]
            lambda c: c.execute("SELECT count(*) FROM notes WHERE kind='note'").fetchone()[0], 0
        )

    def notes(self) -> list[NoteEntry]:
        """Every note with its title and front-matter aliases (for the quick switcher)."""

        def query(conn: sqlite3.Connection) -> list[NoteEntry]:
            aliases: dict[int, list[str]] = {}
            for src, alias in conn.execute("SELECT src, alias FROM aliases"):
                aliases.setdefault(src, []).append(alias)
            return [
                NoteEntry(path, title, tuple(aliases.get(nid, ())))
                for nid, path, title in conn.execute(
                    "SELECT id, path, title FROM notes WHERE kind='note' ORDER BY path"
                )
            ]

        return self._read(query, [])  # type: ignore[return-value]

    def status(self, path: str) -> str | None:
        """'ok', 'binary', 'unreadable: …' or None when the path is not indexed."""
        row = self._read(
            lambda c: c.execute("SELECT status FROM notes WHERE path=?", (path,)).fetchone(), None
        )
        return row[0] if row else None  # type: ignore[index]

    def _links(self, where: str, args: tuple[object, ...]) -> list[LinkRef]:
        sql = (
            "SELECT notes.path, links.target, links.dst, links.line, links.embed FROM links"
            f" JOIN notes ON notes.id = links.src WHERE {where} ORDER BY notes.path, links.line"
        )
        rows = self._read(lambda c: c.execute(sql, args).fetchall(), [])
        return [LinkRef(s, t, d, line, bool(e)) for s, t, d, line, e in rows]  # type: ignore[attr-defined]

    def backlinks(self, path: str) -> list[LinkRef]:
        """Links from other notes to ``path``."""
        return self._links("links.dst = ? AND notes.path != ?", (path, path))

    def outgoing(self, path: str) -> list[LinkRef]:
        """Links written in ``path``, resolved or not."""
        return self._links("notes.path = ?", (path,))

    def unresolved(self) -> list[LinkRef]:
        """Every link in the vault whose target does not exist."""
        return self._links("links.dst IS NULL", ())

    def tags(self) -> dict[str, int]:
        """Each tag (as first written) with the number of notes that use it; nesting is ``a/b``."""

        def query(conn: sqlite3.Connection) -> dict[str, int]:
            counts: dict[str, set[int]] = {}
            names: dict[str, str] = {}
            for src, tag in conn.execute("SELECT src, tag FROM tags"):
                key = tag.casefold()
                names.setdefault(key, tag)
                counts.setdefault(key, set()).add(src)
            return {names[k]: len(v) for k, v in sorted(counts.items())}

        return self._read(query, {})  # type: ignore[return-value]

    def notes_with_tag(self, tag: str) -> list[str]:
        """Notes tagged ``tag`` or any tag nested under it (``a`` includes ``a/b``), case-insensitive."""
        key = tag.casefold().lstrip("#")
        sql = (
            "SELECT DISTINCT notes.path FROM tags JOIN notes ON notes.id = tags.src"
            " WHERE lower(tags.tag) = ? OR lower(substr(tags.tag, 1, ?)) = ? ORDER BY notes.path"
        )
        rows = self._read(lambda c: c.execute(sql, (key, len(key) + 1, key + "/")).fetchall(), [])
        return [r[0] for r in rows]  # type: ignore[attr-defined]

    def headings(self, path: str) -> list[Heading]:
        """The note's outline in document order."""
        sql = (
            "SELECT level, text, line FROM headings JOIN notes ON notes.id = headings.src"
            " WHERE notes.path = ? ORDER BY line"
        )
        rows = self._read(lambda c: c.execute(sql, (path,)).fetchall(), [])
        return [Heading(level, text, line) for level, text, line in rows]  # type: ignore[attr-defined]

    def relative(self, path: Path | str) -> str | None:
        """The vault-relative key of an absolute path, or None when it lies outside the vault."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError, RuntimeError):
            return None
