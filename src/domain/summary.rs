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
        green_area: green_area(data, None, None).area,
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

/// The green area of some part of the ledger, and the newest record it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Green {
    pub area: Milli,
    pub last: Option<NaiveDate>,
}

/// Green area (绿化面积), defined once for the headline, the greening rules, the plan-vs-actual
/// tables and the per-bench table.
///
/// Place by place (a bench, or a pile outside any bench): where completed greening works
/// (绿化) are recorded, they state the green area; where none are, the plantings do, added up and
/// capped at the bench's area (a shrub and a grass sown on the same slope face are one green
/// area, not two). So a planting counts as greening without being entered twice, and a greening
/// work and the plantings that made it are never added together.
///
/// `pile` narrows to one pile; `bench` to one place (`Some(None)`: what names no bench).
pub fn green_area(data: &LedgerData, pile: Option<Uuid>, bench: Option<Option<Uuid>>) -> Green {
    #[derive(Default)]
    struct Place {
        works: Milli,
        works_last: Option<NaiveDate>,
        has_works: bool,
        planted: Milli,
        planted_last: Option<NaiveDate>,
    }
    let wanted =
        |p: Uuid, b: Option<Uuid>| pile.is_none_or(|x| x == p) && bench.is_none_or(|x| x == b);
    let mut places: BTreeMap<(Uuid, Option<Uuid>), Place> = BTreeMap::new();
    for w in &data.works {
        if w.phase == WorkPhase::Completed
            && w.kind == WorkKind::Greening
            && wanted(w.pile_id, w.bench_id)
        {
            let e = places.entry((w.pile_id, w.bench_id)).or_default();
            e.works = e.works.checked_add(w.quantity);
            e.works_last = e.works_last.max(Some(w.date));
            e.has_works = true;
        }
    }
    for p in &data.plantings {
        if wanted(p.pile_id, p.bench_id) {
            let e = places.entry((p.pile_id, p.bench_id)).or_default();
            e.planted = e.planted.checked_add(p.area);
            e.planted_last = e.planted_last.max(Some(p.date));
        }
    }
    let mut out = Green::default();
    for ((_, bench_id), place) in places {
        let (area, last) = if place.has_works {
            (place.works, place.works_last)
        } else {
            let cap = bench_id
                .and_then(|id| data.bench(id))
                .map(|b| b.area)
                .filter(|a| a.0 > 0);
            let area = match cap {
                Some(cap) => place.planted.min(cap),
                None => place.planted,
            };
            (area, place.planted_last)
        };
        out.area = out.area.checked_add(area);
        out.last = out.last.max(last);
    }
    out
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
        percent_of(self.completed, self.planned)
    }
}

/// `done` as a percentage of `plan` in thousandths of a percent; None without a plan.
pub fn percent_of(done: Milli, plan: Milli) -> Option<i64> {
    if plan.0 <= 0 {
        return None;
    }
    Some(((done.0 as i128 * 100_000 + plan.0 as i128 / 2) / plan.0 as i128) as i64)
}

/// The approved plan of one work kind: the total it states, and its breakdown by bench.
///
/// The rule, once for every table: design quantities that name no bench state the total; those
/// that name a bench break it down. The breakdown may not exceed the total (when it does, the
/// plan disagrees with itself and [`Plan::breakdown_exceeds_total`] says so); a breakdown without
/// any total sums to the total. The two are never added together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub kind: WorkKind,
    /// The total the plan states (design quantities naming no bench), if it states one.
    pub stated_total: Option<Milli>,
    /// Design quantities per bench, in bench order (number, then kind).
    pub by_bench: Vec<(Uuid, Milli)>,
}

impl Plan {
    /// The sum of the per-bench design quantities.
    pub fn breakdown(&self) -> Milli {
        self.by_bench.iter().map(|(_, q)| *q).sum()
    }

    /// The plan's total: the stated one, or the breakdown's sum when none is stated.
    pub fn total(&self) -> Milli {
        self.stated_total.unwrap_or_else(|| self.breakdown())
    }

    /// The breakdown is larger than the stated total: the plan contradicts itself.
    pub fn breakdown_exceeds_total(&self) -> bool {
        self.stated_total.is_some_and(|t| self.breakdown() > t)
    }

    /// The design quantity of one bench, if the plan breaks down to it.
    pub fn of_bench(&self, bench: Uuid) -> Option<Milli> {
        self.by_bench
            .iter()
            .find(|(b, _)| *b == bench)
            .map(|(_, q)| *q)
    }
}

/// The approved plan, kind by kind (kinds with any design quantity, in kind order).
pub fn plans(data: &LedgerData) -> Vec<Plan> {
    let mut map: BTreeMap<WorkKind, (Option<Milli>, BTreeMap<Uuid, Milli>)> = BTreeMap::new();
    for w in data.works.iter().filter(|w| w.phase == WorkPhase::Planned) {
        let e = map.entry(w.kind).or_default();
        match w.bench_id {
            None => e.0 = Some(e.0.unwrap_or_default().checked_add(w.quantity)),
            Some(b) => {
                let q = e.1.entry(b).or_default();
                *q = q.checked_add(w.quantity);
            }
        }
    }
    let order = |id: &Uuid| data.bench(*id).map(|b| (b.number, b.kind));
    map.into_iter()
        .map(|(kind, (stated_total, by_bench))| {
            let mut by_bench: Vec<(Uuid, Milli)> = by_bench.into_iter().collect();
            by_bench.sort_by_key(|(id, _)| order(id));
            Plan {
                kind,
                stated_total,
                by_bench,
            }
        })
        .collect()
}

/// What one work kind completed on one place (`Some(None)`: works naming no bench; `None`: all).
/// Greening is the green area ([`green_area`]).
pub fn completed_of(data: &LedgerData, kind: WorkKind, bench: Option<Option<Uuid>>) -> Milli {
    if kind == WorkKind::Greening {
        return green_area(data, None, bench).area;
    }
    data.works
        .iter()
        .filter(|w| w.phase == WorkPhase::Completed && w.kind == kind)
        .filter(|w| bench.is_none_or(|b| w.bench_id == b))
        .map(|w| w.quantity)
        .sum()
}

/// Progress per work kind over the works selected by `bench` (None: the whole pile, against the
/// plan's total; `Some(Some(id))`: one bench against its share of the plan; `Some(None)`: what
/// names no bench, against the stated total).
pub fn progress(data: &LedgerData, bench: Option<Option<Uuid>>) -> Vec<Progress> {
    let plans = plans(data);
    let mut kinds: std::collections::BTreeSet<WorkKind> = plans.iter().map(|p| p.kind).collect();
    for w in &data.works {
        if bench.is_none_or(|b| w.bench_id == b) {
            kinds.insert(w.kind);
        }
    }
    if data
        .plantings
        .iter()
        .any(|p| bench.is_none_or(|b| p.bench_id == b))
    {
        kinds.insert(WorkKind::Greening);
    }
    kinds
        .into_iter()
        .map(|kind| {
            let plan = plans.iter().find(|p| p.kind == kind);
            let planned = match (plan, bench) {
                (None, _) => Milli::ZERO,
                (Some(p), None) => p.total(),
                (Some(p), Some(None)) => p.stated_total.unwrap_or_default(),
                (Some(p), Some(Some(id))) => p.of_bench(id).unwrap_or_default(),
            };
            Progress {
                kind,
                planned,
                completed: completed_of(data, kind, bench),
            }
        })
        .collect()
}

/// A work kind whose per-bench design quantities add up to more than the total the plan states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDisagreement {
    pub kind: WorkKind,
    pub stated_total: Milli,
    pub breakdown: Milli,
}

/// Every work kind whose breakdown exceeds its stated total.
pub fn plan_disagreements(data: &LedgerData) -> Vec<PlanDisagreement> {
    plans(data)
        .into_iter()
        .filter(Plan::breakdown_exceeds_total)
        .map(|p| PlanDisagreement {
            kind: p.kind,
            stated_total: p.stated_total.unwrap_or_default(),
            breakdown: p.breakdown(),
        })
        .collect()
}

/// Fire alarms, one definition for the overview, the report and the command line: an alarm is a
/// reading that breaches at least one threshold (surface temperature at or above the
/// temperature rule's threshold, CO above the CO rule's). Each threshold is counted too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Alarms {
    /// Readings that breach at least one threshold.
    pub readings: i64,
    /// Readings at or above the temperature threshold.
    pub temperature: i64,
    /// Readings above the CO threshold.
    pub co: i64,
}

/// The alarm thresholds the ledger's rules set: (temperature, CO), in thousandths. A disabled
/// rule sets none; without a temperature rule the DOMAIN's 50 °C stands.
pub fn alarm_thresholds(data: &LedgerData) -> (Option<i64>, Option<i64>) {
    let of = |kind: RuleKind| {
        data.rules
            .iter()
            .find(|r| r.kind == kind)
            .map(|r| r.enabled.then_some(r.threshold))
    };
    (
        of(RuleKind::FireSurfaceTemperature).unwrap_or(Some(50_000)),
        of(RuleKind::FireCarbonMonoxide).flatten(),
    )
}

/// Which thresholds one reading breaches: (temperature, CO).
pub fn breaches(r: &Reading, thresholds: (Option<i64>, Option<i64>)) -> (bool, bool) {
    (
        matches!((r.temperature, thresholds.0), (Some(t), Some(th)) if t >= th),
        matches!((r.co, thresholds.1), (Some(c), Some(th)) if c.0 > th),
    )
}

/// Is this reading an alarm (does it breach at least one threshold)?
pub fn is_alarm(r: &Reading, thresholds: (Option<i64>, Option<i64>)) -> bool {
    let (t, c) = breaches(r, thresholds);
    t || c
}

/// The alarms among `readings`.
pub fn count_alarms<'a>(
    data: &LedgerData,
    readings: impl IntoIterator<Item = &'a Reading>,
) -> Alarms {
    let th = alarm_thresholds(data);
    let mut a = Alarms::default();
    for r in readings {
        let (t, c) = breaches(r, th);
        a.readings += i64::from(t || c);
        a.temperature += i64::from(t);
        a.co += i64::from(c);
    }
    a
}

/// Everything a summary shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub headline: Headline,
    pub progress: Vec<Progress>,
    pub rules: Vec<RuleResult>,
    /// Work kinds whose per-bench design quantities exceed the stated total.
    pub plan_disagreements: Vec<PlanDisagreement>,
    /// Fire alarms over every reading.
    pub alarms: Alarms,
    /// Fire alarms among each point's latest reading: the pile now.
    pub current_alarms: Alarms,
}

pub fn summarize(data: &LedgerData, today: NaiveDate) -> Summary {
    Summary {
        headline: headline(data, today),
        progress: progress(data, None),
        rules: evaluate_all(data, today),
        plan_disagreements: plan_disagreements(data),
        alarms: count_alarms(data, &data.readings),
        current_alarms: count_alarms(
            data,
            super::rules::latest_readings(data)
                .into_iter()
                .map(|(_, r)| r),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Stamp;
    use chrono::NaiveDateTime;

    fn meta() -> Meta {
        Meta::new("t", &Stamp::parse("2026-01-01T00:00:00Z").unwrap())
    }
    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()
    }
    fn bench(pile: Uuid, number: i64, area: i64) -> Bench {
        Bench {
            meta: meta(),
            pile_id: pile,
            number,
            kind: BenchKind::SlopeFace,
            elevation_low: None,
            elevation_high: None,
            area: Milli::from_whole(area),
            gradient_run: None,
            berm_width: None,
            status: BenchStatus::Covered,
            note: String::new(),
            code: String::new(),
        }
    }
    fn work(pile: Uuid, phase: WorkPhase, kind: WorkKind, bench: Option<Uuid>, q: i64) -> Work {
        Work {
            meta: meta(),
            pile_id: pile,
            phase,
            kind,
            bench_id: bench,
            quantity: Milli::from_whole(q),
            unit: kind.default_unit(),
            date: day("2025-05-01"),
            thickness: None,
            contractor: String::new(),
            note: String::new(),
        }
    }
    fn planting(pile: Uuid, bench: Option<Uuid>, area: i64, species: &str) -> Planting {
        Planting {
            meta: meta(),
            pile_id: pile,
            bench_id: bench,
            species: species.into(),
            plant_type: PlantType::Shrub,
            plants: Some(1200),
            seed: None,
            area: Milli::from_whole(area),
            date: day("2025-04-10"),
            note: String::new(),
        }
    }

    /// Issue 24 case 2: an overall design of 12,000 m³ 覆土 plus per-bench 1,500 and 1,600 became
    /// a plan of 15,100 m³. The total is the overall figure; the breakdown is part of it.
    #[test]
    fn an_overall_plan_and_its_breakdown_by_bench_are_not_added_together() {
        let pile = Uuid::new_v4();
        let (b1, b3) = (bench(pile, 1, 5000), bench(pile, 3, 5000));
        let mut data = LedgerData {
            works: vec![
                work(pile, WorkPhase::Planned, WorkKind::SoilCover, None, 12_000),
                work(
                    pile,
                    WorkPhase::Planned,
                    WorkKind::SoilCover,
                    Some(b1.meta.id),
                    1_500,
                ),
                work(
                    pile,
                    WorkPhase::Planned,
                    WorkKind::SoilCover,
                    Some(b3.meta.id),
                    1_600,
                ),
                work(
                    pile,
                    WorkPhase::Completed,
                    WorkKind::SoilCover,
                    Some(b3.meta.id),
                    1_700,
                ),
            ],
            benches: vec![b1.clone(), b3.clone()],
            ..Default::default()
        };
        let soil = |p: Vec<Progress>| p.into_iter().find(|p| p.kind == WorkKind::SoilCover);
        let overall = soil(progress(&data, None)).unwrap();
        assert_eq!(overall.planned, Milli::from_whole(12_000));
        assert_eq!(overall.completed, Milli::from_whole(1_700));
        // Bench 3 is over its share: 1,700 of 1,600.
        let third = soil(progress(&data, Some(Some(b3.meta.id)))).unwrap();
        assert_eq!(third.planned, Milli::from_whole(1_600));
        assert_eq!(third.percent_milli(), Some(106_250));
        assert!(plan_disagreements(&data).is_empty());
        // A breakdown without a total sums to the total.
        data.works.remove(0);
        assert_eq!(
            soil(progress(&data, None)).unwrap().planned,
            Milli::from_whole(3_100)
        );
        // A breakdown larger than the total is said, and the total stands.
        data.works.push(work(
            pile,
            WorkPhase::Planned,
            WorkKind::SoilCover,
            None,
            3_000,
        ));
        assert_eq!(
            soil(progress(&data, None)).unwrap().planned,
            Milli::from_whole(3_000)
        );
        assert_eq!(
            plan_disagreements(&data),
            vec![PlanDisagreement {
                kind: WorkKind::SoilCover,
                stated_total: Milli::from_whole(3_000),
                breakdown: Milli::from_whole(3_100),
            }]
        );
    }

    /// Issue 24 case 3: a planting of 紫穗槐 1,200 株 on 2,500 m² left 绿化面积 at 0.
    #[test]
    fn a_planting_counts_as_green_area_once_beside_greening_works() {
        let pile = Uuid::new_v4();
        let (b1, b2) = (bench(pile, 1, 2_000), bench(pile, 2, 10_000));
        let mut data = LedgerData {
            benches: vec![b1.clone(), b2.clone()],
            plantings: vec![planting(pile, None, 2_500, "紫穗槐")],
            ..Default::default()
        };
        assert_eq!(
            headline(&data, day("2026-01-01")).green_area,
            Milli::from_whole(2_500)
        );
        // A shrub and a grass on the same bench are one green area, at most the bench's.
        data.plantings
            .push(planting(pile, Some(b1.meta.id), 2_000, "紫穗槐"));
        data.plantings
            .push(planting(pile, Some(b1.meta.id), 2_000, "苜蓿"));
        assert_eq!(
            green_area(&data, None, Some(Some(b1.meta.id))).area,
            Milli::from_whole(2_000)
        );
        // Where a greening work says how much of a bench is green, it is the figure: the
        // planting that made it is not added to it.
        data.plantings
            .push(planting(pile, Some(b2.meta.id), 6_000, "紫穗槐"));
        data.works.push(work(
            pile,
            WorkPhase::Completed,
            WorkKind::Greening,
            Some(b2.meta.id),
            5_000,
        ));
        assert_eq!(
            green_area(&data, None, Some(Some(b2.meta.id))).area,
            Milli::from_whole(5_000)
        );
        let green = headline(&data, day("2026-01-01")).green_area;
        assert_eq!(green, Milli::from_whole(2_500 + 2_000 + 5_000));
        // The progress table's greening row is the same figure.
        let row = progress(&data, None)
            .into_iter()
            .find(|p| p.kind == WorkKind::Greening)
            .unwrap();
        assert_eq!(row.completed, green);
    }

    /// Issue 24 case 4: one reading of 68.5 °C and 35 ppm gave 自燃预警 2 on the overview and 预警次数 1
    /// in the report. An alarm is a reading that breaches at least one threshold.
    #[test]
    fn a_reading_over_both_thresholds_is_one_alarm_counted_under_each_threshold() {
        let rules = crate::domain::rules::default_rules()
            .iter()
            .map(|d| crate::domain::rules::tests::rule(d.kind))
            .collect();
        let reading = |t: i64, co: i64| Reading {
            meta: meta(),
            point_id: Uuid::nil(),
            taken_at: NaiveDateTime::parse_from_str("2026-05-01 09:00", "%Y-%m-%d %H:%M").unwrap(),
            temperature: Some(t),
            co: Some(Milli(co)),
            note: String::new(),
        };
        let data = LedgerData {
            rules,
            readings: vec![reading(68_500, 35_000), reading(30_000, 2_000)],
            ..Default::default()
        };
        let s = summarize(&data, day("2026-06-01"));
        assert_eq!(
            s.alarms,
            Alarms {
                readings: 1,
                temperature: 1,
                co: 1
            }
        );
    }
}
