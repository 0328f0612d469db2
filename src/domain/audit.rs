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
    pub fn compute_hash(&self) -> String {
        let body = serde_json::json!({
            "seq": self.seq,
            "at": self.at,
            "operator": self.operator,
            "table_name": self.table_name,
            "record_id": self.record_id,
            "action": self.action,
            "old_value": self.old_value,
            "new_value": self.new_value,
            "reason": self.reason,
        });
        let mut h = Sha256::new();
        h.update(self.prev_hash.as_bytes());
        h.update(b"\n");
        h.update(body.to_string().as_bytes());
        hex::encode(h.finalize())
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
