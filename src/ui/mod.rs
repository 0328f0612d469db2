//! The desktop window: menus, left navigation, status bar, and one view per file.
//!
//! Views read the session's cached records and emit [`Command`]s; this shell applies them through
//! the app layer, runs slow work as background jobs, and reports what happened.

pub mod aftercare;
pub mod benches;
pub mod conflicts;
pub mod form;
pub mod grid;
pub mod history;
pub mod merge_preview;
pub mod messages;
pub mod monitoring;
pub mod overview;
pub mod plantings;
pub mod print;
pub mod problems;
pub mod rules;
pub mod setup;
pub mod sheet_import;
pub mod start;
pub mod verify;
pub mod works;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use eframe::egui;

use crate::app::Role;
use crate::app::StoreError;
use crate::app::jobs::{Job, JobDone, JobKind};
use crate::app::session::{Command, Session, SessionError};
use crate::app::settings::{AppPaths, Settings};
use crate::app::sheets::ShownTable;
use crate::i18n::Lang;
use crate::i18n::ui::{self as tr, S, t};

/// The bundled CJK font (SIL OFL, see assets/fonts/OFL.txt).
use crate::assets::CJK_FONT;

/// Adds the CJK font after egui's own fonts, for proportional and monospace text, then the
/// fallback fonts the report uses too (CJK Extension B, symbols and emoji), so every character
/// the ledger stores shows in the window as it prints.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let mut names = vec![("noto_sans_cjk_sc".to_string(), CJK_FONT)];
    names.extend(
        crate::assets::FALLBACK_FONTS
            .iter()
            .map(|(name, bytes)| (name.to_string(), *bytes)),
    );
    for (name, bytes) in names {
        fonts
            .font_data
            .insert(name.clone(), Arc::new(egui::FontData::from_static(bytes)));
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts.families.entry(family).or_default().push(name.clone());
        }
    }
    ctx.set_fonts(fonts);
}

/// The program's icon for the title bar and the taskbar (assets/icon, the same as the `.exe`'s).
fn window_icon() -> Arc<egui::IconData> {
    let icon = image::load_from_memory(crate::assets::ICON_PNG)
        .map(|img| {
            let rgba = img.to_rgba8();
            egui::IconData {
                width: rgba.width(),
                height: rgba.height(),
                rgba: rgba.into_raw(),
            }
        })
        .unwrap_or_default();
    Arc::new(icon)
}

/// Opens the window (on `file`, else on the last ledger used) and runs until it is closed.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let paths = AppPaths::from_env();
    let size = Settings::load(&paths).window_size();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size(size)
            .with_min_inner_size(crate::app::settings::MIN_WINDOW_SIZE)
            .with_title(t(Lang::Zh, S::AppTitle))
            .with_icon(window_icon()),
        ..Default::default()
    };
    eframe::run_native(
        "restoration-ledger",
        options,
        Box::new(move |cc| {
            let mut app = LedgerApp::new(paths, file);
            app.attach(&cc.egui_ctx);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("The window could not be opened ({e}). Check the graphics driver, or use the command line."))
}

/// The left navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Overview,
    Benches,
    Works,
    Plantings,
    Aftercare,
    Problems,
    Monitoring,
    Rules,
    History,
    Setup,
}

impl View {
    pub const ALL: [View; 10] = [
        View::Overview,
        View::Benches,
        View::Works,
        View::Plantings,
        View::Aftercare,
        View::Problems,
        View::Monitoring,
        View::Rules,
        View::History,
        View::Setup,
    ];

    /// The code remembered in the settings.
    pub fn code(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Benches => "benches",
            View::Works => "works",
            View::Plantings => "plantings",
            View::Aftercare => "aftercare",
            View::Problems => "problems",
            View::Monitoring => "monitoring",
            View::Rules => "rules",
            View::History => "history",
            View::Setup => "setup",
        }
    }

    pub fn from_code(code: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.code() == code)
    }

    pub fn label(self) -> S {
        match self {
            View::Overview => S::NavOverview,
            View::Benches => S::NavBenches,
            View::Works => S::NavWorks,
            View::Plantings => S::NavPlantings,
            View::Aftercare => S::NavAftercare,
            View::Problems => S::NavProblems,
            View::Monitoring => S::NavMonitoring,
            View::Rules => S::NavRules,
            View::History => S::NavHistory,
            View::Setup => S::NavSetup,
        }
    }
}

/// A message above the view: what happened, or what went wrong and what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// How long a success message stays; errors stay until dismissed.
/// How tall a message may grow before it scrolls (points).
const NOTICE_MAX_HEIGHT: f32 = 140.0;
const NOTICE_SECONDS: f64 = 6.0;

/// The translated text of an error, keeping its detail (the path, the record); only a free-form
/// explanation from below (an invalid photo, say) stays in the program's words.
pub fn error_text(l: Lang, e: &SessionError) -> String {
    match e {
        SessionError::Denied { .. } => t(l, S::ErrDenied).to_string(),
        SessionError::CommentRequired => t(l, S::ErrCommentRequired).to_string(),
        SessionError::Store(StoreError::ReasonRequired { .. }) => {
            t(l, S::ErrReasonRequired).to_string()
        }
        SessionError::Store(e) => messages::store_error(l, e),
        SessionError::App(e) => messages::app_error(l, e),
        SessionError::Refused(r) => r.say(l),
        SessionError::InvalidRecord { faults, .. } => {
            let list: Vec<String> = faults.iter().map(|f| tr::invalid(l, f)).collect();
            match l {
                crate::i18n::Lang::Zh => {
                    format!("记录未保存：{}。请改正后再保存。", list.join("；"))
                }
                crate::i18n::Lang::En => format!(
                    "The record was not saved: {}. Correct it and save again.",
                    list.join("; ")
                ),
            }
        }
        SessionError::NotRectified => t(l, S::ErrNotRectified).to_string(),
        SessionError::OwnEntry => t(l, S::ErrOwnEntry).to_string(),
        SessionError::SignInRequired => t(l, S::SignInHint).to_string(),
        SessionError::OtherCompany { company } => tr::other_company(l, company),
        SessionError::Photo(e) => messages::photo_error(l, e),
        SessionError::ExtensionReasonRequired => t(l, S::ErrExtensionReason).to_string(),
        SessionError::DeadlineNotLater { current, new } => {
            tr::deadline_not_later(l, &current.to_string(), &new.to_string())
        }
        SessionError::ProblemClosed => t(l, S::ErrProblemClosed).to_string(),
        SessionError::NotPending { count } => tr::not_pending(l, *count),
        SessionError::NoMine => t(l, S::ErrNoMine).to_string(),
        SessionError::NoPile => t(l, S::ErrNoPile).to_string(),
        SessionError::StillReferred { referrers } => tr::still_referred(l, referrers),
    }
}

/// rfd's file dialog, or none where the system has no file dialog (then it picks nothing).
pub struct FileDialog(Option<rfd::FileDialog>);

impl FileDialog {
    fn with(self, f: impl FnOnce(rfd::FileDialog) -> rfd::FileDialog) -> FileDialog {
        FileDialog(self.0.map(f))
    }
    pub fn add_filter(self, name: impl Into<String>, extensions: &[impl ToString]) -> FileDialog {
        self.with(|d| d.add_filter(name, extensions))
    }
    pub fn set_file_name(self, name: impl Into<String>) -> FileDialog {
        self.with(|d| d.set_file_name(name))
    }
    pub fn set_directory(self, dir: impl AsRef<Path>) -> FileDialog {
        self.with(|d| d.set_directory(dir))
    }
    pub fn pick_file(self) -> Option<PathBuf> {
        self.0.and_then(rfd::FileDialog::pick_file)
    }
    pub fn pick_files(self) -> Option<Vec<PathBuf>> {
        self.0.and_then(rfd::FileDialog::pick_files)
    }
    pub fn save_file(self) -> Option<PathBuf> {
        self.0.and_then(rfd::FileDialog::save_file)
    }
}

/// Where the user goes from a form with unsaved changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leaving {
    To(View),
    Window,
    /// Another record of the same list, in place of the form's (the view keeps which).
    Replace,
    /// Another ledger (File › open, recent files).
    Open(PathBuf),
    /// A new ledger (File › new).
    Create(PathBuf),
    /// Working as someone else (the ledger is opened again).
    Identity(String, Role),
}

fn dialog_state(dialog: &mut Option<print::PrintDialog>, state: print::PrintState) {
    if let Some(d) = dialog.as_mut() {
        d.state = state;
    }
}

/// The whole window's state.
pub struct LedgerApp {
    paths: AppPaths,
    pub settings: Settings,
    pub session: Option<Session>,
    pub view: View,
    start: start::StartView,
    identity_open: bool,
    pub notice: Option<Notice>,
    /// When the current notice was first shown (context time), for fading success messages.
    notice_since: Option<(String, f64)>,
    jobs: Vec<Job>,
    /// The window's context, once known: fonts are installed into it and jobs wake it.
    ctx: Option<egui::Context>,
    shown_title: String,
    overview: overview::OverviewView,
    pub benches: benches::BenchesView,
    pub works: works::WorksView,
    pub plantings: plantings::PlantingsView,
    pub aftercare: aftercare::AftercareView,
    pub problems: problems::ProblemsView,
    monitoring: monitoring::MonitoringView,
    rules: rules::RulesView,
    pub history: history::HistoryView,
    pub setup: setup::SetupView,
    /// The print dialog, while open.
    pub print: Option<print::PrintDialog>,
    /// Whether the system can show file dialogs (see [`crate::app::files::file_dialog_available`]).
    pub file_dialogs: bool,
    /// Where the user wants to go while a form holds unsaved changes (asked first).
    pub leaving: Option<Leaving>,
    /// The user chose to close the window dropping unsaved changes.
    closing: bool,
    /// The last command met a record changed elsewhere: the records were reloaded, so the form
    /// holding the old one is closed and the change is made again on the fresh one.
    conflicted: bool,
    /// The sign-in dialog, while a ledger with accounts waits to be opened.
    pub sign_in: Option<SignIn>,
    /// The open ledger's "in use by" lock (dropped with the session it belongs to).
    lock: Option<crate::app::lock::LedgerLock>,
    /// Context time of the last checkpoint, and whether one is due now (a job ended).
    checkpointed_at: f64,
    checkpoint_due: bool,
    /// A spreadsheet import waiting for the department's word.
    pub sheet_preview: Option<sheet_import::SheetPreview>,
    pub merge_preview: Option<merge_preview::MergePreview>,
    /// What the last check of the ledger or of a report said (File › 校验台账 / 核验报告…).
    pub verified: Option<crate::app::verify::Said>,
    /// The merge conflicts window, while open.
    pub conflicts: Option<conflicts::ConflictsPanel>,
    /// The companies offered while the "field package for a contractor" dialog is open.
    pub package_for: Option<Vec<String>>,
}

/// A ledger waiting for its account and password.
#[derive(Debug, Clone)]
pub struct SignIn {
    pub path: PathBuf,
    pub name: String,
    pub password: String,
    pub repeat: String,
    /// The ledger has no accounts: this sets up the first (department) one.
    pub first: bool,
    /// The ledger is the example: its accounts are shown.
    pub example: bool,
    /// Why the last try failed, in the window's language.
    pub error: Option<String>,
    /// The last try failed because the two passwords differed (said until they match).
    pub mismatch: bool,
}

/// How often an idle window copies committed records from the `-wal` into the ledger file.
const CHECKPOINT_EVERY_S: f64 = 5.0;

impl LedgerApp {
    /// Reads the settings and opens `file`, else the last ledger (when name and role are known).
    pub fn new(paths: AppPaths, file: Option<PathBuf>) -> LedgerApp {
        let (settings, settings_problem) = Settings::load_checked(&paths);
        let view = View::from_code(&settings.view).unwrap_or(View::Overview);
        let mut app = LedgerApp {
            start: start::StartView::new(&settings),
            paths,
            settings,
            session: None,
            view,
            identity_open: false,
            notice: settings_problem.map(|text| Notice { text, error: true }),
            notice_since: None,
            jobs: Vec::new(),
            ctx: None,
            shown_title: String::new(),
            overview: Default::default(),
            benches: Default::default(),
            works: Default::default(),
            plantings: Default::default(),
            aftercare: Default::default(),
            problems: Default::default(),
            monitoring: Default::default(),
            rules: Default::default(),
            history: Default::default(),
            setup: Default::default(),
            print: None,
            file_dialogs: crate::app::files::file_dialog_available(),
            leaving: None,
            closing: false,
            conflicted: false,
            sign_in: None,
            lock: None,
            checkpointed_at: 0.0,
            checkpoint_due: false,
            sheet_preview: None,
            merge_preview: None,
            verified: None,
            conflicts: None,
            package_for: None,
        };
        let target = file.or_else(|| app.settings.last_file.clone().filter(|p| p.exists()));
        if let Some(path) = target {
            if app.settings.has_identity() {
                app.open(&path);
            } else {
                app.start.pending_file = Some(path);
            }
        }
        app
    }

    /// Installs fonts and image loaders into the window's context (once).
    pub fn attach(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            install_fonts(ctx);
            egui_extras::install_image_loaders(ctx);
            self.ctx = Some(ctx.clone());
        }
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    fn save_settings(&mut self) {
        if let Err(e) = self.settings.save(&self.paths) {
            self.notice = Some(Notice {
                text: messages::app_error(self.lang(), &e),
                error: true,
            });
        }
    }

    fn identity(&self) -> (String, Role) {
        (
            self.settings.operator.trim().to_string(),
            self.settings.role.unwrap_or(Role::Department),
        )
    }

    /// Opens a ledger as the current operator; a failure leaves the current one open. A ledger
    /// with accounts asks for the account and password first (the role comes from the account).
    pub fn open(&mut self, path: &Path) {
        let (name, role) = self.identity();
        let opened = Session::open(path, &name, role);
        self.opened(path, name, role, opened);
    }

    /// Takes the outcome of opening (or creating) a ledger: the session, or the sign-in dialog a
    /// ledger with accounts needs, or — for the department on a ledger without accounts — the
    /// dialog that sets up its first account.
    fn opened(
        &mut self,
        path: &Path,
        name: String,
        role: Role,
        opened: Result<Session, SessionError>,
    ) {
        match opened {
            Ok(s) if role == Role::Department && s.has_no_accounts().unwrap_or(false) => {
                drop(s);
                self.ask_sign_in(path, name, true);
            }
            // Without accounts nobody but the department (setting them up) writes: a contractor
            // reads until the department has made their account.
            Ok(s) if role == Role::Contractor && s.has_no_accounts().unwrap_or(false) => {
                drop(s);
                match Session::open(path, &name, Role::Auditor) {
                    Ok(s) => {
                        self.set_session(s);
                        self.notice = Some(Notice {
                            text: t(self.lang(), S::NoAccountsReadOnly).to_string(),
                            error: true,
                        });
                    }
                    Err(e) => self.fail(&e),
                }
            }
            Ok(s) => self.set_session(s),
            Err(SessionError::SignInRequired) => self.ask_sign_in(path, name, false),
            Err(e) => self.fail(&e),
        }
    }

    fn ask_sign_in(&mut self, path: &Path, name: String, first: bool) {
        // The example's accounts are public demo data: shown, so the example can be opened.
        let names = crate::app::accounts::account_names(path).unwrap_or_default();
        let example = crate::app::accounts::DEMO_ACCOUNTS
            .iter()
            .all(|(demo, ..)| names.iter().any(|n| n == demo));
        self.sign_in = Some(SignIn {
            path: path.to_path_buf(),
            name,
            password: String::new(),
            repeat: String::new(),
            first,
            example,
            error: None,
            mismatch: false,
        });
    }

    /// The sign-in dialog of a ledger with accounts.
    fn sign_in_dialog(&mut self, ctx: &egui::Context) {
        let l = self.lang();
        let Some(form) = self.sign_in.as_mut() else {
            return;
        };
        let mut submit = false;
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("sign_in")).show(ctx, |ui| {
            ui.set_width(420.0);
            if form.first {
                ui.heading(t(l, S::FirstAccountTitle));
                ui.label(t(l, S::FirstAccountHint));
            } else {
                ui.heading(t(l, S::SignInTitle));
                ui.label(t(l, S::SignInHint));
            }
            if form.example {
                ui.weak(t(l, S::ExampleAccounts));
            }
            ui.add_space(8.0);
            egui::Grid::new("sign_in_grid")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    let label = ui.label(t(l, S::AccountName));
                    ui.add(egui::TextEdit::singleline(&mut form.name).desired_width(220.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(t(l, S::Password));
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut form.password)
                                .password(true)
                                .desired_width(220.0),
                        )
                        .labelled_by(label.id);
                    // The name is known (remembered or typed): the cursor waits in the password.
                    if form.password.is_empty()
                        && !form.name.trim().is_empty()
                        && ui.memory(|m| m.focused().is_none())
                    {
                        r.request_focus();
                    }
                    // Enter in the last field submits.
                    let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if r.lost_focus() && enter && !form.first {
                        submit = true;
                    }
                    ui.end_row();
                    if form.first {
                        let label = ui.label(t(l, S::RepeatPassword));
                        let r = ui
                            .add(
                                egui::TextEdit::singleline(&mut form.repeat)
                                    .password(true)
                                    .desired_width(220.0),
                            )
                            .labelled_by(label.id);
                        if r.lost_focus() && enter {
                            submit = true;
                        }
                        ui.end_row();
                    }
                });
            if form.first {
                // The rule, before the first attempt.
                ui.weak(tr::password_rule(
                    l,
                    crate::app::accounts::MIN_PASSWORD_CHARS,
                ));
            }
            // "The passwords differ" goes once they match.
            if form.mismatch && form.password == form.repeat {
                form.mismatch = false;
                form.error = None;
            }
            if let Some(e) = &form.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                let go = if form.first {
                    S::SetUpAndSignIn
                } else {
                    S::SignIn
                };
                if ui.button(t(l, go)).clicked() {
                    submit = true;
                }
                if ui.button(t(l, S::Cancel)).clicked() {
                    cancel = true;
                }
            });
        });
        if cancel {
            self.sign_in = None;
            return;
        }
        if !submit {
            return;
        }
        if form.first && form.password != form.repeat {
            // What was typed in the first field stays; the repeat is typed again.
            form.error = Some(t(l, S::PasswordsDiffer).to_string());
            form.mismatch = true;
            form.repeat.clear();
            return;
        }
        let (path, name, password) = (form.path.clone(), form.name.clone(), form.password.clone());
        let opened = if form.first {
            Session::set_up_first_account(&path, &name, &password)
        } else {
            Session::sign_in(&path, &name, &password)
        };
        match opened {
            Ok(s) => {
                self.sign_in = None;
                self.settings.operator = s.operator.clone();
                self.settings.role = Some(s.role);
                self.set_session(s);
            }
            Err(e) => {
                let text = error_text(l, &e);
                if let Some(form) = self.sign_in.as_mut() {
                    form.password.clear();
                    form.repeat.clear();
                    form.error = Some(text);
                }
            }
        }
    }

    /// Creates a ledger (the example when `demo`) and opens it.
    pub fn create(&mut self, path: &Path, demo: bool) {
        let (name, role) = self.identity();
        // A contractor or auditor cannot fill a new ledger: it is created by the app as the
        // department's setup, then opened in the person's own role.
        let opened = Session::create(path, demo, &name, role, &self.paths);
        self.opened(path, name, role, opened);
    }

    /// Opens the example ledger, creating it on first use.
    pub fn open_example(&mut self) {
        let path = self.paths.example_ledger();
        if path.exists() {
            self.open(&path);
        } else {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            self.create(&path, true);
        }
    }

    fn set_session(&mut self, s: Session) {
        // A second window on the same ledger says who has it open, instead of failing later.
        self.lock = None;
        match crate::app::lock::LedgerLock::acquire(s.path(), &s.operator) {
            Ok(lock) => self.lock = lock,
            Err(busy) => {
                self.session = None;
                self.notice = Some(Notice {
                    text: tr::in_use(
                        self.lang(),
                        &busy.who,
                        &busy.host,
                        &busy.since,
                        &s.path().display().to_string(),
                    ),
                    error: true,
                });
                return;
            }
        }
        // The title and the status bar name the file: no message needed.
        let path = s.path().to_path_buf();
        self.notice = None;
        // A form holds a record of the session it was opened in: saved into another ledger (or
        // by another person) it would name a record that is not there.
        self.close_all_forms();
        self.conflicts = None;
        self.aftercare.receipt = None;
        self.aftercare.receipts_read += 1;
        // A contractor opening their field package sees what the office's merge did with it,
        // when the receipt lies beside the package.
        let beside = match s.package_id() {
            Ok(Some(id)) => crate::app::package::receipt_beside(&path, &id),
            Ok(None) => Ok(None),
            Err(e) => Err(crate::app::AppError::Store(e)),
        };
        self.session = Some(s);
        match beside {
            Ok(marks) => self.aftercare.receipt = marks,
            Err(e) => {
                self.notice = Some(Notice {
                    text: messages::app_error(self.lang(), &e),
                    error: true,
                })
            }
        }
        self.settings.remember(&path);
        self.save_settings();
    }

    /// Reads the merge receipt at `path` for the open field package: the after-care list marks
    /// what became of each entry.
    pub fn open_receipt(&mut self, path: &Path) {
        let l = self.lang();
        let Some(s) = &self.session else { return };
        let read = match s.package_id() {
            Ok(id) => crate::app::package::read_receipt(path, id.as_deref()),
            Err(e) => Err(crate::app::AppError::Store(e)),
        };
        match read {
            Ok(marks) => {
                self.notice = Some(Notice {
                    text: tr::receipt_read(l, marks.outcomes.len(), &path.display().to_string()),
                    error: false,
                });
                self.aftercare.receipt = Some(marks);
                self.aftercare.receipts_read += 1;
                self.go_to(View::Aftercare);
            }
            Err(e) => {
                self.notice = Some(Notice {
                    text: messages::app_error(l, &e),
                    error: true,
                })
            }
        }
    }

    fn fail(&mut self, e: &SessionError) {
        self.notice = Some(Notice {
            text: error_text(self.lang(), e),
            error: true,
        });
    }

    /// Sets who is working; the open ledger is opened again in the new role.
    pub fn set_identity(&mut self, name: &str, role: Role) {
        self.settings.operator = name.trim().to_string();
        self.settings.role = Some(role);
        self.save_settings();
        if let Some(path) = self.session.as_ref().map(|s| s.path().to_path_buf()) {
            self.session = None;
            self.open(&path);
        }
    }

    /// Whether the form on screen holds changes not saved yet.
    fn unsaved(&self) -> bool {
        self.ctx.as_ref().is_some_and(form::unsaved_changes)
    }

    /// Does `leaving` now, or asks first when a form holds unsaved changes.
    fn leave_asking(&mut self, leaving: Leaving) {
        if self.unsaved() {
            self.leaving = Some(leaving);
        } else {
            self.leave(leaving);
        }
    }

    /// Goes where the user asked to (any changes in a form dropped).
    fn leave(&mut self, leaving: Leaving) {
        match leaving {
            Leaving::To(v) => self.go_to(v),
            Leaving::Window => {
                self.closing = true;
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Leaving::Replace => {
                if let Some(ctx) = &self.ctx {
                    form::answer_replace(ctx, true);
                }
            }
            Leaving::Open(path) => {
                self.close_all_forms();
                self.open(&path);
            }
            Leaving::Create(path) => {
                self.close_all_forms();
                self.create(&path, false);
            }
            Leaving::Identity(name, role) => {
                self.close_all_forms();
                self.set_identity(&name, role);
            }
        }
    }

    /// Leaves the current view for `v`, asking first when its form holds unsaved changes.
    fn leave_to(&mut self, v: View, ctx: &egui::Context) {
        if form::unsaved_changes(ctx) {
            self.leaving = Some(Leaving::To(v));
        } else {
            self.go_to(v);
        }
    }

    /// Closes every view's form.
    fn close_all_forms(&mut self) {
        self.works.close_form();
        self.benches.close_form();
        self.plantings.close_form();
        self.aftercare.close_form();
        self.problems.close_form();
        self.monitoring.close_form();
        self.rules.close_form();
        self.setup.close();
        if let Some(ctx) = &self.ctx {
            form::forget_changes(ctx);
        }
    }

    /// Closes the form of the current view, dropping what was typed.
    fn drop_form(&mut self, ctx: &egui::Context) {
        match self.view {
            View::Works => self.works.close_form(),
            View::Benches => self.benches.close_form(),
            View::Plantings => self.plantings.close_form(),
            View::Aftercare => self.aftercare.close_form(),
            View::Problems => self.problems.close_form(),
            View::Monitoring => self.monitoring.close_form(),
            View::Rules => self.rules.close_form(),
            View::Setup => self.setup.close(),
            View::Overview | View::History => {}
        }
        form::forget_changes(ctx);
    }

    /// The question before unsaved changes are dropped: leave (dropping them) or keep editing.
    fn leaving_dialog(&mut self, ctx: &egui::Context) {
        let Some(leaving) = self.leaving.clone() else {
            return;
        };
        let l = self.lang();
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("unsaved_changes")).show(ctx, |ui| {
            ui.set_width(420.0);
            form::heading(ui, t(l, S::UnsavedTitle));
            ui.label(t(l, S::UnsavedText));
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button(t(l, S::KeepEditing)).clicked() {
                    answer = Some(false);
                }
                if ui.button(t(l, S::DiscardAndLeave)).clicked() {
                    answer = Some(true);
                }
            });
        });
        if modal.should_close() && answer.is_none() {
            answer = Some(false);
        }
        match answer {
            Some(true) => {
                self.leaving = None;
                // The view replaces its own form with the record asked for.
                if leaving != Leaving::Replace {
                    self.drop_form(ctx);
                }
                self.leave(leaving);
            }
            Some(false) => {
                self.leaving = None;
                if leaving == Leaving::Replace {
                    form::answer_replace(ctx, false);
                }
            }
            None => {}
        }
    }

    /// Closing the window with unsaved changes in a form asks first.
    fn ask_before_closing(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.closing
            && form::unsaved_changes(ctx)
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.leaving = Some(Leaving::Window);
        }
    }

    /// Shows the view `v` (remembered for the next start).
    pub fn go_to(&mut self, v: View) {
        self.view = v;
        self.settings.view = v.code().to_string();
        self.save_settings();
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.settings.lang = lang;
        self.save_settings();
    }

    /// Applies a view's command; returns whether it succeeded.
    pub fn apply(&mut self, cmd: Command) -> bool {
        let lang = self.lang();
        let Some(session) = self.session.as_mut() else {
            return false;
        };
        let silent = cmd.is_read();
        // A batch review says how many it reviewed, not just "saved".
        let reviewed = match &cmd {
            Command::ReviewMany {
                entries, approve, ..
            } => Some(tr::batch_reviewed(lang, entries.len(), *approve)),
            _ => None,
        };
        match session.apply(cmd) {
            Ok(()) => {
                if !silent {
                    self.notice = Some(Notice {
                        text: reviewed.unwrap_or_else(|| t(lang, S::Saved).to_string()),
                        error: false,
                    });
                    // A second "saved" is a new message: it stays its full time (it vanished at
                    // once when the first one had been shown for long).
                    self.notice_since = None;
                }
                true
            }
            Err(e) => {
                if matches!(e, SessionError::Store(StoreError::Conflict { .. })) {
                    let _ = session.reload();
                    self.conflicted = true;
                }
                self.fail(&e);
                false
            }
        }
    }

    /// Rows pasted into a list of the current view: its table, and the text.
    fn take_paste(&mut self) -> Option<(&'static str, String)> {
        match self.view {
            View::Works => self.works.grid.pasted.take().map(|t| ("works", t)),
            View::Aftercare => self.aftercare.grid.pasted.take().map(|t| ("aftercare", t)),
            View::Plantings => self
                .plantings
                .plantings
                .pasted
                .take()
                .map(|t| ("plantings", t)),
            _ => None,
        }
    }

    /// The grid of the current view whose 导出此表 button was clicked: `Some(second)` names
    /// which of the view's tables (the plantings view has two).
    fn take_table_export_request(&mut self) -> Option<bool> {
        let take = |g: &mut grid::Grid| std::mem::take(&mut g.export_wanted);
        match self.view {
            View::Works => take(&mut self.works.grid).then_some(false),
            View::Aftercare => take(&mut self.aftercare.grid).then_some(false),
            View::Problems => take(&mut self.problems.grid).then_some(false),
            View::History => take(&mut self.history.grid).then_some(false),
            View::Benches => take(&mut self.benches.grid).then_some(false),
            View::Plantings => {
                if take(&mut self.plantings.plantings) {
                    Some(true)
                } else {
                    take(&mut self.plantings.surveys).then_some(false)
                }
            }
            _ => None,
        }
    }

    /// The table the current view shows, with its sort and filter (for the plantings view, its
    /// surveys, or its plantings if `second`); none where the view has no table.
    pub fn shown_table(&self, second: bool) -> Option<ShownTable> {
        let s = self.session.as_ref()?;
        let l = self.lang();
        match self.view {
            View::Works => Some(self.works.shown_table(l, s)),
            View::Aftercare => Some(self.aftercare.shown_table(l, s)),
            View::Problems => Some(self.problems.shown_table(l, s)),
            View::History => self.history.shown_table(l, s),
            View::Benches => self.benches.shown_table(l, s),
            View::Plantings => Some(self.plantings.shown_table(l, s, second)),
            _ => None,
        }
    }

    fn table_name(&self, second: bool) -> String {
        let l = self.lang();
        let view = t(l, self.view.label());
        match (self.view, second) {
            (View::Plantings, true) => t(l, S::SectionPlantings).to_string(),
            (View::Plantings, false) => t(l, S::SectionSurveys).to_string(),
            _ => view.to_string(),
        }
    }

    /// Writes the table the current view shows to the workbook `path` (a background job);
    /// says so when the view has no table.
    pub fn export_table(&mut self, path: &Path, second: bool) {
        match self.shown_table(second) {
            Some(table) => self.start_job(JobKind::ExportTable(
                path.to_path_buf(),
                crate::app::jobs::SharedTable(Arc::new(table)),
            )),
            None => {
                self.notice = Some(Notice {
                    text: t(self.lang(), S::NoTableHere).to_string(),
                    error: true,
                });
            }
        }
    }

    /// Starts a background job (what the File menu does once a file is chosen).
    pub fn start_job(&mut self, kind: JobKind) {
        let Some(s) = &self.session else { return };
        let ctx = self.ctx.clone();
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
            if let Some(c) = &ctx {
                c.request_repaint();
            }
        });
        match Job::spawn(
            kind,
            s.path().to_path_buf(),
            s.operator.clone(),
            s.role,
            wake,
        ) {
            Ok(job) => self.jobs.push(job),
            Err(e) => self.fail(&SessionError::App(e)),
        }
    }

    /// Collects finished jobs.
    /// Every few seconds, and whenever a job has ended, the ledger file is brought up to date with
    /// its `-wal` (see [`Session::checkpoint`]); a failure is shown once, and retried.
    fn checkpoint_when_idle(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        if now - self.checkpointed_at < CHECKPOINT_EVERY_S && !self.checkpoint_due {
            return;
        }
        self.checkpointed_at = now;
        self.checkpoint_due = false;
        self.checkpoint_now();
    }

    /// Brings the ledger file up to date with its `-wal` now (idle tick, job end, closing).
    pub fn checkpoint_now(&mut self) {
        if let Some(s) = self.session.as_mut()
            && let Err(e) = s.checkpoint()
        {
            self.fail(&e);
        }
    }

    fn poll_jobs(&mut self) {
        let lang = self.lang();
        let mut finished = Vec::new();
        self.jobs.retain_mut(|j| match j.take_result() {
            Some(r) => {
                finished.push((j.kind.clone(), r));
                false
            }
            None => true,
        });
        for (kind, r) in finished {
            self.checkpoint_due = true;
            if matches!(kind, JobKind::Report(..)) && self.report_finished(lang, &r) {
                continue;
            }
            match r {
                Ok(done) => {
                    if done.changed_data()
                        && let Some(s) = self.session.as_mut()
                        && let Err(e) = s.reload()
                    {
                        self.fail(&e);
                        continue;
                    }
                    let text = match &done {
                        JobDone::Imported(o) => tr::imported(
                            lang,
                            o.records,
                            o.present,
                            o.conflicts.len(),
                            o.restored_audit,
                        ),
                        JobDone::Exported { records, path } => {
                            tr::exported(lang, *records, &path.display().to_string())
                        }
                        JobDone::BackedUp(p) => tr::backed_up(lang, &p.display().to_string()),
                        JobDone::Reported { path, signed } => {
                            tr::reported_signed(lang, &path.display().to_string(), *signed)
                        }
                        JobDone::Templated(p) => tr::templated(lang, &p.display().to_string()),
                        JobDone::SheetImported(w) => tr::sheet_imported(lang, w.added, w.changed),
                        JobDone::Packaged(made, path) => tr::packaged(
                            lang,
                            &made.contractor,
                            made.records,
                            &path.display().to_string(),
                        ),
                        JobDone::Verified(said) => {
                            self.verified = Some(said.clone());
                            continue;
                        }
                        JobDone::MergePlanned { path, merge } => {
                            self.merge_preview = Some(merge_preview::MergePreview {
                                path: path.clone(),
                                merge: merge.clone(),
                            });
                            continue;
                        }
                        JobDone::Merged(m) if !m.conflicts.is_empty() => {
                            // The department sees at once what waits for its decision.
                            self.conflicts = Some(Default::default());
                            tr::merged(
                                lang,
                                m.added,
                                m.updated,
                                m.conflicts.len(),
                                &m.receipt
                                    .as_ref()
                                    .map(|p| p.display().to_string())
                                    .unwrap_or_default(),
                            )
                        }
                        JobDone::Merged(m) => tr::merged(
                            lang,
                            m.added,
                            m.updated,
                            m.conflicts.len(),
                            &m.receipt
                                .as_ref()
                                .map(|p| p.display().to_string())
                                .unwrap_or_default(),
                        ),
                        JobDone::Planned { path, plan } => {
                            self.sheet_preview =
                                Some(sheet_import::SheetPreview::new(path.clone(), plan.clone()));
                            continue;
                        }
                    };
                    self.notice = Some(Notice { text, error: false });
                }
                Err(e) => {
                    self.notice = Some(Notice {
                        text: messages::app_error(lang, &e),
                        error: true,
                    })
                }
            }
        }
    }

    /// A report's job ended: the print dialog, when open, shows how (true), else the notice.
    fn report_finished(
        &mut self,
        lang: Lang,
        r: &Result<JobDone, Arc<crate::app::AppError>>,
    ) -> bool {
        let Some(dialog) = self.print.as_mut() else {
            return false;
        };
        dialog.state = match r {
            Ok(JobDone::Reported { path, signed }) => {
                print::PrintState::Done(path.clone(), *signed)
            }
            Ok(_) => return false,
            Err(e) => print::PrintState::Failed(messages::app_error(lang, e)),
        };
        true
    }

    /// A file dialog, or — where the system has none (Linux without a desktop portal or zenity,
    /// where every dialog returned at once as if cancelled) — a message saying why and what to
    /// do, and a dialog that picks nothing.
    /// A system file dialog, opening in the open ledger's folder (else the documents folder).
    fn file_dialog(&mut self) -> FileDialog {
        if self.file_dialogs {
            let folder = self
                .session
                .as_ref()
                .and_then(|s| s.path().parent().map(Path::to_path_buf))
                .filter(|d| d.is_dir())
                .unwrap_or_else(|| self.paths.documents_dir.clone());
            FileDialog(Some(rfd::FileDialog::new().set_directory(folder)))
        } else {
            self.notice = Some(Notice {
                text: t(self.lang(), S::NoFileDialog).to_string(),
                error: true,
            });
            FileDialog(None)
        }
    }

    /// The "field package for a contractor" dialog: one button per company with accounts; the
    /// package is then saved beside the ledger, named by month and company.
    fn package_dialog(&mut self, ctx: &egui::Context) {
        let l = self.lang();
        let Some(names) = self.package_for.clone() else {
            return;
        };
        let mut chosen = None;
        let mut close = false;
        egui::Modal::new(egui::Id::unique("package_for")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading(t(l, S::MakePackage));
            if names.is_empty() {
                ui.label(t(l, S::NoContractorAccounts));
            } else {
                ui.label(t(l, S::PackageFor));
                for name in &names {
                    if ui.button(name).clicked() {
                        chosen = Some(name.clone());
                    }
                }
            }
            ui.separator();
            if ui.button(t(l, S::Cancel)).clicked() {
                close = true;
            }
        });
        if close {
            self.package_for = None;
        }
        let Some(company) = chosen else {
            return;
        };
        self.package_for = None;
        let Some(folder) = self
            .session
            .as_ref()
            .and_then(|s| s.path().parent().map(Path::to_path_buf))
        else {
            return;
        };
        let name = format!("{}_{company}.ledger", crate::clock::today().format("%Y-%m"));
        if let Some(out) = self
            .file_dialog()
            .set_directory(&folder)
            .set_file_name(name)
            .add_filter(t(l, S::PackageFiles), &["ledger"])
            .save_file()
        {
            self.start_job(JobKind::Package {
                out,
                contractor: company,
            });
        }
    }

    /// The print dialog, while open, and what it asks for.
    fn print_dialog(&mut self, ctx: &egui::Context) {
        let l = self.lang();
        let progress = self
            .jobs
            .iter()
            .find(|j| matches!(j.kind, JobKind::Report(..)))
            .map(|j| j.state().fraction);
        let Some(dialog) = self.print.as_mut() else {
            return;
        };
        let Some(action) = dialog.ui(ctx, l, progress) else {
            return;
        };
        match action {
            print::PrintAction::Start(path, opts) => {
                // Said in the dialog, in the window's language, before any work is done.
                let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
                let refused = if path.is_dir() {
                    Some(S::ErrPrintIsFolder)
                } else if folder.is_some_and(|f| !f.is_dir()) {
                    Some(S::ErrPrintNoFolder)
                } else {
                    None
                };
                if let Some(why) = refused {
                    dialog_state(&mut self.print, print::PrintState::Choosing(Some(why)));
                    return;
                }
                let before = self.jobs.len();
                self.start_job(JobKind::Report(path, opts));
                if let Some(d) = self.print.as_mut()
                    && self.jobs.len() > before
                {
                    d.state = print::PrintState::Running;
                }
            }
            print::PrintAction::Cancel => {
                if let Some(i) = self
                    .jobs
                    .iter()
                    .position(|j| matches!(j.kind, JobKind::Report(..)))
                {
                    // The thread stops before writing and ends on its own; its result is dropped.
                    self.jobs.remove(i).cancel();
                }
                dialog_state(&mut self.print, print::PrintState::Choosing(None));
                self.notice = Some(Notice {
                    text: t(l, S::PrintCancelled).to_string(),
                    error: false,
                });
            }
            print::PrintAction::Browse => {
                let current = PathBuf::from(dialog.path.trim());
                let mut pick = self.file_dialog().add_filter(t(l, S::PdfFiles), &["pdf"]);
                if let Some(dir) = current.parent().filter(|d| d.is_dir()) {
                    pick = pick.set_directory(dir);
                }
                if let Some(name) = current.file_name() {
                    pick = pick.set_file_name(name.to_string_lossy());
                }
                if let Some(p) = pick.save_file()
                    && let Some(d) = self.print.as_mut()
                {
                    d.chosen(&p);
                }
            }
            print::PrintAction::Open(path) | print::PrintAction::OpenFolder(path) => {
                if let Err(e) = crate::app::files::open_with_system(&path) {
                    self.notice = Some(Notice {
                        text: tr::open_failed(l, &path.display().to_string(), &e.to_string()),
                        error: true,
                    });
                }
            }
            print::PrintAction::Close => self.print = None,
        }
    }

    fn ledger_file_name(&self) -> Option<String> {
        self.session.as_ref().map(|s| {
            s.path()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let app = t(self.lang(), S::AppTitle);
        let title = match self.ledger_file_name() {
            Some(name) => format!("{name} — {app}"),
            None => app.to_string(),
        };
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    /// Notes the window's size (saved with the settings, at the latest when the window closes).
    fn remember_size(&mut self, ctx: &egui::Context) {
        let Some(rect) = ctx.input(|i| i.viewport().inner_rect) else {
            return;
        };
        let size = [rect.width().round(), rect.height().round()];
        if self.settings.window_size != Some(size) {
            self.settings.window_size = Some(size);
        }
    }

    /// The window title as last sent.
    pub fn title(&self) -> &str {
        &self.shown_title
    }

    /// Draws the whole window: the eframe app and the tests both call this.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.attach(ui.ctx());
        self.remember_size(ui.ctx());
        self.poll_jobs();
        self.checkpoint_when_idle(ui.ctx());
        self.update_title(ui.ctx());
        let l = self.lang();
        egui::Panel::top("menu_bar").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar(ui));
        self.sign_in_dialog(ui.ctx());
        let need_identity = !self.settings.has_identity();
        if self.session.is_none() || need_identity {
            egui::CentralPanel::default_margins().show(ui, |ui| {
                self.notice_banner(ui);
                if let Some(choice) = self.start.ui(ui, l, self.session.is_some()) {
                    self.on_start_choice(choice);
                }
            });
            form::settle_unsaved(ui.ctx());
            return;
        }
        egui::Panel::left("navigation")
            .resizable(false)
            .exact_size(150.0)
            .show(ui, |ui| {
                ui.add_space(6.0);
                for v in View::ALL {
                    let selected = self.view == v;
                    let text = egui::RichText::new(t(l, v.label())).size(15.0);
                    if ui.selectable_label(selected, text).clicked() && !selected {
                        self.leave_to(v, ui.ctx());
                    }
                    ui.add_space(2.0);
                }
            });
        if let Some(v) = self.overview.open_view.take() {
            if std::mem::take(&mut self.overview.pending_only) {
                self.aftercare.pending_only = true;
            }
            // The rejected entries: the list filtered to 已退回.
            if std::mem::take(&mut self.overview.rejected_only) {
                self.aftercare.pending_only = false;
                self.aftercare.grid.choose(
                    S::ColReview,
                    crate::i18n::review_state(l, crate::domain::ReviewState::Rejected),
                );
            }
            self.go_to(v);
        }
        if std::mem::take(&mut self.overview.open_conflicts) {
            self.conflicts = Some(Default::default());
        }
        // The department may paste rows copied in Excel into the lists that take them.
        let pastable = self
            .session
            .as_ref()
            .is_some_and(|s| s.role == crate::app::Role::Department);
        for grid in [
            &mut self.works.grid,
            &mut self.aftercare.grid,
            &mut self.plantings.plantings,
        ] {
            grid.pastable = pastable;
        }
        let mut commands = Vec::new();
        egui::CentralPanel::default_margins().show(ui, |ui| {
            self.notice_banner(ui);
            let Some(s) = &self.session else { return };
            match self.view {
                View::Overview => self.overview.ui(ui, l, s, &mut commands),
                View::Benches => self.benches.ui(ui, l, s, &mut commands),
                View::Works => self.works.ui(ui, l, s, &mut commands),
                View::Plantings => self.plantings.ui(ui, l, s, &mut commands),
                View::Aftercare => self.aftercare.ui(ui, l, s, &mut commands),
                View::Problems => self.problems.ui(ui, l, s, &mut commands),
                View::Monitoring => self.monitoring.ui(ui, l, s, &mut commands),
                View::Rules => self.rules.ui(ui, l, s, &mut commands),
                View::History => self.history.ui(ui, l, s, &mut commands),
                View::Setup => self.setup.ui(ui, l, s, &mut commands),
            }
        });
        form::settle_unsaved(ui.ctx());
        if form::take_replace_request(ui.ctx()) {
            self.leaving = Some(Leaving::Replace);
        }
        for cmd in commands {
            let read = cmd.is_read();
            let ok = self.apply(cmd) || std::mem::take(&mut self.conflicted);
            if !read {
                match self.view {
                    View::Works => self.works.done(ok),
                    View::Aftercare => self.aftercare.done(ok),
                    View::Problems => self.problems.done(ok),
                    View::Rules => self.rules.done(ok),
                    View::Benches => self.benches.done(ok),
                    View::Plantings => self.plantings.done(ok),
                    View::Monitoring => self.monitoring.done(ok),
                    View::Setup => self.setup.done(ok),
                    _ => {}
                }
            }
        }
        if let Some((table, text)) = self.take_paste() {
            let source = PathBuf::from(tr::pasted_into(l, t(l, self.view.label())));
            self.start_job(JobKind::PlanPaste {
                table,
                text,
                source,
                lang: l,
            });
        }
        if let Some(second) = self.take_table_export_request() {
            let name = format!("{}.xlsx", self.table_name(second));
            if let Some(p) = self
                .file_dialog()
                .add_filter(t(l, S::XlsxFiles), &["xlsx"])
                .set_file_name(name)
                .save_file()
            {
                self.export_table(&p, second);
            }
        }
        if self.identity_open {
            self.identity_dialog(ui.ctx());
        }
        self.print_dialog(ui.ctx());
        self.ask_before_closing(ui.ctx());
        self.leaving_dialog(ui.ctx());
        self.package_dialog(ui.ctx());
        if std::mem::take(&mut self.aftercare.open_conflicts) {
            self.conflicts = Some(Default::default());
        }
        let asked = match (self.conflicts.as_mut(), &self.session) {
            (Some(panel), Some(s)) => panel.ui(ui.ctx(), l, s),
            _ => None,
        };
        match asked {
            Some(conflicts::PanelAction::Close) => self.conflicts = None,
            Some(action) => {
                if let Some(cmd) = action.command() {
                    self.apply(cmd);
                }
            }
            None => {}
        }
        if let Some(said) = &self.verified {
            let mut open = true;
            verify::window(ui.ctx(), l, said, &mut open);
            if !open {
                self.verified = None;
            }
        }
        if let Some(preview) = self.merge_preview.as_mut() {
            match preview.ui(ui.ctx(), l) {
                Some(merge_preview::Decision::Merge(package)) => {
                    self.merge_preview = None;
                    self.start_job(JobKind::Merge(package));
                }
                Some(merge_preview::Decision::Close) => self.merge_preview = None,
                None => {}
            }
        }
        if let Some(preview) = self.sheet_preview.as_mut() {
            match preview.ui(ui.ctx(), l) {
                Some(sheet_import::Decision::Import { plan, reason }) => {
                    self.sheet_preview = None;
                    self.start_job(JobKind::ApplySheet { plan, reason });
                }
                Some(sheet_import::Decision::Close) => self.sheet_preview = None,
                None => {}
            }
        }
        if !self.jobs.is_empty() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn on_start_choice(&mut self, choice: start::Choice) {
        if let Some((name, role)) = self.start.identity() {
            self.settings.operator = name;
            self.settings.role = Some(role);
            self.save_settings();
        }
        match choice {
            start::Choice::Example => self.open_example(),
            start::Choice::New => {
                if let Some(p) = self.pick_new_ledger() {
                    self.create(&p, false);
                }
            }
            start::Choice::Open => {
                if let Some(p) = self.pick_ledger() {
                    self.open(&p);
                }
            }
            start::Choice::Continue => {
                if let Some(p) = self.start.pending_file.take() {
                    self.open(&p);
                } else if let Some(p) = self.session.as_ref().map(|s| s.path().to_path_buf()) {
                    self.open(&p);
                }
            }
        }
    }

    fn pick_ledger(&mut self) -> Option<PathBuf> {
        self.file_dialog()
            .add_filter(t(self.lang(), S::LedgerFiles), &["ledger", "db", "sqlite"])
            .set_directory(&self.paths.documents_dir)
            .pick_file()
    }

    fn pick_new_ledger(&mut self) -> Option<PathBuf> {
        let name = self.lang().pick("新台账.ledger", "New ledger.ledger");
        self.file_dialog()
            .add_filter(t(self.lang(), S::LedgerFiles), &["ledger"])
            .set_directory(&self.paths.documents_dir)
            .set_file_name(name)
            .save_file()
    }

    /// A file name for what the open ledger writes: its pile, what it is and today's date
    /// ("狮脑山排矸场_台账备份_2026-12-06.ledger"), as the print dialog names a report.
    pub fn suggested_file_name(&self, what: S, extension: &str) -> String {
        let l = self.lang();
        let pile = self
            .session
            .as_ref()
            .and_then(|s| s.data.piles.first().map(|p| p.name.clone()))
            .unwrap_or_default();
        let today = crate::clock::today();
        let name = [pile.as_str(), t(l, what), &today.to_string()]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("_");
        format!("{}.{extension}", print::file_safe(&name))
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let l = self.lang();
        let open = self.session.is_some();
        // Importing adds records of every kind: the department's job.
        let writable = self
            .session
            .as_ref()
            .is_some_and(|s| s.role == Role::Department);
        let busy = !self.jobs.is_empty();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(t(l, S::MenuFile), |ui| {
                // Another ledger closes every form: one holding changes asks first.
                if ui.button(t(l, S::New)).clicked()
                    && let Some(p) = self.pick_new_ledger()
                {
                    self.leave_asking(Leaving::Create(p));
                }
                if ui.button(t(l, S::Open)).clicked()
                    && let Some(p) = self.pick_ledger()
                {
                    self.leave_asking(Leaving::Open(p));
                }
                ui.menu_button(t(l, S::Recent), |ui| {
                    let recent = self.settings.recent.clone();
                    if recent.is_empty() {
                        ui.label(t(l, S::NoRecent));
                    }
                    for p in recent {
                        if ui.button(p.display().to_string()).clicked() {
                            self.leave_asking(Leaving::Open(p));
                        }
                    }
                });
                ui.separator();
                if ui
                    .add_enabled(open && !busy, egui::Button::new(t(l, S::Backup)))
                    .clicked()
                    && let Some(p) = self
                        .file_dialog()
                        .add_filter(t(l, S::LedgerFiles), &["ledger"])
                        .set_file_name(self.suggested_file_name(S::FileBackup, "ledger"))
                        .save_file()
                {
                    self.start_job(JobKind::Backup(p));
                }
                if ui
                    .add_enabled(writable && !busy, egui::Button::new(t(l, S::ImportJson)))
                    .clicked()
                    && let Some(p) = self
                        .file_dialog()
                        .add_filter(t(l, S::JsonFiles), &["json"])
                        .pick_file()
                {
                    self.start_job(JobKind::Import(p));
                }
                if ui
                    .add_enabled(open && !busy, egui::Button::new(t(l, S::ExportJson)))
                    .clicked()
                    && let Some(p) = self
                        .file_dialog()
                        .add_filter(t(l, S::JsonFiles), &["json"])
                        .set_file_name(self.suggested_file_name(S::FileExport, "json"))
                        .save_file()
                {
                    self.start_job(JobKind::Export(p));
                }
                ui.separator();
                if ui
                    .add_enabled(writable && !busy, egui::Button::new(t(l, S::ImportSheet)))
                    .clicked()
                    && let Some(p) = self
                        .file_dialog()
                        .add_filter(
                            t(l, S::SheetFiles),
                            &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"],
                        )
                        .pick_file()
                {
                    self.start_job(JobKind::PlanSheet(p, l));
                }
                if ui
                    .add_enabled(writable && !busy, egui::Button::new(t(l, S::MakePackage)))
                    .clicked()
                    && let Some(s) = &self.session
                {
                    match crate::app::package::companies(s.path()) {
                        Ok(names) => self.package_for = Some(names),
                        Err(e) => {
                            self.notice = Some(Notice {
                                text: messages::app_error(l, &e),
                                error: true,
                            })
                        }
                    }
                }
                if ui
                    .add_enabled(writable && !busy, egui::Button::new(t(l, S::MergePackage)))
                    .clicked()
                    && let Some(p) = self
                        .file_dialog()
                        .add_filter(t(l, S::PackageFiles), &["ledger"])
                        .pick_file()
                {
                    self.start_job(JobKind::PlanMerge(p));
                }
                if ui
                    .add_enabled(writable, egui::Button::new(t(l, S::OpenConflicts)))
                    .clicked()
                {
                    self.conflicts = Some(Default::default());
                }
                // Every role may check, the auditor first of all.
                if ui
                    .add_enabled(open && !busy, egui::Button::new(t(l, S::VerifyLedger)))
                    .clicked()
                {
                    self.start_job(JobKind::Verify(l));
                }
                if ui
                    .add_enabled(open && !busy, egui::Button::new(t(l, S::VerifyReport)))
                    .clicked()
                    && let Some(p) = self
                        .file_dialog()
                        .add_filter(t(l, S::PdfFiles), &["pdf"])
                        .pick_file()
                {
                    self.start_job(JobKind::VerifyReport(p, l));
                }
                if ui
                    .add_enabled(open, egui::Button::new(t(l, S::OpenReceipt)))
                    .clicked()
                    && let Some(p) = self
                        .file_dialog()
                        .add_filter(t(l, S::ReceiptFiles), &["json"])
                        .pick_file()
                {
                    self.open_receipt(&p);
                }
                if ui
                    .add_enabled(open && !busy, egui::Button::new(t(l, S::ExportSheet)))
                    .clicked()
                    && let Some(p) = self
                        .file_dialog()
                        .add_filter(t(l, S::XlsxFiles), &["xlsx"])
                        .set_file_name(self.suggested_file_name(S::FileWorkbook, "xlsx"))
                        .save_file()
                {
                    self.start_job(JobKind::ExportSheet(p, l));
                }
                if ui
                    .add_enabled(open && !busy, egui::Button::new(t(l, S::ExportShownTable)))
                    .clicked()
                {
                    if self.shown_table(false).is_none() {
                        self.export_table(Path::new(""), false);
                    } else if let Some(p) = self
                        .file_dialog()
                        .add_filter(t(l, S::XlsxFiles), &["xlsx"])
                        .set_file_name(format!("{}.xlsx", self.table_name(false)))
                        .save_file()
                    {
                        self.export_table(&p, false);
                    }
                }
                if ui
                    .add_enabled(open && !busy, egui::Button::new(t(l, S::SheetTemplate)))
                    .clicked()
                    && let Some(p) = self
                        .file_dialog()
                        .add_filter(t(l, S::XlsxFiles), &["xlsx"])
                        .set_file_name(self.suggested_file_name(S::FileTemplate, "xlsx"))
                        .save_file()
                {
                    self.start_job(JobKind::Template(p, l));
                }
                ui.separator();
                let report = ui.add_enabled(open && !busy, egui::Button::new(t(l, S::PrintReport)));
                if report.clicked()
                    && let Some(s) = &self.session
                {
                    self.print = Some(print::PrintDialog::new(l, s));
                }
                ui.separator();
                if ui.button(t(l, S::WhoIsWorking)).clicked() {
                    self.start = start::StartView::new(&self.settings);
                    self.identity_open = true;
                }
                ui.separator();
                if ui.button(t(l, S::Quit)).clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button(t(l, S::MenuView), |ui| {
                if ui.radio(l == Lang::Zh, t(l, S::Chinese)).clicked() {
                    self.set_lang(Lang::Zh);
                }
                if ui.radio(l == Lang::En, t(l, S::English)).clicked() {
                    self.set_lang(Lang::En);
                }
            });
        });
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        let l = self.lang();
        ui.horizontal(|ui| {
            let role = self
                .settings
                .role
                .map(|r| messages::role(l, r))
                .unwrap_or_default();
            if self.settings.has_identity() {
                ui.label(tr::labelled(
                    l,
                    t(l, S::StatusOperator),
                    format!("{}{}", self.settings.operator, tr::aside(l, role)),
                ));
            } else {
                ui.label(tr::labelled(l, t(l, S::StatusOperator), "—"));
            }
            ui.separator();
            match &self.session {
                Some(s) => {
                    ui.label(tr::labelled(l, t(l, S::StatusFile), s.path().display()));
                    if s.read_only() {
                        ui.colored_label(ui.visuals().warn_fg_color, t(l, S::ReadOnlyBadge));
                    }
                }
                None => {
                    ui.label(t(l, S::NoLedger));
                }
            }
            for job in &self.jobs {
                ui.separator();
                let what = match job.kind {
                    JobKind::Import(_) => S::JobImport,
                    JobKind::Export(_) => S::JobExport,
                    JobKind::Backup(_) => S::JobBackup,
                    JobKind::Report(..) => S::JobReport,
                    JobKind::ExportSheet(..)
                    | JobKind::Template(..)
                    | JobKind::PlanSheet(..)
                    | JobKind::PlanPaste { .. }
                    | JobKind::ApplySheet { .. }
                    | JobKind::ExportTable(..) => S::JobSheet,
                    JobKind::Package { .. } | JobKind::PlanMerge(_) | JobKind::Merge(_) => {
                        S::JobMerge
                    }
                    JobKind::Verify(_) | JobKind::VerifyReport(..) => S::JobVerify,
                };
                ui.add(
                    egui::ProgressBar::new(job.state().fraction)
                        .desired_width(160.0)
                        .animate(true)
                        .text(t(l, what)),
                );
            }
        });
    }

    fn notice_banner(&mut self, ui: &mut egui::Ui) {
        let l = self.lang();
        let mut dismiss = false;
        if let Some(n) = &self.notice
            && !n.error
        {
            let now = ui.input(|i| i.time);
            match &self.notice_since {
                Some((text, since)) if *text == n.text => {
                    // Not while a button is held: the view would jump and the click land elsewhere.
                    let pressing = ui.input(|i| {
                        i.pointer.any_down() || i.pointer.any_pressed() || i.pointer.any_released()
                    });
                    if now - since > NOTICE_SECONDS && !pressing {
                        dismiss = true;
                    } else {
                        ui.ctx()
                            .request_repaint_after(std::time::Duration::from_millis(500));
                    }
                }
                _ => self.notice_since = Some((n.text.clone(), now)),
            }
        }
        if let Some(n) = self.notice.as_ref().filter(|_| !dismiss) {
            let color = if n.error {
                ui.visuals().error_fg_color
            } else {
                egui::Color32::from_rgb(0x2e, 0x7d, 0x32)
            };
            // Floating over the bottom of the view, so nothing moves under the pointer when it
            // comes or goes (it used to push the view down by its height).
            let area = ui.max_rect();
            let width = (area.width() - 24.0).clamp(200.0, 760.0);
            egui::Area::new(egui::Id::unique("notice_area"))
                .order(egui::Order::Foreground)
                .pivot(egui::Align2::CENTER_BOTTOM)
                .fixed_pos(egui::pos2(area.center().x, area.bottom() - 8.0))
                .show(ui.ctx(), |ui| {
                    ui.set_max_width(width);
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        // The button first, so it is on screen however long the message is; a
                        // long message scrolls inside a few lines instead of covering the view.
                        ui.horizontal(|ui| {
                            if ui.small_button(t(l, S::Dismiss)).clicked() {
                                dismiss = true;
                            }
                            egui::ScrollArea::vertical()
                                .id_salt("notice")
                                .max_height(NOTICE_MAX_HEIGHT)
                                .show(ui, |ui| {
                                    ui.add(
                                        egui::Label::new(egui::RichText::new(&n.text).color(color))
                                            .wrap(),
                                    );
                                });
                        });
                    });
                });
        }
        if dismiss {
            self.notice = None;
        }
    }

    fn identity_dialog(&mut self, ctx: &egui::Context) {
        let l = self.lang();
        let mut close = false;
        let mut chosen = None;
        egui::Modal::new(egui::Id::unique("identity")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.heading(t(l, S::WhoIsWorking));
            self.start.identity_fields(ui, l);
            ui.horizontal(|ui| {
                if ui.button(t(l, S::ActingAs)).clicked()
                    && let Some(id) = self.start.identity()
                {
                    chosen = Some(id);
                }
                if ui.button(t(l, S::Cancel)).clicked() {
                    close = true;
                }
            });
        });
        if let Some((name, role)) = chosen {
            self.identity_open = false;
            self.leave_asking(Leaving::Identity(name, role));
        } else if close {
            self.identity_open = false;
        }
    }
}

impl eframe::App for LedgerApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        LedgerApp::ui(self, ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.checkpoint_now();
        // The size it was left at opens next time.
        self.save_settings();
        // The department signs the state it leaves the ledger in.
        if let Some(s) = &self.session {
            let (path, operator) = (s.path().to_path_buf(), s.operator.clone());
            crate::app::jobs::sign_after(&path, &operator, s.role, "close");
        }
    }
}
