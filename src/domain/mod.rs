//! Plain types and rules of a waste-rock pile restoration: no I/O, no SQL, no UI.

pub mod account;
pub mod audit;
pub mod model;
pub mod photo;
pub mod quantity;
pub mod record;
pub mod rules;
pub mod signing;
pub mod stamp;
pub mod summary;
pub mod text;
pub mod typed;
pub mod validate;

pub use audit::{AuditEntry, Finding, FindingKind};
pub use model::*;
pub use quantity::{
    Dimension, Milli, Quantity, QuantityError, Unit, decimal_thousandths, format_milli,
    format_milli_fixed, group_thousands, strip_grouping,
};
pub use record::{Cell, CellValue, Field, Record, RecordSpec, RecordVisitor};
pub use rules::{RuleResult, Verdict};
pub use stamp::Stamp;
pub use summary::{Headline, Progress, Summary};
