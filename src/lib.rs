//! Restoration Ledger (矸石山生态修复台账): the records of a coal waste-rock pile restoration and
//! the compliance summaries auditors read.
//!
//! Dependencies point one way:
//!
//! ```text
//! ui ──► app ──► { store, report, exchange } ──► domain
//! cli ─────────┘            │ report ──► i18n ──► domain
//! ```
//!
//! (`tests/layering.rs` checks it: `ui` and `cli` reach the ledger only through `app`, `i18n`
//! depends on `domain` only, and `domain` never reads the clock; [`clock`] does.)
//!
//! - [`domain`]: plain types and rules, no I/O, no clock; the registry of record types
//!   ([`domain::record`]) every other layer takes its list of tables and columns from.
//! - [`store`]: the SQLite ledger file and its audit trail (the only user of rusqlite).
//! - [`exchange`]: the JSON exchange format.
//! - [`report`]: the printed compliance summary (model, PDF, fingerprint).
//! - [`app`]: services the window and the command line share.
//! - [`ui`]: the desktop window (egui); views emit commands that [`app`] applies.
//! - [`cli`]: argument parsing and dispatch.

pub mod app;
pub mod assets;
pub mod cli;
pub mod clock;
pub mod domain;
// Lints new in clippy 1.95; left for the owner of `exchange` to restyle.
pub mod exchange;
pub mod i18n;
pub mod report;
pub mod store;
pub mod ui;
