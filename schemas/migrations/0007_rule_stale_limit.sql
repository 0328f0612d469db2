-- Schema version 7: how old a rule's newest evidence may be before its verdict turns to Pending
-- (待定, 数据过期), per rule and editable by the department (issue 10). NULL: the rule kind's
-- default (a year for fire readings and survival surveys, none for the others), so a ledger
-- upgraded from an earlier version judges exactly as before.
-- The audit entry this migration writes (table "schema") tells `verify` that every audited state
-- written before it gained stale_after_days = null.
ALTER TABLE rules ADD COLUMN stale_after_days INTEGER
    CHECK (stale_after_days IS NULL OR stale_after_days BETWEEN 1 AND 3650);
