//! Import, summary, verify, export and re-import of a generated ledger with 100,000 after-care
//! entries: time and peak memory of each, each in its own process, and the round trip compared;
//! then the same ledger exported as an Excel workbook and that workbook imported into a new
//! ledger (the summaries compared).
//!
//! Run: `cargo bench --bench import_summary` (set RL_BENCH_ENTRIES to change the size, e.g.
//! `RL_BENCH_ENTRIES=1000000 RL_BENCH_PHASES=import,summary,verify,export,reimport,compare` for
//! the million-entry table).

#![allow(clippy::expect_used, clippy::unwrap_used)] // a benchmark stops loudly on a broken setup

use restoration_ledger::app;
use restoration_ledger::clock::today;
use restoration_ledger::store::{Access, Store};
use serde_json::{Value, json};
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;
use common::peak_mib;

/// Runs one phase in a fresh child process (this same binary), so each peak is its own.
fn child(phase: &str, ledger: &std::path::Path, json: &std::path::Path) -> String {
    let out = std::process::Command::new(std::env::current_exe().expect("current exe"))
        .env("RL_BENCH_PHASE", phase)
        .env("RL_BENCH_LEDGER", ledger)
        .env("RL_BENCH_JSON", json)
        .output()
        .expect("run phase");
    assert!(
        out.status.success(),
        "{phase} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn phase(name: &str) {
    let ledger = std::path::PathBuf::from(std::env::var("RL_BENCH_LEDGER").expect("ledger"));
    let json = std::path::PathBuf::from(std::env::var("RL_BENCH_JSON").expect("json"));
    let base = peak_mib();
    let t = Instant::now();
    let line = |what: &str| {
        println!(
            "{what:<24}{:>8.2} s, peak RSS {:>6.0} MiB (process start {base:.0} MiB)",
            t.elapsed().as_secs_f64(),
            peak_mib()
        );
    };
    match name {
        "import" | "reimport" => {
            let target = if name == "import" {
                ledger.clone()
            } else {
                ledger.with_extension("again.ledger")
            };
            let source = if name == "import" {
                json.clone()
            } else {
                ledger.with_extension("export.json")
            };
            let outcome = app::import_file(&target, &source, "bench").expect("import");
            line(name);
            println!("  records:               {}", outcome.records);
        }
        "summary" => {
            let store = Store::open(&ledger, Access::ReadOnly).expect("open");
            let summary = app::summary(&store, today()).expect("summary");
            line("open + load + summary");
            println!(
                "  pending after-care:    {}",
                summary.headline.pending_aftercare
            );
        }
        "verify" => {
            let store = Store::open(&ledger, Access::ReadOnly).expect("open");
            let report = store.verify().expect("verify");
            assert!(report.ok(), "the generated ledger verifies");
            line("verify (chain + rows)");
        }
        "export" => {
            let store = Store::open(&ledger, Access::ReadOnly).expect("open");
            let out = ledger.with_extension("export.json");
            app::export_file(&store, &out, "bench", true).expect("export");
            line("export");
        }
        "xlsx-export" => {
            let store = Store::open(&ledger, Access::ReadOnly).expect("open");
            let out = ledger.with_extension("xlsx");
            app::sheets::export_workbook(&store, &out, restoration_ledger::i18n::Lang::Zh, true)
                .expect("export xlsx");
            line("export .xlsx");
            println!(
                "  workbook:              {:.1} MiB",
                std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1048576.0
            );
        }
        "xlsx-import" => {
            let target = ledger.with_extension("from-xlsx.ledger");
            let (plan, _) = app::sheets::import_file(
                &target,
                &ledger.with_extension("xlsx"),
                "bench",
                None,
                false,
                restoration_ledger::i18n::Lang::Zh,
            )
            .expect("import xlsx");
            line("import .xlsx (new)");
            println!("  records:               {}", plan.added.len());
        }
        "xlsx-compare" => {
            let a = Store::open(&ledger, Access::ReadOnly).expect("open");
            let b = Store::open(&ledger.with_extension("from-xlsx.ledger"), Access::ReadOnly)
                .expect("open from xlsx");
            let same = app::summary(&a, today()).expect("summary")
                == app::summary(&b, today()).expect("summary from xlsx");
            println!("xlsx summary identical:  {same}");
            assert!(same, "export to xlsx + import changed the summary");
        }
        _ => {
            // The round trip: the re-imported ledger holds the same records, exactly.
            let a = Store::open(&ledger, Access::ReadOnly).expect("open");
            let b = Store::open(&ledger.with_extension("again.ledger"), Access::ReadOnly)
                .expect("open again");
            let same = a.load().expect("load") == b.load().expect("load again");
            println!("round trip exact:        {same}");
            assert!(same, "export + re-import changed a record");
        }
    }
}

fn main() {
    if let Ok(name) = std::env::var("RL_BENCH_PHASE") {
        phase(&name);
        return;
    }
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

    drop(data);
    let phases: Vec<String> = [
        "import",
        "summary",
        "verify",
        "export",
        "reimport",
        "compare",
        "xlsx-export",
        "xlsx-import",
        "xlsx-compare",
    ]
    .iter()
    // RL_BENCH_PHASES=import,summary,… runs only those (a million entries do not fit a sheet).
    .filter(|p| {
        std::env::var("RL_BENCH_PHASES").map_or(true, |only| only.split(',').any(|o| o == **p))
    })
    .map(|p| child(p, &ledger, &json_path))
    .collect();
    let size = std::fs::metadata(&ledger).map(|m| m.len()).unwrap_or(0);
    println!("after-care entries:     {n}");
    println!(
        "exchange file:          {:.1} MiB",
        bytes.len() as f64 / 1048576.0
    );
    print!("{}", phases.concat());
    println!("ledger file:            {:.1} MiB", size as f64 / 1048576.0);
}
