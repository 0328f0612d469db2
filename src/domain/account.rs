//! An account: who may work with a ledger, and in which role (the role comes from the account).

/// One person's account in a ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// A UUID.
    pub id: String,
    /// The name that goes into every audit entry they make.
    pub name: String,
    /// `department`, `contractor` or `auditor`.
    pub role: String,
    /// For contractors: the company they work for (their entries' 施工单位).
    pub company: String,
    /// Argon2 hash (PHC string) of the password; empty when only `os_login` signs in.
    pub password_hash: String,
    /// The operating-system user who may sign in without a password (empty: none).
    pub os_login: String,
    pub active: bool,
    pub version: i64,
}
