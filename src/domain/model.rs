//! The records a restoration ledger keeps: piles, benches, works, plantings, after-care, problems, monitoring.
//!
//! Every record is a flat struct whose field names are its ledger columns; nested data is avoided
//! so a record is one row and one audit snapshot.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::quantity::{Dimension, Milli, Unit};

/// Identity and provenance carried by every record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub id: Uuid,
    /// RFC 3339, UTC, seconds.
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
    /// Increases by one with every change; an update names the version it read (no lost updates).
    pub version: i64,
}

impl Meta {
    pub fn new(operator: &str, now: &str) -> Meta {
        Meta {
            id: Uuid::new_v4(),
            created_at: now.to_string(),
            created_by: operator.to_string(),
            updated_at: now.to_string(),
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mine {
    #[serde(flatten)]
    pub meta: Meta,
    pub name: String,
    pub company: String,
    pub location: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pile {
    #[serde(flatten)]
    pub meta: Meta,
    pub mine_id: Uuid,
    pub name: String,
    pub location: String,
    pub dumping_since: NaiveDate,
    pub status: PileStatus,
    pub closed_on: Option<NaiveDate>,
    /// Area that can be greened (m², thousandths); the 100 % greening rule measures against it.
    pub greenable_area: Option<Milli>,
    /// The approved land reclamation plan this pile follows.
    pub plan_reference: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DumpingRecord {
    #[serde(flatten)]
    pub meta: Meta,
    pub pile_id: Uuid,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// Tonnes of gangue, thousandths.
    pub tonnes: Milli,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bench {
    #[serde(flatten)]
    pub meta: Meta,
    pub pile_id: Uuid,
    pub number: i64,
    pub kind: BenchKind,
    /// Elevation range in metres (thousandths).
    pub elevation_low: Option<Milli>,
    pub elevation_high: Option<Milli>,
    /// m², thousandths.
    pub area: Milli,
    /// Slope face gradient as 1 : run (run in thousandths: 2.5 → 2500).
    pub gradient_run: Option<Milli>,
    /// Berm width, m (thousandths).
    pub berm_width: Option<Milli>,
    pub status: BenchStatus,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Work {
    #[serde(flatten)]
    pub meta: Meta,
    pub pile_id: Uuid,
    pub phase: WorkPhase,
    pub kind: WorkKind,
    pub bench_id: Option<Uuid>,
    /// In the base unit of the kind's dimension, thousandths.
    pub quantity: Milli,
    /// The unit the user chose to see this quantity in.
    pub unit: Unit,
    /// Completion date (completed) or planned date (planned).
    pub date: NaiveDate,
    /// Soil cover or nutrient layer thickness, m (thousandths).
    pub thickness: Option<Milli>,
    pub contractor: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Planting {
    #[serde(flatten)]
    pub meta: Meta,
    pub pile_id: Uuid,
    pub bench_id: Option<Uuid>,
    pub species: String,
    pub plant_type: PlantType,
    /// Plants (株) for trees and shrubs.
    pub plants: Option<i64>,
    /// Seed in kg (thousandths) for grass.
    pub seed: Option<Milli>,
    /// m², thousandths.
    pub area: Milli,
    pub date: NaiveDate,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurvivalSurvey {
    #[serde(flatten)]
    pub meta: Meta,
    pub planting_id: Option<Uuid>,
    pub bench_id: Option<Uuid>,
    pub date: NaiveDate,
    pub planted: i64,
    pub alive: i64,
    /// Vegetation cover, percent in thousandths (72.5 % → 72500).
    pub cover: Option<Milli>,
    pub method: String,
    pub surveyor: String,
    pub note: String,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AftercareEntry {
    #[serde(flatten)]
    pub meta: Meta,
    pub pile_id: Uuid,
    pub date: NaiveDate,
    pub contractor: String,
    pub bench_id: Option<Uuid>,
    pub kind: AftercareKind,
    pub quantity: Option<Milli>,
    pub unit: Unit,
    pub note: String,
    pub review: ReviewState,
    pub review_comment: String,
    pub reviewer: String,
    pub reviewed_at: Option<String>,
}

/// A photo kept inside the ledger; `data` is not a column of the record snapshot but its hash is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Photo {
    #[serde(flatten)]
    pub meta: Meta,
    pub owner_kind: PhotoOwner,
    pub owner_id: Uuid,
    pub file_name: String,
    pub mime: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub taken_at: Option<String>,
    /// Degrees × 10⁶ (micro-degrees), from EXIF when present.
    pub gps_lat_micro: Option<i64>,
    pub gps_lon_micro: Option<i64>,
    pub taken_by: String,
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(flatten)]
    pub meta: Meta,
    pub pile_id: Uuid,
    pub found_on: NaiveDate,
    /// Self-inspection, weekly meeting, supervisor, authority inspection ...
    pub source: String,
    pub description: String,
    pub bench_id: Option<Uuid>,
    /// Responsible unit and person.
    pub owner: String,
    pub deadline: NaiveDate,
    pub rectification: String,
    pub rectified_on: Option<NaiveDate>,
    pub verified_by: String,
    pub verified_on: Option<NaiveDate>,
    pub status: ProblemStatus,
}

impl Problem {
    /// Overdue: not rectified by its deadline (as of `today`).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == ProblemStatus::Open && today > self.deadline
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonitoringPoint {
    #[serde(flatten)]
    pub meta: Meta,
    pub pile_id: Uuid,
    pub name: String,
    pub bench_id: Option<Uuid>,
    pub location: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    #[serde(flatten)]
    pub meta: Meta,
    pub point_id: Uuid,
    pub taken_at: NaiveDateTime,
    /// °C in thousandths (may be negative in winter).
    pub temperature: Option<i64>,
    /// CO, ppm in thousandths.
    pub co: Option<Milli>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    #[serde(flatten)]
    pub meta: Meta,
    pub kind: RuleKind,
    /// Threshold in thousandths of `unit`.
    pub threshold: i64,
    /// A second threshold where the rule has one (e.g. infill band upper bound).
    pub threshold2: Option<i64>,
    pub unit: String,
    pub source: String,
    /// found / practice / weak / verify.
    pub strength: String,
    pub note: String,
    pub enabled: i64,
}

/// Document control of the printed summary: one row per revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignOff {
    #[serde(flatten)]
    pub meta: Meta,
    pub revision: String,
    pub date: NaiveDate,
    pub prepared_by: String,
    pub reviewed_by: String,
    pub approved_by: String,
    pub note: String,
}

/// Every record of a ledger, loaded at once: what summaries, reports and exports are computed from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LedgerData {
    pub mines: Vec<Mine>,
    pub piles: Vec<Pile>,
    pub dumping_records: Vec<DumpingRecord>,
    pub benches: Vec<Bench>,
    pub works: Vec<Work>,
    pub plantings: Vec<Planting>,
    pub surveys: Vec<SurvivalSurvey>,
    pub aftercare: Vec<AftercareEntry>,
    pub photos: Vec<Photo>,
    pub problems: Vec<Problem>,
    pub monitoring_points: Vec<MonitoringPoint>,
    pub readings: Vec<Reading>,
    pub rules: Vec<Rule>,
    pub sign_offs: Vec<SignOff>,
}

impl LedgerData {
    pub fn bench(&self, id: Uuid) -> Option<&Bench> {
        self.benches.iter().find(|b| b.meta.id == id)
    }

    pub fn bench_label(&self, id: Option<Uuid>) -> String {
        id.and_then(|id| self.bench(id))
            .map(|b| b.number.to_string())
            .unwrap_or_default()
    }

    pub fn record_count(&self) -> usize {
        self.mines.len()
            + self.piles.len()
            + self.dumping_records.len()
            + self.benches.len()
            + self.works.len()
            + self.plantings.len()
            + self.surveys.len()
            + self.aftercare.len()
            + self.photos.len()
            + self.problems.len()
            + self.monitoring_points.len()
            + self.readings.len()
            + self.rules.len()
            + self.sign_offs.len()
    }
}
