//! What the application refuses to do, and why, as data: the window and the command line say a
//! refusal in the user's language with [`Refusal::say`] (one table, both languages), so no English
//! sentence made deep down ends up inside a Chinese window or a `--lang zh` command.

use std::path::PathBuf;

use crate::domain::validate::Fault;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    // Accounts and signing in.
    PasswordTooShort {
        min: usize,
    },
    /// The operating system gave no random numbers (for a password's salt or a signing key).
    NoRandomNumbers {
        why: String,
    },
    PasswordNotKept {
        why: String,
    },
    CompanyRequired,
    /// The company name has a character the ledger does not store.
    CompanyText(Fault),
    PasswordOrLoginRequired,
    AccountNameTaken {
        name: String,
    },
    OnlyDepartmentAddsAccounts {
        by: String,
    },
    SignInFailed {
        name: String,
    },
    /// A write on a ledger with no accounts yet, and no password to make the first one.
    FirstAccountNeedsPassword {
        name: String,
        env: &'static str,
    },
    DepartmentOnly {
        name: String,
        role: super::Role,
    },
    ContractorMayNotImport {
        ledger: PathBuf,
    },

    // The department's signing key.
    KeyDamaged {
        why: String,
        path: PathBuf,
    },
    OtherKeyInstalled {
        installed: String,
        imported: String,
        path: PathBuf,
    },
    LedgerOfAnotherKey {
        ledger_key: String,
        ours: String,
        ledger: String,
    },

    // Files the program writes.
    WouldOverwriteLedger {
        out: PathBuf,
    },
    NotALedgerThere {
        out: PathBuf,
    },
    WorkbookNotMade {
        why: String,
    },

    // Records.
    ProblemClosed,
    RectificationRequired,
    RectifiedBeforeFound {
        date: String,
        found: String,
    },
    VerifierRequired,
    VerifiedBeforeRectified {
        date: String,
        rectified: String,
    },
    RuleKindTaken {
        kind: crate::domain::RuleKind,
    },
    BenchNumberTaken {
        place: crate::domain::rules::Place,
    },
    BenchGone {
        id: String,
    },
    ResolutionUndecided,

    // The machine.
    NoBackgroundTask {
        why: String,
    },
    /// Something the program made itself could not be turned into JSON (a bug, not the user's).
    Internal {
        why: String,
    },
}

impl Refusal {
    /// What is refused and what to do, in `l`; a path comes last.
    pub fn say(&self, l: Lang) -> String {
        use Refusal as R;
        let zh = l.is_zh();
        match self {
            R::PasswordTooShort { min } => match zh {
                true => format!("密码太短：至少需要 {min} 个字符。"),
                false => format!("The password is too short: give at least {min} characters."),
            },
            R::NoRandomNumbers { why } => match zh {
                true => format!("系统没有提供随机数（{why}），请重试。"),
                false => format!("The system gave no random numbers ({why}); try again."),
            },
            R::PasswordNotKept { why } => match zh {
                true => format!("密码无法保存（{why}），请重试。"),
                false => format!("The password could not be kept ({why}); try again."),
            },
            R::CompanyRequired => match zh {
                true => "施工单位账号必须填写所属单位（命令行用 --company 给出）。".into(),
                false => "A contractor's account names the company they work for; give it with --company.".into(),
            },
            R::CompanyText(fault) => match zh {
                true => format!("单位名称{}。", crate::i18n::ui::fault(l, fault)),
                false => format!("The company {}.", fault.english()),
            },
            R::PasswordOrLoginRequired => match zh {
                true => "账号需要密码，或可免密码登录的操作系统用户名。".into(),
                false => "An account needs a password, or an operating-system login to sign in with.".into(),
            },
            R::AccountNameTaken { name } => match zh {
                true => format!("台账中已有名为“{name}”的账号，请换一个名字。"),
                false => format!("The ledger already has an account named \"{name}\"; choose another name."),
            },
            R::OnlyDepartmentAddsAccounts { by } => match zh {
                true => format!("只有环保部门可以建账号；“{by}”不是本台账的环保部门账号。"),
                false => format!("Only the environmental department creates accounts; \"{by}\" is not a department account of this ledger."),
            },
            R::SignInFailed { name } => match zh {
                true => format!("“{name}”未能登录：本台账中没有这个有效账号，或密码不对。请核对姓名和密码，或联系环保部门。"),
                false => format!("\"{name}\" could not be signed in: no such active account in this ledger, or the password is wrong. Check the name and password, or ask the environmental department."),
            },
            R::FirstAccountNeedsPassword { name, env } => match zh {
                true => format!("本台账还没有账号：第一个写入的人建立环保部门账号。请在提示时为“{name}”输入密码（脚本可用环境变量 {env}）。"),
                false => format!("This ledger has no accounts yet: the first one to write sets up the department account. Give a password for \"{name}\" at the prompt, or in {env} for scripts."),
            },
            R::DepartmentOnly { name, role } => match zh {
                true => format!("“{name}”是{}账号；只有环保部门可以这样做。", super::messages::role(l, *role)),
                false => format!("\"{name}\" is a {} account; only the environmental department may do this.", super::accounts::role_code(*role)),
            },
            R::ContractorMayNotImport { ledger } => match zh {
                true => format!("施工单位不能向台账导入文件。请由环保部门导入：{}", ledger.display()),
                false => format!("Your role (contractor) may not import into the ledger. Ask the environmental department to import the file: {}", ledger.display()),
            },
            R::KeyDamaged { why, path } => match zh {
                true => format!("本部门签名密钥文件已损坏（{why}）。请从备份恢复（key --import），或把它移走以生成新密钥——此后本机不能再为旧密钥签过的报告和检查点作证：{}", path.display()),
                false => format!("The department signing key file is damaged ({why}). Restore it from its backup (`key --import`), or move it away to make a new key — reports and checkpoints signed by the old key can then no longer be vouched for by this computer: {}", path.display()),
            },
            R::OtherKeyInstalled { installed, imported, path } => match zh {
                true => format!("本机已有另一把部门密钥（编号 {installed}），未作改动。若要用导入的密钥（编号 {imported}）替换它，请先把它移走：{}", path.display()),
                false => format!("This computer already has a different department key (id {installed}); it was left in place. Move it away first if the imported key (id {imported}) is to replace it: {}", path.display()),
            },
            R::LedgerOfAnotherKey { ledger_key, ours, ledger } => match zh {
                true => format!("本台账由另一把部门密钥（编号 {ledger_key}）签名，本机密钥为 {ours}。请先用 key --import 导入台账的密钥（从部门备份）再签名：{ledger}"),
                false => format!("This ledger is signed by another department key (id {ledger_key}); this computer's key is {ours}. Import the ledger's key with `key --import` (from the department's backup) to sign it: {ledger}"),
            },
            R::WouldOverwriteLedger { out } => match zh {
                true => format!("这会覆盖它所来自的台账。请换一个文件名：{}", out.display()),
                false => format!("This would overwrite the ledger it is made from. Choose another name: {}", out.display()),
            },
            R::NotALedgerThere { out } => match zh {
                true => format!("该位置已有一个不是台账的文件，未作改动。请为副本另取一个文件名：{}", out.display()),
                false => format!("A file that is not a ledger already exists there and was left alone. Choose another name for the copy: {}", out.display()),
            },
            R::WorkbookNotMade { why } => match zh {
                true => format!("无法生成工作簿（{why}）。"),
                false => format!("The workbook could not be made ({why})."),
            },
            R::ProblemClosed => match zh {
                true => "这个问题已验证关闭。如果问题再次出现，请新记一条问题。".into(),
                false => "This problem was verified and is closed. Record a new problem if it came back.".into(),
            },
            R::RectificationRequired => match zh {
                true => "请写明整改做了什么，再保存。".into(),
                false => "Say what was done to rectify the problem, then save again.".into(),
            },
            R::RectifiedBeforeFound { date, found } => match zh {
                true => format!("整改日期 {date} 早于发现问题的日期（{found}）。请改正日期。"),
                false => format!("The rectification date {date} is before the problem was found ({found}). Correct the date."),
            },
            R::VerifierRequired => match zh {
                true => "请写明由谁验证了整改，再验证。".into(),
                false => "Name who checked the rectification, then verify again.".into(),
            },
            R::VerifiedBeforeRectified { date, rectified } => match zh {
                true => format!("验证日期 {date} 早于整改日期（{rectified}）。请改正日期。"),
                false => format!("The verification date {date} is before the rectification ({rectified}). Correct the date."),
            },
            R::RuleKindTaken { kind } => match zh {
                true => format!("台账中已有一条“{}”规则，请修改那一条。", crate::i18n::rule_kind(l, *kind)),
                false => format!("The ledger already has a rule of the kind \"{}\"; edit that rule instead.", crate::i18n::rule_kind(l, *kind)),
            },
            R::BenchNumberTaken { place } => match zh {
                true => format!("这座矸石山上已有{}。请换一个编号。", crate::i18n::place(l, place)),
                false => format!("The ledger already has {} on this pile. Choose another number.", crate::i18n::place(l, place)),
            },
            R::BenchGone { id } => match zh {
                true => format!("台阶 {id} 已不在台账中（刚被删除）。请另选一个台阶。"),
                false => format!("The bench {id} is not in the ledger (it was deleted meanwhile). Choose another bench."),
            },
            R::ResolutionUndecided => match zh {
                true => "请选择处理方式：采用外业包版本、保留台账版本或两者都保留。".into(),
                false => "Choose how to resolve the conflict: theirs, ours or both.".into(),
            },
            R::NoBackgroundTask { why } => match zh {
                true => format!("无法启动后台任务（{why}）。请关闭其他程序后重试。"),
                false => format!("Could not start a background task ({why}). Close other programs and try again."),
            },
            R::Internal { why } => match zh {
                true => format!("程序内部错误（{why}）。请把这句话报告给软件维护人员。"),
                false => format!("An internal error ({why}). Please report this sentence to the program's maintainers."),
            },
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every refusal has its own Chinese sentence: none falls back to English words.
    #[test]
    fn every_refusal_is_said_in_chinese_without_english_words() {
        let p = PathBuf::from("/数据/台账.ledger");
        let all = [
            Refusal::PasswordTooShort { min: 8 },
            Refusal::NoRandomNumbers { why: "忙".into() },
            Refusal::PasswordNotKept { why: "盐".into() },
            Refusal::CompanyRequired,
            Refusal::CompanyText(Fault::Empty),
            Refusal::PasswordOrLoginRequired,
            Refusal::AccountNameTaken {
                name: "王工".into(),
            },
            Refusal::OnlyDepartmentAddsAccounts {
                by: "李工".into()
            },
            Refusal::SignInFailed {
                name: "王工".into(),
            },
            Refusal::FirstAccountNeedsPassword {
                name: "王工".into(),
                env: "RL_PASSWORD",
            },
            Refusal::DepartmentOnly {
                name: "李工".into(),
                role: crate::app::Role::Contractor,
            },
            Refusal::ContractorMayNotImport { ledger: p.clone() },
            Refusal::KeyDamaged {
                why: "坏".into(),
                path: p.clone(),
            },
            Refusal::OtherKeyInstalled {
                installed: "ab".into(),
                imported: "cd".into(),
                path: p.clone(),
            },
            Refusal::LedgerOfAnotherKey {
                ledger_key: "ab".into(),
                ours: "cd".into(),
                ledger: "x".into(),
            },
            Refusal::WouldOverwriteLedger { out: p.clone() },
            Refusal::NotALedgerThere { out: p.clone() },
            Refusal::WorkbookNotMade { why: "满".into() },
            Refusal::ProblemClosed,
            Refusal::RectificationRequired,
            Refusal::RectifiedBeforeFound {
                date: "2026-01-01".into(),
                found: "2026-02-01".into(),
            },
            Refusal::VerifierRequired,
            Refusal::VerifiedBeforeRectified {
                date: "2026-01-01".into(),
                rectified: "2026-02-01".into(),
            },
            Refusal::RuleKindTaken {
                kind: crate::domain::RuleKind::ALL[0],
            },
            Refusal::BenchNumberTaken {
                place: crate::domain::rules::Place::Bench {
                    number: 3,
                    kind: crate::domain::BenchKind::Berm,
                    code: String::new(),
                },
            },
            Refusal::BenchGone { id: "1".into() },
            Refusal::ResolutionUndecided,
            Refusal::NoBackgroundTask {
                why: "线程".into()
            },
            Refusal::Internal {
                why: "序列化".into(),
            },
        ];
        for r in &all {
            let zh = r.say(Lang::Zh);
            let english = zh
                .split(|c: char| !c.is_ascii_alphabetic())
                // Words, not the names of environment variables.
                .filter(|w| w.len() > 3 && w.bytes().any(|b| b.is_ascii_lowercase()))
                .filter(|w| !["import", "company", "ledger"].contains(w))
                .collect::<Vec<_>>();
            assert!(english.is_empty(), "{zh}: {english:?}");
            assert_ne!(zh, r.say(Lang::En));
            assert_eq!(r.to_string(), r.say(Lang::En));
        }
    }
}
