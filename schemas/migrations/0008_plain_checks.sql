-- Schema version 8: the CHECKs that tested a column against a list of three or more values
-- (`review IN ('pending', 'approved', 'rejected')`) test it with comparisons instead
-- (`review = 'pending' OR review = 'approved' OR …`). They accept and refuse exactly the same
-- values, but SQLite evaluates an IN list of three or more by building a temporary table for every
-- row written: about a tenth of an import's time (50,000 after-care entries: 0.91 s -> 0.82 s).
-- Only CHECK constraints change, so this is SQLite's documented in-place change of the stored
-- schema text (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"):
-- no row is rewritten, and the Rust step of this migration bumps `schema_version` so that every
-- connection reads the new text. Records are untouched: the audited form does not change.
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, 'kind IN (''slope_face'', ''berm'', ''platform'')',
    '(kind = ''slope_face'' OR kind = ''berm'' OR kind = ''platform'')')
    WHERE type = 'table' AND name = 'benches';
UPDATE sqlite_master SET sql = replace(sql, 'status IN (''dumping'', ''covered'', ''greened'', ''aftercare'', ''accepted'')',
    '(status = ''dumping'' OR status = ''covered'' OR status = ''greened'' OR status = ''aftercare'' OR status = ''accepted'')')
    WHERE type = 'table' AND name = 'benches';
UPDATE sqlite_master SET sql = replace(sql, 'plant_type IN (''shrub'', ''tree'', ''grass'')',
    '(plant_type = ''shrub'' OR plant_type = ''tree'' OR plant_type = ''grass'')')
    WHERE type = 'table' AND name = 'plantings';
UPDATE sqlite_master SET sql = replace(sql, 'review IN (''pending'', ''approved'', ''rejected'')',
    '(review = ''pending'' OR review = ''approved'' OR review = ''rejected'')')
    WHERE type = 'table' AND name = 'aftercare';
UPDATE sqlite_master SET sql = replace(sql, 'owner_kind IN (''aftercare'', ''problem'', ''work'', ''bench'')',
    '(owner_kind = ''aftercare'' OR owner_kind = ''problem'' OR owner_kind = ''work'' OR owner_kind = ''bench'')')
    WHERE type = 'table' AND name = 'photos';
UPDATE sqlite_master SET sql = replace(sql, 'status IN (''open'', ''rectified'', ''verified'')',
    '(status = ''open'' OR status = ''rectified'' OR status = ''verified'')')
    WHERE type = 'table' AND name = 'problems';
UPDATE sqlite_master SET sql = replace(sql, 'action IN (''insert'', ''update'', ''delete'')',
    '(action = ''insert'' OR action = ''update'' OR action = ''delete'')')
    WHERE type = 'table' AND name = 'audit_log';
UPDATE sqlite_master SET sql = replace(sql, 'occasion IN (''report'', ''backup'', ''close'', ''sign'')',
    '(occasion = ''report'' OR occasion = ''backup'' OR occasion = ''close'' OR occasion = ''sign'')')
    WHERE type = 'table' AND name = 'checkpoints';
UPDATE sqlite_master SET sql = replace(sql, 'role IN (''department'', ''contractor'', ''auditor'')',
    '(role = ''department'' OR role = ''contractor'' OR role = ''auditor'')')
    WHERE type = 'table' AND name = 'accounts';
UPDATE sqlite_master SET sql = replace(sql, 'record_table IN (''aftercare'', ''problems'', ''photos'')',
    '(record_table = ''aftercare'' OR record_table = ''problems'' OR record_table = ''photos'')')
    WHERE type = 'table' AND name = 'merge_conflicts';
UPDATE sqlite_master SET sql = replace(sql, 'resolution IN (''undecided'', ''theirs'', ''ours'', ''both'')',
    '(resolution = ''undecided'' OR resolution = ''theirs'' OR resolution = ''ours'' OR resolution = ''both'')')
    WHERE type = 'table' AND name = 'merge_conflicts';
PRAGMA writable_schema = OFF;
