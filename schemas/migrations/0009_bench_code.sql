-- Schema version 9: a bench carries the name the site gives it ("1#坡面", "P1", "12-3") beside
-- the number that orders benches (issue 24). Empty: the bench is named by its number, as before.
-- The audit entry this migration writes (table "schema") tells `verify` that every audited state
-- written before it gained code = ''.
-- Migration 8 changed the stored table text in place; reading it again here gives ALTER TABLE the
-- columns' true positions (in the same transaction it would otherwise append after the table's
-- UNIQUE constraint: "near ',': syntax error").
PRAGMA writable_schema = RESET;
ALTER TABLE benches ADD COLUMN code TEXT NOT NULL DEFAULT ''
    CHECK (length(code) <= 200);
