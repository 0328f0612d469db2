//! Problems: the closed-loop list (found → rectified → verified), deadlines, overdue in red.

use uuid::Uuid;

use super::egui;
use super::form::{self, bad, parse_date, text_row};
use super::grid::{Cell, Col, Grid};
use crate::app::session::{Command, Rec, Session, Table};
use crate::app::sheets::ShownTable;
use crate::clock::now_stamp;
use crate::domain::*;
use crate::i18n::ui::{self as tr, S, t};
use crate::i18n::{self, Lang};

#[derive(Debug, Clone, Default)]
struct ProblemForm {
    /// The problem being corrected; `None` while adding one.
    editing: Option<Problem>,
    reason: String,
    found_on: String,
    source: String,
    description: String,
    bench: Option<Uuid>,
    owner: String,
    deadline: String,
    tried: bool,
}

#[derive(Default)]
pub struct ProblemsView {
    open_only: bool,
    pub grid: Grid,
    selected: Option<Uuid>,
    form: Option<ProblemForm>,
    step_text: String,
    step_date: String,
    step_tried: bool,
    /// The problem and state the step fields were filled for (refilled when either changes).
    step_for: Option<(Uuid, ProblemStatus)>,
    /// The deadline extension being asked for: new deadline and reason.
    extension: Option<(String, String)>,
    extension_tried: bool,
    /// The problem to delete (id, version, verified: needs a reason), and the reason typed.
    confirm_delete: Option<(Uuid, i64, bool)>,
    delete_reason: String,
    /// Another problem clicked while the step or extension fields hold typed text.
    waiting: form::Waiting<Uuid>,
    /// 添加照片 was clicked where no file dialog can open.
    no_dialog: bool,
}

impl ProblemForm {
    fn edit(p: &Problem) -> ProblemForm {
        ProblemForm {
            editing: Some(p.clone()),
            reason: String::new(),
            found_on: p.found_on.to_string(),
            source: p.source.clone(),
            description: p.description.clone(),
            bench: p.bench_id,
            owner: p.owner.clone(),
            deadline: p.deadline.to_string(),
            tried: false,
        }
    }
}

impl ProblemsView {
    /// Closes the open form, dropping what was typed (the user chose to leave it).
    pub fn close_form(&mut self) {
        self.form = None;
    }

    pub fn done(&mut self, ok: bool) {
        if ok {
            self.form = None;
            self.step_for = None;
            self.step_tried = false;
            self.extension = None;
            self.extension_tried = false;
            self.confirm_delete = None;
        }
    }

    fn columns() -> [Col; 6] {
        [
            Col::new(S::ColFound, 95.0).dates(),
            Col::new(S::ColDescription, 200.0).rest(),
            Col::new(S::ColBench, 70.0).choice(),
            Col::new(S::ColOwner, 140.0).choice(),
            Col::new(S::ColDeadline, 170.0),
            Col::new(S::ColStatus, 80.0).choice(),
        ]
    }

    /// What problem `i` shows in column `head`.
    fn cell(l: Lang, s: &Session, i: usize, head: S) -> Cell {
        let p = &s.data.problems[i];
        match head {
            S::ColFound => Cell::Date(p.found_on),
            S::ColDescription => Cell::text(p.description.as_str()),
            S::ColBench => Cell::text(form::bench_name(l, &s.data, p.bench_id)),
            S::ColOwner => Cell::text(p.owner.as_str()),
            S::ColDeadline => Cell::Date(p.deadline),
            S::ColStatus => Cell::text(i18n::problem_status(l, p.status)),
            _ => Cell::Empty,
        }
    }

    fn refresh(&mut self, l: Lang, s: &Session) {
        let open_only = self.open_only;
        self.grid.refresh(
            s.generation,
            u64::from(open_only) | u64::from(l.is_zh()) << 1,
            &Self::columns(),
            || {
                let p = &s.data.problems;
                let mut rows: Vec<usize> = (0..p.len())
                    .filter(|i| !open_only || p[*i].status != ProblemStatus::Verified)
                    .collect();
                rows.sort_by_key(|i| (p[*i].status == ProblemStatus::Verified, p[*i].deadline));
                rows
            },
            |i, h| Self::cell(l, s, i, h),
        );
    }

    /// The problems shown, as a table of their own.
    pub fn shown_table(&self, l: Lang, s: &Session) -> ShownTable {
        self.grid
            .shown_table(l, t(l, S::NavProblems), &Self::columns(), |i, h| {
                Self::cell(l, s, i, h)
            })
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        self.refresh(l, s);
        let may_edit = s.may_edit(Table::Problem);
        ui.horizontal(|ui| {
            form::heading(ui, t(l, S::NavProblems));
            if may_edit && self.form.is_none() && ui.button(t(l, S::AddProblem)).clicked() {
                self.form = Some(ProblemForm {
                    found_on: s.today.to_string(),
                    deadline: (s.today + chrono::Days::new(14)).to_string(),
                    ..Default::default()
                });
            }
            ui.checkbox(&mut self.open_only, t(l, S::OnlyOpen));
        });
        self.grid
            .toolbar(ui, l, &Self::columns(), s.data.problems.len());
        self.refresh(l, s);
        if let Some(f) = self.form.as_mut()
            && add_form(ui, l, s, f, out)
        {
            self.form = None;
        }
        egui::Panel::bottom("problem_steps")
            .resizable(false)
            .show(ui, |ui| self.steps(ui, l, s, may_edit, out));
        let clicked = self.grid.show(
            ui,
            l,
            "problems_table",
            &Self::columns(),
            |i, h| Self::cell(l, s, i, h),
            |ui, i, h| {
                let p = &s.data.problems[i];
                if h != S::ColDeadline || !p.is_overdue(s.today) {
                    return false;
                }
                let days = (s.today - p.deadline).num_days();
                ui.colored_label(
                    bad(ui),
                    format!("{}{}", p.deadline, tr::aside(l, tr::days_overdue(l, days))),
                );
                true
            },
        );
        let clicked = clicked.map(|i| s.data.problems[i].meta.id);
        // What was typed in the step or extension fields is not dropped without asking.
        let clicked = self
            .waiting
            .next(ui.ctx(), clicked.filter(|id| self.selected != Some(*id)));
        if let Some(id) = clicked {
            self.selected = Some(id);
            self.extension = None;
        }
        if let Some((id, version, locked)) = self.confirm_delete {
            let what = (Table::Problem, id, version);
            let reason = locked.then_some(&mut self.delete_reason);
            if form::ask_delete(ui.ctx(), l, &s.data, "problem", what, reason, out) {
                self.confirm_delete = None;
            }
        }
    }

    fn steps(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        s: &Session,
        may_edit: bool,
        out: &mut Vec<Command>,
    ) {
        let Some(p) = self
            .selected
            .and_then(|id| s.data.problems.iter().find(|p| p.meta.id == id))
        else {
            ui.weak(t(l, S::SelectEntry));
            return;
        };
        // The step's fields start afresh for each problem and state; the verifier is, most
        // often, whoever is working.
        if self.step_for != Some((p.meta.id, p.status)) {
            self.step_for = Some((p.meta.id, p.status));
            self.step_text = match p.status {
                ProblemStatus::Rectified => s.operator.clone(),
                _ => String::new(),
            };
            self.step_date = s.today.to_string();
            self.step_tried = false;
        }
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(&p.description).strong());
            if may_edit && self.form.is_none() {
                if ui.button(t(l, S::Edit)).clicked() {
                    self.form = Some(ProblemForm::edit(p));
                }
                if p.status != ProblemStatus::Verified
                    && self.extension.is_none()
                    && ui.button(t(l, S::ExtendDeadline)).clicked()
                {
                    self.extension = Some((p.deadline.to_string(), String::new()));
                    self.extension_tried = false;
                }
                if ui.button(t(l, S::Delete)).clicked() {
                    self.confirm_delete = Some((
                        p.meta.id,
                        p.meta.version,
                        p.status == ProblemStatus::Verified,
                    ));
                    self.delete_reason.clear();
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.weak(tr::after_label(l, t(l, S::FieldSource), &p.source));
            ui.weak(tr::after_label(l, t(l, S::FieldDeadline), p.deadline));
            if !p.rectification.is_empty() {
                ui.weak(format!(
                    "{} {} {}",
                    t(l, S::FieldRectification),
                    p.rectification,
                    p.rectified_on.map(|d| d.to_string()).unwrap_or_default()
                ));
            }
            if !p.verified_by.is_empty() {
                ui.weak(format!(
                    "{} {} {}",
                    t(l, S::FieldVerifiedBy),
                    p.verified_by,
                    p.verified_on.map(|d| d.to_string()).unwrap_or_default()
                ));
            }
        });
        self.photos_ui(ui, l, s, may_edit || s.responsible_for(p), p, out);
        if may_edit && p.status != ProblemStatus::Verified {
            self.extension_ui(ui, l, p, out);
        }
        let step_allowed = match p.status {
            ProblemStatus::Open => s.may_rectify(p),
            ProblemStatus::Rectified => may_edit,
            ProblemStatus::Verified => false,
        };
        if !step_allowed {
            return;
        }
        let (step, label) = match p.status {
            ProblemStatus::Open => (S::StepRectify, S::FieldRectification),
            _ => (S::StepVerify, S::FieldVerifiedBy),
        };
        let text_ok = form::required(&self.step_text);
        let date_ok = parse_date(&self.step_date);
        let shown = if self.step_tried {
            text_ok.clone()
        } else {
            Ok(String::new())
        };
        wide_row(
            ui,
            l,
            label,
            &mut self.step_text,
            &shown,
            p.status == ProblemStatus::Open,
        );
        wide_row(ui, l, S::FieldDate, &mut self.step_date, &date_ok, false);
        if ui.button(t(l, step)).clicked() {
            self.step_tried = true;
            if let (Ok(text), Ok(date)) = (text_ok, date_ok) {
                out.push(match p.status {
                    ProblemStatus::Open => Command::Rectify {
                        id: p.meta.id,
                        version: p.meta.version,
                        rectification: text,
                        date,
                    },
                    _ => Command::Verify {
                        id: p.meta.id,
                        version: p.meta.version,
                        by: text,
                        date,
                    },
                });
                form::forget_changes(ui.ctx());
            }
        }
        ui.add_space(4.0);
    }

    /// The problem's photos (before and after its rectification), and adding more: the
    /// department, or the contractor responsible for it.
    fn photos_ui(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        s: &Session,
        may_add: bool,
        p: &Problem,
        out: &mut Vec<Command>,
    ) {
        let names: Vec<&str> = s
            .data
            .photos
            .iter()
            .filter(|ph| ph.owner_kind == PhotoOwner::Problem && ph.owner_id == p.meta.id)
            .map(|ph| ph.file_name.as_str())
            .collect();
        ui.horizontal_wrapped(|ui| {
            ui.label(tr::photo_count(l, names.len()));
            for name in &names {
                ui.weak(*name);
            }
            if may_add && ui.button(t(l, S::AddPhotos)).clicked() {
                // Without a file dialog rfd returns at once as if cancelled: say why instead.
                self.no_dialog = !crate::app::files::file_dialog_available();
                if !self.no_dialog
                    && let Some(files) = rfd::FileDialog::new()
                        .add_filter(t(l, S::Images), &["jpg", "jpeg", "png"])
                        .pick_files()
                {
                    out.push(Command::AddProblemPhotos {
                        id: p.meta.id,
                        photos: files,
                    });
                }
            }
        });
        if self.no_dialog {
            ui.colored_label(form::bad(ui), t(l, S::NoFileDialog));
        }
    }

    /// The deadline extension, once asked for: the new deadline and why.
    fn extension_ui(&mut self, ui: &mut egui::Ui, l: Lang, p: &Problem, out: &mut Vec<Command>) {
        let Some((deadline, reason)) = self.extension.as_mut() else {
            return;
        };
        ui.separator();
        ui.strong(t(l, S::ExtendTitle));
        let date_ok = parse_date(deadline);
        let reason_ok = form::required(reason).map_err(|_| S::ErrExtensionReason);
        let reason_shown = if self.extension_tried {
            reason_ok.clone()
        } else {
            Ok(String::new())
        };
        wide_row(ui, l, S::FieldNewDeadline, deadline, &date_ok, false);
        wide_row(ui, l, S::FieldExtensionReason, reason, &reason_shown, false);
        let mut cancel = false;
        ui.horizontal(|ui| {
            if ui.button(t(l, S::ConfirmExtend)).clicked() {
                self.extension_tried = true;
                if let (Ok(new), Ok(why)) = (parse_date(deadline), reason_ok) {
                    out.push(Command::ExtendDeadline {
                        id: p.meta.id,
                        version: p.meta.version,
                        deadline: new,
                        reason: why,
                    });
                    // Sent: what was typed is saved, not left behind.
                    form::forget_changes(ui.ctx());
                }
            }
            if ui.button(t(l, S::Cancel)).clicked() {
                cancel = true;
            }
        });
        if cancel {
            self.extension = None;
            form::forget_changes(ui.ctx());
        }
        ui.separator();
    }
}

/// A labelled input as wide as the panel (the date too: a narrow one showed only "2026"), with
/// its error under it.
fn wide_row<T>(
    ui: &mut egui::Ui,
    l: Lang,
    label: S,
    text: &mut String,
    check: &Result<T, S>,
    multiline: bool,
) {
    ui.horizontal(|ui| {
        let lab = ui.add_sized([110.0, 20.0], egui::Label::new(t(l, label)));
        let edit = if multiline {
            egui::TextEdit::multiline(text).desired_rows(2)
        } else {
            egui::TextEdit::singleline(text)
        };
        let r = ui
            .add(edit.desired_width(ui.available_width()))
            .labelled_by(lab.id);
        form::edited(ui, &r);
    });
    // The step and extension fields are a form: leaving them with typed text asks first.
    form::shown(ui.ctx());
    form::error_line(ui, l, check.as_ref().err().copied());
}

fn add_form(
    ui: &mut egui::Ui,
    l: Lang,
    s: &Session,
    f: &mut ProblemForm,
    out: &mut Vec<Command>,
) -> bool {
    let mut cancel = false;
    let title = form::title(f.editing.is_some(), S::EditProblem, S::AddProblem);
    form::form_frame(ui, l, title, |ui| {
        let found = parse_date(&f.found_on);
        let deadline = parse_date(&f.deadline);
        let desc = form::required(&f.description);
        let owner = form::required(&f.owner);
        let hide = |r: &Result<String, S>| {
            if f.tried {
                r.clone()
            } else {
                Ok(String::new())
            }
        };
        let (desc_shown, owner_shown) = (hide(&desc), hide(&owner));
        form::field_grid(ui, "problem_form", |ui| {
            form::multiline_row(ui, l, S::FieldDescription, &mut f.description, &desc_shown);
            form::plain_row(ui, l, S::FieldSource, &mut f.source);
            form::bench_row(ui, l, &s.data, &mut f.bench);
            text_row(ui, l, S::FieldOwner, &mut f.owner, &owner_shown);
            text_row(ui, l, S::FieldDate, &mut f.found_on, &found);
            // A deadline is moved by an extension, which says why.
            if f.editing.is_none() {
                text_row(ui, l, S::FieldDeadline, &mut f.deadline, &deadline);
            } else {
                form::plain_row(ui, l, S::FieldReason, &mut f.reason);
            }
        });
        ui.horizontal(|ui| {
            if ui.button(t(l, S::Save)).clicked() {
                f.tried = true;
                if let (Ok(found_on), Ok(deadline), Ok(description), Ok(owner)) =
                    (found, deadline, desc, owner)
                {
                    if let Some(p) = &f.editing {
                        let mut p = p.clone();
                        p.found_on = found_on;
                        p.source = f.source.trim().to_string();
                        p.description = description;
                        p.bench_id = f.bench;
                        p.owner = owner;
                        out.push(Command::Update {
                            rec: Rec::Problem(p),
                            reason: f.reason.trim().to_string(),
                        });
                    } else {
                        out.push(Command::Insert(Rec::Problem(Problem {
                            meta: Meta::new(&s.operator, &now_stamp()),
                            pile_id: s.data.piles.first().map(|p| p.meta.id).unwrap_or_default(),
                            found_on,
                            source: f.source.trim().to_string(),
                            description,
                            bench_id: f.bench,
                            owner,
                            deadline,
                            rectification: String::new(),
                            rectified_on: None,
                            verified_by: String::new(),
                            verified_on: None,
                            status: ProblemStatus::Open,
                            origin: String::new(),
                        })));
                    }
                }
            }
            if ui.button(t(l, S::Cancel)).clicked() {
                cancel = true;
            }
        });
    });
    cancel
}
