//! Compliance rules: their defaults with sources, and their evaluation to Pass / Fail / Pending.
//!
//! No data is Pending, never Pass.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

use super::model::*;
use super::quantity::{Milli, format_milli};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
    Pending,
}

/// Where a measured value was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// A bench, by its number and kind (坡面 / 马道 / 平台), and the site's code for it when it
    /// has one.
    Bench {
        number: i64,
        kind: BenchKind,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        code: String,
    },
    /// A temperature monitoring point, by its name.
    Point(String),
    /// A pile, by its name.
    Pile(String),
    /// The ledger as a whole (a total over every record).
    Ledger,
    /// A record that names no bench.
    Unassigned,
}

impl Place {
    /// Where a bench's value was measured.
    pub fn of_bench(b: &Bench) -> Place {
        Place::Bench {
            number: b.number,
            kind: b.kind,
            code: b.code.trim().to_string(),
        }
    }
}

/// What a failing value asks for (the replanting rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Survival below the lower threshold: plant the plot again.
    Replant,
    /// Survival between the thresholds: fill in the gaps (补植).
    Infill,
}

/// One measured value with its own date and place: a report prints it as it was measured,
/// never with another record's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The value with its unit, language-neutral ("0.8 m", "35.0%", "1:1.8", "68 °C").
    pub value: String,
    /// When it was measured; None where the ledger keeps no measurement date (a gradient).
    pub date: Option<NaiveDate>,
    pub place: Place,
    pub action: Option<Action>,
}

/// Which value a rule's verdict rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The least favourable value (the thinnest cover, the lowest survival ...).
    Worst,
    /// The newest value of each point (is it burning now?); the worst is shown beside it.
    Latest,
}

/// The outcome of one rule on one ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleResult {
    pub rule_id: Uuid,
    pub kind: RuleKind,
    pub verdict: Verdict,
    /// The measured value, formatted with its unit ("90.4%", "1:1.8", "56 °C"); empty when Pending.
    pub measured: String,
    /// Date of the measured value itself (None: the ledger keeps no date for it).
    pub date: Option<NaiveDate>,
    /// What failed (bench numbers, point names) or why it is pending, language-neutral codes and names.
    pub findings: Vec<String>,
    /// The value the verdict rests on, with its own date and place.
    pub evidence: Option<Evidence>,
    /// For rules judged on the latest readings: the worst reading ever, shown beside the latest.
    pub worst: Option<Evidence>,
    pub basis: Basis,
    /// Every value that fails the rule, each with its date and place.
    pub failing: Vec<Evidence>,
    /// For rules that count cases: (cases, cases that fail).
    pub tally: Option<(usize, usize)>,
    /// Why the rule is pending (a code [`crate::i18n::pending_reason`] translates).
    pub pending: Option<String>,
    /// The newest evidence is older than the rule's limit: the verdict is Pending for that.
    pub stale: Option<Staleness>,
}

/// Evidence too old to judge on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staleness {
    /// The newest evidence the rule has.
    pub newest: NaiveDate,
    /// The limit, in days, evidence may be old.
    pub limit_days: i64,
}

/// How old the newest evidence of a rule of `kind` may be, by default, before its verdict turns
/// to Pending (数据过期).
///
/// Fire readings and survival surveys describe a state that changes: a year-old reading says
/// nothing about today. A rule may set its own limit ([`Rule::stale_after_days`]); this is the
/// limit of a rule that does not, and of every rule of a ledger made before rules had one.
pub fn evidence_limit_days(kind: RuleKind) -> Option<i64> {
    use RuleKind::*;
    match kind {
        FireSurfaceTemperature
        | FireCarbonMonoxide
        | FireOutAfterGrouting
        | SurvivalRate
        | ReplantWhenLow => Some(365),
        _ => None,
    }
}

impl Rule {
    /// The limit this rule judges the age of its evidence by: its own, else its kind's default.
    pub fn evidence_limit_days(&self) -> Option<i64> {
        self.stale_after_days
            .filter(|days| *days > 0)
            .or_else(|| evidence_limit_days(self.kind))
    }
}

/// A default rule: (kind, threshold, threshold2, unit, source, strength, note).
pub struct DefaultRule {
    pub kind: RuleKind,
    pub threshold: i64,
    pub threshold2: Option<i64>,
    pub unit: &'static str,
    pub source: &'static str,
    pub strength: &'static str,
    pub note: &'static str,
}

/// The defaults of ../shared/DOMAIN.md, each with its source and how strong that source is.
pub fn default_rules() -> Vec<DefaultRule> {
    vec![
        DefaultRule {
            kind: RuleKind::ClosedPileGreenedWithinYears,
            threshold: 3_000,
            threshold2: None,
            unit: "year",
            source: "GB 20426-2006 §6.2",
            strength: "found",
            note: "A pile no longer in use is covered, compacted and greened within 3 years of stopping.",
        },
        DefaultRule {
            kind: RuleKind::GreeningOfGreenableArea,
            threshold: 100_000,
            threshold2: None,
            unit: "percent",
            source: "2019 green-mine requirements for coal; DZ/T 0315-2018",
            strength: "found",
            note: "Green area divided by the area that can be greened.",
        },
        DefaultRule {
            kind: RuleKind::SafeDisposalOfGangue,
            threshold: 100_000,
            threshold2: None,
            unit: "percent",
            source: "2019 green-mine requirements for coal; DZ/T 0315-2018",
            strength: "found",
            note: "Share of gangue disposed of safely; record it on the dumping records.",
        },
        DefaultRule {
            kind: RuleKind::FinalSoilCoverThickness,
            threshold: 1_000,
            threshold2: None,
            unit: "m",
            source: "gangue-dump project specification; Datong practice",
            strength: "practice",
            note: "Final cover on platforms, berms and slopes at least 1.0 m (practice, not law).",
        },
        DefaultRule {
            kind: RuleKind::LiftSoilCoverThickness,
            threshold: 500,
            threshold2: None,
            unit: "m",
            source: "gangue-dump project specification; Datong practice",
            strength: "practice",
            note: "0.5 m of loess on every lift (practice, not law).",
        },
        DefaultRule {
            kind: RuleKind::SlopeGradient,
            threshold: 2_000,
            threshold2: None,
            unit: "ratio",
            source: "gangue-dump project specification",
            strength: "practice",
            note: "Slope faces no steeper than 1:2 (about 26.6°).",
        },
        DefaultRule {
            kind: RuleKind::SurvivalRate,
            threshold: 85_000,
            threshold2: None,
            unit: "percent",
            source: "provincial audit citing GB/T 15776",
            strength: "verify",
            note: "Trees and shrubs after one growing season: 85% in humid areas, 70% in semi-arid areas. Verify against the standard text.",
        },
        DefaultRule {
            kind: RuleKind::ReplantWhenLow,
            threshold: 40_000,
            threshold2: Some(85_000),
            unit: "percent",
            source: "forestry practice",
            strength: "weak",
            note: "Below 40%: replant the plot; 41-84%: infill. A low survey needs approved replanting or reseeding after it.",
        },
        DefaultRule {
            kind: RuleKind::FireSurfaceTemperature,
            threshold: 50_000,
            threshold2: None,
            unit: "celsius",
            source: "case reports",
            strength: "weak",
            note: "A surface temperature at or above the threshold raises a fire alarm. Editable.",
        },
        DefaultRule {
            kind: RuleKind::FireCarbonMonoxide,
            threshold: 24_000,
            threshold2: None,
            unit: "ppm",
            source: "case reports",
            strength: "weak",
            note: "CO above the threshold raises a fire alarm. Verify the threshold for your site.",
        },
        DefaultRule {
            kind: RuleKind::FireOutAfterGrouting,
            threshold: 40_000,
            threshold2: Some(3_000),
            unit: "celsius",
            source: "case report, 2009",
            strength: "weak",
            note: "After grouting, temperature back to 30-40 °C and holding (the last 3 readings).",
        },
    ]
}

/// Percent in thousandths, formatted with one fixed decimal: "90.4%", "35.0%", "100.0%".
pub fn percent_text(milli_percent: i64) -> String {
    format!("{}%", super::quantity::format_milli_fixed(milli_percent, 1))
}

fn ratio(numerator: Milli, denominator: Milli) -> Option<i64> {
    if denominator.0 <= 0 {
        return None;
    }
    Some(
        ((numerator.0 as i128 * 100_000 + denominator.0 as i128 / 2) / denominator.0 as i128)
            as i64,
    )
}

#[derive(Default)]
struct Outcome {
    verdict: Option<Verdict>,
    measured: String,
    findings: Vec<String>,
    evidence: Option<Evidence>,
    worst: Option<Evidence>,
    latest_basis: bool,
    failing: Vec<Evidence>,
    tally: Option<(usize, usize)>,
    pending: Option<String>,
    /// The newest evidence (for the staleness check).
    newest: Option<NaiveDate>,
}

fn pending(why: &str) -> Outcome {
    Outcome {
        verdict: Some(Verdict::Pending),
        findings: vec![why.to_string()],
        pending: Some(why.to_string()),
        ..Outcome::default()
    }
}

fn pass_or_fail(ok: bool, measured: String, findings: Vec<String>) -> Outcome {
    Outcome {
        verdict: Some(if ok { Verdict::Pass } else { Verdict::Fail }),
        measured,
        findings,
        ..Outcome::default()
    }
}

impl Outcome {
    fn evidence(mut self, e: Evidence) -> Outcome {
        self.newest = self.newest.max(e.date);
        self.evidence = Some(e);
        self
    }

    fn failing(mut self, f: Vec<Evidence>) -> Outcome {
        self.failing = f;
        self
    }

    fn newest(mut self, d: Option<NaiveDate>) -> Outcome {
        self.newest = self.newest.max(d);
        self
    }
}

fn bench_place(data: &LedgerData, id: Option<Uuid>) -> Place {
    id.and_then(|id| data.bench(id))
        .map(Place::of_bench)
        .unwrap_or(Place::Unassigned)
}

fn at(value: String, date: Option<NaiveDate>, place: Place) -> Evidence {
    Evidence {
        value,
        date,
        place,
        action: None,
    }
}

/// `d` plus `years`; a threshold beyond the calendar saturates instead of overflowing (a rule
/// may hold any number a user typed).
fn add_years(d: NaiveDate, years: i64) -> NaiveDate {
    i32::try_from(years)
        .ok()
        .and_then(|y| d.year().checked_add(y))
        .and_then(|y| d.with_year(y))
        .or_else(|| {
            let days = u64::try_from(years.max(0)).ok()?.checked_mul(365)?;
            d.checked_add_days(chrono::Days::new(days))
        })
        .unwrap_or(if years < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

/// Evaluates every enabled rule on `data` as of `today`.
pub fn evaluate_all(data: &LedgerData, today: NaiveDate) -> Vec<RuleResult> {
    data.rules
        .iter()
        .filter(|r| r.enabled)
        .map(|r| evaluate(r, data, today))
        .collect()
}

pub fn evaluate(rule: &Rule, data: &LedgerData, today: NaiveDate) -> RuleResult {
    let mut o = match rule.kind {
        RuleKind::ClosedPileGreenedWithinYears => closed_pile(rule, data, today),
        RuleKind::GreeningOfGreenableArea => greening(rule, data),
        RuleKind::SafeDisposalOfGangue => pending("no_disposal_data"),
        RuleKind::FinalSoilCoverThickness => final_cover(rule, data),
        RuleKind::LiftSoilCoverThickness => lift_cover(rule, data),
        RuleKind::SlopeGradient => gradient(rule, data),
        RuleKind::SurvivalRate => survival(rule, data),
        RuleKind::ReplantWhenLow => replant(rule, data),
        RuleKind::FireSurfaceTemperature => fire_temperature(rule, data),
        RuleKind::FireCarbonMonoxide => fire_co(rule, data),
        RuleKind::FireOutAfterGrouting => fire_out(rule, data),
    };
    // Evidence older than the rule's limit judges nothing: Pending, with the evidence shown.
    let mut stale = None;
    if let (Some(limit), Some(newest)) = (rule.evidence_limit_days(), o.newest)
        && o.verdict != Some(Verdict::Pending)
        && (today - newest).num_days() > limit
    {
        stale = Some(Staleness {
            newest,
            limit_days: limit,
        });
        o.verdict = Some(Verdict::Pending);
        o.pending = Some("stale".to_string());
        o.findings.push("stale".to_string());
    }
    let date = o.evidence.as_ref().and_then(|e| e.date);
    RuleResult {
        rule_id: rule.meta.id,
        kind: rule.kind,
        verdict: o.verdict.unwrap_or(Verdict::Pending),
        measured: o.measured,
        date,
        findings: o.findings,
        evidence: o.evidence,
        worst: o.worst,
        basis: if o.latest_basis {
            Basis::Latest
        } else {
            Basis::Worst
        },
        failing: o.failing,
        tally: o.tally,
        pending: o.pending,
        stale,
    }
}

/// A pile's green area and the newest record it rests on (the one definition:
/// [`super::summary::green_area`]).
fn green_area(data: &LedgerData, pile: Uuid) -> (Milli, Option<NaiveDate>) {
    let g = super::summary::green_area(data, Some(pile), None);
    (g.area, g.last)
}

fn closed_pile(rule: &Rule, data: &LedgerData, today: NaiveDate) -> Outcome {
    let years = rule.threshold / 1000;
    let closed: Vec<&Pile> = data
        .piles
        .iter()
        .filter(|p| p.status == PileStatus::Closed)
        .collect();
    if closed.is_empty() {
        return pending("no_closed_pile");
    }
    let mut findings = Vec::new();
    let mut failing = Vec::new();
    let mut any_pending = false;
    for p in &closed {
        let Some(closed_on) = p.closed_on else {
            findings.push(format!("{}: closed_on?", p.name));
            any_pending = true;
            continue;
        };
        let (green, date) = green_area(data, p.meta.id);
        let done = match p.greenable_area {
            Some(target) if target.0 > 0 => green >= target,
            _ => {
                any_pending = true;
                continue;
            }
        };
        if !done && today > add_years(closed_on, years) {
            findings.push(p.name.clone());
            failing.push(at(
                format!("{} m²", format_milli(green.0, 0)),
                date,
                Place::Pile(p.name.clone()),
            ));
        } else if !done {
            any_pending = true;
        }
    }
    if !findings.is_empty() {
        let mut o = pass_or_fail(false, format!("{} ", failing.len()), findings);
        o.tally = Some((closed.len(), failing.len()));
        if let Some(first) = failing.first().cloned() {
            o = o.evidence(first);
        }
        return o.failing(failing);
    }
    if any_pending {
        return pending("within_deadline_or_no_target");
    }
    let mut o = pass_or_fail(true, String::new(), Vec::new());
    o.tally = Some((closed.len(), 0));
    o
}

fn greening(rule: &Rule, data: &LedgerData) -> Outcome {
    let mut green = Milli::ZERO;
    let mut target = Milli::ZERO;
    let mut last = None;
    for p in &data.piles {
        if let Some(t) = p.greenable_area {
            let (g, d) = green_area(data, p.meta.id);
            green = green.checked_add(g);
            target = target.checked_add(t);
            last = last.max(d);
        }
    }
    match ratio(green, target) {
        None => pending("no_greenable_area"),
        Some(r) => pass_or_fail(r >= rule.threshold, percent_text(r), Vec::new()).evidence(at(
            percent_text(r),
            last,
            Place::Ledger,
        )),
    }
}

fn soil_cover_works(data: &LedgerData) -> impl Iterator<Item = &Work> {
    data.works.iter().filter(|w| {
        w.phase == WorkPhase::Completed && w.kind == WorkKind::SoilCover && w.thickness.is_some()
    })
}

fn thickness_text(t: Milli) -> String {
    format!("{} m", format_milli(t.0, 2))
}

fn final_cover(rule: &Rule, data: &LedgerData) -> Outcome {
    // The final cover of a bench is its thickest soil cover placement, dated when that
    // placement was made; checked on covered benches.
    let mut best: HashMap<Uuid, (Milli, NaiveDate)> = HashMap::new();
    for w in soil_cover_works(data) {
        let (Some(b), Some(t)) = (w.bench_id, w.thickness) else {
            continue;
        };
        let e = best.entry(b).or_insert((t, w.date));
        if t > e.0 || (t == e.0 && w.date > e.1) {
            *e = (t, w.date);
        }
    }
    let mut checked: Vec<(&Bench, Milli, NaiveDate)> = data
        .benches
        .iter()
        .filter(|b| b.status != BenchStatus::Dumping)
        .filter_map(|b| best.get(&b.meta.id).map(|(t, d)| (b, *t, *d)))
        .collect();
    if checked.is_empty() {
        return pending("no_covered_bench_with_thickness");
    }
    checked.sort_by_key(|(b, _, _)| b.number);
    let place = |b: &Bench| Place::of_bench(b);
    let Some(worst) = checked.iter().min_by_key(|c| (c.1, c.0.number)) else {
        return pending("no_covered_bench_with_thickness");
    };
    let findings: Vec<String> = checked
        .iter()
        .filter(|c| c.1.0 < rule.threshold)
        .map(|c| format!("#{} {} m", c.0.label(), format_milli(c.1.0, 2)))
        .collect();
    let failing = checked
        .iter()
        .filter(|c| c.1.0 < rule.threshold)
        .map(|c| at(thickness_text(c.1), Some(c.2), place(c.0)))
        .collect();
    pass_or_fail(findings.is_empty(), thickness_text(worst.1), findings)
        .evidence(at(thickness_text(worst.1), Some(worst.2), place(worst.0)))
        .failing(failing)
        .newest(checked.iter().map(|c| c.2).max())
}

fn lift_cover(rule: &Rule, data: &LedgerData) -> Outcome {
    let works: Vec<&Work> = soil_cover_works(data).collect();
    let Some(worst) = works
        .iter()
        .min_by_key(|w| (w.thickness.unwrap_or_default(), w.date))
    else {
        return pending("no_soil_cover_thickness");
    };
    let thin = |w: &&&Work| w.thickness.is_some_and(|t| t.0 < rule.threshold);
    let findings: Vec<String> = works
        .iter()
        .filter(thin)
        .map(|w| {
            format!(
                "{} #{} {} m",
                w.date,
                data.bench_label(w.bench_id),
                format_milli(w.thickness.unwrap_or_default().0, 2)
            )
        })
        .collect();
    let failing = works
        .iter()
        .filter(thin)
        .map(|w| {
            at(
                thickness_text(w.thickness.unwrap_or_default()),
                Some(w.date),
                bench_place(data, w.bench_id),
            )
        })
        .collect();
    let min = worst.thickness.unwrap_or_default();
    pass_or_fail(findings.is_empty(), thickness_text(min), findings)
        .evidence(at(
            thickness_text(min),
            Some(worst.date),
            bench_place(data, worst.bench_id),
        ))
        .failing(failing)
        .newest(works.iter().map(|w| w.date).max())
}

fn gradient(rule: &Rule, data: &LedgerData) -> Outcome {
    let mut faces: Vec<(&Bench, Milli)> = data
        .benches
        .iter()
        .filter(|b| b.kind == BenchKind::SlopeFace)
        .filter_map(|b| b.gradient_run.map(|g| (b, g)))
        .collect();
    if faces.is_empty() {
        return pending("no_gradient");
    }
    faces.sort_by_key(|(b, _)| b.number);
    let text = |g: Milli| format!("1:{}", format_milli(g.0, 2));
    let place = |b: &Bench| Place::of_bench(b);
    let Some(steepest) = faces.iter().min_by_key(|f| (f.1, f.0.number)) else {
        return pending("no_gradient");
    };
    let findings: Vec<String> = faces
        .iter()
        .filter(|f| f.1.0 < rule.threshold)
        .map(|f| format!("#{} 1:{}", f.0.label(), format_milli(f.1.0, 2)))
        .collect();
    // A bench keeps its gradient without a measurement date: the report says so rather than
    // dating it with the day the record was last edited (which may be after the period).
    let failing = faces
        .iter()
        .filter(|f| f.1.0 < rule.threshold)
        .map(|f| at(text(f.1), None, place(f.0)))
        .collect();
    pass_or_fail(findings.is_empty(), text(steepest.1), findings)
        .evidence(at(text(steepest.1), None, place(steepest.0)))
        .failing(failing)
}

/// The newest survey of each bench (surveys without a bench count by planting).
pub fn latest_surveys(data: &LedgerData) -> Vec<&SurvivalSurvey> {
    let mut latest: HashMap<Uuid, &SurvivalSurvey> = HashMap::new();
    for s in &data.surveys {
        if s.planted <= 0 {
            continue;
        }
        let key = s.bench_id.or(s.planting_id).unwrap_or(s.meta.id);
        match latest.get(&key) {
            Some(old) if old.date >= s.date => {}
            _ => {
                latest.insert(key, s);
            }
        }
    }
    let mut v: Vec<&SurvivalSurvey> = latest.into_values().collect();
    v.sort_by_key(|s| {
        (
            data.bench(s.bench_id.unwrap_or_default()).map(|b| b.number),
            s.date,
        )
    });
    v
}

fn survey_evidence(data: &LedgerData, s: &SurvivalSurvey) -> Evidence {
    at(
        percent_text(s.survival_milli_percent().unwrap_or_default()),
        Some(s.date),
        bench_place(data, s.bench_id),
    )
}

fn survival(rule: &Rule, data: &LedgerData) -> Outcome {
    let latest = latest_surveys(data);
    let Some(worst) = latest
        .iter()
        .filter(|s| s.survival_milli_percent().is_some())
        .min_by_key(|s| (s.survival_milli_percent(), s.date))
    else {
        return pending("no_survey");
    };
    let low = |s: &&&SurvivalSurvey| {
        s.survival_milli_percent()
            .is_some_and(|r| r < rule.threshold)
    };
    let findings: Vec<String> = latest
        .iter()
        .filter(low)
        .map(|s| {
            format!(
                "#{} {}",
                data.bench_label(s.bench_id),
                percent_text(s.survival_milli_percent().unwrap_or_default())
            )
        })
        .collect();
    let failing = latest
        .iter()
        .filter(low)
        .map(|s| survey_evidence(data, s))
        .collect();
    let min = worst.survival_milli_percent().unwrap_or_default();
    pass_or_fail(findings.is_empty(), percent_text(min), findings)
        .evidence(survey_evidence(data, worst))
        .failing(failing)
        .newest(latest.iter().map(|s| s.date).max())
}

fn replant(rule: &Rule, data: &LedgerData) -> Outcome {
    let latest = latest_surveys(data);
    if latest.is_empty() {
        return pending("no_survey");
    }
    let upper = rule.threshold2.unwrap_or(85_000);
    let mut findings = Vec::new();
    let mut failing = Vec::new();
    let mut low = 0;
    for s in &latest {
        let Some(rate) = s.survival_milli_percent() else {
            continue;
        };
        if rate >= upper {
            continue;
        }
        low += 1;
        let followed = data.aftercare.iter().any(|a| {
            a.review == ReviewState::Approved
                && matches!(a.kind, AftercareKind::Replanting | AftercareKind::Reseeding)
                && a.bench_id == s.bench_id
                && a.date >= s.date
        });
        if !followed {
            let action = if rate < rule.threshold {
                Action::Replant
            } else {
                Action::Infill
            };
            findings.push(format!(
                "#{} {} {}",
                data.bench_label(s.bench_id),
                percent_text(rate),
                match action {
                    Action::Replant => "replant",
                    Action::Infill => "infill",
                }
            ));
            failing.push(Evidence {
                action: Some(action),
                ..survey_evidence(data, s)
            });
        }
    }
    let mut o = pass_or_fail(findings.is_empty(), format!("{low}"), findings);
    o.tally = Some((low, failing.len()));
    if let Some(first) = failing.first().cloned() {
        o = o.evidence(first);
    }
    o.failing(failing)
        .newest(latest.iter().map(|s| s.date).max())
}

/// The newest reading of each monitoring point.
pub fn latest_readings(data: &LedgerData) -> Vec<(&MonitoringPoint, &Reading)> {
    let mut latest: HashMap<Uuid, &Reading> = HashMap::new();
    for r in &data.readings {
        match latest.get(&r.point_id) {
            Some(old) if old.taken_at >= r.taken_at => {}
            _ => {
                latest.insert(r.point_id, r);
            }
        }
    }
    let mut v: Vec<(&MonitoringPoint, &Reading)> = data
        .monitoring_points
        .iter()
        .filter_map(|p| latest.get(&p.meta.id).map(|r| (p, *r)))
        .collect();
    v.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    v
}

/// The newest value of each point (readings without the value are skipped), checked against an
/// alarm: the verdict is about the pile now. The worst value ever read is kept beside it, with
/// its date and point, so the report shows both and says which one the verdict uses.
fn latest_value_alarm(
    data: &LedgerData,
    value: fn(&Reading) -> Option<i64>,
    alarm: impl Fn(i64) -> bool,
    unit: &str,
    no_data: &str,
) -> Outcome {
    let mut latest: HashMap<Uuid, (&Reading, i64)> = HashMap::new();
    let mut worst: Option<(&Reading, i64)> = None;
    for r in &data.readings {
        let Some(v) = value(r) else { continue };
        match latest.get(&r.point_id) {
            Some((old, _)) if old.taken_at >= r.taken_at => {}
            _ => {
                latest.insert(r.point_id, (r, v));
            }
        }
        if worst.is_none_or(|(w, wv)| v > wv || (v == wv && r.taken_at > w.taken_at)) {
            worst = Some((r, v));
        }
    }
    let mut points: Vec<(&MonitoringPoint, i64, NaiveDate)> = data
        .monitoring_points
        .iter()
        .filter_map(|p| {
            latest
                .get(&p.meta.id)
                .map(|(r, v)| (p, *v, r.taken_at.date()))
        })
        .collect();
    if points.is_empty() {
        return pending(no_data);
    }
    points.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    let text = |v: i64| format!("{} {unit}", format_milli(v, 1));
    let point_name = |id: Uuid| {
        data.monitoring_points
            .iter()
            .find(|p| p.meta.id == id)
            .map(|p| Place::Point(p.name.clone()))
            .unwrap_or(Place::Unassigned)
    };
    // The highest of the latest values (the newest of them on a tie).
    let Some(top) = points.iter().max_by_key(|l| (l.1, l.2)) else {
        return pending(no_data);
    };
    let findings: Vec<String> = points
        .iter()
        .filter(|l| alarm(l.1))
        .map(|l| format!("{} {} {unit}", l.0.name, format_milli(l.1, 1)))
        .collect();
    let failing = points
        .iter()
        .filter(|l| alarm(l.1))
        .map(|l| at(text(l.1), Some(l.2), Place::Point(l.0.name.clone())))
        .collect();
    let mut o = pass_or_fail(findings.is_empty(), text(top.1), findings)
        .evidence(at(
            text(top.1),
            Some(top.2),
            Place::Point(top.0.name.clone()),
        ))
        .failing(failing)
        .newest(points.iter().map(|l| l.2).max());
    o.latest_basis = true;
    o.worst = worst.map(|(r, v)| at(text(v), Some(r.taken_at.date()), point_name(r.point_id)));
    o
}

fn fire_temperature(rule: &Rule, data: &LedgerData) -> Outcome {
    latest_value_alarm(
        data,
        |r| r.temperature,
        |t| t >= rule.threshold,
        "°C",
        "no_reading",
    )
}

fn fire_co(rule: &Rule, data: &LedgerData) -> Outcome {
    latest_value_alarm(
        data,
        |r| r.co.map(|c| c.0),
        |c| c > rule.threshold,
        "ppm",
        "no_co_reading",
    )
}

fn fire_out(rule: &Rule, data: &LedgerData) -> Outcome {
    let alarm = data
        .rules
        .iter()
        .find(|r| r.kind == RuleKind::FireSurfaceTemperature)
        .map(|r| r.threshold)
        .unwrap_or(50_000);
    let holding = rule
        .threshold2
        .map(|n| (n / 1000).max(1) as usize)
        .unwrap_or(3);
    let mut burned = 0;
    let mut findings = Vec::new();
    let mut failing = Vec::new();
    let mut newest = None;
    let mut evidence = None;
    for p in &data.monitoring_points {
        let mut rs: Vec<&Reading> = data
            .readings
            .iter()
            .filter(|r| r.point_id == p.meta.id && r.temperature.is_some())
            .collect();
        if !rs.iter().any(|r| r.temperature.is_some_and(|t| t >= alarm)) {
            continue;
        }
        burned += 1;
        rs.sort_by_key(|r| r.taken_at);
        let tail = &rs[rs.len().saturating_sub(holding)..];
        let Some(last) = tail.last() else { continue };
        newest = newest.max(Some(last.taken_at.date()));
        // The hottest of the readings the verdict looks at, with its own date.
        let hottest = tail
            .iter()
            .max_by_key(|r| (r.temperature, r.taken_at))
            .unwrap_or(last);
        let e = at(
            format!(
                "{} °C",
                format_milli(hottest.temperature.unwrap_or_default(), 1)
            ),
            Some(hottest.taken_at.date()),
            Place::Point(p.name.clone()),
        );
        let out = tail.len() == holding
            && tail
                .iter()
                .all(|r| r.temperature.is_some_and(|t| t <= rule.threshold));
        if !out {
            findings.push(p.name.clone());
            failing.push(e.clone());
            evidence = Some(e);
        } else if evidence.is_none() {
            evidence = Some(e);
        }
    }
    if burned == 0 {
        return pending("no_fire_recorded");
    }
    let mut o = pass_or_fail(
        findings.is_empty(),
        format!("{}/{}", burned - findings.len(), burned),
        findings,
    );
    o.tally = Some((burned, failing.len()));
    if let Some(e) = evidence {
        o = o.evidence(e);
    }
    o.failing(failing).newest(newest)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn meta() -> Meta {
        Meta::new(
            "test",
            &crate::domain::Stamp::parse("2024-01-01T00:00:00Z").unwrap(),
        )
    }

    /// A rule of `kind` with its default threshold (the summary's tests use it too).
    pub(crate) fn rule(kind: RuleKind) -> Rule {
        let d = default_rules()
            .into_iter()
            .find(|d| d.kind == kind)
            .unwrap();
        Rule {
            meta: meta(),
            kind,
            threshold: d.threshold,
            threshold2: d.threshold2,
            unit: d.unit.into(),
            source: d.source.into(),
            strength: d.strength.into(),
            note: String::new(),
            enabled: true,
            stale_after_days: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()
    }

    #[test]
    fn every_rule_without_data_is_pending_never_pass() {
        let data = LedgerData {
            rules: default_rules().iter().map(|d| rule(d.kind)).collect(),
            ..Default::default()
        };
        for r in evaluate_all(&data, today()) {
            assert_eq!(r.verdict, Verdict::Pending, "{:?}", r.kind);
        }
    }

    fn point_with(temps: &[i64]) -> LedgerData {
        let mut data = LedgerData::default();
        let p = MonitoringPoint {
            meta: meta(),
            pile_id: uuid::Uuid::nil(),
            name: "T2".into(),
            bench_id: None,
            location: String::new(),
            note: String::new(),
        };
        for (i, t) in temps.iter().enumerate() {
            data.readings.push(Reading {
                meta: meta(),
                point_id: p.meta.id,
                taken_at: NaiveDateTime::parse_from_str(
                    &format!("2023-0{}-15T09:00:00", i + 1),
                    "%Y-%m-%dT%H:%M:%S",
                )
                .unwrap(),
                temperature: Some(t * 1000),
                co: None,
                note: String::new(),
            });
        }
        data.monitoring_points.push(p);
        data.rules = vec![
            rule(RuleKind::FireSurfaceTemperature),
            rule(RuleKind::FireOutAfterGrouting),
        ];
        data
    }

    /// Within a year of the readings of `point_with` (2023-01 ..).
    fn soon() -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 12, 1).unwrap()
    }

    #[test]
    fn a_hot_latest_reading_fails_the_fire_alarm_rule() {
        let data = point_with(&[30, 56]);
        let r = evaluate(&data.rules[0], &data, soon());
        assert_eq!(r.verdict, Verdict::Fail);
        assert_eq!(r.findings, vec!["T2 56 °C".to_string()]);
        let out = evaluate(&data.rules[1], &data, soon());
        assert_eq!(out.verdict, Verdict::Fail, "still burning: not out");
    }

    #[test]
    fn fire_is_out_only_after_three_cool_readings() {
        let data = point_with(&[68, 39, 38]);
        assert_eq!(
            evaluate(&data.rules[1], &data, soon()).verdict,
            Verdict::Fail
        );
        let data = point_with(&[68, 39, 38, 36]);
        assert_eq!(
            evaluate(&data.rules[1], &data, soon()).verdict,
            Verdict::Pass
        );
        assert_eq!(
            evaluate(&data.rules[0], &data, soon()).verdict,
            Verdict::Pass
        );
    }

    /// Issue 10: the CO and temperature verdicts showed the latest readings under a heading
    /// that said "worst", while the monitoring table showed a far higher worst.
    #[test]
    fn a_fire_rule_keeps_the_worst_and_the_latest_each_with_its_date_and_point() {
        let data = point_with(&[30, 68, 31]);
        let r = evaluate(&data.rules[0], &data, soon());
        assert_eq!(r.basis, Basis::Latest);
        let latest = r.evidence.unwrap();
        let worst = r.worst.unwrap();
        assert_eq!(
            (latest.value.as_str(), latest.date, latest.place),
            (
                "31 °C",
                NaiveDate::from_ymd_opt(2023, 3, 15),
                Place::Point("T2".into())
            )
        );
        assert_eq!(
            (worst.value.as_str(), worst.date),
            ("68 °C", NaiveDate::from_ymd_opt(2023, 2, 15))
        );
    }

    /// Issue 10: a report as of 2026 passed the fire rules on readings from 2023.
    #[test]
    fn evidence_older_than_a_year_is_pending_as_out_of_date() {
        let data = point_with(&[30, 31]);
        let fresh = evaluate(&data.rules[0], &data, soon());
        assert_eq!((fresh.verdict, fresh.stale), (Verdict::Pass, None));
        let late = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let r = evaluate(&data.rules[0], &data, late);
        assert_eq!(r.verdict, Verdict::Pending);
        assert_eq!(r.pending.as_deref(), Some("stale"));
        assert_eq!(
            r.stale.map(|s| s.newest),
            NaiveDate::from_ymd_opt(2023, 2, 15)
        );
        // The value is still shown, with its date.
        assert_eq!(r.evidence.map(|e| e.value), Some("31 °C".to_string()));
    }

    /// Issue 10: the evidence limit is the rule's own, editable per rule; none set is the kind's
    /// year.
    #[test]
    fn a_rule_judges_the_age_of_its_evidence_by_its_own_limit() {
        let mut data = point_with(&[30, 31]);
        // 2023-02-15 (the newest reading) to 2023-12-01: 289 days.
        let default = evaluate(&data.rules[0], &data, soon());
        assert_eq!(default.verdict, Verdict::Pass);
        data.rules[0].stale_after_days = Some(30);
        let short = evaluate(&data.rules[0], &data, soon());
        assert_eq!(short.verdict, Verdict::Pending);
        assert_eq!(short.pending.as_deref(), Some("stale"));
        assert_eq!(short.stale.map(|s| s.limit_days), Some(30));
        // A long limit keeps two-year-old readings good where the default year would not.
        let late = NaiveDate::from_ymd_opt(2025, 2, 1).unwrap();
        data.rules[0].stale_after_days = None;
        assert_eq!(
            evaluate(&data.rules[0], &data, late).verdict,
            Verdict::Pending
        );
        data.rules[0].stale_after_days = Some(3650);
        let long = evaluate(&data.rules[0], &data, late);
        assert_eq!((long.verdict, long.stale), (Verdict::Pass, None));
    }

    #[test]
    fn greening_compares_green_area_with_greenable_area() {
        let mut data = LedgerData::default();
        let pile = Pile {
            meta: meta(),
            mine_id: uuid::Uuid::nil(),
            name: "P".into(),
            location: String::new(),
            dumping_since: today(),
            status: PileStatus::InUse,
            closed_on: None,
            greenable_area: Some(Milli::from_whole(1000)),
            plan_reference: String::new(),
            note: String::new(),
        };
        data.works.push(Work {
            meta: meta(),
            pile_id: pile.meta.id,
            phase: WorkPhase::Completed,
            kind: WorkKind::Greening,
            bench_id: None,
            quantity: Milli::from_whole(1000),
            unit: crate::domain::Unit::M2,
            date: today(),
            thickness: None,
            contractor: String::new(),
            note: String::new(),
        });
        data.piles.push(pile);
        let r = evaluate(&rule(RuleKind::GreeningOfGreenableArea), &data, today());
        assert_eq!((r.verdict, r.measured.as_str()), (Verdict::Pass, "100.0%"));
        data.works[0].quantity = Milli::from_whole(999);
        let r = evaluate(&rule(RuleKind::GreeningOfGreenableArea), &data, today());
        assert_eq!((r.verdict, r.measured.as_str()), (Verdict::Fail, "99.9%"));
    }

    #[test]
    fn a_closed_pile_not_greened_after_three_years_fails() {
        let mut data = LedgerData::default();
        data.piles.push(Pile {
            meta: meta(),
            mine_id: uuid::Uuid::nil(),
            name: "Old pile".into(),
            location: String::new(),
            dumping_since: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
            status: PileStatus::Closed,
            closed_on: NaiveDate::from_ymd_opt(2020, 1, 1),
            greenable_area: Some(Milli::from_whole(1000)),
            plan_reference: String::new(),
            note: String::new(),
        });
        let r = evaluate(
            &rule(RuleKind::ClosedPileGreenedWithinYears),
            &data,
            today(),
        );
        assert_eq!(r.verdict, Verdict::Fail);
        let early = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
        let r = evaluate(&rule(RuleKind::ClosedPileGreenedWithinYears), &data, early);
        assert_eq!(r.verdict, Verdict::Pending);
    }
}
