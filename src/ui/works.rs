//! Works: planned and completed quantities, sorted and filtered like a spreadsheet (phase,
//! kind, bench, contractor, date range, search); add, edit, delete.

use uuid::Uuid;

use super::egui;
use super::form::{self, choice_row, parse_date, parse_quantity, text_row};
use super::grid::{ACTION_WIDTH, Cell, Col, Grid};
use crate::app::session::{Command, Rec, Session, Table};
use crate::app::sheets::ShownTable;
use crate::clock::now_stamp;
use crate::domain::*;
use crate::i18n::ui::{S, t};
use crate::i18n::{self, Lang};

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

    /// The date; a completed work cannot be dated after `today` (it has not happened yet).
    fn date(&self, today: chrono::NaiveDate) -> Result<chrono::NaiveDate, S> {
        let date = parse_date(&self.date)?;
        if self.phase == WorkPhase::Completed && date > today {
            return Err(S::ErrFutureDate);
        }
        Ok(date)
    }

    /// The record, or the first field that is wrong.
    fn build(&self, s: &Session) -> Result<Work, S> {
        let quantity = parse_quantity(&self.quantity, self.unit, false)?.unwrap_or_default();
        let date = self.date(s.today)?;
        let thickness = parse_quantity(&self.thickness, Unit::M, true)?;
        let mut w = match &self.editing {
            Some(w) => w.clone(),
            None => Work {
                meta: Meta::new(&s.operator, &now_stamp()),
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
    pub grid: Grid,
    form: Option<WorkForm>,
    /// Another work to edit, asked for while the form holds unsaved changes.
    waiting: form::Waiting<Work>,
    confirm_delete: Option<(Uuid, i64)>,
    form_error: bool,
}

impl WorksView {
    /// Closes the open form, dropping what was typed (the user chose to leave it).
    pub fn close_form(&mut self) {
        self.form = None;
    }

    /// The command the form sent succeeded (close it) or not (keep it open).
    pub fn done(&mut self, ok: bool) {
        if ok {
            self.form = None;
            self.confirm_delete = None;
        }
    }

    fn columns(may_edit: bool) -> Vec<Col> {
        let mut c = Vec::new();
        if may_edit {
            c.push(Col::new(S::ColAction, ACTION_WIDTH).widget());
        }
        c.extend([
            Col::new(S::ColDate, 95.0).dates(),
            Col::new(S::ColPhase, 70.0).choice(),
            Col::new(S::ColKind, 150.0).choice(),
            Col::new(S::ColBench, 70.0).choice(),
            Col::new(S::ColQuantity, 150.0).numeric(),
            Col::new(S::ColContractor, 130.0).choice(),
            Col::new(S::ColNote, 120.0).rest(),
        ]);
        c
    }

    /// What work `i` shows in column `head`.
    fn cell(l: Lang, s: &Session, i: usize, head: S) -> Cell {
        let w = &s.data.works[i];
        match head {
            S::ColDate => Cell::Date(w.date),
            S::ColPhase => Cell::text(i18n::work_phase(l, w.phase)),
            S::ColKind => Cell::text(i18n::work_kind(l, w.kind)),
            S::ColBench => Cell::text(form::bench_name(l, &s.data, w.bench_id)),
            S::ColQuantity => Cell::quantity(w.quantity, w.unit, l.is_zh()),
            S::ColContractor => Cell::text(w.contractor.as_str()),
            S::ColNote => Cell::text(w.note.as_str()),
            _ => Cell::Empty,
        }
    }

    fn refresh(&mut self, l: Lang, s: &Session) {
        let cols = Self::columns(s.may_edit(Table::Work));
        self.grid.refresh(
            s.generation,
            u64::from(l.is_zh()),
            &cols,
            || {
                let works = &s.data.works;
                let mut rows: Vec<usize> = (0..works.len()).collect();
                rows.sort_by(|a, b| works[*b].date.cmp(&works[*a].date));
                rows
            },
            |i, h| Self::cell(l, s, i, h),
        );
    }

    /// The works shown, as a table of their own.
    pub fn shown_table(&self, l: Lang, s: &Session) -> ShownTable {
        let cols = Self::columns(s.may_edit(Table::Work));
        self.grid
            .shown_table(l, t(l, S::NavWorks), &cols, |i, h| Self::cell(l, s, i, h))
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
        self.refresh(l, s);
        self.grid
            .toolbar(ui, l, &Self::columns(may_edit), s.data.works.len());
        self.refresh(l, s);
        if let Some(f) = self.form.as_mut()
            && form_ui(ui, l, s, f, out, &mut self.form_error)
        {
            self.form = None;
        }
        self.table(ui, l, s, may_edit, out);
    }

    fn table(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        s: &Session,
        may_edit: bool,
        out: &mut Vec<Command>,
    ) {
        let mut edit = None;
        let mut delete = None;
        let cols = Self::columns(may_edit);
        self.grid.show(
            ui,
            l,
            "works_table",
            &cols,
            |i, h| Self::cell(l, s, i, h),
            |ui, i, h| {
                if h != S::ColAction {
                    return false;
                }
                let w = &s.data.works[i];
                if ui.small_button(t(l, S::Edit)).clicked() {
                    edit = Some(w.clone());
                }
                if ui.small_button(t(l, S::Delete)).clicked() {
                    delete = Some((w.meta.id, w.meta.version));
                }
                true
            },
        );
        if let Some(w) = self.waiting.next(ui.ctx(), edit) {
            self.form = Some(WorkForm::edit(&w));
            self.form_error = false;
        }
        if let Some(d) = delete {
            self.confirm_delete = Some(d);
        }
        if let Some((id, version)) = self.confirm_delete
            && form::ask_delete(
                ui.ctx(),
                l,
                &s.data,
                "works",
                (Table::Work, id, version),
                None,
                out,
            )
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
    let title = form::title(f.editing.is_some(), S::EditWork, S::AddWork);
    form::form_frame(ui, l, title, |ui| {
        form::field_grid(ui, "work_form", |ui| {
            let phases = form::options(WorkPhase::ALL, |p| i18n::work_phase(l, p));
            choice_row(ui, l, S::FieldPhase, &mut f.phase, &phases);
            let kind = (&mut f.kind, &mut f.bench, &mut f.unit);
            form::work_kind_rows(ui, l, &s.data, kind);
            let q = form::once_tried(&f.quantity, f.tried, || {
                parse_quantity(&f.quantity, f.unit, false)
            });
            text_row(ui, l, S::FieldQuantity, &mut f.quantity, &q);
            let date = f.date(s.today);
            text_row(ui, l, S::FieldDate, &mut f.date, &date);
            let th = parse_quantity(&f.thickness, Unit::M, true);
            text_row(ui, l, S::FieldThickness, &mut f.thickness, &th);
            form::contractor_row(
                ui,
                l,
                S::FieldContractor,
                &mut f.contractor,
                &s.contractors,
                None,
                &Ok(String::new()),
            );
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
