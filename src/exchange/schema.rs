//! The JSON Schema of the exchange format, generated from the field table so it cannot drift.

use serde_json::{Map, Value, json};

use super::spec::{Field, TABLES};
use super::{FORMAT, FORMAT_VERSION};

fn field_schema(field: Field) -> Value {
    let nullable = |v: Value| json!({ "anyOf": [v, { "type": "null" }] });
    match field {
        // No control characters (C0, DEL, C1), direction marks, invisible characters or
        // private-use characters, as import checks (`domain::text`; supplementary-plane ones
        // are checked by import only).
        Field::Line(max) | Field::AddedLine(max) => {
            json!({ "type": "string", "maxLength": max,
                "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ue000-\\uf8ff\\ufdd0-\\ufdef\\ufeff\\ufff9-\\ufffb\\ufffe\\uffff]*$" })
        }
        Field::Text(max) => {
            json!({ "type": "string", "maxLength": max,
                "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ue000-\\uf8ff\\ufdd0-\\ufdef\\ufeff\\ufff9-\\ufffb\\ufffe\\uffff]*$" })
        }
        Field::Date => json!({ "type": "string", "format": "date" }),
        Field::OptDate => nullable(json!({ "type": "string", "format": "date" })),
        Field::DateTime => {
            json!({ "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$" })
        }
        Field::OptStamp => nullable(json!({ "type": "string", "format": "date-time" })),
        Field::Qty => json!({ "type": "number", "minimum": 0, "maximum": 1e12, "multipleOf": 0.001,
            "description": "in the SI base unit of its dimension (m², m³, m, t, kg, plants, %, ppm)" }),
        Field::OptQty => nullable(
            json!({ "type": "number", "minimum": 0, "maximum": 1e12, "multipleOf": 0.001 }),
        ),
        Field::Signed => {
            json!({ "type": "number", "minimum": -1e12, "maximum": 1e12, "multipleOf": 0.001 })
        }
        Field::OptSigned => nullable(
            json!({ "type": "number", "minimum": -1e12, "maximum": 1e12, "multipleOf": 0.001 }),
        ),
        Field::Int(lo, hi) => json!({ "type": "integer", "minimum": lo, "maximum": hi }),
        Field::OptInt(lo, hi) => {
            nullable(json!({ "type": "integer", "minimum": lo, "maximum": hi }))
        }
        Field::Ref(t) => {
            json!({ "type": "string", "format": "uuid", "description": format!("id of a {t} record") })
        }
        Field::OptRef(t) => nullable(
            json!({ "type": "string", "format": "uuid", "description": format!("id of a {t} record") }),
        ),
        Field::OwnerRef => {
            json!({ "type": "string", "format": "uuid", "description": "id of the record named by owner_kind" })
        }
        Field::Code(codes) => json!({ "type": "string", "enum": codes() }),
        Field::Unit => {
            json!({ "type": "string", "enum": crate::domain::Unit::ALL.iter().map(|u| u.code()).collect::<Vec<_>>() })
        }
        Field::Origin => json!({ "type": "string", "maxLength": 200 }),
        // Not in the exchange format (`RecordSpec::exchanged` leaves these out).
        Field::FromData => json!(false),
    }
}

/// The JSON Schema (draft 2020-12) of exchange format version 1.
pub fn schema() -> Value {
    let mut tables = Map::new();
    let mut defs = Map::new();
    for spec in TABLES {
        let mut props = Map::new();
        props.insert("id".into(), json!({ "type": "string", "format": "uuid" }));
        for k in ["created_at", "updated_at"] {
            props.insert(k.into(), json!({ "type": "string", "format": "date-time" }));
        }
        for k in ["created_by", "updated_by"] {
            props.insert(k.into(), json!({ "type": "string", "maxLength": 200 }));
        }
        props.insert("version".into(), json!({ "type": "integer", "minimum": 1 }));
        let mut required = vec![Value::from("id")];
        for (name, field) in spec.exchanged() {
            let mut schema = field_schema(*field);
            if crate::domain::validate::NON_EMPTY.contains(&(spec.table, *name))
                && let Value::Object(m) = &mut schema
            {
                m.insert("minLength".into(), json!(1));
            }
            props.insert(name.to_string(), schema);
            if !field.optional() && !field.defaults_to_empty() {
                required.push(Value::from(*name));
            }
        }
        if spec.has_data {
            props.insert(
                "data".into(),
                json!({ "type": "string", "contentEncoding": "base64" }),
            );
            props.insert(
                "sha256".into(),
                json!({ "type": "string", "pattern": "^[0-9a-f]{64}$" }),
            );
            props.insert(
                "size_bytes".into(),
                json!({ "type": "integer", "minimum": 0 }),
            );
            required.push(Value::from("data"));
        }
        defs.insert(
            spec.table.into(),
            json!({ "type": "object", "additionalProperties": false, "required": required, "properties": props }),
        );
        tables.insert(
            spec.table.into(),
            json!({ "type": "array", "items": { "$ref": format!("#/$defs/{}", spec.table) } }),
        );
    }
    defs.insert(
        "audit_entry".into(),
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["seq", "at", "operator", "table_name", "record_id", "action", "old_value", "new_value", "reason", "prev_hash", "hash"],
            "properties": {
                "seq": { "type": "integer", "minimum": 1 },
                "at": { "type": "string", "format": "date-time" },
                "operator": { "type": "string" },
                "table_name": { "type": "string" },
                "record_id": { "type": "string" },
                "action": { "enum": ["insert", "update", "delete"] },
                "old_value": { "type": ["string", "null"], "description": "canonical JSON of the row before" },
                "new_value": { "type": ["string", "null"], "description": "canonical JSON of the row after" },
                "reason": { "type": "string" },
                "prev_hash": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
                "hash": { "type": "string", "pattern": "^[0-9a-f]{64}$", "description": "SHA-256 of prev_hash, a newline, and the canonical JSON of the other fields" }
            }
        }),
    );
    let mut props = Map::new();
    props.insert("format".into(), json!({ "const": FORMAT }));
    props.insert("format_version".into(), json!({ "const": FORMAT_VERSION }));
    props.insert(
        "exported_at".into(),
        json!({ "type": "string", "format": "date-time" }),
    );
    props.insert("exported_by".into(), json!({ "type": "string" }));
    props.insert(
        "schema_version".into(),
        json!({ "type": "integer", "minimum": 1, "description": "the ledger schema version the file was exported at; absent in files of schema 4 or earlier" }),
    );
    props.extend(tables);
    props.insert(
        "audit".into(),
        json!({ "type": "array", "items": { "$ref": "#/$defs/audit_entry" } }),
    );
    props.insert(
        "accounts".into(),
        json!({ "type": "array", "description": "The ledger's accounts (passwords as argon2 hashes); restored only together with the audit trail.",
            "items": { "type": "object", "additionalProperties": false,
                "required": ["id", "name", "role", "company", "password_hash", "os_login", "active", "version"],
                "properties": {
                    "id": { "type": "string", "format": "uuid" },
                    "name": { "type": "string", "maxLength": 200 },
                    "role": { "enum": ["department", "contractor", "auditor"] },
                    "company": { "type": "string", "maxLength": 200 },
                    "password_hash": { "type": "string" },
                    "os_login": { "type": "string" },
                    "active": { "type": "boolean" },
                    "version": { "type": "integer", "minimum": 1 }
                } } }),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://restoration-ledger.example/schemas/exchange-v1.json",
        "title": "Restoration Ledger exchange file (矸石山生态修复台账交换格式)",
        "description": "A whole ledger or part of one. Quantities are decimal numbers in the SI base unit of their dimension, with at most 3 decimals; `unit` is only the unit the user prefers to see. Dates are YYYY-MM-DD.",
        "type": "object",
        "additionalProperties": false,
        "required": ["format", "format_version"],
        "properties": props,
        "$defs": defs
    })
}
