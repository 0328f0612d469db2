//! The program's clock: the one place that reads the time. `domain` never does (its functions are
//! given the time), so its rules give the same answer for the same records.

/// Now, as the ledger writes it: RFC 3339, UTC, whole seconds.
pub fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Now, as the ledger stamps a record: RFC 3339, UTC, whole seconds.
pub fn now_stamp() -> crate::domain::Stamp {
    crate::domain::Stamp::utc(chrono::Utc::now())
}

/// Today's local date.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
