//! Command-line interface: argument parsing and dispatch to the app services; no logic of its own.

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

use crate::app;
use crate::app::Access;
use crate::clock::today;
use crate::domain::format_milli;
use crate::i18n::Lang;
use crate::report::ReportOptions;

#[derive(Debug, Parser)]
#[command(
    name = "restoration-ledger",
    version,
    about = "Restoration Ledger (矸石山生态修复台账): records and compliance summaries of a waste-rock pile restoration",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Who makes the changes (recorded in the audit trail).
    #[arg(long, global = true, env = app::OPERATOR_ENV)]
    pub operator: Option<String>,

    /// The language of messages, reports, workbooks and templates: zh or en (default: the
    /// window's language from the settings, else zh). `verify --report` answers in the
    /// report's own language unless --lang is given.
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// Without a command: open this ledger in the window.
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new ledger (never overwrites an existing file).
    Init {
        file: PathBuf,
        /// Fill it with the Huayang Group No.2 mine example.
        #[arg(long)]
        demo: bool,
    },
    /// Import a JSON exchange file, or a spreadsheet (.xlsx, .xls, .ods, .csv in UTF-8 or GBK):
    /// all or nothing. A missing ledger is created. A spreadsheet row with an id changes that
    /// record; a row without one adds a record.
    Import {
        file: PathBuf,
        data: PathBuf,
        /// Spreadsheets: list what would be added, changed and refused, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Spreadsheets: the reason recorded with every change (default "Excel 导入 FILE").
        #[arg(long)]
        reason: Option<String>,
    },
    /// Export the whole ledger: as JSON (photos and audit trail included), or as an Excel
    /// workbook when OUT ends in .xlsx (or with --format xlsx).
    Export {
        file: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Replace OUT if it exists.
        #[arg(long)]
        force: bool,
        /// json or xlsx (default: from OUT's extension).
        #[arg(long, value_parser = ["json", "xlsx"])]
        format: Option<String>,
    },
    /// Make a field package for one contractor: a ledger file with the mine, piles, benches and
    /// rules, that contractor's entries not yet approved (with photos), the problems naming their
    /// company, and their company's accounts, marked as a package of FILE.
    Package {
        file: PathBuf,
        /// The contractor's company, as their entries and accounts name it.
        #[arg(long)]
        contractor: String,
        /// The package file to write (must not exist).
        #[arg(long)]
        out: PathBuf,
    },
    /// Merge a contractor's field package back: what they added arrives pending review, their
    /// edits of records the office left alone become new versions, conflicts and what a package
    /// may not carry are listed. The package's history must verify and it must come from FILE.
    Merge {
        file: PathBuf,
        package: PathBuf,
        /// Show what would be merged, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// List the open merge conflicts: each record a field package changed after the office had
    /// changed it, named by bench, date, contractor and kind, with what differs (ledger → package).
    Conflicts { file: PathBuf },
    /// Resolve a merge conflict (the department): take the package's version (theirs), keep the
    /// ledger's (ours), or keep the ledger's and add the package's as a new entry (both).
    Resolve {
        file: PathBuf,
        /// The conflict's id, as `conflicts` lists it.
        conflict: uuid::Uuid,
        #[arg(long, value_parser = parse_take)]
        take: crate::domain::ConflictTake,
    },
    /// Write an Excel template to fill in and import: one sheet per table, dropdowns for kinds,
    /// units and benches (those of FILE, when given), and instructions.
    Template {
        /// The ledger whose benches, piles and points the dropdowns offer.
        file: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// Print the headline figures and each rule's verdict.
    Summary {
        file: PathBuf,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// Evaluate as of this date (YYYY-MM-DD) instead of today.
        #[arg(long, value_parser = parse_date)]
        date: Option<chrono::NaiveDate>,
    },
    /// Check the file, the audit chain, and every record against its audited state; with
    /// --report, check that a printed report still matches the ledger.
    Verify {
        file: PathBuf,
        /// A report printed by `report`: says whether the ledger still matches it, and if not,
        /// which records changed since.
        #[arg(long, conflicts_with_all = ["fingerprint", "scan"])]
        report: Option<PathBuf>,
        /// Paper without the PDF: the fingerprint printed on any page's footer (16 hex digits)
        /// or in full on the last page; the department's computer recorded the report when it
        /// printed it.
        #[arg(long, conflicts_with = "scan")]
        fingerprint: Option<String>,
        /// Paper without the PDF: a photo or scan (PNG or JPEG) of any page; its footer's QR
        /// code gives the fingerprint.
        #[arg(long)]
        scan: Option<PathBuf>,
        /// Also show each record's table and id, in brackets at the end of its line.
        #[arg(long)]
        ids: bool,
    },
    /// Print the compliance summary as an A4 PDF.
    Report {
        /// The ledger file (opened read-only).
        file: PathBuf,
        /// Where to write the PDF (replaced if it exists).
        #[arg(long)]
        out: PathBuf,
        /// First day of the reporting period (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        from: Option<chrono::NaiveDate>,
        /// Last day of the reporting period (YYYY-MM-DD); figures count records up to it.
        #[arg(long, value_parser = parse_date)]
        to: Option<chrono::NaiveDate>,
    },
    /// Print the JSON Schema of the exchange format.
    Schema,
    /// The department's signing key (kept in the settings folder, never in a ledger): shows its
    /// id and file, making it when there is none; --export writes a copy (a backup, or for the
    /// department's other computers), --import installs one.
    Key {
        #[arg(long, conflicts_with = "import")]
        export: Option<PathBuf>,
        #[arg(long)]
        import: Option<PathBuf>,
    },
    /// Sign a checkpoint of the ledger's audit head with the department's key (the ledger then
    /// names that key; reports printed here are signed with it).
    Sign { file: PathBuf },
    /// The ledger's accounts: the department adds them; the role comes from the account.
    Account {
        #[command(subcommand)]
        action: AccountAction,
    },
    /// Test support for crash trials: write COUNT records, one transaction each, and print
    /// "committed <id> <version>" after every commit.
    #[command(hide = true)]
    Stress {
        file: PathBuf,
        #[arg(long, default_value_t = 1000)]
        count: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum AccountAction {
    /// Add an account (signed in as a department account). The new account's password comes
    /// from RESTORATION_LEDGER_NEW_PASSWORD or a prompt.
    Add {
        file: PathBuf,
        #[arg(long)]
        name: String,
        /// department, contractor or auditor.
        #[arg(long, value_parser = parse_role)]
        role: app::Role,
        /// For a contractor: the company they work for.
        #[arg(long, default_value = "")]
        company: String,
        /// An operating-system user who may sign in as this account without a password.
        #[arg(long, default_value = "")]
        os_login: String,
    },
    /// List the accounts (name, role, company, how they sign in).
    List { file: PathBuf },
}

fn parse_take(s: &str) -> Result<crate::domain::ConflictTake, String> {
    use crate::domain::ConflictTake;
    match ConflictTake::from_code(s) {
        Some(take) if take != ConflictTake::Undecided => Ok(take),
        _ => Err(format!(
            "\"{s}\" is not a resolution; use theirs, ours or both"
        )),
    }
}

fn parse_role(s: &str) -> Result<app::Role, String> {
    app::Role::ALL
        .into_iter()
        .find(|r| app::accounts::role_code(*r) == s)
        .ok_or_else(|| format!("\"{s}\" is not a role; use department, contractor or auditor"))
}

/// Environment variable with a new account's password, for scripts.
pub const NEW_PASSWORD_ENV: &str = "RESTORATION_LEDGER_NEW_PASSWORD";

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_code(s)
        .ok_or_else(|| format!("\"{s}\" is not a language; use zh or en (中文 zh，English en)"))
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("\"{s}\" is not a real date in the form YYYY-MM-DD"))
}

/// A sentence in the user's language: `say!(l, "中文 {x}", "English {x}")`.
macro_rules! say {
    ($l:expr, $zh:literal, $en:literal $(, $a:expr)* $(,)?) => {
        match $l {
            Lang::Zh => format!($zh $(, $a)*),
            Lang::En => format!($en $(, $a)*),
        }
    };
}

/// The language a command speaks: `--lang`, else the window's language from the settings (which
/// is Chinese until someone chooses English).
pub fn lang_of(cli: &Cli) -> Lang {
    cli.lang
        .unwrap_or_else(|| app::settings::Settings::load(&app::settings::AppPaths::from_env()).lang)
}

/// Runs a command; `Ok(false)` means the command ran but found a problem (non-zero exit).
/// Errors are said by [`error_message`] in the command's language.
pub fn run(cli: Cli) -> anyhow::Result<bool> {
    let l = lang_of(&cli);
    let operator = app::operator_name(cli.operator.as_deref());
    let Some(command) = cli.command else {
        bail!(
            "{}",
            say!(
                l,
                "没有给出命令；用 --help 查看有哪些命令",
                "no command given; run with --help to see the commands"
            )
        );
    };
    let paths = app::settings::AppPaths::from_env();
    let shown = |p: &std::path::Path| p.display().to_string();
    match command {
        Command::Init { file, demo } => {
            let mut store = app::init(&file, demo, &operator)?;
            // The one who makes the ledger is its first department account.
            match app::accounts::password_from_env_or_prompt(&say!(
                l,
                "环保部门账号 {} 的密码：",
                "Password for the department account {}: ",
                operator
            ))? {
                Some(password) => {
                    let account = app::accounts::new_account(
                        &operator,
                        app::Role::Department,
                        "",
                        Some(&password),
                        "",
                    )?;
                    app::accounts::add(&mut store, &operator, &account)?;
                }
                None => eprintln!(
                    "{}",
                    say!(
                        l,
                        "注意：没有建立账号（提示时没有输入密码，环境变量 {} 也没有给出）；第一个写入的人将建立环保部门账号。",
                        "Note: no account was made (no password at a prompt or in {}); the first person to write will set up the department account.",
                        app::accounts::PASSWORD_ENV
                    )
                ),
            }
            if demo {
                app::accounts::add_demo_accounts(&mut store, &operator)?;
            }
            println!(
                "{}",
                match demo {
                    true => say!(
                        l,
                        "已新建台账（华阳二矿示例）：{}",
                        "Created {} with the Huayang No.2 example",
                        shown(&file)
                    ),
                    false => say!(l, "已新建台账：{}", "Created {}", shown(&file)),
                }
            );
            // Whoever makes a ledger is the department: it names their key from the start.
            match app::keys::DepartmentKey::load_or_create(&paths).and_then(|key| {
                app::keys::sign_checkpoint(&mut store, &key, &operator, "sign").map(|_| key)
            }) {
                Ok(key) => println!(
                    "{}",
                    say!(
                        l,
                        "已用本部门密钥 {} 签名（{}）",
                        "Signed with the department key {} ({})",
                        crate::domain::signing::key_id(&key.public_key),
                        shown(&key.path)
                    )
                ),
                Err(e) => eprintln!(
                    "{}",
                    say!(
                        l,
                        "注意：台账已建立，但没有签名：{}",
                        "Note: the ledger was made but not signed: {}",
                        app::messages::app_error(l, &e)
                    )
                ),
            }
        }
        Command::Import {
            file,
            data,
            dry_run,
            reason,
        } if app::sheets::is_sheet_file(&data) => {
            let auth = if file.exists() && !dry_run {
                let store = app::open_file(&file, Access::ReadWrite)?;
                Some(app::accounts::authenticate_for_writing(
                    &store,
                    &operator,
                    app::Role::Department,
                    l,
                )?)
            } else {
                None
            };
            // A refused file is an error (exit 2), as a refused JSON file is; 1 is for `verify`
            // finding a problem.
            let (plan, written) =
                app::sheets::import_file(&file, &data, &operator, reason.as_deref(), dry_run, l)?;
            print_sheet_plan(&plan, l, written.is_none());
            if let Some(auth) = auth {
                app::accounts::record(&mut app::open_file(&file, Access::ReadWrite)?, &auth)?;
            }
        }
        Command::Import {
            file,
            data,
            dry_run,
            ..
        } => {
            if dry_run {
                bail!(
                    "{}",
                    say!(
                        l,
                        "--dry-run 用于列出表格会带来的改动；JSON 文件整体检查、要么全部导入要么一条不导入，请导入到台账的副本中试一试",
                        "--dry-run lists what a spreadsheet would change; a JSON file is checked whole and imported all or nothing, so import it into a copy of the ledger to try it"
                    )
                );
            }
            // Checked before, recorded after: a refused import leaves the ledger as it was.
            let auth = if file.exists() {
                let store = app::open_file(&file, Access::ReadWrite)?;
                Some(app::accounts::authenticate_for_writing(
                    &store,
                    &operator,
                    app::Role::Department,
                    l,
                )?)
            } else {
                None
            };
            let o = app::import_file(&file, &data, &operator)?;
            if let Some(auth) = auth {
                app::accounts::record(&mut app::open_file(&file, Access::ReadWrite)?, &auth)?;
            }
            let n = |n: usize| crate::domain::group_thousands(n as i128);
            println!(
                "{}",
                say!(
                    l,
                    "已导入 {} 条记录：{}",
                    "Imported {} records into {}",
                    n(o.records),
                    shown(&file)
                )
            );
            if o.present > 0 {
                println!(
                    "{}",
                    say!(
                        l,
                        "文件中有 {} 条记录台账里已有且相同，保持原样。",
                        "{} records of the file were already in the ledger, the same; they were left as they are.",
                        n(o.present)
                    )
                );
            }
            if !o.conflicts.is_empty() {
                println!(
                    "{}",
                    say!(
                        l,
                        "文件中有 {} 条记录与台账中同一编号的记录不同；它们没有导入，保留了台账的记录。请逐条比较，文件正确的请在台账中修改：",
                        "{} records of the file differ from the ledger's records of the same id; they were not imported and the ledger's were kept. Compare them and edit the ledger where the file is right:",
                        n(o.conflicts.len())
                    )
                );
                for c in o.conflicts.iter().take(50) {
                    println!(
                        "  {} ({} {}): {}",
                        c.path,
                        crate::i18n::ui::table_name(l, c.table),
                        c.id,
                        c.why
                    );
                }
                if o.conflicts.len() > 50 {
                    println!(
                        "  {}",
                        say!(
                            l,
                            "……另有 {} 条",
                            "... and {} more",
                            n(o.conflicts.len() - 50)
                        )
                    );
                }
            }
            if o.restored_audit > 0 {
                println!(
                    "{}",
                    say!(
                        l,
                        "已恢复 {} 条审计记录；审计链校验通过。",
                        "Restored {} audit entries; the audit chain verifies.",
                        n(o.restored_audit)
                    )
                );
            }
            if o.history_not_restored {
                println!(
                    "{}",
                    say!(
                        l,
                        "注意：台账不是空的，所以没有恢复文件中的审计历史；导入的记录按新记录审计。",
                        "Note: the file's audit history was not restored because the ledger was not empty; the imported records are audited as new."
                    )
                );
            }
        }
        Command::Export {
            file,
            out,
            force,
            format,
        } => {
            let store = open_to_read(&file, l)?;
            let xlsx = match format.as_deref() {
                Some(f) => f == "xlsx",
                None => out
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")),
            };
            let n = if xlsx {
                app::sheets::export_workbook(&store, &out, l, force)?
            } else {
                app::export_file(&store, &out, &operator, force)?
            };
            println!(
                "{}",
                say!(
                    l,
                    "已导出 {} 条记录：{}",
                    "Exported {} records to {}",
                    crate::domain::group_thousands(n as i128),
                    shown(&out)
                )
            );
        }
        Command::Template { file, out, force } => {
            let store = file.as_deref().map(|f| open_to_read(f, l)).transpose()?;
            app::sheets::write_template(store.as_ref(), &out, l, force)?;
            println!(
                "{}",
                say!(
                    l,
                    "已写出导入模板：{}",
                    "Wrote the template {}",
                    shown(&out)
                )
            );
        }
        Command::Summary { file, json, date } => {
            let store = open_to_read(&file, l)?;
            let s = app::summary(&store, date.unwrap_or_else(today))?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&app::summary_json(&s)).context("JSON")?
                );
            } else {
                print_summary(&s, l);
            }
        }
        Command::Verify {
            file,
            report,
            fingerprint,
            scan,
            ids,
        } if report.is_some() || fingerprint.is_some() || scan.is_some() => {
            // The PDF, or paper without it: the footer's fingerprint typed, or a page's photo.
            let (checked, paper) = match (&report, &fingerprint, &scan) {
                (Some(pdf), _, _) => (app::report::verify_report(&file, pdf), shown(pdf)),
                (None, Some(hex), _) => (app::report::verify_fingerprint(&file, hex), hex.clone()),
                (None, None, Some(picture)) => {
                    (app::report::verify_scan(&file, picture), shown(picture))
                }
                (None, None, None) => unreachable!("guarded above"),
            };
            // A check that cannot start (not a PDF, no fingerprint, no ledger …) is said in the
            // command's language, as the rest of verify's output is.
            let check = checked?;
            // A report is answered in its own language unless another is asked for.
            let lang = cli.lang.unwrap_or(check.token.lang);
            let said = app::verify::say_report(&check, lang, ids, &paper, &shown(&file));
            for line in &said.lines {
                println!("{line}");
            }
            println!("{}", said.conclusion);
            if let Some(next) = &said.next_step {
                eprintln!("{next}");
                return Ok(false);
            }
        }
        Command::Report {
            file,
            out,
            from,
            to,
        } => {
            let opts = ReportOptions::new(l, from, to);
            let key = app::keys::DepartmentKey::load(&paths)?;
            let r = app::report::print_report_signed(&file, &out, &opts, key.as_ref(), &|_| {})?;
            if r.signed() {
                // The ledger keeps a signed checkpoint of what this report was printed from.
                if let Err(e) = app::keys::checkpoint_file(&paths, &file, &operator, "report") {
                    eprintln!(
                        "{}",
                        say!(
                            l,
                            "注意：报告已签名，但未能在台账中写入检查点：{}",
                            "Note: the report is signed, but no checkpoint could be written into the ledger: {}",
                            app::messages::app_error(l, &e)
                        )
                    );
                }
            }
            // The department's computer keeps the report's token in the ledger, so its paper
            // checks with --fingerprint or --scan.
            if key.is_some()
                && let Err(e) = app::report::remember(&file, &r)
            {
                eprintln!(
                    "{}",
                    say!(
                        l,
                        "注意：这份报告没有记入台账（它的 PDF 仍可用 --report 核对）：{}",
                        "Note: the report was not recorded in the ledger (its PDF still checks with --report): {}",
                        app::messages::app_error(l, &e)
                    )
                );
            }
            if !r.signed() {
                // Said, with why and what to do: an unsigned report is not a failure.
                let named = app::open_file(&file, Access::ReadOnly)
                    .ok()
                    .and_then(|s| s.info("signing_key").ok().flatten());
                let why = match (&key, named) {
                    (None, _) => l.pick(
                        "本机没有部门签名密钥（报告由部门的电脑签名）",
                        "this computer holds no department signing key (the department's computer signs its reports)",
                    ),
                    (Some(_), None) => l.pick(
                        "台账还没有指定签名密钥：由环保部门用 `sign 台账` 签名",
                        "the ledger names no signing key yet: the department signs it with `sign LEDGER`",
                    ),
                    (Some(_), Some(_)) => l.pick(
                        "台账指定的是另一个部门的签名密钥，不是本机的",
                        "the ledger names another department's signing key than this computer's",
                    ),
                };
                eprintln!(
                    "{}",
                    say!(
                        l,
                        "注意：报告没有签名：{}。它的指纹仍可用来核对。",
                        "Note: the report is not signed: {}. Its fingerprint still checks it.",
                        why
                    )
                );
            }
            println!(
                "{}",
                say!(
                    l,
                    "已写出 {}（{} 页，{} 字节）；指纹 {}",
                    "Wrote {} ({} pages, {} bytes); fingerprint {}",
                    shown(&out),
                    r.pages,
                    r.pdf.len(),
                    r.token.fingerprint
                )
            );
        }
        Command::Verify { file, ids, .. } => {
            let store = open_to_read(&file, l)?;
            let key = app::keys::DepartmentKey::load(&paths)?;
            let check = app::verify::check_ledger(&store, key.as_ref())?;
            let said = app::verify::say_ledger(&check, l, ids, &shown(&file));
            for line in &said.lines {
                println!("{line}");
            }
            match &said.next_step {
                None => println!("{}", said.conclusion),
                Some(next) => {
                    eprintln!(
                        "{}",
                        crate::i18n::verify::and_then(l, &said.conclusion, next)
                    );
                    return Ok(false);
                }
            }
        }
        Command::Stress { file, count } => {
            use std::io::Write;
            let stdout = std::io::stdout();
            app::stress_writes(&file, count, &operator, |id, version| {
                let mut out = stdout.lock();
                writeln!(out, "committed {id} {version}")?;
                out.flush()
            })?;
        }
        Command::Key { export, import } => {
            let key = match import {
                Some(from) => app::keys::DepartmentKey::import(&paths, &from)?,
                None => app::keys::DepartmentKey::load_or_create(&paths)?,
            };
            println!(
                "{}",
                say!(
                    l,
                    "本部门签名密钥 {}（{}）",
                    "Department signing key {} ({})",
                    crate::domain::signing::key_id(&key.public_key),
                    shown(&key.path)
                )
            );
            println!("{}", say!(l, "公钥：{}", "Public key: {}", key.public_key));
            if let Some(out) = export {
                key.export(&out)?;
                println!(
                    "{}",
                    say!(
                        l,
                        "已导出到 {}（请妥善保密保存）",
                        "Exported to {} (keep it secret and safe)",
                        shown(&out)
                    )
                );
            }
        }
        Command::Package {
            file,
            contractor,
            out,
        } => {
            let mut store = app::open_file(&file, Access::ReadWrite)?;
            let auth = app::accounts::authenticate_for_writing(
                &store,
                &operator,
                app::Role::Department,
                l,
            )?;
            app::accounts::record(&mut store, &auth)?;
            drop(store);
            let p = app::package::make(&file, &contractor, &out, &operator)?;
            println!(
                "{}",
                say!(
                    l,
                    "已为{}生成外业包 {}（{} 条记录，{} 个账号），来自台账 {} 的第 {} 条审计记录：{}",
                    "Wrote the field package {1} for {0} ({2} records, {3} accounts) of ledger {4} at audit entry {5}: {6}",
                    p.contractor,
                    p.id,
                    p.records,
                    p.accounts,
                    p.office,
                    p.office_head.0,
                    shown(&out)
                )
            );
        }
        Command::Merge {
            file,
            package,
            dry_run,
        } => {
            // Checked before, recorded after: a refused merge leaves the ledger as it was.
            let store = app::open_file(&file, Access::ReadWrite)?;
            let auth = app::accounts::authenticate_for_writing(
                &store,
                &operator,
                app::Role::Department,
                l,
            )?;
            drop(store);
            let m = app::package::merge(&file, &package, &operator, dry_run)?;
            if !dry_run {
                app::accounts::record(&mut app::open_file(&file, Access::ReadWrite)?, &auth)?;
            }
            println!("{}", merged_line(l, &m));
            for (what, list) in [
                (l.pick("冲突", "CONFLICT"), &m.conflicts),
                (l.pick("拒收", "REFUSED"), &m.refused),
            ] {
                for c in list {
                    println!(
                        "{what}: {} ({} {}): {}",
                        c.path,
                        crate::i18n::ui::table_name(l, c.table),
                        c.id,
                        c.why
                    );
                }
            }
            if m.dry_run {
                println!(
                    "{}",
                    l.pick(
                        "未写入任何内容（--dry-run）。",
                        "Nothing was written (--dry-run)."
                    )
                );
            } else if !m.conflicts.is_empty() {
                println!(
                    "{}",
                    say!(
                        l,
                        "外业包中冲突记录的版本已留存在台账中：用 `conflicts {0}` 列出，用 `resolve {0} 编号 --take theirs|ours|both` 逐条处理。",
                        "The package's versions of the conflicts are kept in the ledger: list them with `conflicts {0}`, resolve each with `resolve {0} ID --take theirs|ours|both`.",
                        shown(&file)
                    )
                );
            }
            if let Some(receipt) = &m.receipt {
                println!(
                    "{}",
                    say!(
                        l,
                        "给施工单位的逐条回执：{}",
                        "The receipt for the contractor, record by record: {}",
                        shown(receipt)
                    )
                );
            }
        }
        Command::Conflicts { file } => {
            let store = open_to_read(&file, l)?;
            let open = app::conflicts::list_open(&store)?;
            if open.is_empty() {
                println!(
                    "{}",
                    l.pick("没有未处理的合并冲突。", "No open merge conflicts.")
                );
            }
            for v in &open {
                println!("{}", conflict_line(l, v));
                for d in &v.differences {
                    println!("  {}: {} → {}", d.field, d.ours, d.theirs);
                }
            }
        }
        Command::Resolve {
            file,
            conflict,
            take,
        } => {
            let store = app::open_file(&file, Access::ReadWrite)?;
            let auth = app::accounts::authenticate_for_writing(
                &store,
                &operator,
                app::Role::Department,
                l,
            )?;
            drop(store);
            let mut store = app::open_file(&file, Access::ReadWrite)?;
            let done = app::conflicts::resolve(
                &mut store,
                &operator,
                app::Role::Department,
                conflict,
                take,
            )?;
            app::accounts::record(&mut store, &auth)?;
            println!(
                "{}",
                say!(
                    l,
                    "已处理合并冲突 {}（{}）：台账中现在的记录是 {}",
                    "Resolved merge conflict {} ({}): the record now in the ledger is {}",
                    done.conflict,
                    done.take.code(),
                    done.record
                )
            );
        }
        Command::Sign { file } => {
            let key = app::keys::DepartmentKey::load_or_create(&paths)?;
            let mut store = app::open_file(&file, Access::ReadWrite)?;
            let auth = app::accounts::authenticate_for_writing(
                &store,
                &operator,
                app::Role::Department,
                l,
            )?;
            app::accounts::record(&mut store, &auth)?;
            let cp = app::keys::sign_checkpoint(&mut store, &key, &operator, "sign")?;
            println!(
                "{}",
                say!(
                    l,
                    "已用本部门密钥 {1} 签署第 {0} 条审计记录",
                    "Signed audit entry {0} with the department key {1}",
                    cp.seq,
                    crate::domain::signing::key_id(&key.public_key)
                )
            );
        }
        Command::Account { action } => match action {
            AccountAction::Add {
                file,
                name,
                role,
                company,
                os_login,
            } => {
                let mut store = app::open_file(&file, Access::ReadWrite)?;
                let auth = app::accounts::authenticate_for_writing(
                    &store,
                    &operator,
                    app::Role::Department,
                    l,
                )?;
                let password = match std::env::var(NEW_PASSWORD_ENV) {
                    Ok(p) => Some(p),
                    Err(_) if os_login.is_empty() => Some(
                        rpassword::prompt_password(say!(
                            l,
                            "新账号 {} 的密码：",
                            "Password for the new account {}: ",
                            name
                        ))
                        .map_err(|source| app::AppError::Read {
                            path: "<terminal>".into(),
                            source,
                        })?,
                    ),
                    Err(_) => None,
                };
                let account = app::accounts::new_account(
                    &name,
                    role,
                    &company,
                    password.as_deref(),
                    &os_login,
                )?;
                app::accounts::record(&mut store, &auth)?;
                app::accounts::add(&mut store, &operator, &account)?;
                println!(
                    "{}",
                    say!(
                        l,
                        "已添加{}账号 {}",
                        "Added the {} account {}",
                        match l {
                            Lang::Zh => app::messages::role(l, role),
                            Lang::En => app::accounts::role_code(role),
                        },
                        name
                    )
                );
            }
            AccountAction::List { file } => {
                let store = open_to_read(&file, l)?;
                for a in store.accounts()? {
                    let how = match (a.password_hash.is_empty(), a.os_login.is_empty()) {
                        (false, true) => l.pick("密码", "password").to_string(),
                        (true, false) => {
                            say!(l, "操作系统用户 {}", "os login {}", a.os_login)
                        }
                        _ => say!(
                            l,
                            "密码或操作系统用户 {}",
                            "password or os login {}",
                            a.os_login
                        ),
                    };
                    let role = match l {
                        Lang::Zh => app::messages::role(l, app::accounts::role_of(&a)).to_string(),
                        Lang::En => a.role.clone(),
                    };
                    println!(
                        "{}\t{role}\t{}\t{how}{}",
                        a.name,
                        a.company,
                        if a.active {
                            String::new()
                        } else {
                            format!("\t{}", l.pick("（已停用）", "(disabled)"))
                        }
                    );
                }
            }
        },
        Command::Schema => {
            println!(
                "{}",
                serde_json::to_string_pretty(&crate::exchange::schema::schema()).context("JSON")?
            );
        }
    }
    Ok(true)
}

/// An error as the user reads it, in `l`: the application's own errors in their words (what
/// happened, what to do, the path last), anything else with its causes, each said once.
pub fn error_message(l: Lang, e: &anyhow::Error) -> String {
    for cause in e.chain() {
        if let Some(a) = cause.downcast_ref::<app::AppError>() {
            return app::messages::app_error(l, a);
        }
        if let Some(s) = cause.downcast_ref::<app::StoreError>() {
            return app::messages::store_error(l, s);
        }
        if let Some(r) = cause.downcast_ref::<app::report::ReportFileError>() {
            return app::messages::report_file_error(l, r);
        }
        if let Some(r) = cause.downcast_ref::<app::refusal::Refusal>() {
            return r.say(l);
        }
    }
    // Messages that already quote their cause (an OS error in parentheses) do not repeat it.
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !out.contains(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
    }
    out
}

/// The line `main` prints for an error: "错误：…" / "error: …".
pub fn error_line(l: Lang, e: &anyhow::Error) -> String {
    format!("{}{}", l.pick("错误：", "error: "), error_message(l, e))
}

/// A merge as one line: what was done and how the package's records add up.
fn merged_line(l: Lang, m: &app::package::Merged) -> String {
    let total = m.added + m.updated + m.present + m.conflicts.len() + m.refused.len();
    let mib = format!("{:.1}", m.photo_bytes as f64 / 1_048_576.0);
    match l {
        Lang::En => m.to_string(),
        Lang::Zh => format!(
            "{}{}的外业包 {}：共 {total} 条记录 = 新增 {} + 修改 {} + 已有 {} + 冲突 {} + 拒收 {}；已核对 {} 张照片（{mib} MiB）；{} 条冲突留待环保部门处理",
            if m.dry_run {
                "试合并（未写入）"
            } else {
                "已合并"
            },
            m.contractor,
            m.package,
            m.added,
            m.updated,
            m.present,
            m.conflicts.len(),
            m.refused.len(),
            m.photos,
            m.conflicts.len()
        ),
    }
}

/// Whether a panic message is the print macros' complaint about a reader that went away
/// (`restoration-ledger summary | head`): "Broken pipe" on Unix; on Windows the pipe is "being
/// closed" (os error 232) or "not connected" (os error 233), or broken (os error 109).
pub fn is_closed_pipe_panic(payload: &str) -> bool {
    payload.starts_with("failed printing to stdout")
        && [
            "Broken pipe",
            "os error 232",
            "os error 233",
            "os error 109",
        ]
        .iter()
        .any(|m| payload.contains(m))
}

/// Opens the ledger to read; says so (in `lang`) when the view may miss changes kept in a `-wal`
/// beside it. Why it cannot be opened is said by [`error_message`].
fn open_to_read(file: &std::path::Path, lang: Lang) -> anyhow::Result<app::LedgerFile> {
    let store = app::open_file(file, Access::ReadOnly)?;
    if store.stale_wal() {
        eprintln!(
            "{}",
            crate::i18n::verify::stale_wal(lang, &file.display().to_string())
        );
    }
    Ok(store)
}

/// What a spreadsheet import added and changed (or would, with `dry_run`), cell by cell.
fn print_sheet_plan(plan: &crate::exchange::sheet::interpret::Plan, lang: Lang, dry_run: bool) {
    let zh = lang.is_zh();
    let (added, changed) = (plan.added.len(), plan.changed.len());
    println!(
        "{}",
        match (zh, dry_run) {
            (true, true) => format!(
                "试导入（未写入）：将新增 {added} 条记录，修改 {changed} 条，{} 条无变化。",
                plan.unchanged
            ),
            (true, false) => format!(
                "已导入：新增 {added} 条记录，修改 {changed} 条，{} 条无变化。",
                plan.unchanged
            ),
            (false, true) => format!(
                "Dry run (nothing written): would add {added} record(s), change {changed}; {} unchanged.",
                plan.unchanged
            ),
            (false, false) => format!(
                "Imported: added {added} record(s), changed {changed}; {} unchanged.",
                plan.unchanged
            ),
        }
    );
    if !plan.ignored.is_empty() {
        println!("{}", crate::i18n::ui::ignored_columns(lang, &plan.ignored));
    }
    for a in plan.added.iter().take(20) {
        println!(
            "  + {}",
            if zh {
                format!("工作表「{}」第 {} 行", a.sheet, a.row)
            } else {
                format!("sheet \"{}\" row {}", a.sheet, a.row)
            }
        );
    }
    if added > 20 {
        println!(
            "  + … {}",
            if zh {
                format!("另有 {} 条", added - 20)
            } else {
                format!("{} more", added - 20)
            }
        );
    }
    for c in &plan.changed {
        let cells = c
            .cells
            .iter()
            .map(|x| (x.header.as_str(), x.old.as_str(), x.new.as_str()));
        let lang = if zh { Lang::Zh } else { Lang::En };
        println!(
            "  ~ {}",
            crate::i18n::ui::sheet_change(lang, &c.sheet, c.row, cells)
        );
    }
}

/// The summary as a person reads it, in `l`: the article's sentence, the figures with their
/// units, plan vs actual, alarms, and each rule's verdict in words (no internal codes).
fn print_summary(s: &crate::domain::Summary, l: Lang) {
    use crate::i18n;
    let h = &s.headline;
    let m = |v: crate::domain::Milli| format_milli(v.0, 3);
    println!("{}", i18n::headline_sentence(l, h));
    println!();
    let figures = [
        (
            l.pick("累计排矸量", "Gangue dumped"),
            format!("{} {}", m(h.gangue_dumped), l.pick("吨", "t")),
        ),
        (
            l.pick("未闭合问题", "Problems not closed"),
            format!(
                "{}{}",
                h.open_problems,
                i18n::ui::aside(
                    l,
                    i18n::ui::labelled(l, l.pick("逾期", "overdue"), h.overdue_problems)
                )
            ),
        ),
        (
            l.pick("待审核管护记录", "After-care awaiting review"),
            h.pending_aftercare.to_string(),
        ),
    ];
    for (label, value) in figures {
        println!("{}", i18n::ui::labelled(l, label, value));
    }
    if !s.progress.is_empty() {
        println!();
        println!(
            "{}",
            [
                l.pick("工程项目", "Work"),
                l.pick("单位", "Unit"),
                l.pick("设计量", "Planned"),
                l.pick("完成量", "Completed"),
                l.pick("完成率", "Complete"),
            ]
            .join("\t")
        );
        for p in &s.progress {
            println!(
                "{}\t{}\t{}\t{}\t{}",
                i18n::work_kind(l, p.kind),
                p.kind.default_unit().symbol(l.is_zh()),
                m(p.planned),
                m(p.completed),
                p.percent_milli()
                    .map(crate::domain::rules::percent_text)
                    .unwrap_or_else(|| "—".into())
            );
        }
    }
    for d in &s.plan_disagreements {
        println!("{}", i18n::ui::plan_disagreement(l, d));
    }
    println!(
        "{}",
        if s.current_alarms.readings == 0 {
            i18n::ui::t(l, i18n::ui::S::NoFireAlarm).to_string()
        } else {
            i18n::ui::alarm_breakdown(l, s.current_alarms)
        }
    );
    if s.alarms.readings > 0 {
        println!("{}", i18n::ui::alarm_history(l, s.alarms));
    }
    println!();
    // Each rule worded as the report words it (its value, place, date, counts and why pending).
    for r in &s.rules {
        println!(
            "{}\t{}\t{}",
            i18n::verdict(l, r.verdict),
            i18n::rule_kind(l, r.kind),
            i18n::report::rule_measured(l, r).replace('\n', l.pick("；", "; "))
        );
    }
}

/// One open merge conflict, naming the record as a person does.
fn conflict_line(l: Lang, v: &app::conflicts::ConflictView) -> String {
    let c = &v.conflict;
    let mut named = vec![crate::i18n::ui::table_name(l, &c.record_table)];
    if let Some(bench) = &v.bench {
        named.push(say!(l, "{}号台阶", "bench {}", bench));
    }
    if let Some(date) = &v.date {
        named.push(date.clone());
    }
    if !v.contractor.is_empty() {
        named.push(v.contractor.clone());
    }
    if let Some(kind) = v.kind {
        named.push(crate::i18n::aftercare_kind(l, kind).to_string());
    }
    let why = match c.reason {
        crate::domain::ConflictReason::ReviewedSincePackaging => l.pick(
            "环保部门在打包后审核了它",
            "the office reviewed it after packaging",
        ),
        crate::domain::ConflictReason::ChangedSincePackaging => l.pick(
            "环保部门在打包后修改了它",
            "the office changed it after packaging",
        ),
    };
    say!(
        l,
        "冲突 {}：{}（记录 {}；外业包 {}：{}）",
        "CONFLICT {}: {} (record {}; field package {}: {})",
        c.meta.id,
        named.join(l.pick("，", ", ")),
        c.record_id,
        c.package_id,
        why
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_closed_pipe_is_recognised_on_unix_and_windows() {
        use super::is_closed_pipe_panic as closed;
        assert!(closed(
            "failed printing to stdout: Broken pipe (os error 32)"
        ));
        assert!(closed(
            "failed printing to stdout: Pipe not connected (os error 233)"
        ));
        assert!(closed(
            "failed printing to stdout: The pipe is being closed. (os error 232)"
        ));
        assert!(!closed(
            "failed printing to stdout: Access is denied. (os error 5)"
        ));
        assert!(!closed("index out of bounds"));
    }
}
