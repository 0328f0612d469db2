-- Schema version 2: document control for printed summaries (prepared / reviewed / approved by, revisions).

CREATE TABLE sign_offs (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    revision TEXT NOT NULL CHECK (length(revision) > 0),
    date TEXT NOT NULL,
    prepared_by TEXT NOT NULL,
    reviewed_by TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    note TEXT NOT NULL
);
