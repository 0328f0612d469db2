-- Schema version 5: where a record was born. Empty for a record made in this ledger; for one that
-- arrived by a contractor's field package, "package:<package id>" (the merge's audit entry names
-- who merged it, from which package and at which audit head). Existing rows get ''.
-- The audit entry this migration writes (table "schema") tells `verify` that every audited state
-- written before it gained origin = ''.
ALTER TABLE aftercare ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE photos ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE problems ADD COLUMN origin TEXT NOT NULL DEFAULT '';
