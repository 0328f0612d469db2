//! Import and summary of a generated ledger with 100,000 after-care entries: time and peak memory.
//!
//! Run: `cargo bench --bench import_summary` (set RL_BENCH_ENTRIES to change the size).

#![allow(clippy::expect_used, clippy::unwrap_used)] // a benchmark stops loudly on a broken setup

use restoration_ledger::app;
use restoration_ledger::domain::today;
use restoration_ledger::store::{Access, Store};
use serde_json::{Value, json};
use std::time::Instant;

/// Peak resident memory of this process (VmHWM), in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Resets the peak so the next phase is measured on its own.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn main() {
    let n: usize = std::env::var("RL_BENCH_ENTRIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut data: Value = serde_json::from_str(app::DEMO_JSON).expect("demo JSON");
    let pile = data["piles"][0]["id"].clone();
    let benches: Vec<Value> = data["benches"]
        .as_array()
        .expect("benches")
        .iter()
        .map(|b| b["id"].clone())
        .collect();
    let kinds = [
        "replanting",
        "reseeding",
        "desilting",
        "ditch_repair",
        "watering",
        "fire_patrol",
    ];
    let units = ["plants", "m2", "m3", "m", "m3", "count"];
    let entries: Vec<Value> = (0..n)
        .map(|i| {
            let k = i % kinds.len();
            let review = ["pending", "approved", "rejected"][i % 3];
            json!({
                "id": uuid::Uuid::new_v4().to_string(),
                "pile_id": pile,
                "date": format!("{}-{:02}-{:02}", 2015 + i % 9, 1 + i % 12, 1 + i % 28),
                "contractor": format!("施工单位{}", i % 17),
                "bench_id": benches[i % benches.len()],
                "kind": kinds[k],
                "quantity": (i % 500) as f64 + 0.5,
                "unit": units[k],
                "note": format!("管护记录 {i}:补植紫穗槐、清理沉淀池"),
                "review": review,
                "review_comment": if review == "rejected" { "照片不清楚,请补充" } else { "" },
                "reviewer": if review == "pending" { "" } else { "环保部 王工" },
                "reviewed_at": if review == "pending" { Value::Null } else { json!("2023-05-08T10:30:00Z") },
            })
        })
        .collect();
    data["aftercare"]
        .as_array_mut()
        .expect("aftercare")
        .extend(entries);
    let json_path = dir.path().join("big.json");
    let bytes = serde_json::to_vec(&data).expect("serialise");
    std::fs::write(&json_path, &bytes).expect("write JSON");
    let ledger = dir.path().join("big.ledger");

    reset_peak();
    let base = peak_mib();
    let t = Instant::now();
    let outcome = app::import_file(&ledger, &json_path, "bench").expect("import");
    let import_s = t.elapsed().as_secs_f64();
    let import_peak = peak_mib();

    reset_peak();
    let t = Instant::now();
    let store = Store::open(&ledger, Access::ReadOnly).expect("open");
    let summary = app::summary(&store, today()).expect("summary");
    let summary_s = t.elapsed().as_secs_f64();
    let summary_peak = peak_mib();

    let t = Instant::now();
    let report = store.verify().expect("verify");
    let verify_s = t.elapsed().as_secs_f64();
    assert!(report.ok(), "the generated ledger verifies");

    let size = std::fs::metadata(&ledger).map(|m| m.len()).unwrap_or(0);
    println!("after-care entries:     {n}");
    println!(
        "exchange file:          {:.1} MiB",
        bytes.len() as f64 / 1048576.0
    );
    println!("records imported:       {}", outcome.records);
    println!(
        "import:                 {import_s:.2} s, peak RSS {import_peak:.0} MiB (before: {base:.0} MiB)"
    );
    println!("open + load + summary:  {summary_s:.2} s, peak RSS {summary_peak:.0} MiB");
    println!("verify (chain + rows):  {verify_s:.2} s");
    println!("ledger file:            {:.1} MiB", size as f64 / 1048576.0);
    println!(
        "pending after-care:     {}",
        summary.headline.pending_aftercare
    );
}
