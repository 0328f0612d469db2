//! Report benchmark: time, peak memory and size of the demo report and of a ledger with 50,000
//! after-care entries (about 1,200 pages). Run with `cargo bench --bench report`.
//!
//! Each report is printed by the command-line binary in its own process, so its peak memory
//! (VmHWM, read by /usr/bin/time -v) is the report's alone and not the ledger generation's.

// A benchmark reports failures by panicking, like a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use chrono::NaiveDate;
use restoration_ledger::domain::{AftercareEntry, AftercareKind, Bench, Milli, Pile, ReviewState};
use restoration_ledger::store::{Access, Store};

const BIN: &str = env!("CARGO_BIN_EXE_restoration-ledger");

/// Adds `n` after-care entries spread over benches, kinds, review states and ten years.
fn add_aftercare(ledger: &Path, n: usize) {
    let mut store = Store::open(ledger, Access::ReadWrite).unwrap();
    let pile: Pile = store.list::<Pile>().unwrap().remove(0);
    let benches: Vec<Bench> = store.list().unwrap();
    let start = NaiveDate::from_ymd_opt(2014, 1, 1).unwrap();
    let contractors = [
        "山西某生态建设公司",
        "阳泉某土石方工程公司",
        "某园林绿化公司",
    ];
    store
        .write("bench", |w| {
            for i in 0..n {
                let kind = AftercareKind::ALL[i % AftercareKind::ALL.len()];
                let review = [
                    ReviewState::Approved,
                    ReviewState::Pending,
                    ReviewState::Rejected,
                ][i % 3];
                let bench = &benches[i % benches.len()];
                let e = AftercareEntry {
                    meta: w.new_meta(),
                    pile_id: pile.meta.id,
                    date: start + chrono::Days::new((i * 3653 / n) as u64),
                    contractor: contractors[i % 3].to_string(),
                    bench_id: Some(bench.meta.id),
                    kind,
                    quantity: Some(Milli::from_whole((i % 500 + 1) as i64)),
                    unit: kind.default_unit(),
                    note: format!(
                        "{}号坡面管护第{}次:补植紫穗槐、补播苜蓿,清理沉淀池淤泥",
                        bench.number,
                        i + 1
                    ),
                    review,
                    review_comment: if review == ReviewState::Rejected {
                        "照片与坡面位置不符,请补充现场照片后重新提交".into()
                    } else {
                        String::new()
                    },
                    reviewer: if review == ReviewState::Pending {
                        String::new()
                    } else {
                        "环保部 王工".into()
                    },
                    reviewed_at: None,
                    origin: String::new(),
                };
                w.insert(&e)?;
            }
            Ok(())
        })
        .unwrap();
}

struct Run {
    seconds: f64,
    peak_kib: Option<u64>,
    size: u64,
    pages: usize,
}

/// Prints a report with the CLI under /usr/bin/time -v (peak RSS), or plainly when it is missing.
fn run_report(ledger: &Path, out: &Path, lang: &str) -> Run {
    let args = [
        "report",
        ledger.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--lang",
        lang,
    ];
    let timed = Path::new("/usr/bin/time").exists();
    let t = Instant::now();
    let o = if timed {
        Command::new("/usr/bin/time")
            .arg("-v")
            .arg(BIN)
            .args(args)
            .output()
            .unwrap()
    } else {
        Command::new(BIN).args(args).output().unwrap()
    };
    let seconds = t.elapsed().as_secs_f64();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let peak_kib = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok());
    let stdout = String::from_utf8_lossy(&o.stdout);
    let pages = stdout
        .split_once(" (")
        .and_then(|(_, r)| r.split_once(" pages"))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or(0);
    Run {
        seconds,
        peak_kib,
        size: std::fs::metadata(out).unwrap().len(),
        pages,
    }
}

fn vm_hwm_kib() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn show(name: &str, r: &Run) {
    println!(
        "{name:<34} {:>8.2} s  peak {:>8} KiB  {:>4} pages  {:>10} bytes",
        r.seconds,
        r.peak_kib
            .map(|k| k.to_string())
            .unwrap_or_else(|| "?".into()),
        r.pages,
        r.size
    );
}

fn main() {
    // REPORT_BENCH_KEEP=DIR keeps the ledgers and PDFs there (to look at the pages).
    let tmp = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("REPORT_BENCH_KEEP").map(std::path::PathBuf::from);
    let work = keep.unwrap_or_else(|| tmp.path().to_path_buf());
    let dir = &work;
    for f in ["demo.ledger", "big.ledger"] {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("{f}{suffix}")));
        }
    }
    let demo = dir.join("demo.ledger");
    restoration_ledger::app::init(&demo, true, "bench").unwrap();
    for lang in ["zh", "en"] {
        let r = run_report(&demo, &dir.join(format!("demo-{lang}.pdf")), lang);
        show(&format!("demo report ({lang})"), &r);
        assert!(
            r.size <= 1_000_000,
            "demo report is {} bytes, over 1 MB",
            r.size
        );
    }

    // In-process, through the library the window calls.
    let opts = restoration_ledger::report::ReportOptions::new(
        restoration_ledger::i18n::Lang::Zh,
        None,
        None,
    );
    let t = Instant::now();
    let r =
        restoration_ledger::app::report::print_report(&demo, &dir.join("lib.pdf"), &opts, &|_| {})
            .unwrap();
    println!(
        "{:<34} {:>8.2} s  VmHWM {:>7} KiB  {:>4} pages  {:>10} bytes",
        "demo report (library, in-process)",
        t.elapsed().as_secs_f64(),
        vm_hwm_kib()
            .map(|k| k.to_string())
            .unwrap_or_else(|| "?".into()),
        r.pages,
        r.pdf.len()
    );

    let big = dir.join("big.ledger");
    restoration_ledger::app::init(&big, true, "bench").unwrap();
    let t = Instant::now();
    add_aftercare(&big, 50_000);
    println!(
        "{:<34} {:>8.2} s",
        "generate 50,000 after-care entries",
        t.elapsed().as_secs_f64()
    );
    let r = run_report(&big, &dir.join("big.pdf"), "zh");
    show("50,000-entry report (zh)", &r);
}
