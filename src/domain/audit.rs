//! One entry of the audit trail, and how its hash is computed (SHA-256, chained).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub operator: String,
    pub table_name: String,
    pub record_id: String,
    pub action: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    /// SHA-256 over the previous hash and the canonical JSON of every other field.
    ///
    /// The JSON is the compact object of those fields with keys in sorted order (what
    /// `serde_json::json!` of them prints), written into one buffer and hashed at once.
    pub fn compute_hash(&self) -> String {
        let len = |s: &Option<String>| s.as_ref().map_or(4, String::len);
        let mut body = Vec::with_capacity(
            self.prev_hash.len()
                + self.at.len()
                + self.operator.len()
                + self.table_name.len()
                + self.record_id.len()
                + self.action.len()
                + self.reason.len()
                + 2 * (len(&self.old_value) + len(&self.new_value))
                + 160,
        );
        body.extend_from_slice(self.prev_hash.as_bytes());
        body.push(b'\n');
        // Writing into memory cannot fail, nor can serialising strings and integers.
        let field = |body: &mut Vec<u8>, key: &str, first: bool| {
            if !first {
                body.push(b',');
            }
            body.push(b'"');
            body.extend_from_slice(key.as_bytes());
            body.extend_from_slice(b"\":");
        };
        let text = |body: &mut Vec<u8>, value: &Option<String>| match value {
            Some(s) => {
                let _ = serde_json::to_writer(&mut *body, s);
            }
            None => body.extend_from_slice(b"null"),
        };
        body.push(b'{');
        field(&mut body, "action", true);
        let _ = serde_json::to_writer(&mut body, &self.action);
        field(&mut body, "at", false);
        let _ = serde_json::to_writer(&mut body, &self.at);
        field(&mut body, "new_value", false);
        text(&mut body, &self.new_value);
        field(&mut body, "old_value", false);
        text(&mut body, &self.old_value);
        field(&mut body, "operator", false);
        let _ = serde_json::to_writer(&mut body, &self.operator);
        field(&mut body, "reason", false);
        let _ = serde_json::to_writer(&mut body, &self.reason);
        field(&mut body, "record_id", false);
        let _ = serde_json::to_writer(&mut body, &self.record_id);
        field(&mut body, "seq", false);
        let _ = serde_json::to_writer(&mut body, &self.seq);
        field(&mut body, "table_name", false);
        let _ = serde_json::to_writer(&mut body, &self.table_name);
        body.push(b'}');
        hex::encode(Sha256::digest(&body))
    }

    /// Names of the fields whose value differs between old and new (for the history view).
    pub fn changed_fields(&self) -> Vec<(String, Value, Value)> {
        let parse = |s: &Option<String>| -> Map<String, Value> {
            s.as_deref()
                .and_then(|s| serde_json::from_str::<Map<String, Value>>(s).ok())
                .unwrap_or_default()
        };
        let old = parse(&self.old_value);
        let new = parse(&self.new_value);
        let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .filter(|k| !matches!(k.as_str(), "updated_at" | "updated_by" | "version"))
            .filter_map(|k| {
                let o = old.get(k).cloned().unwrap_or(Value::Null);
                let n = new.get(k).cloned().unwrap_or(Value::Null);
                (o != n).then(|| (k.clone(), o, n))
            })
            .collect()
    }
}

/// A record's stored form, column name → value (what the audit trail keeps of it).
pub type Snapshot = Map<String, Value>;

/// Where a signed checkpoint sits: its audit entry, why it was signed ("sign", "report") and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointAt {
    pub seq: i64,
    pub occasion: String,
    pub signed_at: String,
}

/// What `verify` found wrong, as data: the window and the command line put it into words in
/// their language (`i18n::verify`), naming a record from its stored form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingKind {
    /// A table, index, trigger or view (`Finding::record_id` "trigger name") the migrations did
    /// not create.
    SchemaAdded,
    SchemaChanged,
    SchemaRemoved,
    /// Row `row` (SQLite's rowid) of `table` names a `parent` record that is not there.
    MissingParent {
        table: String,
        row: i64,
        parent: String,
    },
    /// Audit entry number `expected` was due here: entries were deleted or inserted.
    AuditNumberSkipped {
        expected: i64,
    },
    /// The entry does not link to the one before it.
    AuditUnlinked,
    /// The entry was altered after it was written; it recorded `action` of `table` `record_id`.
    AuditAltered {
        action: String,
        table: String,
        record_id: String,
    },
    /// The chain has `chain` entries but the ledger recorded `recorded`.
    AuditCountDiffers {
        chain: i64,
        recorded: i64,
    },
    /// A row the audit trail never recorded (inserted behind the program's back).
    Inserted {
        row: Snapshot,
    },
    /// A row the audit trail deleted, present again.
    Reappeared {
        row: Snapshot,
    },
    /// A row that differs from its last audited state in `fields` (changed behind the program's
    /// back); empty `fields` when only its stored form differs.
    Changed {
        audited: Snapshot,
        current: Snapshot,
        fields: Vec<String>,
    },
    /// A row the audit trail never deleted is gone; `audited` is its last audited state.
    Missing {
        audited: Snapshot,
    },
    /// The ledger's signing key (id) is not the one its audit trail recorded.
    KeySwapped {
        recorded: Option<String>,
        audited: Option<String>,
    },
    /// A checkpoint's signature does not verify.
    CheckpointForged {
        at: CheckpointAt,
    },
    /// A checkpoint signed by another key (id) than the ledger's.
    CheckpointOtherKey {
        at: CheckpointAt,
        key: String,
    },
    /// The audit entry a checkpoint signed was rewritten since.
    CheckpointRewritten {
        at: CheckpointAt,
    },
    /// The audit chain no longer reaches the entry a checkpoint signed.
    CheckpointUnreachable {
        at: CheckpointAt,
    },
    /// The ledger names key `ledger`, the department's key here is `department` (ids).
    KeyNotTheDepartments {
        ledger: String,
        department: String,
    },
    /// This department's key signed a checkpoint at entry `seq` that the ledger no longer holds,
    /// and the ledger went on past that entry.
    CheckpointRemoved {
        seq: i64,
        signed_at: String,
    },
    /// This department's key signed entry `seq` of a copy of this ledger, and this file's entry
    /// there differs: the copies went different ways after entry `agree_to`.
    CopiesDiverged {
        seq: i64,
        signed_at: String,
        agree_to: i64,
    },
}

/// One thing `verify` found wrong: where (`table`, and the record or object in it) and what.
/// `problem` says it in English for logs and error messages; `kind` is the same as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub table: String,
    pub record_id: String,
    pub problem: String,
    pub kind: FindingKind,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.record_id.is_empty() {
            write!(f, "{}: {}", self.table, self.problem)
        } else {
            write!(f, "{} {}: {}", self.table, self.record_id, self.problem)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash 0.1.0 computed: SHA-256 of the previous hash, a line break and `json!` of the
    /// fields. Every ledger's chain was written so; the streamed form must give the same bytes.
    fn hash_as_0_1_0(e: &AuditEntry) -> String {
        let body = serde_json::json!({
            "seq": e.seq, "at": e.at, "operator": e.operator, "table_name": e.table_name,
            "record_id": e.record_id, "action": e.action, "old_value": e.old_value,
            "new_value": e.new_value, "reason": e.reason,
        });
        let mut h = Sha256::new();
        h.update(e.prev_hash.as_bytes());
        h.update(b"\n");
        h.update(body.to_string().as_bytes());
        hex::encode(h.finalize())
    }

    #[test]
    fn the_streamed_hash_is_the_hash_0_1_0_wrote() {
        let mut e = AuditEntry {
            seq: 42,
            at: "2026-12-02T08:26:00Z".into(),
            operator: "环保部 王工 \"quoted\" \\ back".into(),
            table_name: "aftercare".into(),
            record_id: "5d2b3f1e-0000-4000-8000-000000000001".into(),
            action: "update".into(),
            old_value: None,
            new_value: Some(r#"{"note":"补植\n紫穗槐 \u0007","quantity":1500}"#.into()),
            reason: "tab\there".into(),
            prev_hash: "ab".repeat(32),
            hash: String::new(),
        };
        assert_eq!(e.compute_hash(), hash_as_0_1_0(&e));
        e.old_value = Some("{}".into());
        e.seq = -1;
        assert_eq!(e.compute_hash(), hash_as_0_1_0(&e));
    }
}
