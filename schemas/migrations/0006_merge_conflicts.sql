-- Schema version 6: merge conflicts (issue 13). When a contractor's field package changes a record
-- the office changed after packaging, the office's record stays and the package's version is kept
-- here, with the office's version at the merge, until the department resolves it: take theirs,
-- keep ours, or keep both. Audited like every record (the merge writes them in its transaction).
-- A package merged again finds its conflict kept already (one per package and record).
CREATE TABLE merge_conflicts (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    package_id TEXT NOT NULL CHECK (length(package_id) > 0),
    package_head TEXT NOT NULL,
    record_table TEXT NOT NULL CHECK (record_table IN ('aftercare', 'problems', 'photos')),
    record_id TEXT NOT NULL,
    their_version TEXT NOT NULL,
    our_version TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('reviewed_since_packaging', 'changed_since_packaging')),
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    resolution TEXT NOT NULL CHECK (resolution IN ('undecided', 'theirs', 'ours', 'both')),
    resolved_by TEXT NOT NULL,
    resolved_at TEXT,
    UNIQUE (package_id, record_table, record_id)
);
CREATE INDEX merge_conflicts_status ON merge_conflicts(status);
