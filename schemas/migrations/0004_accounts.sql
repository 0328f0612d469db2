-- Accounts (issue 9, case 14): the department creates them; the role comes from the account, not
-- from a menu. A password is kept as an argon2 hash; `os_login`, when the department chooses,
-- lets the operating-system user of that name sign in without one. Every change, and every
-- sign-in, is in the audit trail; `verify` compares each row with its audited state.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('department', 'contractor', 'auditor')),
    company TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    os_login TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (password_hash <> '' OR os_login <> '')
);
