//! Typing a search into History (变更记录) at 1,000,000 audit entries (issue 26 case 5): the
//! frame time of each keystroke, headless (egui::Context::run plus tessellation, as the window
//! does each frame), while the search's text is made and after.
//!
//! Run with `cargo bench --bench history_search` (`HISTORY_ENTRIES=100000` for a shorter run).
//! Prints, for a first search typed while the search's text is still being made and a second
//! typed after: the slowest and the median frame, and how long until the first search's rows
//! were final. The goal is every frame within 50 ms.

use std::time::{Duration, Instant};

mod common;

use restoration_ledger::app::session::Command;
use restoration_ledger::ui::{LedgerApp, View, egui};

/// Types `text` as a person does, about five characters a second (a keystroke every 12 frames at
/// 60 Hz), then runs frames until the search's rows are final: every frame's time, and how long
/// until then.
fn typing(
    app: &mut LedgerApp,
    run: &mut impl FnMut(&mut LedgerApp) -> Duration,
    text: &str,
) -> (Vec<Duration>, Duration) {
    let started = Instant::now();
    let mut frames = Vec::new();
    for c in text.chars() {
        app.history.grid.search.push(c);
        for _ in 0..12 {
            frames.push(run(app));
        }
    }
    while app.history.grid.indexing.is_some() {
        frames.push(run(app));
    }
    (frames, started.elapsed())
}

fn main() -> anyhow::Result<()> {
    let entries: usize = std::env::var("HISTORY_ENTRIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("rl-history-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let ledger = dir.join("bench.ledger");
    let t0 = Instant::now();
    common::ledger_with_entries(&ledger, entries)?;
    eprintln!(
        "wrote {entries} entries (and their audit entries) in {:.1?}",
        t0.elapsed()
    );
    let mut app = common::window_on(&dir, &ledger)?;
    let t0 = Instant::now();
    let session = app
        .session
        .as_mut()
        .ok_or_else(|| anyhow::anyhow!("no session"))?;
    session.apply(Command::LoadHistory)?;
    let history = session.history.as_ref().map_or(0, |h| h.len());
    eprintln!("loaded {history} audit entries in {:.1?}", t0.elapsed());
    app.view = View::History;

    let ctx = egui::Context::default();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    let mut frame = 0u64;
    let mut run = |app: &mut LedgerApp| {
        let input = egui::RawInput {
            screen_rect: Some(screen),
            time: Some(frame as f64 / 60.0),
            ..Default::default()
        };
        frame += 1;
        let t = Instant::now();
        let out = ctx.run_ui(input, |ui| app.ui(ui));
        std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
        t.elapsed()
    };
    for _ in 0..5 {
        run(&mut app);
    }

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let say = |what: &str, mut v: Vec<Duration>, took: Duration, rows: usize| {
        v.sort();
        println!(
            "history search, {history} audit entries, {what}: {} frames, median {:.2} ms, max {:.2} ms; rows final after {:.1} s; {rows} rows found",
            v.len(),
            ms(v[v.len() / 2]),
            ms(v[v.len() - 1]),
            took.as_secs_f64()
        );
    };
    let (frames, took) = typing(&mut app, &mut run, "紫穗槐");
    let rows = app.history.grid.rows().len();
    anyhow::ensure!(rows > 0, "the search found nothing");
    say("first search (its text made meanwhile)", frames, took, rows);
    app.history.grid.search.clear();
    run(&mut app);
    let (frames, took) = typing(&mut app, &mut run, "第12345条");
    say("second search", frames, took, app.history.grid.rows().len());
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
