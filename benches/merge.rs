//! Merging a contractor's field package with 10,000 new after-care entries and 1,000 photos of
//! about 200 KB each (issue 13): time and peak memory of the merge, in its own process.
//!
//! Run: `cargo bench --bench merge` (RL_BENCH_ENTRIES and RL_BENCH_PHOTOS change the sizes).

#![allow(clippy::expect_used, clippy::unwrap_used)] // a benchmark stops loudly on a broken setup

use restoration_ledger::app::{self, Role, accounts, package};
use restoration_ledger::domain::*;
use restoration_ledger::store::{Access, Store};
use std::time::Instant;

const COMPANY: &str = "阳泉某土石方工程公司";

#[path = "common/mod.rs"]
mod common;
use common::peak_mib;

/// A JPEG of about 200 KB (noise compresses badly, as site photos do).
fn photo(seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    let img = image::RgbImage::from_fn(420, 420, |_, _| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        image::Rgb([x as u8, (x >> 8) as u8, (x >> 16) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode JPEG");
    out.into_inner()
}

fn count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let dir = std::path::PathBuf::from(std::env::var("RL_BENCH_DIR").unwrap_or_default());
    if std::env::var("RL_BENCH_PHASE").is_ok() {
        let base = peak_mib();
        let t = Instant::now();
        let m = package::merge(
            &dir.join("office.ledger"),
            &dir.join("pkg.ledger"),
            "环保部 李科长",
            false,
        )
        .expect("merge");
        println!(
            "merge                   {:>8.2} s, peak RSS {:>6.0} MiB (process start {base:.0} MiB)",
            t.elapsed().as_secs_f64(),
            peak_mib()
        );
        println!("  {m}");
        return;
    }
    let (entries, photos) = (
        count("RL_BENCH_ENTRIES", 10_000),
        count("RL_BENCH_PHOTOS", 1_000),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let office = dir.path().join("office.ledger");
    {
        let mut store = app::init(&office, true, "bench").expect("init");
        for (who, role, company) in [
            ("环保部 李科长", Role::Department, ""),
            ("张经理", Role::Contractor, COMPANY),
        ] {
            let a = accounts::new_account(who, role, company, Some("bench-password"), "")
                .expect("account");
            accounts::add(&mut store, "环保部 李科长", &a).expect("add");
        }
    }
    let pkg = dir.path().join("pkg.ledger");
    package::make(&office, COMPANY, &pkg, "环保部 李科长").expect("package");
    let t = Instant::now();
    let mut bytes = 0usize;
    {
        let mut p = Store::open(&pkg, Access::ReadWrite).expect("open package");
        let model: AftercareEntry = p.list().expect("entries").remove(0);
        p.write("张经理", |w| {
            for i in 0..entries {
                let mut e = model.clone();
                e.meta = w.new_meta();
                e.review = ReviewState::Pending;
                e.note = format!("外业记录 {i}:补植紫穗槐");
                let e = w.insert(&e)?;
                if i < photos {
                    let jpeg = photo(i as u32 + 1);
                    bytes += jpeg.len();
                    let record = app::photo::photo_record(
                        w.new_meta(),
                        PhotoOwner::Aftercare,
                        e.meta.id,
                        &format!("现场{i}.jpg"),
                        &jpeg,
                        "张经理",
                        "5号坡面",
                    )
                    .expect("photo");
                    w.insert_photo(&record, &jpeg)?;
                }
            }
            Ok(())
        })
        .expect("field work");
    }
    println!(
        "package: {entries} new entries, {photos} photos ({:.1} MiB, {:.0} KB each), {:.1} MiB file, made in {:.1} s",
        bytes as f64 / 1048576.0,
        bytes as f64 / 1024.0 / photos.max(1) as f64,
        std::fs::metadata(&pkg).map(|m| m.len()).unwrap_or(0) as f64 / 1048576.0,
        t.elapsed().as_secs_f64()
    );
    let out = std::process::Command::new(std::env::current_exe().expect("current exe"))
        .env("RL_BENCH_PHASE", "merge")
        .env("RL_BENCH_DIR", dir.path())
        .output()
        .expect("run the merge");
    assert!(
        out.status.success(),
        "merge failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    print!("{}", String::from_utf8_lossy(&out.stdout));
    let verified = Store::open(&office, Access::ReadOnly)
        .expect("open")
        .verify()
        .expect("verify")
        .ok();
    println!("office ledger verifies after the merge: {verified}");
    assert!(verified);
}
