//! The headline figures and plan-vs-actual progress computed from a ledger's records.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use uuid::Uuid;

use super::model::*;
use super::quantity::Milli;
use super::rules::{RuleResult, evaluate_all};

/// The figures the seed article reports, plus the department's open work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Headline {
    pub slope_faces_and_berms: i64,
    pub gentle_slope_trimmed: Milli,
    pub flat_area_leveled: Milli,
    pub soil_cover: Milli,
    pub ditch_length: Milli,
    pub green_area: Milli,
    pub gangue_dumped: Milli,
    pub open_problems: i64,
    pub overdue_problems: i64,
    pub pending_aftercare: i64,
}

fn completed(data: &LedgerData, kinds: &[WorkKind]) -> Milli {
    data.works
        .iter()
        .filter(|w| w.phase == WorkPhase::Completed && kinds.contains(&w.kind))
        .map(|w| w.quantity)
        .sum()
}

pub fn headline(data: &LedgerData, today: NaiveDate) -> Headline {
    Headline {
        slope_faces_and_berms: data
            .benches
            .iter()
            .filter(|b| matches!(b.kind, BenchKind::SlopeFace | BenchKind::Berm))
            .count() as i64,
        gentle_slope_trimmed: completed(data, &[WorkKind::GentleSlopeTrimming]),
        flat_area_leveled: completed(data, &[WorkKind::FlatAreaLeveling]),
        soil_cover: completed(data, &[WorkKind::SoilCover]),
        ditch_length: completed(
            data,
            &[WorkKind::InterceptingDitch, WorkKind::DrainageDitch],
        ),
        green_area: completed(data, &[WorkKind::Greening]),
        gangue_dumped: data.dumping_records.iter().map(|d| d.tonnes).sum(),
        open_problems: data
            .problems
            .iter()
            .filter(|p| p.status != ProblemStatus::Verified)
            .count() as i64,
        overdue_problems: data.problems.iter().filter(|p| p.is_overdue(today)).count() as i64,
        pending_aftercare: data
            .aftercare
            .iter()
            .filter(|a| a.review == ReviewState::Pending)
            .count() as i64,
    }
}

/// Planned vs completed quantity of one work kind (in the base unit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub kind: WorkKind,
    pub planned: Milli,
    pub completed: Milli,
}

impl Progress {
    /// Percent complete in thousandths of a percent; None without a plan.
    pub fn percent_milli(&self) -> Option<i64> {
        if self.planned.0 <= 0 {
            return None;
        }
        Some(
            ((self.completed.0 as i128 * 100_000 + self.planned.0 as i128 / 2)
                / self.planned.0 as i128) as i64,
        )
    }
}

/// Progress per work kind over the works selected by `bench` (None: all works).
pub fn progress(data: &LedgerData, bench: Option<Option<Uuid>>) -> Vec<Progress> {
    let mut map: BTreeMap<WorkKind, (Milli, Milli)> = BTreeMap::new();
    for w in &data.works {
        if let Some(b) = bench
            && w.bench_id != b
        {
            continue;
        }
        let e = map.entry(w.kind).or_default();
        match w.phase {
            WorkPhase::Planned => e.0 = e.0.checked_add(w.quantity),
            WorkPhase::Completed => e.1 = e.1.checked_add(w.quantity),
        }
    }
    map.into_iter()
        .map(|(kind, (planned, completed))| Progress {
            kind,
            planned,
            completed,
        })
        .collect()
}

/// Everything a summary shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub headline: Headline,
    pub progress: Vec<Progress>,
    pub rules: Vec<RuleResult>,
}

pub fn summarize(data: &LedgerData, today: NaiveDate) -> Summary {
    Summary {
        headline: headline(data, today),
        progress: progress(data, None),
        rules: evaluate_all(data, today),
    }
}
