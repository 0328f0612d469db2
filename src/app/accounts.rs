//! Accounts: who may work with a ledger, and in which role. The department creates them; each
//! person signs in with a password (an argon2 hash in the ledger) or, where the department
//! chooses, as the operating-system user named on the account. The role comes from the account.
//! Account changes and sign-ins are in the audit trail.

use super::refusal::Refusal;
use crate::store::{Ledger, LedgerWriter};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::{AppError, Result, Role};
use crate::domain::account::Account;
use crate::store::Access;

/// Environment variable with the password, for scripts (`--operator` names the account).
pub const PASSWORD_ENV: &str = "RESTORATION_LEDGER_PASSWORD";
/// The shortest password an account may have.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// The accounts of the example ledger, with the passwords README lists.
pub const DEMO_ACCOUNTS: [(&str, Role, &str, &str); 3] = [
    ("环保部 王工", Role::Department, "", "huayang-department"),
    (
        "李工",
        Role::Contractor,
        "某园林绿化公司",
        "huayang-contractor",
    ),
    ("审计 赵老师", Role::Auditor, "", "huayang-auditor"),
];

pub fn role_code(role: Role) -> &'static str {
    match role {
        Role::Department => "department",
        Role::Contractor => "contractor",
        Role::Auditor => "auditor",
    }
}

pub fn role_of(account: &Account) -> Role {
    match account.role.as_str() {
        "department" => Role::Department,
        "contractor" => Role::Contractor,
        _ => Role::Auditor,
    }
}

fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Refusal::PasswordTooShort {
            min: MIN_PASSWORD_CHARS,
        }
        .into());
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|e| AppError::from(Refusal::NoRandomNumbers { why: e.to_string() }))?;
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| AppError::from(Refusal::PasswordNotKept { why: e.to_string() }))?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::from(Refusal::PasswordNotKept { why: e.to_string() }))
}

fn password_matches(account: &Account, password: &str) -> bool {
    PasswordHash::new(&account.password_hash).is_ok_and(|h| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// The names of the accounts of the ledger at `path` (read-only; empty when it has none).
pub fn account_names(path: &std::path::Path) -> Result<Vec<String>> {
    Ok(super::open_file(path, Access::ReadOnly)?
        .accounts()?
        .into_iter()
        .map(|a| a.name)
        .collect())
}

/// The operating-system user running this program.
pub fn os_user() -> Option<String> {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
}

/// A new account, checked: a name of one line, a role, a company for a contractor, a password
/// of at least 8 characters or an operating-system login.
pub fn new_account(
    name: &str,
    role: Role,
    company: &str,
    password: Option<&str>,
    os_login: &str,
) -> Result<Account> {
    crate::store::check_operator(name)?;
    if role == Role::Contractor && company.trim().is_empty() {
        return Err(Refusal::CompanyRequired.into());
    }
    if let Some((c, why)) = crate::domain::text::first_refused(company, false) {
        return Err(
            Refusal::CompanyText(crate::domain::validate::Fault::Refused { c, why }).into(),
        );
    }
    let password_hash = match password {
        Some(p) => hash_password(p)?,
        None if !os_login.trim().is_empty() => String::new(),
        None => {
            return Err(Refusal::PasswordOrLoginRequired.into());
        }
    };
    Ok(Account {
        id: uuid::Uuid::new_v4().to_string(),
        name: name.trim().to_string(),
        role: role_code(role).to_string(),
        company: company.trim().to_string(),
        password_hash,
        os_login: os_login.trim().to_string(),
        active: true,
        version: 1,
    })
}

/// Adds `account`, made by `by` (a department account, or anyone when the ledger has none yet).
pub fn add(store: &mut impl Ledger, by: &str, account: &Account) -> Result<Account> {
    let existing = store.accounts()?;
    if existing.iter().any(|a| a.name == account.name) {
        return Err(Refusal::AccountNameTaken {
            name: account.name.clone(),
        }
        .into());
    }
    if !existing.is_empty()
        && !existing
            .iter()
            .any(|a| a.name == by && a.active && role_of(a) == Role::Department)
    {
        return Err(Refusal::OnlyDepartmentAddsAccounts { by: by.to_string() }.into());
    }
    Ok(store.write(by, |w| {
        w.put_account(account, &format!("account for {}", account.name))
    })?)
}

/// Adds the example's three accounts (department, contractor, auditor; see [`DEMO_ACCOUNTS`]).
pub fn add_demo_accounts(store: &mut impl Ledger, by: &str) -> Result<()> {
    for (name, role, company, password) in DEMO_ACCOUNTS {
        if store.accounts()?.iter().any(|a| a.name == name) {
            continue;
        }
        let account = new_account(name, role, company, Some(password), "")?;
        store.write(by, |w| w.put_account(&account, "example account"))?;
    }
    Ok(())
}

/// Checks `name`'s sign-in without writing: the password must match, or — with no password
/// given — the account names this operating-system user. Returns the account and how it signed in.
pub fn check_sign_in(
    store: &impl Ledger,
    name: &str,
    password: Option<&str>,
) -> Result<(Account, &'static str)> {
    let wrong = || {
        AppError::from(Refusal::SignInFailed {
            name: name.to_string(),
        })
    };
    let account = store
        .accounts()?
        .into_iter()
        .find(|a| a.name == name && a.active)
        .ok_or_else(wrong)?;
    let via = match password {
        Some(p) if !account.password_hash.is_empty() && password_matches(&account, p) => "password",
        None if !account.os_login.is_empty() && os_user().as_deref() == Some(&account.os_login) => {
            "operating-system login"
        }
        _ => return Err(wrong()),
    };
    Ok((account, via))
}

/// Records a sign-in in the audit trail (when the ledger is open to write).
pub fn record_sign_in(store: &mut impl Ledger, account: &Account, via: &str) -> Result<()> {
    if !store.read_only() {
        let mut event = serde_json::Map::new();
        event.insert("account".into(), account.name.clone().into());
        event.insert("via".into(), via.into());
        store.write(&account.name, |w| w.audit_event("sign_ins", &event))?;
    }
    Ok(())
}

/// Signs `name` in and records it (see [`check_sign_in`]).
pub fn sign_in(store: &mut impl Ledger, name: &str, password: Option<&str>) -> Result<Account> {
    let (account, via) = check_sign_in(store, name, password)?;
    record_sign_in(store, &account, via)?;
    Ok(account)
}

/// Where a command's password comes from: `RESTORATION_LEDGER_PASSWORD`, else a prompt on the
/// terminal; `None` when neither is there.
pub fn password_from_env_or_prompt(prompt: &str) -> Result<Option<String>> {
    if let Ok(p) = std::env::var(PASSWORD_ENV) {
        return Ok(Some(p));
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Ok(None);
    }
    rpassword::prompt_password(prompt)
        .map(Some)
        .map_err(|source| AppError::Read {
            path: "<terminal>".into(),
            source,
        })
}

/// Who a command runs as, checked before it writes anything.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub account: Account,
    via: &'static str,
    /// The ledger had no accounts: this first department account is made once the command's
    /// own write has succeeded.
    first: bool,
}

/// Before a command writes: the operator must be an account of the ledger with a role that may
/// do it, signed in with their password. A ledger without accounts (made by 0.1.0, or by a
/// library caller) gets its first department account, for this operator and password. Nothing
/// is written here: [`record`] does that once the command succeeded, so a refused command
/// leaves the ledger exactly as it was.
pub fn authenticate_for_writing(
    store: &impl Ledger,
    operator: &str,
    needs: Role,
    lang: crate::i18n::Lang,
) -> Result<Authenticated> {
    crate::store::check_operator(operator)?;
    let prompt = match lang {
        crate::i18n::Lang::Zh => format!("{operator} 的密码："),
        crate::i18n::Lang::En => format!("Password for {operator}: "),
    };
    let password = password_from_env_or_prompt(&prompt)?;
    if store.accounts()?.is_empty() {
        let Some(password) = password.as_deref() else {
            return Err(Refusal::FirstAccountNeedsPassword {
                name: operator.to_string(),
                env: PASSWORD_ENV,
            }
            .into());
        };
        let account = new_account(operator, Role::Department, "", Some(password), "")?;
        return Ok(Authenticated {
            account,
            via: "password",
            first: true,
        });
    }
    let (account, via) = check_sign_in(store, operator, password.as_deref())?;
    let role = role_of(&account);
    if needs == Role::Department && role != Role::Department {
        return Err(Refusal::DepartmentOnly {
            name: operator.to_string(),
            role,
        }
        .into());
    }
    Ok(Authenticated {
        account,
        via,
        first: false,
    })
}

/// Writes what an authenticated command leaves in the audit trail: the first department account
/// when the ledger had none, and the sign-in.
pub fn record(store: &mut impl Ledger, auth: &Authenticated) -> Result<()> {
    if auth.first && store.accounts()?.is_empty() {
        add(store, &auth.account.name, &auth.account)?;
    }
    record_sign_in(store, &auth.account, auth.via)
}

#[cfg(test)]
mod demo_tests {
    use super::*;

    /// Issue 24 case 11: the example's contractor account 李工 belonged to 阳泉某园林绿化公司
    /// while the example's after-care entries were by 某园林绿化公司, so 李工 owned none of them.
    #[test]
    fn the_examples_contractor_account_owns_after_care_entries_of_the_example() {
        let demo: serde_json::Value =
            serde_json::from_str(crate::app::DEMO_JSON).expect("the example reads");
        let entries = demo["aftercare"].as_array().cloned().unwrap_or_default();
        for (name, role, company, _) in DEMO_ACCOUNTS {
            if role == Role::Contractor {
                let own = entries
                    .iter()
                    .filter(|a| a["contractor"] == company)
                    .count();
                assert!(own > 0, "{name} of {company} owns no after-care entry");
            }
        }
    }
}
