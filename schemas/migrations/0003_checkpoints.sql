-- Signed checkpoints of the audit head (issue 9, case 5). The department's Ed25519 key, kept
-- outside the ledger, signs (ledger id, audit entry number, its hash, time) at each report,
-- backup and window close; `verify` checks every signature and that the audit chain still
-- passes through each checkpoint. The public key is in ledger_info ('signing_key'), its changes
-- in the audit trail.
CREATE TABLE checkpoints (
    seq INTEGER NOT NULL CHECK (seq >= 0),
    head TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    occasion TEXT NOT NULL CHECK (occasion IN ('report', 'backup', 'close', 'sign')),
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (seq, public_key, occasion, signed_at)
) STRICT;
