//! The fields of every record in the exchange format: their JSON types, limits and references.
//! Import, export and the JSON Schema are all driven by this one table.

/// How a field is written in JSON and checked on import.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    /// One line of text (names), at most this many characters, no control characters.
    Line(usize),
    /// Free text (notes), at most this many characters; tabs and line breaks allowed.
    Text(usize),
    /// A required date "YYYY-MM-DD".
    Date,
    OptDate,
    /// "YYYY-MM-DDTHH:MM:SS" (local time of the reading).
    DateTime,
    /// RFC 3339 time stamp, optional.
    OptStamp,
    /// A non-negative decimal number in the base unit (at most 3 decimals).
    Qty,
    OptQty,
    /// A decimal that may be negative (temperatures, thresholds).
    Signed,
    OptSigned,
    /// A whole number in a range.
    Int(i64, i64),
    OptInt(i64, i64),
    /// The id of a record of this table (in the file or already in the ledger).
    Ref(&'static str),
    OptRef(&'static str),
    /// The id of a record of the table named by the "owner_kind" field.
    OwnerRef,
    /// One of these codes.
    Code(fn() -> Vec<&'static str>),
    /// A unit code.
    Unit,
}

impl Field {
    pub fn optional(self) -> bool {
        matches!(
            self,
            Field::OptDate
                | Field::OptStamp
                | Field::OptQty
                | Field::OptSigned
                | Field::OptInt(..)
                | Field::OptRef(_)
        )
    }
}

/// A table in the exchange format.
pub struct TableSpec {
    pub table: &'static str,
    pub fields: &'static [(&'static str, Field)],
    /// Photos carry their bytes as base64 in "data".
    pub has_data: bool,
}

use crate::domain::*;

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

const NAME: Field = Field::Line(200);
const NOTE: Field = Field::Text(10_000);
const YEAR_MAX: i64 = 1_000_000_000;

pub const TABLES: &[TableSpec] = &[
    TableSpec {
        table: "mines",
        fields: &[
            ("name", NAME),
            ("company", NAME),
            ("location", NAME),
            ("note", NOTE),
        ],
        has_data: false,
    },
    TableSpec {
        table: "piles",
        fields: &[
            ("mine_id", Field::Ref("mines")),
            ("name", NAME),
            ("location", NAME),
            ("dumping_since", Field::Date),
            ("status", Field::Code(pile_status)),
            ("closed_on", Field::OptDate),
            ("greenable_area", Field::OptQty),
            ("plan_reference", Field::Text(2_000)),
            ("note", NOTE),
        ],
        has_data: false,
    },
    TableSpec {
        table: "dumping_records",
        fields: &[
            ("pile_id", Field::Ref("piles")),
            ("period_start", Field::Date),
            ("period_end", Field::Date),
            ("tonnes", Field::Qty),
            ("note", NOTE),
        ],
        has_data: false,
    },
    TableSpec {
        table: "benches",
        fields: &[
            ("pile_id", Field::Ref("piles")),
            ("number", Field::Int(0, 100_000)),
            ("kind", Field::Code(bench_kind)),
            ("elevation_low", Field::OptSigned),
            ("elevation_high", Field::OptSigned),
            ("area", Field::Qty),
            ("gradient_run", Field::OptQty),
            ("berm_width", Field::OptQty),
            ("status", Field::Code(bench_status)),
            ("note", NOTE),
        ],
        has_data: false,
    },
    TableSpec {
        table: "works",
        fields: &[
            ("pile_id", Field::Ref("piles")),
            ("phase", Field::Code(work_phase)),
            ("kind", Field::Code(work_kind)),
            ("bench_id", Field::OptRef("benches")),
            ("quantity", Field::Qty),
            ("unit", Field::Unit),
            ("date", Field::Date),
            ("thickness", Field::OptQty),
            ("contractor", NAME),
            ("note", NOTE),
        ],
        has_data: false,
    },
    TableSpec {
        table: "plantings",
        fields: &[
            ("pile_id", Field::Ref("piles")),
            ("bench_id", Field::OptRef("benches")),
            ("species", NAME),
            ("plant_type", Field::Code(plant_type)),
            ("plants", Field::OptInt(0, YEAR_MAX)),
            ("seed", Field::OptQty),
            ("area", Field::Qty),
            ("date", Field::Date),
            ("note", NOTE),
        ],
        has_data: false,
    },
    TableSpec {
        table: "surveys",
        fields: &[
            ("planting_id", Field::OptRef("plantings")),
            ("bench_id", Field::OptRef("benches")),
            ("date", Field::Date),
            ("planted", Field::Int(0, YEAR_MAX)),
            ("alive", Field::Int(0, YEAR_MAX)),
            ("cover", Field::OptQty),
            ("method", NAME),
            ("surveyor", NAME),
            ("note", NOTE),
        ],
        has_data: false,
    },
    TableSpec {
        table: "aftercare",
        fields: &[
            ("pile_id", Field::Ref("piles")),
            ("date", Field::Date),
            ("contractor", NAME),
            ("bench_id", Field::OptRef("benches")),
            ("kind", Field::Code(aftercare_kind)),
            ("quantity", Field::OptQty),
            ("unit", Field::Unit),
            ("note", NOTE),
            ("review", Field::Code(review_state)),
            ("review_comment", NOTE),
            ("reviewer", NAME),
            ("reviewed_at", Field::OptStamp),
        ],
        has_data: false,
    },
    TableSpec {
        table: "photos",
        fields: &[
            ("owner_kind", Field::Code(photo_owner)),
            ("owner_id", Field::OwnerRef),
            ("file_name", NAME),
            ("mime", NAME),
            ("taken_at", Field::OptStamp),
            ("gps_lat_micro", Field::OptInt(-90_000_000, 90_000_000)),
            ("gps_lon_micro", Field::OptInt(-180_000_000, 180_000_000)),
            ("taken_by", NAME),
            ("place", NAME),
        ],
        has_data: true,
    },
    TableSpec {
        table: "problems",
        fields: &[
            ("pile_id", Field::Ref("piles")),
            ("found_on", Field::Date),
            ("source", NAME),
            ("description", NOTE),
            ("bench_id", Field::OptRef("benches")),
            ("owner", NAME),
            ("deadline", Field::Date),
            ("rectification", NOTE),
            ("rectified_on", Field::OptDate),
            ("verified_by", NAME),
            ("verified_on", Field::OptDate),
            ("status", Field::Code(problem_status)),
        ],
        has_data: false,
    },
    TableSpec {
        table: "monitoring_points",
        fields: &[
            ("pile_id", Field::Ref("piles")),
            ("name", NAME),
            ("bench_id", Field::OptRef("benches")),
            ("location", NAME),
            ("note", NOTE),
        ],
        has_data: false,
    },
    TableSpec {
        table: "readings",
        fields: &[
            ("point_id", Field::Ref("monitoring_points")),
            ("taken_at", Field::DateTime),
            ("temperature", Field::OptSigned),
            ("co", Field::OptQty),
            ("note", NOTE),
        ],
        has_data: false,
    },
    TableSpec {
        table: "rules",
        fields: &[
            ("kind", Field::Code(rule_kind)),
            ("threshold", Field::Signed),
            ("threshold2", Field::OptSigned),
            ("unit", NAME),
            ("source", Field::Text(2_000)),
            ("strength", NAME),
            ("note", NOTE),
            ("enabled", Field::Int(0, 1)),
        ],
        has_data: false,
    },
    TableSpec {
        table: "sign_offs",
        fields: &[
            ("revision", NAME),
            ("date", Field::Date),
            ("prepared_by", NAME),
            ("reviewed_by", NAME),
            ("approved_by", NAME),
            ("note", NOTE),
        ],
        has_data: false,
    },
];

/// The metadata fields every record has; all but "id" may be left out on import.
pub const META_FIELDS: &[&str] = &[
    "id",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "version",
];

pub fn table_spec(table: &str) -> Option<&'static TableSpec> {
    TABLES.iter().find(|t| t.table == table)
}
