-- Restoration Ledger, schema version 1: the records of one mine's waste-rock pile restoration.
-- Every record table carries id (UUID text), created/updated time and operator, and a version.
-- Quantities are INTEGER thousandths of an SI base unit; dates are TEXT 'YYYY-MM-DD'.

PRAGMA application_id = 1380729927; -- 'RLDG'

CREATE TABLE mines (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    name TEXT NOT NULL CHECK (length(name) > 0),
    company TEXT NOT NULL,
    location TEXT NOT NULL,
    note TEXT NOT NULL
);

CREATE TABLE piles (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    mine_id TEXT NOT NULL REFERENCES mines(id),
    name TEXT NOT NULL CHECK (length(name) > 0),
    location TEXT NOT NULL,
    dumping_since TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('in_use', 'closed')),
    closed_on TEXT,
    greenable_area INTEGER CHECK (greenable_area >= 0),
    plan_reference TEXT NOT NULL,
    note TEXT NOT NULL
);

CREATE TABLE dumping_records (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    pile_id TEXT NOT NULL REFERENCES piles(id),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL CHECK (period_end >= period_start),
    tonnes INTEGER NOT NULL CHECK (tonnes >= 0),
    note TEXT NOT NULL
);

CREATE TABLE benches (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    pile_id TEXT NOT NULL REFERENCES piles(id),
    number INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('slope_face', 'berm', 'platform')),
    elevation_low INTEGER,
    elevation_high INTEGER,
    area INTEGER NOT NULL CHECK (area >= 0),
    gradient_run INTEGER CHECK (gradient_run > 0),
    berm_width INTEGER CHECK (berm_width >= 0),
    status TEXT NOT NULL CHECK (status IN ('dumping', 'covered', 'greened', 'aftercare', 'accepted')),
    note TEXT NOT NULL,
    UNIQUE (pile_id, number, kind)
);

CREATE TABLE works (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    pile_id TEXT NOT NULL REFERENCES piles(id),
    phase TEXT NOT NULL CHECK (phase IN ('planned', 'completed')),
    kind TEXT NOT NULL,
    bench_id TEXT REFERENCES benches(id),
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    unit TEXT NOT NULL,
    date TEXT NOT NULL,
    thickness INTEGER CHECK (thickness >= 0),
    contractor TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX works_bench ON works(bench_id);

CREATE TABLE plantings (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    pile_id TEXT NOT NULL REFERENCES piles(id),
    bench_id TEXT REFERENCES benches(id),
    species TEXT NOT NULL CHECK (length(species) > 0),
    plant_type TEXT NOT NULL CHECK (plant_type IN ('shrub', 'tree', 'grass')),
    plants INTEGER CHECK (plants >= 0),
    seed INTEGER CHECK (seed >= 0),
    area INTEGER NOT NULL CHECK (area >= 0),
    date TEXT NOT NULL,
    note TEXT NOT NULL
);

CREATE TABLE surveys (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    planting_id TEXT REFERENCES plantings(id),
    bench_id TEXT REFERENCES benches(id),
    date TEXT NOT NULL,
    planted INTEGER NOT NULL CHECK (planted >= 0),
    alive INTEGER NOT NULL CHECK (alive >= 0 AND alive <= planted),
    cover INTEGER CHECK (cover >= 0 AND cover <= 100000),
    method TEXT NOT NULL,
    surveyor TEXT NOT NULL,
    note TEXT NOT NULL
);

CREATE TABLE aftercare (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    pile_id TEXT NOT NULL REFERENCES piles(id),
    date TEXT NOT NULL,
    contractor TEXT NOT NULL CHECK (length(contractor) > 0),
    bench_id TEXT REFERENCES benches(id),
    kind TEXT NOT NULL,
    quantity INTEGER CHECK (quantity >= 0),
    unit TEXT NOT NULL,
    note TEXT NOT NULL,
    review TEXT NOT NULL CHECK (review IN ('pending', 'approved', 'rejected')),
    review_comment TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    reviewed_at TEXT,
    CHECK (review <> 'rejected' OR length(review_comment) > 0)
);
CREATE INDEX aftercare_review ON aftercare(review);

CREATE TABLE photos (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('aftercare', 'problem', 'work', 'bench')),
    owner_id TEXT NOT NULL,
    file_name TEXT NOT NULL,
    mime TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    taken_at TEXT,
    gps_lat_micro INTEGER,
    gps_lon_micro INTEGER,
    taken_by TEXT NOT NULL,
    place TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX photos_owner ON photos(owner_kind, owner_id);

CREATE TABLE problems (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    pile_id TEXT NOT NULL REFERENCES piles(id),
    found_on TEXT NOT NULL,
    source TEXT NOT NULL,
    description TEXT NOT NULL CHECK (length(description) > 0),
    bench_id TEXT REFERENCES benches(id),
    owner TEXT NOT NULL,
    deadline TEXT NOT NULL,
    rectification TEXT NOT NULL,
    rectified_on TEXT,
    verified_by TEXT NOT NULL,
    verified_on TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'rectified', 'verified'))
);

CREATE TABLE monitoring_points (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    pile_id TEXT NOT NULL REFERENCES piles(id),
    name TEXT NOT NULL CHECK (length(name) > 0),
    bench_id TEXT REFERENCES benches(id),
    location TEXT NOT NULL,
    note TEXT NOT NULL
);

CREATE TABLE readings (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    point_id TEXT NOT NULL REFERENCES monitoring_points(id),
    taken_at TEXT NOT NULL,
    temperature INTEGER,
    co INTEGER CHECK (co >= 0),
    note TEXT NOT NULL
);
CREATE INDEX readings_point ON readings(point_id, taken_at);

CREATE TABLE rules (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    kind TEXT NOT NULL,
    threshold INTEGER NOT NULL,
    threshold2 INTEGER,
    unit TEXT NOT NULL,
    source TEXT NOT NULL,
    strength TEXT NOT NULL,
    note TEXT NOT NULL,
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1))
);

-- The audit trail: every insert, update and delete, hash-chained (SHA-256).
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    operator TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    old_value TEXT,
    new_value TEXT,
    reason TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_record ON audit_log(table_name, record_id);

-- The head of the audit chain, updated in the same transaction as every entry.
CREATE TABLE ledger_info (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
