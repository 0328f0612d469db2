//! The records a restoration ledger keeps: piles, benches, works, plantings, after-care, problems, monitoring.
//!
//! Every record is a flat struct whose field names are its ledger columns; nested data is avoided
//! so a record is one row and one audit snapshot.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::quantity::{Dimension, Milli, Unit};
use super::record::{Field, records};
use super::stamp::Stamp;

/// Identity and provenance carried by every record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub id: Uuid,
    /// RFC 3339; the program writes UTC to the second.
    pub created_at: Stamp,
    pub created_by: String,
    pub updated_at: Stamp,
    pub updated_by: String,
    /// Increases by one with every change; an update names the version it read (no lost updates).
    pub version: i64,
}

impl Meta {
    /// The meta of a record not saved yet: a new id, stamps of no moment that matters (saving
    /// stamps it with who and when).
    pub fn draft() -> Meta {
        Meta::new("", &Stamp::EPOCH)
    }

    pub fn new(operator: &str, now: &Stamp) -> Meta {
        Meta {
            id: Uuid::new_v4(),
            created_at: now.clone(),
            created_by: operator.to_string(),
            updated_at: now.clone(),
            updated_by: operator.to_string(),
            version: 1,
        }
    }
}

macro_rules! simple_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $code)] $variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The code used in the ledger and the exchange format.
            pub fn code(self) -> &'static str { match self { $($name::$variant => $code),+ } }
            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
            /// Every accepted code, for error messages.
            pub fn codes() -> String {
                [$($code),+].join(", ")
            }
        }
        /// Kept as its code.
        impl super::record::CellValue for $name {
            fn to_cell(&self) -> super::record::Cell {
                super::record::Cell::Text(self.code().to_string())
            }
            fn from_cell(cell: super::record::Cell) -> Result<Self, String> {
                let s = <String as super::record::CellValue>::from_cell(cell)?;
                $name::from_code(&s).ok_or_else(|| format!("{s:?} is not one of: {}", $name::codes()))
            }
        }
    };
}

simple_enum!(
    /// Whether a pile still receives gangue.
    PileStatus { InUse = "in_use", Closed = "closed" }
);
simple_enum!(
    /// The kind of a bench on the pile's face.
    BenchKind { SlopeFace = "slope_face", Berm = "berm", Platform = "platform" }
);
simple_enum!(
    /// Where a bench stands in the treat-while-dumping sequence.
    BenchStatus {
        Dumping = "dumping",
        Covered = "covered",
        Greened = "greened",
        Aftercare = "aftercare",
        Accepted = "accepted",
    }
);
simple_enum!(
    /// Planned (the approved plan) or completed.
    WorkPhase { Planned = "planned", Completed = "completed" }
);
simple_enum!(
    /// The fixed list of restoration works.
    WorkKind {
        SiteLeveling = "site_leveling",
        GentleSlopeTrimming = "gentle_slope_trimming",
        FlatAreaLeveling = "flat_area_leveling",
        SoilCover = "soil_cover",
        Compaction = "compaction",
        GroutingFireSuppression = "grouting_fire_suppression",
        RetainingWall = "retaining_wall",
        InterceptingDitch = "intercepting_ditch",
        DrainageDitch = "drainage_ditch",
        SedimentationPond = "sedimentation_pond",
        NutrientSoilLayer = "nutrient_soil_layer",
        Hydroseeding = "hydroseeding",
        Greening = "greening",
        TreeShrubPlanting = "tree_shrub_planting",
        Other = "other",
    }
);
simple_enum!(
    /// What a plant is, for survival rules.
    PlantType { Shrub = "shrub", Tree = "tree", Grass = "grass" }
);
simple_enum!(
    /// After-care work a contractor logs.
    AftercareKind {
        Replanting = "replanting",
        Reseeding = "reseeding",
        Desilting = "desilting",
        DitchRepair = "ditch_repair",
        Watering = "watering",
        FirePatrol = "fire_patrol",
        Other = "other",
    }
);
simple_enum!(
    /// The department's review of a contractor's entry.
    ReviewState { Pending = "pending", Approved = "approved", Rejected = "rejected" }
);
simple_enum!(
    /// Closed-loop rectification: open → rectified → verified.
    ProblemStatus { Open = "open", Rectified = "rectified", Verified = "verified" }
);
simple_enum!(
    /// Which record a photo documents.
    PhotoOwner { Aftercare = "aftercare", Problem = "problem", Work = "work", Bench = "bench" }
);
simple_enum!(
    /// The kind of check a compliance rule makes.
    RuleKind {
        ClosedPileGreenedWithinYears = "closed_pile_greened_within_years",
        GreeningOfGreenableArea = "greening_of_greenable_area",
        SafeDisposalOfGangue = "safe_disposal_of_gangue",
        FinalSoilCoverThickness = "final_soil_cover_thickness",
        LiftSoilCoverThickness = "lift_soil_cover_thickness",
        SlopeGradient = "slope_gradient",
        SurvivalRate = "survival_rate",
        ReplantWhenLow = "replant_when_low",
        FireSurfaceTemperature = "fire_surface_temperature",
        FireCarbonMonoxide = "fire_carbon_monoxide",
        FireOutAfterGrouting = "fire_out_after_grouting",
    }
);

simple_enum!(
    /// Why a field package's version of a record was kept aside at a merge: the office reviewed
    /// (approved or rejected) the entry after the package was made, or otherwise changed it.
    ConflictReason {
        ReviewedSincePackaging = "reviewed_since_packaging",
        ChangedSincePackaging = "changed_since_packaging",
    }
);
simple_enum!(
    /// A merge conflict waits for the department, or was resolved.
    ConflictStatus { Open = "open", Resolved = "resolved" }
);
simple_enum!(
    /// How the department resolved a merge conflict: not yet; the package's version replaces the
    /// ledger's; the ledger's stays; or the ledger's stays and the package's is added as a new
    /// record.
    ConflictTake { Undecided = "undecided", Theirs = "theirs", Ours = "ours", Both = "both" }
);

impl WorkKind {
    /// The dimension its quantity is measured in.
    pub fn dimension(self) -> Dimension {
        match self {
            WorkKind::SiteLeveling
            | WorkKind::GentleSlopeTrimming
            | WorkKind::FlatAreaLeveling
            | WorkKind::Compaction
            | WorkKind::NutrientSoilLayer
            | WorkKind::Hydroseeding
            | WorkKind::Greening => Dimension::Area,
            WorkKind::SoilCover | WorkKind::GroutingFireSuppression => Dimension::Volume,
            WorkKind::RetainingWall | WorkKind::InterceptingDitch | WorkKind::DrainageDitch => {
                Dimension::Length
            }
            WorkKind::SedimentationPond | WorkKind::Other => Dimension::Count,
            WorkKind::TreeShrubPlanting => Dimension::Plants,
        }
    }

    pub fn default_unit(self) -> Unit {
        match self.dimension() {
            Dimension::Area => Unit::M2,
            Dimension::Volume => Unit::M3,
            Dimension::Length => Unit::M,
            Dimension::Plants => Unit::Plants,
            _ => Unit::Count,
        }
    }
}

impl AftercareKind {
    pub fn default_unit(self) -> Unit {
        match self {
            AftercareKind::Replanting => Unit::Plants,
            AftercareKind::Reseeding => Unit::M2,
            AftercareKind::Desilting => Unit::M3,
            AftercareKind::DitchRepair => Unit::M,
            AftercareKind::Watering => Unit::M3,
            AftercareKind::FirePatrol | AftercareKind::Other => Unit::Count,
        }
    }

    /// The word after an entry's number: a fire patrol is counted in times (次), not in
    /// places (处 / pcs); every other kind in its unit's symbol.
    pub fn unit_symbol(self, unit: Unit, zh: bool) -> &'static str {
        match (self, unit, zh) {
            (AftercareKind::FirePatrol, Unit::Count, true) => "次",
            (AftercareKind::FirePatrol, Unit::Count, false) => "times",
            _ => unit.symbol(zh),
        }
    }

    /// An entry's quantity as it is read: "3 次", "999 株", "12.5 立方米".
    pub fn quantity_text(self, base: super::Milli, unit: Unit, zh: bool) -> String {
        let number = super::Quantity { base, unit }.number_text();
        // "1 time", not "1 times" (issue 26 case 11).
        let symbol = match self.unit_symbol(unit, zh) {
            "times" if base == super::Milli::from_whole(1) => "time",
            s => s,
        };
        format!("{number} {symbol}")
    }
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| code(*v)).collect()
}
fn pile_status() -> Vec<&'static str> {
    codes(PileStatus::ALL, PileStatus::code)
}
fn bench_kind() -> Vec<&'static str> {
    codes(BenchKind::ALL, BenchKind::code)
}
fn bench_status() -> Vec<&'static str> {
    codes(BenchStatus::ALL, BenchStatus::code)
}
fn work_phase() -> Vec<&'static str> {
    codes(WorkPhase::ALL, WorkPhase::code)
}
fn work_kind() -> Vec<&'static str> {
    codes(WorkKind::ALL, WorkKind::code)
}
fn plant_type() -> Vec<&'static str> {
    codes(PlantType::ALL, PlantType::code)
}
fn aftercare_kind() -> Vec<&'static str> {
    codes(AftercareKind::ALL, AftercareKind::code)
}
fn review_state() -> Vec<&'static str> {
    codes(ReviewState::ALL, ReviewState::code)
}
fn problem_status() -> Vec<&'static str> {
    codes(ProblemStatus::ALL, ProblemStatus::code)
}
fn photo_owner() -> Vec<&'static str> {
    codes(PhotoOwner::ALL, PhotoOwner::code)
}
fn rule_kind() -> Vec<&'static str> {
    codes(RuleKind::ALL, RuleKind::code)
}
fn conflict_reason() -> Vec<&'static str> {
    codes(ConflictReason::ALL, ConflictReason::code)
}
fn conflict_status() -> Vec<&'static str> {
    codes(ConflictStatus::ALL, ConflictStatus::code)
}
fn conflict_take() -> Vec<&'static str> {
    codes(ConflictTake::ALL, ConflictTake::code)
}
/// The tables a field package's record can be in conflict in.
fn conflict_table() -> Vec<&'static str> {
    vec!["aftercare", "problems", "photos"]
}

const NAME: Field = Field::Line(200);
const NOTE: Field = Field::Text(10_000);
const COUNT_MAX: i64 = 1_000_000_000;
/// The range a rule's own evidence limit (days) may take (the ledger's CHECK says the same).
pub const STALE_DAYS_MIN: i64 = 1;
pub const STALE_DAYS_MAX: i64 = 3650;

// The registry: every record type, its table and its columns, once. A new column is appended at
// the end of its type (a migration's `ALTER TABLE … ADD COLUMN` appends it to the table).
records! {
    Mine in mines {
        name: String = NAME,
        company: String = NAME,
        location: String = NAME,
        note: String = NOTE,
    }

    Pile in piles {
        mine_id: Uuid = Field::Ref("mines"),
        name: String = NAME,
        location: String = NAME,
        dumping_since: NaiveDate = Field::Date,
        status: PileStatus = Field::Code(pile_status),
        closed_on: Option<NaiveDate> = Field::OptDate,
        /// Area that can be greened (m², thousandths); the 100 % greening rule measures against it.
        greenable_area: Option<Milli> = Field::OptQty,
        /// The approved land reclamation plan this pile follows.
        plan_reference: String = Field::Text(2_000),
        note: String = NOTE,
    }

    DumpingRecord in dumping_records {
        pile_id: Uuid = Field::Ref("piles"),
        period_start: NaiveDate = Field::Date,
        period_end: NaiveDate = Field::Date,
        /// Tonnes of gangue, thousandths.
        tonnes: Milli = Field::Qty,
        note: String = NOTE,
    }

    Bench in benches {
        pile_id: Uuid = Field::Ref("piles"),
        number: i64 = Field::Int(0, 100_000),
        kind: BenchKind = Field::Code(bench_kind),
        /// Elevation range in metres (thousandths).
        elevation_low: Option<Milli> = Field::OptSigned,
        elevation_high: Option<Milli> = Field::OptSigned,
        /// m², thousandths.
        area: Milli = Field::Qty,
        /// Slope face gradient as 1 : run (run in thousandths: 2.5 → 2500).
        gradient_run: Option<Milli> = Field::OptQty,
        /// Berm width, m (thousandths).
        berm_width: Option<Milli> = Field::OptQty,
        status: BenchStatus = Field::Code(bench_status),
        note: String = NOTE,
        /// The name the site gives the bench ("1#坡面", "P1", "12-3"); empty: it is named by its
        /// number. The number still orders benches. Added by migration 0009.
        code: String = Field::AddedLine(200),
    }

    Work in works {
        pile_id: Uuid = Field::Ref("piles"),
        /// Planned (the approved plan) or completed.
        phase: WorkPhase = Field::Code(work_phase),
        kind: WorkKind = Field::Code(work_kind),
        bench_id: Option<Uuid> = Field::OptRef("benches"),
        /// In the base unit of the kind's dimension, thousandths.
        quantity: Milli = Field::Qty,
        /// The unit the user chose to see this quantity in.
        unit: Unit = Field::Unit,
        /// Completion date (completed) or planned date (planned).
        date: NaiveDate = Field::Date,
        /// Soil cover or nutrient layer thickness, m (thousandths).
        thickness: Option<Milli> = Field::OptQty,
        contractor: String = NAME,
        note: String = NOTE,
    }

    Planting in plantings {
        pile_id: Uuid = Field::Ref("piles"),
        bench_id: Option<Uuid> = Field::OptRef("benches"),
        species: String = NAME,
        plant_type: PlantType = Field::Code(plant_type),
        /// Plants (株) for trees and shrubs.
        plants: Option<i64> = Field::OptInt(0, COUNT_MAX),
        /// Seed in kg (thousandths) for grass.
        seed: Option<Milli> = Field::OptQty,
        /// m², thousandths.
        area: Milli = Field::Qty,
        date: NaiveDate = Field::Date,
        note: String = NOTE,
    }

    SurvivalSurvey in surveys {
        planting_id: Option<Uuid> = Field::OptRef("plantings"),
        bench_id: Option<Uuid> = Field::OptRef("benches"),
        date: NaiveDate = Field::Date,
        planted: i64 = Field::Int(0, COUNT_MAX),
        alive: i64 = Field::Int(0, COUNT_MAX),
        /// Vegetation cover, percent in thousandths (72.5 % → 72500).
        cover: Option<Milli> = Field::OptQty,
        method: String = NAME,
        surveyor: String = NAME,
        note: String = NOTE,
    }

    /// After-care work a contractor logs; the department reviews it.
    AftercareEntry in aftercare locked(|s| s.review == ReviewState::Approved) {
        pile_id: Uuid = Field::Ref("piles"),
        date: NaiveDate = Field::Date,
        contractor: String = NAME,
        bench_id: Option<Uuid> = Field::OptRef("benches"),
        kind: AftercareKind = Field::Code(aftercare_kind),
        quantity: Option<Milli> = Field::OptQty,
        unit: Unit = Field::Unit,
        note: String = NOTE,
        review: ReviewState = Field::Code(review_state),
        review_comment: String = NOTE,
        reviewer: String = NAME,
        reviewed_at: Option<Stamp> = Field::OptStamp,
        /// Where the record was born: empty here, "package:<id>" when it came from a field package
        /// (added by migration 0005).
        origin: String = Field::Origin,
    }

    /// A photo kept inside the ledger; its bytes are the `data` column, audited by their hash.
    Photo in photos [data] {
        owner_kind: PhotoOwner = Field::Code(photo_owner),
        owner_id: Uuid = Field::OwnerRef,
        file_name: String = NAME,
        mime: String = NAME,
        sha256: String = Field::FromData,
        size_bytes: i64 = Field::FromData,
        taken_at: Option<Stamp> = Field::OptStamp,
        /// Degrees × 10⁶ (micro-degrees), from EXIF when present.
        gps_lat_micro: Option<i64> = Field::OptInt(-90_000_000, 90_000_000),
        gps_lon_micro: Option<i64> = Field::OptInt(-180_000_000, 180_000_000),
        taken_by: String = NAME,
        place: String = NAME,
        /// Where the record was born: empty here, "package:<id>" when it came from a field package
        /// (added by migration 0005).
        origin: String = Field::Origin,
    }

    Problem in problems locked(|s| s.status == ProblemStatus::Verified) {
        pile_id: Uuid = Field::Ref("piles"),
        found_on: NaiveDate = Field::Date,
        /// Self-inspection, weekly meeting, supervisor, authority inspection ...
        source: String = NAME,
        description: String = NOTE,
        bench_id: Option<Uuid> = Field::OptRef("benches"),
        /// Responsible unit and person.
        owner: String = NAME,
        deadline: NaiveDate = Field::Date,
        rectification: String = NOTE,
        rectified_on: Option<NaiveDate> = Field::OptDate,
        verified_by: String = NAME,
        verified_on: Option<NaiveDate> = Field::OptDate,
        status: ProblemStatus = Field::Code(problem_status),
        /// Where the record was born: empty here, "package:<id>" when it came from a field package
        /// (added by migration 0005).
        origin: String = Field::Origin,
    }

    MonitoringPoint in monitoring_points {
        pile_id: Uuid = Field::Ref("piles"),
        name: String = NAME,
        bench_id: Option<Uuid> = Field::OptRef("benches"),
        location: String = NAME,
        note: String = NOTE,
    }

    Reading in readings {
        point_id: Uuid = Field::Ref("monitoring_points"),
        taken_at: NaiveDateTime = Field::DateTime,
        /// °C in thousandths (may be negative in winter).
        temperature: Option<i64> = Field::OptSigned,
        /// CO, ppm in thousandths.
        co: Option<Milli> = Field::OptQty,
        note: String = NOTE,
    }

    Rule in rules {
        kind: RuleKind = Field::Code(rule_kind),
        /// Threshold in thousandths of `unit`.
        threshold: i64 = Field::Signed,
        /// A second threshold where the rule has one (e.g. infill band upper bound).
        threshold2: Option<i64> = Field::OptSigned,
        unit: String = NAME,
        source: String = Field::Text(2_000),
        /// found / practice / weak / verify.
        strength: String = NAME,
        note: String = NOTE,
        /// Kept as 0 or 1 (the exchange format too).
        enabled: bool = Field::Int(0, 1),
        /// How many days old the newest evidence may be before the verdict turns to Pending
        /// (数据过期); None: the kind's default ([`crate::domain::rules::evidence_limit_days`]).
        /// Added by migration 0007.
        stale_after_days: Option<i64> = Field::OptInt(STALE_DAYS_MIN, STALE_DAYS_MAX),
    }

    /// Document control of the printed summary: one row per revision.
    SignOff in sign_offs {
        revision: String = NAME,
        date: NaiveDate = Field::Date,
        prepared_by: String = NAME,
        reviewed_by: String = NAME,
        approved_by: String = NAME,
        note: String = NOTE,
    }

    /// A field package's version of a record that the office had changed since packaging, kept
    /// aside at the merge (issue 13) until the department resolves it: take theirs, keep ours, or
    /// keep both. Added by migration 0006.
    MergeConflict in merge_conflicts locked(|s| s.status == ConflictStatus::Resolved) {
        /// The field package's id.
        package_id: String = NAME,
        /// The package's audit head at the merge: `seq:hash`.
        package_head: String = NAME,
        /// The table and id of the record in conflict.
        record_table: String = Field::Code(conflict_table),
        record_id: Uuid = Field::Line(36),
        /// The package's version: its audited form (canonical JSON).
        their_version: String = Field::Text(CONFLICT_VERSION_MAX),
        /// The ledger's version at the merge: its audited form (canonical JSON).
        our_version: String = Field::Text(CONFLICT_VERSION_MAX),
        reason: ConflictReason = Field::Code(conflict_reason),
        status: ConflictStatus = Field::Code(conflict_status),
        resolution: ConflictTake = Field::Code(conflict_take),
        resolved_by: String = NAME,
        resolved_at: Option<Stamp> = Field::OptStamp,
    }
}

/// The longest audited form a merge conflict keeps of either version (a record's notes are at
/// most 10,000 characters; JSON escapes may double them).
pub const CONFLICT_VERSION_MAX: usize = 200_000;

impl MergeConflict {
    /// A version kept in the conflict (`their_version` or `our_version`) as its columns.
    pub fn columns(version: &str) -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str(version).unwrap_or_default()
    }
}

impl SurvivalSurvey {
    /// Survival rate in thousandths of a percent, when anything was planted.
    pub fn survival_milli_percent(&self) -> Option<i64> {
        if self.planted <= 0 {
            return None;
        }
        Some(
            ((self.alive as i128 * 100_000 + self.planted as i128 / 2) / self.planted as i128)
                as i64,
        )
    }
}

/// Does a problem's owner (free text such as "土石方施工单位 / 张经理") name this company (anywhere
/// in it) or this person (as one of its parts)? An empty company or person names nobody.
pub fn owner_names(owner: &str, company: &str, person: &str) -> bool {
    let (company, person) = (company.trim(), person.trim());
    (!company.is_empty() && owner.contains(company))
        || (!person.is_empty()
            && owner
                .split(['/', '／', ',', '，', '、', ';', '；'])
                .any(|part| part.trim() == person))
}

impl Problem {
    /// Does the problem name this company, or this person, as responsible? Its owner is free
    /// text such as "土石方施工单位 / 张经理": a company is found anywhere in it, a person as one
    /// of its parts.
    pub fn names_responsible(&self, company: &str, person: &str) -> bool {
        owner_names(&self.owner, company, person)
    }

    /// Overdue: not rectified by its deadline (as of `today`).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == ProblemStatus::Open && today > self.deadline
    }
}

impl Bench {
    /// The bench's short label: the site's code when it has one, else its number.
    pub fn label(&self) -> String {
        if self.code.trim().is_empty() {
            self.number.to_string()
        } else {
            self.code.clone()
        }
    }
}

/// The contractor companies a ledger knows, for a list to pick from: the companies of its
/// contractor accounts (`account_companies`) and every 施工单位 its after-care entries and works
/// name, each once (spaces around a name do not make another company), in name order.
pub fn contractor_companies<'a>(
    account_companies: impl IntoIterator<Item = &'a str>,
    data: &'a LedgerData,
) -> Vec<String> {
    let mut set: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let names = account_companies
        .into_iter()
        .chain(data.aftercare.iter().map(|a| a.contractor.as_str()))
        .chain(data.works.iter().map(|w| w.contractor.as_str()));
    for n in names {
        let n = n.trim();
        if !n.is_empty() {
            set.insert(n.to_string());
        }
    }
    set.into_iter().collect()
}

impl LedgerData {
    pub fn bench(&self, id: Uuid) -> Option<&Bench> {
        self.benches.iter().find(|b| b.meta.id == id)
    }

    /// A bench as a short label: the site's code, or its number.
    pub fn bench_label(&self, id: Option<Uuid>) -> String {
        id.and_then(|id| self.bench(id))
            .map(Bench::label)
            .unwrap_or_default()
    }
}
