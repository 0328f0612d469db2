//! The committed JSON Schema is the one the program generates, and the demo file follows it.

use restoration_ledger::exchange::schema::schema;

#[test]
fn committed_schema_is_current() {
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schemas/exchange.schema.json"
        ))
        .expect("schemas/exchange.schema.json exists"),
    )
    .expect("valid JSON");
    assert_eq!(
        committed,
        schema(),
        "schemas/exchange.schema.json is stale: regenerate it with `cargo run -- schema > schemas/exchange.schema.json`"
    );
}

#[test]
fn demo_uses_only_fields_the_schema_knows() {
    let s = schema();
    let demo: serde_json::Value =
        serde_json::from_str(restoration_ledger::app::DEMO_JSON).expect("demo JSON");
    for (table, rows) in demo.as_object().expect("object") {
        let Some(rows) = rows.as_array() else {
            continue;
        };
        let props = &s["$defs"][table]["properties"];
        assert!(props.is_object(), "schema has no table {table}");
        for row in rows {
            for key in row.as_object().expect("record").keys() {
                assert!(
                    props.get(key).is_some(),
                    "{table}.{key} is not in the schema"
                );
            }
        }
    }
}
