//! Works: planned and completed quantities, filtered by bench, kind and year; add, edit, delete.

use chrono::Datelike;
use uuid::Uuid;

use super::egui;
use super::form::{self, choice_row, parse_date, parse_quantity, text_row};
use crate::app::session::{Command, Rec, Session, Table};
use crate::clock::now_utc;
use crate::domain::*;
use crate::i18n::ui::{self as tr, S, t};
use crate::i18n::{self, Lang};
use egui_extras::Column;

/// The add / edit form; every field is checked as it is typed.
#[derive(Debug, Clone)]
pub struct WorkForm {
    editing: Option<Work>,
    phase: WorkPhase,
    kind: WorkKind,
    bench: Option<Uuid>,
    quantity: String,
    unit: Unit,
    date: String,
    thickness: String,
    contractor: String,
    note: String,
    tried: bool,
}

impl WorkForm {
    fn new(today: chrono::NaiveDate) -> WorkForm {
        WorkForm {
            editing: None,
            phase: WorkPhase::Completed,
            kind: WorkKind::SoilCover,
            bench: None,
            quantity: String::new(),
            unit: WorkKind::SoilCover.default_unit(),
            date: today.to_string(),
            thickness: String::new(),
            contractor: String::new(),
            note: String::new(),
            tried: false,
        }
    }

    fn edit(w: &Work) -> WorkForm {
        WorkForm {
            editing: Some(w.clone()),
            phase: w.phase,
            kind: w.kind,
            bench: w.bench_id,
            quantity: form::quantity_text(w.quantity, w.unit),
            unit: w.unit,
            date: w.date.to_string(),
            thickness: w
                .thickness
                .map(|m| format_milli(m.0, 3))
                .unwrap_or_default(),
            contractor: w.contractor.clone(),
            note: w.note.clone(),
            tried: false,
        }
    }

    /// The record, or the first field that is wrong.
    fn build(&self, s: &Session) -> Result<Work, S> {
        let quantity = parse_quantity(&self.quantity, self.unit, false)?.unwrap_or_default();
        let date = parse_date(&self.date)?;
        let thickness = parse_quantity(&self.thickness, Unit::M, true)?;
        let mut w = match &self.editing {
            Some(w) => w.clone(),
            None => Work {
                meta: Meta::new(&s.operator, &now_utc()),
                pile_id: s.data.piles.first().map(|p| p.meta.id).unwrap_or_default(),
                phase: self.phase,
                kind: self.kind,
                bench_id: None,
                quantity,
                unit: self.unit,
                date,
                thickness: None,
                contractor: String::new(),
                note: String::new(),
            },
        };
        w.phase = self.phase;
        w.kind = self.kind;
        w.bench_id = self.bench;
        w.quantity = quantity;
        w.unit = self.unit;
        w.date = date;
        w.thickness = thickness;
        w.contractor = self.contractor.trim().to_string();
        w.note = self.note.trim().to_string();
        Ok(w)
    }
}

#[derive(Default)]
pub struct WorksView {
    bench: Option<Option<Uuid>>,
    kind: Option<WorkKind>,
    year: Option<i32>,
    rows: Vec<usize>,
    key: (u64, Option<Option<Uuid>>, Option<WorkKind>, Option<i32>),
    form: Option<WorkForm>,
    confirm_delete: Option<(Uuid, i64)>,
    form_error: bool,
}

impl WorksView {
    /// The command the form sent succeeded (close it) or not (keep it open).
    pub fn done(&mut self, ok: bool) {
        if ok {
            self.form = None;
            self.confirm_delete = None;
        }
    }

    fn refresh(&mut self, s: &Session) {
        let key = (s.generation, self.bench, self.kind, self.year);
        if key == self.key {
            return;
        }
        self.key = key;
        self.rows = s
            .data
            .works
            .iter()
            .enumerate()
            .filter(|(_, w)| self.bench.is_none_or(|b| w.bench_id == b))
            .filter(|(_, w)| self.kind.is_none_or(|k| w.kind == k))
            .filter(|(_, w)| self.year.is_none_or(|y| w.date.year() == y))
            .map(|(i, _)| i)
            .collect();
        let works = &s.data.works;
        self.rows
            .sort_by(|a, b| works[*b].date.cmp(&works[*a].date));
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        let may_edit = s.may_edit(Table::Work);
        ui.horizontal(|ui| {
            form::heading(ui, t(l, S::NavWorks));
            if may_edit && self.form.is_none() && ui.button(t(l, S::AddWork)).clicked() {
                self.form = Some(WorkForm::new(s.today));
                self.form_error = false;
            }
        });
        self.filters(ui, l, s);
        self.refresh(s);
        if let Some(f) = self.form.as_mut()
            && form_ui(ui, l, s, f, out, &mut self.form_error)
        {
            self.form = None;
        }
        ui.label(tr::rows(l, self.rows.len()));
        self.table(ui, l, s, may_edit, out);
    }

    fn filters(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session) {
        ui.horizontal(|ui| {
            let bench_text = match self.bench {
                None => t(l, S::AllBenches).to_string(),
                Some(b) => form::bench_options(l, &s.data)
                    .into_iter()
                    .find(|(id, _)| *id == b)
                    .map(|(_, t)| t)
                    .unwrap_or_default(),
            };
            let lab = ui.label(t(l, S::FilterBench));
            egui::ComboBox::from_id_salt("works_bench_filter")
                .selected_text(bench_text)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.bench, None, t(l, S::AllBenches));
                    for (id, text) in form::bench_options(l, &s.data) {
                        ui.selectable_value(&mut self.bench, Some(id), text);
                    }
                })
                .response
                .labelled_by(lab.id);
            let lab = ui.label(t(l, S::FilterKind));
            egui::ComboBox::from_id_salt("works_kind_filter")
                .selected_text(
                    self.kind
                        .map(|k| i18n::work_kind(l, k))
                        .unwrap_or(t(l, S::AllKinds)),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.kind, None, t(l, S::AllKinds));
                    for k in WorkKind::ALL {
                        ui.selectable_value(&mut self.kind, Some(*k), i18n::work_kind(l, *k));
                    }
                })
                .response
                .labelled_by(lab.id);
            let mut years: Vec<i32> = s.data.works.iter().map(|w| w.date.year()).collect();
            years.sort_unstable();
            years.dedup();
            let lab = ui.label(t(l, S::FilterYear));
            egui::ComboBox::from_id_salt("works_year_filter")
                .selected_text(
                    self.year
                        .map(|y| y.to_string())
                        .unwrap_or_else(|| t(l, S::AllYears).to_string()),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.year, None, t(l, S::AllYears));
                    for y in years.iter().rev() {
                        ui.selectable_value(&mut self.year, Some(*y), y.to_string());
                    }
                })
                .response
                .labelled_by(lab.id);
        });
    }

    fn table(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        s: &Session,
        may_edit: bool,
        out: &mut Vec<Command>,
    ) {
        let zh = l.is_zh();
        let mut edit = None;
        let mut delete = None;
        form::table(
            ui,
            l,
            "works_table",
            &[
                (S::ColDate, Column::exact(95.0)),
                (S::ColPhase, Column::exact(70.0)),
                (S::ColKind, Column::exact(150.0)),
                (S::ColBench, Column::exact(60.0)),
                (S::ColQuantity, Column::exact(150.0)),
                (S::ColContractor, Column::exact(130.0)),
                (S::ColNote, Column::remainder().at_least(120.0)),
            ],
            &[S::ColQuantity],
        )
        .body(|body| {
            body.rows(22.0, self.rows.len(), |mut row| {
                let w = &s.data.works[self.rows[row.index()]];
                row.col(|ui| {
                    ui.label(w.date.to_string());
                });
                row.col(|ui| {
                    ui.label(i18n::work_phase(l, w.phase));
                });
                row.col(|ui| {
                    ui.label(i18n::work_kind(l, w.kind));
                });
                row.col(|ui| {
                    ui.label(s.data.bench_label(w.bench_id));
                });
                row.col(|ui| {
                    form::num_cell(
                        ui,
                        Quantity {
                            base: w.quantity,
                            unit: w.unit,
                        }
                        .display(zh),
                    );
                });
                row.col(|ui| {
                    ui.label(&w.contractor);
                });
                row.col(|ui| {
                    ui.horizontal(|ui| {
                        if may_edit {
                            if ui.small_button(t(l, S::Edit)).clicked() {
                                edit = Some(w.clone());
                            }
                            if ui.small_button(t(l, S::Delete)).clicked() {
                                delete = Some((w.meta.id, w.meta.version));
                            }
                        }
                        ui.label(&w.note);
                    });
                });
            });
        });
        if let Some(w) = edit {
            self.form = Some(WorkForm::edit(&w));
        }
        if let Some(d) = delete {
            self.confirm_delete = Some(d);
        }
        if let Some((id, version)) = self.confirm_delete
            && form::ask_delete(ui.ctx(), l, "works", (Table::Work, id, version), None, out)
        {
            self.confirm_delete = None;
        }
    }
}

fn form_ui(
    ui: &mut egui::Ui,
    l: Lang,
    s: &Session,
    f: &mut WorkForm,
    out: &mut Vec<Command>,
    form_error: &mut bool,
) -> bool {
    let zh = l.is_zh();
    let title = form::title(f.editing.is_some(), S::EditWork, S::AddWork);
    form::form_frame(ui, l, title, |ui| {
        form::field_grid(ui, "work_form", |ui| {
            let phases = form::options(WorkPhase::ALL, |p| i18n::work_phase(l, p));
            choice_row(ui, l, S::FieldPhase, &mut f.phase, &phases);
            let before = f.kind;
            let kinds = form::options(WorkKind::ALL, |k| i18n::work_kind(l, k));
            choice_row(ui, l, S::FieldKind, &mut f.kind, &kinds);
            if f.kind != before {
                f.unit = f.kind.default_unit();
            }
            form::bench_row(ui, l, &s.data, &mut f.bench);
            let units = form::options(&Unit::choices(f.kind.dimension()), |u| u.symbol(zh));
            choice_row(ui, l, S::FieldUnit, &mut f.unit, &units);
            let q = form::once_tried(&f.quantity, f.tried, || {
                parse_quantity(&f.quantity, f.unit, false)
            });
            text_row(ui, l, S::FieldQuantity, &mut f.quantity, &q);
            form::date_row(ui, l, &mut f.date);
            let th = parse_quantity(&f.thickness, Unit::M, true);
            text_row(ui, l, S::FieldThickness, &mut f.thickness, &th);
            form::plain_row(ui, l, S::FieldContractor, &mut f.contractor);
            form::plain_row(ui, l, S::FieldNote, &mut f.note);
        });
        form::save_row(ui, l, form_error, out, || {
            f.tried = true;
            let editing = f.editing.is_some();
            f.build(s)
                .ok()
                .map(|w| form::command(Rec::Work(w), editing))
        })
    })
}
