//! Problems: the closed-loop list (found → rectified → verified), deadlines, overdue in red.

use uuid::Uuid;

use super::egui;
use super::form::{self, bad, parse_date, text_row};
use crate::app::session::{Command, Rec, Session, Table};
use crate::clock::now_utc;
use crate::domain::*;
use crate::i18n::ui::{self as tr, S, t};
use crate::i18n::{self, Lang};
use egui_extras::Column;

#[derive(Debug, Clone, Default)]
struct ProblemForm {
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
    rows: Vec<usize>,
    key: (u64, bool),
    selected: Option<Uuid>,
    form: Option<ProblemForm>,
    step_text: String,
    step_date: String,
    step_tried: bool,
}

impl ProblemsView {
    pub fn done(&mut self, ok: bool) {
        if ok {
            self.form = None;
            self.step_text.clear();
            self.step_tried = false;
        }
    }

    fn refresh(&mut self, s: &Session) {
        let key = (s.generation, self.open_only);
        if key == self.key {
            return;
        }
        self.key = key;
        let p = &s.data.problems;
        self.rows = (0..p.len())
            .filter(|i| !self.open_only || p[*i].status != ProblemStatus::Verified)
            .collect();
        self.rows
            .sort_by_key(|i| (p[*i].status == ProblemStatus::Verified, p[*i].deadline));
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        self.refresh(s);
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
            ui.label(tr::rows(l, self.rows.len()));
        });
        if let Some(f) = self.form.as_mut()
            && add_form(ui, l, s, f, out)
        {
            self.form = None;
        }
        egui::Panel::bottom("problem_steps")
            .resizable(false)
            .show(ui, |ui| self.steps(ui, l, s, may_edit, out));
        let mut clicked = None;
        form::table(
            ui,
            l,
            "problems_table",
            &[
                (S::ColFound, Column::exact(95.0)),
                (S::ColDescription, Column::remainder().at_least(200.0)),
                (S::ColBench, Column::exact(50.0)),
                (S::ColOwner, Column::exact(140.0)),
                (S::ColDeadline, Column::exact(170.0)),
                (S::ColStatus, Column::exact(80.0)),
            ],
            &[],
        )
        .body(|body| {
            body.rows(22.0, self.rows.len(), |mut row| {
                let p = &s.data.problems[self.rows[row.index()]];
                row.col(|ui| {
                    ui.label(p.found_on.to_string());
                });
                row.col(|ui| {
                    let sel = self.selected == Some(p.meta.id);
                    if ui.selectable_label(sel, &p.description).clicked() {
                        clicked = Some(p.meta.id);
                    }
                });
                row.col(|ui| {
                    ui.label(s.data.bench_label(p.bench_id));
                });
                row.col(|ui| {
                    ui.label(&p.owner);
                });
                row.col(|ui| {
                    if p.is_overdue(s.today) {
                        let days = (s.today - p.deadline).num_days();
                        ui.colored_label(
                            bad(ui),
                            format!("{} ({})", p.deadline, tr::days_overdue(l, days)),
                        );
                    } else {
                        ui.label(p.deadline.to_string());
                    }
                });
                row.col(|ui| {
                    ui.label(i18n::problem_status(l, p.status));
                });
            });
        });
        if let Some(id) = clicked {
            self.selected = Some(id);
            self.step_text.clear();
            self.step_date = s.today.to_string();
            self.step_tried = false;
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
        ui.add_space(4.0);
        ui.label(egui::RichText::new(&p.description).strong());
        ui.horizontal_wrapped(|ui| {
            ui.weak(format!("{}: {}", t(l, S::FieldSource), p.source));
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
        if !may_edit || p.status == ProblemStatus::Verified {
            return;
        }
        let (step, label) = match p.status {
            ProblemStatus::Open => (S::StepRectify, S::FieldRectification),
            _ => (S::StepVerify, S::FieldVerifiedBy),
        };
        let text_ok = form::required(&self.step_text);
        let date_ok = parse_date(&self.step_date);
        egui::Grid::new("problem_step")
            .num_columns(3)
            .show(ui, |ui| {
                let shown = if self.step_tried {
                    text_ok.clone()
                } else {
                    Ok(String::new())
                };
                text_row(ui, l, label, &mut self.step_text, &shown);
                text_row(ui, l, S::FieldDate, &mut self.step_date, &date_ok);
            });
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
            }
        }
        ui.add_space(4.0);
    }
}

fn add_form(
    ui: &mut egui::Ui,
    l: Lang,
    s: &Session,
    f: &mut ProblemForm,
    out: &mut Vec<Command>,
) -> bool {
    let mut cancel = false;
    form::form_frame(ui, l, S::AddProblem, |ui| {
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
            text_row(ui, l, S::FieldDeadline, &mut f.deadline, &deadline);
        });
        ui.horizontal(|ui| {
            if ui.button(t(l, S::Save)).clicked() {
                f.tried = true;
                if let (Ok(found_on), Ok(deadline), Ok(description), Ok(owner)) =
                    (found, deadline, desc, owner)
                {
                    out.push(Command::Insert(Rec::Problem(Problem {
                        meta: Meta::new(&s.operator, &now_utc()),
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
            if ui.button(t(l, S::Cancel)).clicked() {
                cancel = true;
            }
        });
    });
    cancel
}
