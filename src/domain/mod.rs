//! Plain types and rules of a waste-rock pile restoration: no I/O, no SQL, no UI.

pub mod account;
pub mod audit;
pub mod model;
pub mod photo;
pub mod quantity;
pub mod rules;
pub mod signing;
pub mod summary;
pub mod text;

pub use audit::AuditEntry;
pub use model::*;
pub use quantity::{
    Dimension, Milli, Quantity, QuantityError, Unit, decimal_thousandths, format_milli,
    format_milli_fixed, group_thousands, strip_grouping,
};
pub use rules::{RuleResult, Verdict};
pub use summary::{Headline, Progress, Summary};

/// Now, as the ledger writes it: RFC 3339, UTC, whole seconds.
pub fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Today's local date.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
