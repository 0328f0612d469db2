//! Restoration Ledger (矸石山生态修复台账): the records of a coal waste-rock pile restoration and
//! the compliance summaries auditors read.
//!
//! Dependencies point one way:
//!
//! ```text
//! ui ──► app ──► { store, report, exchange } ──► domain
//! cli ─────────┘
//! ```
//!
//! - [`domain`]: plain types and rules, no I/O.
//! - [`store`]: the SQLite ledger file and its audit trail (the only user of rusqlite).
//! - [`exchange`]: the JSON exchange format.
//! - [`report`]: the printed compliance summary (model, PDF, fingerprint).
//! - [`app`]: services the window and the command line share.
//! - [`ui`]: the desktop window (egui); views emit commands that [`app`] applies.
//! - [`cli`]: argument parsing and dispatch.

pub mod app;
pub mod assets;
pub mod cli;
pub mod domain;
// Lints new in clippy 1.95; left for the owner of `exchange` to restyle.
pub mod exchange;
pub mod i18n;
pub mod report;
pub mod store;
pub mod ui;
