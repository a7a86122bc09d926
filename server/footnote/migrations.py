"""Ordered, named, append-only schema migrations (sqlite-utils `Migrations`).

Never edit or remove a migration that has shipped: add a new one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from footnote.transaction import write_transaction

migrations = Migrations("footnote")


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    """Users, tokens, sets, members, share links and annotations."""
    db.executescript(
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT,
            is_system INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        );
        CREATE TABLE tokens (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL,
            last_used TEXT,
            revoked TEXT
        );
        CREATE INDEX tokens_user ON tokens(user_id);
        CREATE TABLE sets (
            id TEXT PRIMARY KEY,
            owner_id TEXT NOT NULL REFERENCES users(id),
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            visibility TEXT NOT NULL CHECK (visibility IN ('private', 'unlisted', 'public')),
            version INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        CREATE INDEX sets_owner ON sets(owner_id);
        CREATE INDEX sets_visibility ON sets(visibility);
        CREATE TABLE members (
            set_id TEXT NOT NULL REFERENCES sets(id) ON DELETE CASCADE,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'owner')),
            created TEXT NOT NULL,
            PRIMARY KEY (set_id, user_id)
        );
        CREATE INDEX members_user ON members(user_id);
        CREATE TABLE share_links (
            id TEXT PRIMARY KEY,
            set_id TEXT NOT NULL REFERENCES sets(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('viewer', 'editor')),
            token_hash TEXT NOT NULL UNIQUE,
            created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
            created TEXT NOT NULL,
            revoked TEXT
        );
        CREATE INDEX share_links_set ON share_links(set_id);
        CREATE TABLE annotations (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            set_id TEXT NOT NULL REFERENCES sets(id) ON DELETE CASCADE,
            kind TEXT CHECK (kind IN ('note', 'claim', 'site')),
            motivation TEXT,
            body_text TEXT,
            verdict TEXT,
            sources TEXT NOT NULL DEFAULT '[]',
            tags TEXT NOT NULL DEFAULT '[]',
            target TEXT NOT NULL DEFAULT '{}',
            source_uri TEXT,
            links TEXT NOT NULL DEFAULT '[]',
            extra TEXT NOT NULL DEFAULT '{}',
            creator_id TEXT REFERENCES users(id) ON DELETE SET NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            set_version INTEGER NOT NULL,
            deleted TEXT
        );
        CREATE INDEX annotations_set_created ON annotations(set_id, created, id);
        CREATE INDEX annotations_set_version ON annotations(set_id, set_version);
        CREATE TABLE annotation_uris (
            annotation_seq INTEGER NOT NULL REFERENCES annotations(seq) ON DELETE CASCADE,
            uri TEXT NOT NULL,
            PRIMARY KEY (uri, annotation_seq)
        );
        CREATE INDEX annotation_uris_seq ON annotation_uris(annotation_seq);
        """
    )


@migrations(name="0002_search")
def search(db: Database) -> None:
    """FTS5 over annotation text (body, quote, tags, source titles), kept in step by triggers."""
    db.executescript(
        """
        ALTER TABLE annotations ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
        UPDATE annotations SET search_text =
            coalesce(body_text, '') || ' ' ||
            coalesce((SELECT group_concat(json_extract(s.value, '$.exact'), ' ')
                      FROM json_each(json_extract(target, '$.selector')) s
                      WHERE json_valid(target)
                        AND json_type(target, '$.selector') = 'array'
                        AND json_extract(s.value, '$.type') = 'TextQuoteSelector'), '') || ' ' ||
            coalesce((SELECT group_concat(t.value, ' ') FROM json_each(tags) t), '') || ' ' ||
            coalesce((SELECT group_concat(json_extract(s.value, '$.title'), ' ')
                      FROM json_each(sources) s), '')
            WHERE deleted IS NULL;
        CREATE VIRTUAL TABLE annotations_fts USING fts5(
            search_text, content='annotations', content_rowid='seq',
            tokenize='unicode61 remove_diacritics 2'
        );
        INSERT INTO annotations_fts(rowid, search_text) SELECT seq, search_text FROM annotations;
        CREATE TRIGGER annotations_fts_insert AFTER INSERT ON annotations BEGIN
            INSERT INTO annotations_fts(rowid, search_text) VALUES (new.seq, new.search_text);
        END;
        CREATE TRIGGER annotations_fts_delete AFTER DELETE ON annotations BEGIN
            INSERT INTO annotations_fts(annotations_fts, rowid, search_text)
                VALUES ('delete', old.seq, old.search_text);
        END;
        CREATE TRIGGER annotations_fts_update AFTER UPDATE OF search_text ON annotations BEGIN
            INSERT INTO annotations_fts(annotations_fts, rowid, search_text)
                VALUES ('delete', old.seq, old.search_text);
            INSERT INTO annotations_fts(rowid, search_text) VALUES (new.seq, new.search_text);
        END;
        """
    )


@migrations(name="0003_rate_limits")
def rate_limits(db: Database) -> None:
    """Counted events (sign-in failures, writes) for rate limits shared by every worker process."""
    db.executescript(
        """
        CREATE TABLE rate_events (
            bucket TEXT NOT NULL,
            key TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE INDEX rate_events_lookup ON rate_events(bucket, key, at);
        """
    )


@migrations(name="0004_live_annotations_index")
def live_annotations_index(db: Database) -> None:
    """A partial index of live annotations per set.

    Every set read (including each sync request, even one answered 304) counts the set's live
    annotations; without this index SQLite reads every annotation row to check `deleted`
    (about 33 ms at 100,000 annotations, 3.5 ms with it).
    """
    db.execute("CREATE INDEX annotations_live ON annotations(set_id) WHERE deleted IS NULL")


@migrations(name="0005_replies")
def replies(db: Database) -> None:
    """Threads: a reply is an annotation whose target is another annotation of the same set.

    `reply_to` holds the parent's id (the wire form presents it as the parent's IRI); the set
    setting `open_replies` lets any signed-in reader of a public set reply.
    """
    db.executescript(
        """
        ALTER TABLE annotations ADD COLUMN reply_to TEXT;
        CREATE INDEX annotations_reply_to ON annotations(reply_to) WHERE reply_to IS NOT NULL;
        ALTER TABLE sets ADD COLUMN open_replies INTEGER NOT NULL DEFAULT 0;
        """
    )


@migrations(name="0006_ratings_and_reports")
def ratings_and_reports(db: Database) -> None:
    """Readers talk back: one rating per reader per annotation, and "wrong on this page" reports.

    Neither bumps the set version: they are not part of what followers sync. Only the bridging
    status derived from ratings (`annotations.rating_status`) is, for sets that opt in.
    """
    db.executescript(
        """
        CREATE TABLE ratings (
            annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            set_id TEXT NOT NULL REFERENCES sets(id) ON DELETE CASCADE,
            helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
            reason TEXT,
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            PRIMARY KEY (annotation_id, user_id)
        );
        CREATE INDEX ratings_set ON ratings(set_id);
        CREATE TABLE reports (
            id TEXT PRIMARY KEY,
            annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            set_id TEXT NOT NULL REFERENCES sets(id) ON DELETE CASCADE,
            user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
            url TEXT NOT NULL,
            sentence TEXT NOT NULL,
            reason TEXT,
            created TEXT NOT NULL,
            resolved TEXT,
            resolution TEXT
        );
        CREATE INDEX reports_open ON reports(set_id, annotation_id) WHERE resolved IS NULL;
        CREATE UNIQUE INDEX reports_one_per_reader
            ON reports(annotation_id, user_id, url) WHERE resolved IS NULL;
        ALTER TABLE sets ADD COLUMN bridging INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE annotations ADD COLUMN rating_status TEXT;
        """
    )


@migrations(name="0010_web_sessions")
def web_sessions(db: Database) -> None:
    """Server-side web sessions: the cookie carries a random id, stored here only as its hash.

    Signing out deletes the row, so a copied cookie stops working; deleting an account deletes
    its sessions. Times are Unix seconds, like `rate_events`, for the idle and absolute expiry.
    """
    db.executescript(
        """
        CREATE TABLE web_sessions (
            id_hash TEXT PRIMARY KEY,
            user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
            data TEXT NOT NULL DEFAULT '{}',
            created_at REAL NOT NULL,
            seen_at REAL NOT NULL
        );
        CREATE INDEX web_sessions_user ON web_sessions(user_id);
        CREATE INDEX web_sessions_seen ON web_sessions(seen_at);
        """
    )


@migrations(name="0020_service_settings")
def service_settings(db: Database) -> None:
    """Service-wide settings; `base_url` is the first base URL the service was reached at.

    Without FOOTNOTE_BASE_URL, annotation ids must still not follow each request's Host header
    (one annotation would have several ids through a proxy), so the first one seen is kept.
    """
    db.execute("CREATE TABLE service_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations(name="0021_body_format")
def body_format(db: Database) -> None:
    """The media type of an annotation's text body: NULL is text/plain, else `text/html`.

    HTML bodies (valid Web Annotations, Recommendation example 5) are kept as written and shown
    sanitised; a plain-text body is never interpreted as markup.
    """
    db.execute("ALTER TABLE annotations ADD COLUMN body_format TEXT")


@migrations(name="0030_set_annotation_count")
def set_annotation_count(db: Database) -> None:
    """Each set keeps its live annotation count as data, kept true by triggers.

    Every read of a set (each sync request and each annotation read checks the set) counted
    the set's live annotations, about 6.5 ms at 100,000; the column makes that one row read.
    Triggers keep it right for every write path, imports and tombstones included.
    """
    db.executescript(
        """
        ALTER TABLE sets ADD COLUMN annotation_count INTEGER NOT NULL DEFAULT 0;
        UPDATE sets SET annotation_count = (
            SELECT count(*) FROM annotations a WHERE a.set_id = sets.id AND a.deleted IS NULL
        );
        CREATE TRIGGER annotations_count_insert AFTER INSERT ON annotations
        WHEN NEW.deleted IS NULL BEGIN
            UPDATE sets SET annotation_count = annotation_count + 1 WHERE id = NEW.set_id;
        END;
        CREATE TRIGGER annotations_count_delete AFTER DELETE ON annotations
        WHEN OLD.deleted IS NULL BEGIN
            UPDATE sets SET annotation_count = annotation_count - 1 WHERE id = OLD.set_id;
        END;
        CREATE TRIGGER annotations_count_update AFTER UPDATE OF deleted, set_id ON annotations
        BEGIN
            UPDATE sets SET annotation_count = annotation_count - (OLD.deleted IS NULL)
            WHERE id = OLD.set_id;
            UPDATE sets SET annotation_count = annotation_count + (NEW.deleted IS NULL)
            WHERE id = NEW.set_id;
        END;
        """
    )


@migrations(name="0031_rate_events_by_age")
def rate_events_by_age(db: Database) -> None:
    """An index for forgetting old rate events.

    Every counted write deletes its bucket's events older than the window
    (`DELETE ... WHERE bucket = ? AND at <= ?`); the (bucket, key, at) index serves that only
    by its first column, so the delete read every event of the bucket, every key's.
    """
    db.execute("CREATE INDEX rate_events_age ON rate_events(bucket, at)")


@migrations(name="0032_rate_budgets")
def rate_budgets(db: Database) -> None:
    """Write, reply, rating and report limits as one row per caller (`store/ratelimit.py`).

    Counting a caller's events in the window cost one index entry per event: at a high limit
    (an import bot allowed 100,000 writes a minute) each write counted tens of thousands. The
    budget row costs the same at any limit. Those buckets' old events are dropped: the
    callers start with a full budget once.
    """
    db.executescript(
        """
        CREATE TABLE rate_budgets (
            bucket TEXT NOT NULL,
            key TEXT NOT NULL,
            full_at REAL NOT NULL,
            PRIMARY KEY (bucket, key)
        ) WITHOUT ROWID;
        DELETE FROM rate_events WHERE bucket IN ('write', 'reply', 'rating', 'report');
        """
    )


def migrate(db: Database, *, stop_before: str | None = None) -> list[str]:
    """Apply pending migrations in order; return the names applied."""
    before = {m.name for m in migrations.applied(db)}
    # One IMMEDIATE transaction: two processes starting at once migrate one after the other.
    with write_transaction(db):
        migrations.apply(db, stop_before=stop_before)
    return [m.name for m in migrations.applied(db) if m.name not in before]


def pending(db: Database) -> list[str]:
    """Names of migrations not yet applied."""
    return [m.name for m in migrations.pending(db)]
