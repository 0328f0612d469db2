//! Frame time of the after-care view with 100,000 entries, headless (egui::Context::run plus
//! tessellation, as the window does each frame), while scrolling through the list sorted by
//! quantity and filtered to one kind of work (and, from frame 300, to pending entries).
//!
//! Run with `cargo bench --bench aftercare_view`. Prints median and 95th-percentile frame times.

use std::time::{Duration, Instant};

mod common;

use restoration_ledger::domain::*;
use restoration_ledger::i18n::ui::S;
use restoration_ledger::i18n::{self, Lang};
use restoration_ledger::ui::{View, egui};

const ENTRIES: usize = 100_000;
const FRAMES: usize = 600;

/// The same percentiles for a fixed ~0.5 ms loop of arithmetic: on a shared machine the
/// scheduler's preemptions show up here too, so the frame figures can be read against it.
fn control() -> Vec<Duration> {
    (0..FRAMES)
        .map(|_| {
            let t = Instant::now();
            let mut x: u64 = 1;
            for i in 0..400_000u64 {
                x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
            }
            std::hint::black_box(x);
            t.elapsed()
        })
        .collect()
}

fn main() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("rl-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let ledger = dir.join("bench.ledger");
    let t0 = Instant::now();
    common::ledger_with_entries(&ledger, ENTRIES)?;
    eprintln!("wrote {ENTRIES} entries in {:.1?}", t0.elapsed());

    let t0 = Instant::now();
    let mut app = common::window_on(&dir, &ledger)?;
    eprintln!("opened the ledger in {:.1?}", t0.elapsed());
    app.view = View::Aftercare;
    // As a department member works the list: sorted by quantity, largest first, and filtered to
    // one kind of work (the grid recomputes its rows once, then only draws the visible ones).
    app.aftercare.grid.sort_by(S::ColQuantity, true);
    app.aftercare.grid.choose(
        S::ColKind,
        i18n::aftercare_kind(Lang::Zh, AftercareKind::ALL[0]),
    );
    let ctx = egui::Context::default();
    let mut times = Vec::with_capacity(FRAMES);

    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    for frame in 0..FRAMES + 20 {
        let mut input = egui::RawInput {
            screen_rect: Some(screen),
            time: Some(frame as f64 / 60.0),
            ..Default::default()
        };
        // Hover the list and scroll it, so new rows come into view every frame.
        input
            .events
            .push(egui::Event::PointerMoved(egui::pos2(500.0, 400.0)));
        if frame > 5 {
            input.events.push(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, if frame % 200 < 150 { -400.0 } else { 1200.0 }),
                phase: egui::TouchPhase::Move,
                modifiers: egui::Modifiers::NONE,
                source: egui::MouseWheelSource::Wheel,
            });
        }
        if frame == 300 {
            app.aftercare.pending_only = true;
        }
        let t = Instant::now();
        let out = ctx.run_ui(input, |ui| app.ui(ui));
        let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(prims);
        let dt = t.elapsed();
        if frame >= 20 {
            times.push(dt);
            if std::env::var_os("BENCH_TRACE").is_some() {
                eprintln!("frame {frame} {:.2} ms", dt.as_secs_f64() * 1000.0);
            }
        }
    }
    // A frame that drew no list (a sign-in screen, a dialog) would be fast and prove nothing.
    anyhow::ensure!(
        app.session.is_some() && !app.aftercare.grid.rows().is_empty(),
        "the after-care list was not drawn (signed in: {}, rows: {}, notice: {:?})",
        app.session.is_some(),
        app.aftercare.grid.rows().len(),
        app.notice.as_ref().map(|n| n.text.clone())
    );
    eprintln!("rows shown at the end: {}", app.aftercare.grid.rows().len());
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let report = |what: &str, mut v: Vec<Duration>| {
        if v.is_empty() {
            return;
        }
        v.sort();
        let pct = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "after-care view, {ENTRIES} entries, {} frames, {what}: median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
            v.len(),
            ms(pct(0.5)),
            ms(pct(0.95)),
            ms(pct(1.0))
        );
    };
    report("wall clock", times);
    report("control loop, no UI", control());
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
