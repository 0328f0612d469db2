-- Schema version 10: the reports the department printed (issue 25 case 6), so an auditor holding
-- paper can check it with `verify LEDGER --fingerprint HEX` (typed from any footer) or
-- `--scan PAGE.png` (the footer's QR code) without the PDF: each row is a report's token (period,
-- as-of day, audit entry it is tied to, language) and its signature. Not a record table and not
-- audited: a row changes no figure, and a row forged into it only makes `verify` recompute a
-- fingerprint from the ledger, which must still match.
CREATE TABLE printed_reports (
    fingerprint TEXT PRIMARY KEY NOT NULL CHECK (length(fingerprint) = 64),
    token TEXT NOT NULL,
    signature TEXT,
    printed_at TEXT NOT NULL
) STRICT;
