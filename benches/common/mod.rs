//! What the benchmarks share.

/// Peak resident memory of this process (VmHWM), in MiB.
#[allow(dead_code)]
pub fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// A new example ledger at `path` with `entries` after-care entries more (one transaction), as a
/// department's list of years of work: dates over 2,000 days, every kind, every bench, a note
/// each; every third approved.
#[allow(dead_code)]
pub fn ledger_with_entries(path: &std::path::Path, entries: usize) -> anyhow::Result<()> {
    use restoration_ledger::app::session::blank_aftercare;
    use restoration_ledger::domain::*;
    use restoration_ledger::store::{Access, Store};
    restoration_ledger::app::init(path, true, "bench")?;
    let mut store = Store::open(path, Access::ReadWrite)?;
    let data = store.load()?;
    let benches: Vec<_> = data.benches.iter().map(|b| b.meta.id).collect();
    let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
    store.write("bench", |w| {
        for i in 0..entries {
            let mut e = blank_aftercare(
                &data,
                "施工单位甲",
                start + chrono::Days::new((i % 2000) as u64),
            );
            e.meta = w.new_meta();
            e.kind = AftercareKind::ALL[i % AftercareKind::ALL.len()];
            e.unit = e.kind.default_unit();
            e.bench_id = Some(benches[i % benches.len()]);
            e.quantity = Some(Milli::from_whole((i % 500) as i64 + 1));
            e.note = format!("第{i}条管护记录:补植紫穗槐,清理沉淀池");
            if i % 3 == 0 {
                e.review = ReviewState::Approved;
                e.reviewer = "环保部".into();
            }
            w.insert(&e)?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The window on `ledger` as 李科长 of the department would have it open (settings saved in
/// `dir`); a ledger without accounts would first ask the department to set one up (a dialog over
/// an empty window, which measures nothing), so the session is opened directly.
#[allow(dead_code)]
pub fn window_on(
    dir: &std::path::Path,
    ledger: &std::path::Path,
) -> anyhow::Result<restoration_ledger::ui::LedgerApp> {
    use restoration_ledger::app::Role;
    use restoration_ledger::app::settings::{AppPaths, Settings};
    let paths = AppPaths::in_dir(dir);
    Settings {
        operator: "李科长".into(),
        role: Some(Role::Department),
        ..Settings::default()
    }
    .save(&paths)?;
    let mut app = restoration_ledger::ui::LedgerApp::new(paths, None);
    app.session = Some(restoration_ledger::app::session::Session::open(
        ledger,
        "李科长",
        Role::Department,
    )?);
    Ok(app)
}
