//! Ledger setup: the mine, its waste-rock piles, the approved plan's design quantities, the
//! monitoring points and who signs the report — what a new ledger needs before anything else,
//! and what the report's cover and basis are filled from.

use chrono::NaiveDate;
use uuid::Uuid;

use super::egui;
use super::form::{self, choice_row, multiline_row, parse_date, parse_quantity, text_row};
use crate::app::session::{Command, Rec, Session, Table};
use crate::clock::now_stamp;
use crate::domain::*;
use crate::i18n::ui::{self as tr, S, t};
use crate::i18n::{self, Lang};

/// The mine's fields as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct MineForm {
    editing: Option<Mine>,
    name: String,
    company: String,
    location: String,
    note: String,
}

/// A pile's fields as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct PileForm {
    editing: Option<Pile>,
    name: String,
    location: String,
    dumping_since: String,
    status: PileStatus,
    closed_on: String,
    greenable_area: String,
    plan_reference: String,
    note: String,
}

/// A design quantity of the approved plan (a planned work) as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedForm {
    editing: Option<Work>,
    pile: Uuid,
    kind: WorkKind,
    bench: Option<Uuid>,
    quantity: String,
    unit: Unit,
    date: String,
    note: String,
}

/// A monitoring point as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct PointForm {
    editing: Option<MonitoringPoint>,
    pile: Uuid,
    name: String,
    bench: Option<Uuid>,
    location: String,
    note: String,
}

/// A revision of the report's document control as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct SignOffForm {
    editing: Option<SignOff>,
    revision: String,
    date: String,
    prepared_by: String,
    reviewed_by: String,
    approved_by: String,
    note: String,
}

/// The one form open on the setup page.
#[derive(Debug, Clone, PartialEq)]
pub enum SetupForm {
    Mine(MineForm),
    Pile(PileForm),
    Planned(PlannedForm),
    Point(PointForm),
    SignOff(SignOffForm),
}

fn opt_date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn opt_date(text: &str) -> Result<Option<NaiveDate>, S> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(text).map(Some)
    }
}

impl MineForm {
    fn new(m: Option<&Mine>) -> MineForm {
        MineForm {
            editing: m.cloned(),
            name: m.map(|m| m.name.clone()).unwrap_or_default(),
            company: m.map(|m| m.company.clone()).unwrap_or_default(),
            location: m.map(|m| m.location.clone()).unwrap_or_default(),
            note: m.map(|m| m.note.clone()).unwrap_or_default(),
        }
    }

    fn build(&self, s: &Session) -> Result<Mine, S> {
        let name = form::required(&self.name)?;
        let mut m = self.editing.clone().unwrap_or_else(|| Mine {
            meta: Meta::new(&s.operator, &now_stamp()),
            name: String::new(),
            company: String::new(),
            location: String::new(),
            note: String::new(),
        });
        m.name = name;
        m.company = self.company.trim().to_string();
        m.location = self.location.trim().to_string();
        m.note = self.note.trim().to_string();
        Ok(m)
    }
}

impl PileForm {
    fn new(p: Option<&Pile>) -> PileForm {
        match p {
            Some(p) => PileForm {
                editing: Some(p.clone()),
                name: p.name.clone(),
                location: p.location.clone(),
                dumping_since: p.dumping_since.to_string(),
                status: p.status,
                closed_on: opt_date_text(p.closed_on),
                greenable_area: form::milli_text(p.greenable_area),
                plan_reference: p.plan_reference.clone(),
                note: p.note.clone(),
            },
            None => PileForm {
                editing: None,
                name: String::new(),
                location: String::new(),
                dumping_since: String::new(),
                status: PileStatus::InUse,
                closed_on: String::new(),
                greenable_area: String::new(),
                plan_reference: String::new(),
                note: String::new(),
            },
        }
    }

    /// A closed pile needs the day it closed (the three-year greening rule counts from it).
    fn closed_on(&self) -> Result<Option<NaiveDate>, S> {
        let d = opt_date(&self.closed_on)?;
        if self.status == PileStatus::Closed && d.is_none() {
            return Err(S::ErrClosedOnNeeded);
        }
        Ok(d)
    }

    fn build(&self, s: &Session) -> Result<Pile, S> {
        let name = form::required(&self.name)?;
        let dumping_since = parse_date(&self.dumping_since)?;
        let closed_on = self.closed_on()?;
        let greenable_area = parse_quantity(&self.greenable_area, Unit::M2, true)?;
        let mine_id = s.data.mines.first().map(|m| m.meta.id).unwrap_or_default();
        let mut p = self.editing.clone().unwrap_or_else(|| Pile {
            meta: Meta::new(&s.operator, &now_stamp()),
            mine_id,
            name: String::new(),
            location: String::new(),
            dumping_since,
            status: PileStatus::InUse,
            closed_on: None,
            greenable_area: None,
            plan_reference: String::new(),
            note: String::new(),
        });
        p.name = name;
        p.location = self.location.trim().to_string();
        p.dumping_since = dumping_since;
        p.status = self.status;
        p.closed_on = closed_on;
        p.greenable_area = greenable_area;
        p.plan_reference = self.plan_reference.trim().to_string();
        p.note = self.note.trim().to_string();
        Ok(p)
    }
}

impl PlannedForm {
    fn new(s: &Session, w: Option<&Work>) -> PlannedForm {
        match w {
            Some(w) => PlannedForm {
                editing: Some(w.clone()),
                pile: w.pile_id,
                kind: w.kind,
                bench: w.bench_id,
                quantity: form::quantity_text(w.quantity, w.unit),
                unit: w.unit,
                date: w.date.to_string(),
                note: w.note.clone(),
            },
            None => PlannedForm {
                editing: None,
                pile: first_pile(s),
                kind: WorkKind::SoilCover,
                bench: None,
                quantity: String::new(),
                unit: WorkKind::SoilCover.default_unit(),
                date: String::new(),
                note: String::new(),
            },
        }
    }

    fn build(&self, s: &Session) -> Result<Work, S> {
        let quantity = parse_quantity(&self.quantity, self.unit, false)?.unwrap_or_default();
        let date = parse_date(&self.date)?;
        let mut w = self.editing.clone().unwrap_or_else(|| Work {
            meta: Meta::new(&s.operator, &now_stamp()),
            pile_id: self.pile,
            phase: WorkPhase::Planned,
            kind: self.kind,
            bench_id: None,
            quantity,
            unit: self.unit,
            date,
            thickness: None,
            contractor: String::new(),
            note: String::new(),
        });
        w.pile_id = self.pile;
        w.phase = WorkPhase::Planned;
        w.kind = self.kind;
        w.bench_id = self.bench;
        w.quantity = quantity;
        w.unit = self.unit;
        w.date = date;
        w.note = self.note.trim().to_string();
        Ok(w)
    }
}

impl PointForm {
    fn new(s: &Session, p: Option<&MonitoringPoint>) -> PointForm {
        PointForm {
            editing: p.cloned(),
            pile: p.map(|p| p.pile_id).unwrap_or_else(|| first_pile(s)),
            name: p.map(|p| p.name.clone()).unwrap_or_default(),
            bench: p.and_then(|p| p.bench_id),
            location: p.map(|p| p.location.clone()).unwrap_or_default(),
            note: p.map(|p| p.note.clone()).unwrap_or_default(),
        }
    }

    fn build(&self, s: &Session) -> Result<MonitoringPoint, S> {
        let name = form::required(&self.name)?;
        let mut p = self.editing.clone().unwrap_or_else(|| MonitoringPoint {
            meta: Meta::new(&s.operator, &now_stamp()),
            pile_id: self.pile,
            name: String::new(),
            bench_id: None,
            location: String::new(),
            note: String::new(),
        });
        p.pile_id = self.pile;
        p.name = name;
        p.bench_id = self.bench;
        p.location = self.location.trim().to_string();
        p.note = self.note.trim().to_string();
        Ok(p)
    }
}

impl SignOffForm {
    fn new(s: &Session, so: Option<&SignOff>) -> SignOffForm {
        match so {
            Some(so) => SignOffForm {
                editing: Some(so.clone()),
                revision: so.revision.clone(),
                date: so.date.to_string(),
                prepared_by: so.prepared_by.clone(),
                reviewed_by: so.reviewed_by.clone(),
                approved_by: so.approved_by.clone(),
                note: so.note.clone(),
            },
            None => SignOffForm {
                editing: None,
                revision: next_revision(&s.data.sign_offs),
                date: s.today.to_string(),
                prepared_by: s.operator.clone(),
                reviewed_by: String::new(),
                approved_by: String::new(),
                note: String::new(),
            },
        }
    }

    fn build(&self, s: &Session) -> Result<SignOff, S> {
        let revision = form::required(&self.revision)?;
        let date = parse_date(&self.date)?;
        let prepared_by = form::required(&self.prepared_by)?;
        let mut so = self.editing.clone().unwrap_or_else(|| SignOff {
            meta: Meta::new(&s.operator, &now_stamp()),
            revision: String::new(),
            date,
            prepared_by: String::new(),
            reviewed_by: String::new(),
            approved_by: String::new(),
            note: String::new(),
        });
        so.revision = revision;
        so.date = date;
        so.prepared_by = prepared_by;
        so.reviewed_by = self.reviewed_by.trim().to_string();
        so.approved_by = self.approved_by.trim().to_string();
        so.note = self.note.trim().to_string();
        Ok(so)
    }
}

/// The revision after the latest one: A → B, 2 → 3 (a first revision is A; anything else is
/// left for the user to name).
fn next_revision(sign_offs: &[SignOff]) -> String {
    let latest = sign_offs
        .iter()
        .max_by(|a, b| (a.date, &a.revision).cmp(&(b.date, &b.revision)));
    let Some(r) = latest.map(|s| s.revision.trim()).filter(|r| !r.is_empty()) else {
        return "A".to_string();
    };
    let mut chars = r.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() && !matches!(c, 'z' | 'Z') => {
            char::from(c.to_ascii_uppercase() as u8 + 1).to_string()
        }
        _ => r
            .parse::<u32>()
            .map(|n| (n + 1).to_string())
            .unwrap_or_default(),
    }
}

fn first_pile(s: &Session) -> Uuid {
    s.data.piles.first().map(|p| p.meta.id).unwrap_or_default()
}

/// What the report's cover and basis still lack, in the order they are set up.
pub fn missing_for_cover(data: &LedgerData) -> Vec<S> {
    let mut missing = Vec::new();
    let mine = data.mines.first();
    if mine.is_none_or(|m| m.name.trim().is_empty() || m.company.trim().is_empty()) {
        missing.push(S::SectionMine);
    }
    let pile = data.piles.first();
    if pile.is_none_or(|p| p.name.trim().is_empty() || p.location.trim().is_empty()) {
        missing.push(S::SectionPiles);
    }
    if pile.is_none_or(|p| p.plan_reference.trim().is_empty())
        || !data.works.iter().any(|w| w.phase == WorkPhase::Planned)
    {
        missing.push(S::SectionPlan);
    }
    if data.monitoring_points.is_empty() {
        missing.push(S::SectionPoints);
    }
    let signed = data.sign_offs.iter().any(|s| {
        !s.prepared_by.trim().is_empty()
            && !s.reviewed_by.trim().is_empty()
            && !s.approved_by.trim().is_empty()
    });
    if !signed {
        missing.push(S::SectionSignOffs);
    }
    missing
}

/// A record the user asked to delete, and what still refers to it (then it cannot be).
#[derive(Debug, Clone)]
struct Deleting {
    table: Table,
    id: Uuid,
    version: i64,
    referrers: Vec<(&'static str, usize)>,
}

/// What was clicked in a row of a section's list.
enum RowClick<'r, R> {
    Edit(&'r R),
    Delete(&'r R),
}

#[derive(Default)]
pub struct SetupView {
    pub form: Option<SetupForm>,
    /// The form as it was opened, to tell whether anything was changed.
    opened: Option<SetupForm>,
    form_error: bool,
    confirm_delete: Option<Deleting>,
    /// The reason typed for deleting a mine or a pile (kept in the history).
    delete_reason: String,
    /// A form was just opened: bring it into view (the lower sections' forms open below the fold).
    scroll_to_form: bool,
}

impl SetupView {
    /// The command the form sent succeeded (close it) or not (keep it open).
    pub fn done(&mut self, ok: bool) {
        if ok {
            self.close();
            self.confirm_delete = None;
        }
    }

    /// Whether an open form holds changes not saved yet.
    pub fn has_unsaved(&self) -> bool {
        self.form.is_some() && self.form != self.opened
    }

    /// Closes the open form, dropping what was typed.
    pub fn close(&mut self) {
        self.form = None;
        self.opened = None;
        self.form_error = false;
    }

    fn open(&mut self, f: SetupForm) {
        self.opened = Some(f.clone());
        self.form = Some(f);
        self.form_error = false;
        self.scroll_to_form = true;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        let may_edit = s.may_edit(Table::Pile);
        egui::ScrollArea::vertical()
            .id_salt("setup_scroll")
            .show(ui, |ui| {
                form::heading(ui, t(l, S::NavSetup));
                ui.label(t(l, S::SetupIntro));
                let missing = missing_for_cover(&s.data);
                if missing.is_empty() {
                    ui.colored_label(
                        egui::Color32::from_rgb(0x2e, 0x7d, 0x32),
                        t(l, S::SetupComplete),
                    );
                } else {
                    let names: Vec<&str> = missing.iter().map(|m| t(l, *m)).collect();
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!(
                            "{}{}",
                            t(l, S::SetupMissing),
                            names.join(l.pick("、", ", "))
                        ),
                    );
                }
                ui.add_space(6.0);
                self.mine_section(ui, l, s, may_edit, out);
                self.piles_section(ui, l, s, may_edit, out);
                self.plan_section(ui, l, s, may_edit, out);
                self.points_section(ui, l, s, may_edit, out);
                self.sign_offs_section(ui, l, s, may_edit, out);
            });
        self.delete_dialog(ui.ctx(), l, s, out);
    }

    /// Asks before deleting the record `meta` of `table`; a record others still refer to is
    /// not offered for deletion, the dialog says what refers to it.
    fn ask_delete(&mut self, s: &Session, table: Table, meta: &Meta) {
        self.confirm_delete = Some(Deleting {
            table,
            id: meta.id,
            version: meta.version,
            referrers: crate::domain::record::referrers(&s.data, table.code(), meta.id),
        });
        self.delete_reason.clear();
    }

    fn delete_dialog(&mut self, ctx: &egui::Context, l: Lang, s: &Session, out: &mut Vec<Command>) {
        let Some(d) = self.confirm_delete.clone() else {
            return;
        };
        if !d.referrers.is_empty() {
            let mut close = false;
            egui::Modal::new(egui::Id::unique("setup_cannot_delete")).show(ctx, |ui| {
                ui.set_max_width(460.0);
                form::heading(ui, t(l, S::CannotDelete));
                ui.strong(form::describe(l, &s.data, d.table, d.id));
                ui.add(egui::Label::new(tr::still_referred(l, &d.referrers)).wrap());
                ui.add_space(4.0);
                if ui.button(t(l, S::Dismiss)).clicked() {
                    close = true;
                }
            });
            if close {
                self.confirm_delete = None;
            }
            return;
        }
        // A mine or a pile goes with a reason, kept in the history.
        let reason = matches!(d.table, Table::Mine | Table::Pile)
            .then_some((&mut self.delete_reason, S::ErrDeleteReason));
        let what = (d.table, d.id, d.version);
        if form::ask_delete_why(ctx, l, &s.data, "setup", what, reason, out) {
            self.confirm_delete = None;
        }
    }

    /// A section's heading with its add button (when `add` is given and no form is open).
    fn section_head(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        title: S,
        add: Option<(S, SetupForm)>,
        blocked: Option<S>,
    ) {
        ui.add_space(10.0);
        ui.separator();
        ui.horizontal(|ui| {
            form::heading(ui, t(l, title));
            if let Some(why) = blocked {
                ui.weak(t(l, why));
            } else if let Some((label, f)) = add
                && self.form.is_none()
                && ui.button(t(l, label)).clicked()
            {
                self.open(f);
            }
        });
    }

    fn mine_section(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        s: &Session,
        may_edit: bool,
        out: &mut Vec<Command>,
    ) {
        let mine = s.data.mines.first();
        let add = (may_edit && mine.is_none()).then(|| (S::EnterMine, mine_form(mine)));
        self.section_head(ui, l, S::SectionMine, add, None);
        if let Some(SetupForm::Mine(f)) = self.form.as_mut() {
            let title = form::title(f.editing.is_some(), S::EditMine, S::EnterMine);
            let cancel = framed(ui, l, title, &mut self.scroll_to_form, |ui| {
                form::field_grid(ui, "mine_form", |ui| {
                    let name = form::once_tried(&f.name, self.form_error, || {
                        form::required(&f.name).map(|_| ())
                    });
                    text_row(ui, l, S::FieldMineName, &mut f.name, &name);
                    form::plain_row(ui, l, S::FieldCompany, &mut f.company);
                    form::plain_row(ui, l, S::FieldLocation, &mut f.location);
                    multiline_row(ui, l, S::FieldNote, &mut f.note, &Ok::<(), S>(()));
                });
                let editing = f.editing.is_some();
                save_row(ui, l, &mut self.form_error, out, editing, || {
                    f.build(s).ok().map(Rec::Mine)
                })
            });
            if cancel {
                self.close();
            }
            return;
        }
        match mine {
            None => {
                ui.weak(t(l, S::NoMineYet));
            }
            Some(m) => {
                let mut edit = false;
                egui::Grid::new("mine_fields")
                    .num_columns(2)
                    .spacing([12.0, 4.0])
                    .show(ui, |ui| {
                        for (label, value) in [
                            (S::ColName, &m.name),
                            (S::ColCompany, &m.company),
                            (S::ColLocation, &m.location),
                            (S::ColNote, &m.note),
                        ] {
                            ui.weak(t(l, label));
                            ui.label(value);
                            ui.end_row();
                        }
                    });
                let mut delete = false;
                if may_edit && self.form.is_none() {
                    ui.horizontal(|ui| {
                        edit = ui.button(t(l, S::EditMine)).clicked();
                        delete = ui.button(t(l, S::DeleteMine)).clicked();
                    });
                }
                if edit {
                    self.open(mine_form(Some(m)));
                }
                if delete {
                    self.ask_delete(s, Table::Mine, &m.meta);
                }
            }
        }
    }

    fn piles_section(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        s: &Session,
        may_edit: bool,
        out: &mut Vec<Command>,
    ) {
        let blocked = s.data.mines.is_empty().then_some(S::NeedMineFirst);
        let add = may_edit.then(|| (S::AddPile, SetupForm::Pile(PileForm::new(None))));
        self.section_head(ui, l, S::SectionPiles, add, blocked);
        if let Some(SetupForm::Pile(f)) = self.form.as_mut() {
            let title = form::title(f.editing.is_some(), S::EditPile, S::AddPile);
            let cancel = framed(ui, l, title, &mut self.scroll_to_form, |ui| {
                form::field_grid(ui, "pile_form", |ui| {
                    let name = form::once_tried(&f.name, self.form_error, || {
                        form::required(&f.name).map(|_| ())
                    });
                    text_row(ui, l, S::FieldPileName, &mut f.name, &name);
                    form::plain_row(ui, l, S::FieldLocation, &mut f.location);
                    let since = form::once_tried(&f.dumping_since, self.form_error, || {
                        parse_date(&f.dumping_since).map(|_| ())
                    });
                    text_row(ui, l, S::FieldDumpingSince, &mut f.dumping_since, &since);
                    let statuses = form::options(PileStatus::ALL, |p| i18n::pile_status(l, p));
                    choice_row(ui, l, S::FieldStatus, &mut f.status, &statuses);
                    let closed = f.closed_on();
                    text_row(ui, l, S::FieldClosedOn, &mut f.closed_on, &closed);
                    let area = parse_quantity(&f.greenable_area, Unit::M2, true);
                    text_row(ui, l, S::FieldGreenable, &mut f.greenable_area, &area);
                    multiline_row(
                        ui,
                        l,
                        S::FieldPlanReference,
                        &mut f.plan_reference,
                        &Ok::<(), S>(()),
                    );
                    multiline_row(ui, l, S::FieldNote, &mut f.note, &Ok::<(), S>(()));
                });
                let editing = f.editing.is_some();
                save_row(ui, l, &mut self.form_error, out, editing, || {
                    f.build(s).ok().map(Rec::Pile)
                })
            });
            if cancel {
                self.close();
            }
        }
        if nothing_yet(ui, l, s.data.piles.is_empty(), blocked, S::NoPileYet) {
            return;
        }
        let heads = [
            S::ColName,
            S::ColLocation,
            S::ColDumpingSince,
            S::ColStatus,
            S::ColGreenable,
            S::ColPlanRef,
        ];
        let buttons = may_edit && self.form.is_none();
        let clicked = record_grid(
            ui,
            l,
            "piles_grid",
            &heads,
            &s.data.piles,
            buttons,
            |ui, p| {
                ui.label(&p.name);
                ui.label(&p.location);
                ui.label(p.dumping_since.to_string());
                let status = match p.closed_on {
                    Some(d) => format!("{} {d}", i18n::pile_status(l, p.status)),
                    None => i18n::pile_status(l, p.status).to_string(),
                };
                ui.label(status);
                let area = p.greenable_area.map(|a| {
                    Quantity {
                        base: a,
                        unit: Unit::M2,
                    }
                    .display(l.is_zh())
                });
                ui.label(area.unwrap_or_default());
                ui.label(&p.plan_reference);
            },
        );
        match clicked {
            Some(RowClick::Edit(p)) => self.open(SetupForm::Pile(PileForm::new(Some(p)))),
            Some(RowClick::Delete(p)) => self.ask_delete(s, Table::Pile, &p.meta),
            None => {}
        }
    }

    fn plan_section(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        s: &Session,
        may_edit: bool,
        out: &mut Vec<Command>,
    ) {
        let zh = l.is_zh();
        let blocked = s.data.piles.is_empty().then_some(S::NeedPileFirst);
        let add = may_edit.then(|| (S::AddPlanned, SetupForm::Planned(PlannedForm::new(s, None))));
        self.section_head(ui, l, S::SectionPlan, add, blocked);
        ui.weak(t(l, S::PlanHint));
        if let Some(SetupForm::Planned(f)) = self.form.as_mut() {
            let title = form::title(f.editing.is_some(), S::EditPlanned, S::AddPlanned);
            let cancel = framed(ui, l, title, &mut self.scroll_to_form, |ui| {
                form::field_grid(ui, "planned_form", |ui| {
                    pile_row(ui, l, s, &mut f.pile);
                    let kind = (&mut f.kind, &mut f.bench, &mut f.unit);
                    form::work_kind_rows(ui, l, &s.data, kind);
                    let q = form::once_tried(&f.quantity, self.form_error, || {
                        parse_quantity(&f.quantity, f.unit, false).map(|_| ())
                    });
                    text_row(ui, l, S::FieldDesignQuantity, &mut f.quantity, &q);
                    let d = form::once_tried(&f.date, self.form_error, || {
                        parse_date(&f.date).map(|_| ())
                    });
                    text_row(ui, l, S::FieldPlannedDate, &mut f.date, &d);
                    form::plain_row(ui, l, S::FieldNote, &mut f.note);
                });
                let editing = f.editing.is_some();
                save_row(ui, l, &mut self.form_error, out, editing, || {
                    f.build(s).ok().map(Rec::Work)
                })
            });
            if cancel {
                self.close();
            }
        }
        let mut planned: Vec<&Work> = s
            .data
            .works
            .iter()
            .filter(|w| w.phase == WorkPhase::Planned)
            .collect();
        planned.sort_by_key(|w| {
            (
                w.kind,
                w.bench_id.and_then(|b| s.data.bench(b)).map(|b| b.number),
            )
        });
        if nothing_yet(ui, l, planned.is_empty(), blocked, S::NoPlanYet) {
            return;
        }
        // An overall design quantity states the total; per-bench ones break it down and may not
        // exceed it (domain::summary::Plan).
        for d in &s.summary.plan_disagreements {
            ui.colored_label(
                super::form::bad(ui),
                crate::i18n::ui::plan_disagreement(l, d),
            );
        }
        let heads = [
            S::ColKind,
            S::ColBench,
            S::ColPlanned,
            S::ColDate,
            S::ColNote,
        ];
        let buttons = may_edit && self.form.is_none();
        let clicked = record_grid(ui, l, "plan_grid", &heads, planned, buttons, |ui, w| {
            ui.label(i18n::work_kind(l, w.kind));
            ui.label(form::bench_name(l, &s.data, w.bench_id));
            let quantity = Quantity {
                base: w.quantity,
                unit: w.unit,
            };
            form::num_cell(ui, quantity.display(zh));
            ui.label(w.date.to_string());
            ui.label(&w.note);
        });
        match clicked {
            Some(RowClick::Edit(w)) => {
                self.open(SetupForm::Planned(PlannedForm::new(s, Some(w))));
            }
            Some(RowClick::Delete(w)) => self.ask_delete(s, Table::Work, &w.meta),
            None => {}
        }
    }

    fn points_section(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        s: &Session,
        may_edit: bool,
        out: &mut Vec<Command>,
    ) {
        let blocked = s.data.piles.is_empty().then_some(S::NeedPileFirst);
        let add = may_edit.then(|| (S::AddPoint, SetupForm::Point(PointForm::new(s, None))));
        self.section_head(ui, l, S::SectionPoints, add, blocked);
        if let Some(SetupForm::Point(f)) = self.form.as_mut() {
            let title = form::title(f.editing.is_some(), S::EditPoint, S::AddPoint);
            let cancel = framed(ui, l, title, &mut self.scroll_to_form, |ui| {
                form::field_grid(ui, "point_form", |ui| {
                    pile_row(ui, l, s, &mut f.pile);
                    let name = form::once_tried(&f.name, self.form_error, || {
                        form::required(&f.name).map(|_| ())
                    });
                    text_row(ui, l, S::FieldPointName, &mut f.name, &name);
                    form::bench_row(ui, l, &s.data, &mut f.bench);
                    form::plain_row(ui, l, S::FieldLocation, &mut f.location);
                    form::plain_row(ui, l, S::FieldNote, &mut f.note);
                });
                let editing = f.editing.is_some();
                save_row(ui, l, &mut self.form_error, out, editing, || {
                    f.build(s).ok().map(Rec::Point)
                })
            });
            if cancel {
                self.close();
            }
        }
        if nothing_yet(
            ui,
            l,
            s.data.monitoring_points.is_empty(),
            blocked,
            S::NoPointYet,
        ) {
            return;
        }
        let heads = [S::ColName, S::ColBench, S::ColLocation, S::ColNote];
        let buttons = may_edit && self.form.is_none();
        let points = &s.data.monitoring_points;
        let clicked = record_grid(ui, l, "points_grid", &heads, points, buttons, |ui, p| {
            ui.label(&p.name);
            ui.label(form::bench_name(l, &s.data, p.bench_id));
            ui.label(&p.location);
            ui.label(&p.note);
        });
        match clicked {
            Some(RowClick::Edit(p)) => self.open(SetupForm::Point(PointForm::new(s, Some(p)))),
            Some(RowClick::Delete(p)) => self.ask_delete(s, Table::Point, &p.meta),
            None => {}
        }
    }

    fn sign_offs_section(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        s: &Session,
        may_edit: bool,
        out: &mut Vec<Command>,
    ) {
        let add = may_edit.then(|| (S::AddSignOff, SetupForm::SignOff(SignOffForm::new(s, None))));
        self.section_head(ui, l, S::SectionSignOffs, add, None);
        ui.weak(t(l, S::SignOffHint));
        if let Some(SetupForm::SignOff(f)) = self.form.as_mut() {
            let title = form::title(f.editing.is_some(), S::EditSignOff, S::AddSignOff);
            let cancel = framed(ui, l, title, &mut self.scroll_to_form, |ui| {
                form::field_grid(ui, "sign_off_form", |ui| {
                    let revision = form::required(&f.revision);
                    text_row(ui, l, S::FieldRevision, &mut f.revision, &revision);
                    let date = parse_date(&f.date);
                    text_row(ui, l, S::FieldSignOffDate, &mut f.date, &date);
                    let prepared = form::required(&f.prepared_by);
                    text_row(ui, l, S::FieldPreparedBy, &mut f.prepared_by, &prepared);
                    form::plain_row(ui, l, S::FieldReviewedBy, &mut f.reviewed_by);
                    form::plain_row(ui, l, S::FieldApprovedBy, &mut f.approved_by);
                    form::plain_row(ui, l, S::FieldNote, &mut f.note);
                });
                let editing = f.editing.is_some();
                save_row(ui, l, &mut self.form_error, out, editing, || {
                    f.build(s).ok().map(Rec::SignOff)
                })
            });
            if cancel {
                self.close();
            }
        }
        if nothing_yet(ui, l, s.data.sign_offs.is_empty(), None, S::NoSignOffYet) {
            return;
        }
        let mut sign_offs: Vec<&SignOff> = s.data.sign_offs.iter().collect();
        sign_offs.sort_by(|a, b| (a.date, &a.revision).cmp(&(b.date, &b.revision)));
        let heads = [
            S::ColRevision,
            S::ColDate,
            S::ColPreparedBy,
            S::ColReviewedBy,
            S::ColApprovedBy,
            S::ColNote,
        ];
        let buttons = may_edit && self.form.is_none();
        let clicked = record_grid(
            ui,
            l,
            "sign_offs_grid",
            &heads,
            sign_offs,
            buttons,
            |ui, so| {
                ui.label(&so.revision);
                ui.label(so.date.to_string());
                ui.label(&so.prepared_by);
                ui.label(&so.reviewed_by);
                ui.label(&so.approved_by);
                ui.label(i18n::category_value(l, &so.note));
            },
        );
        match clicked {
            Some(RowClick::Edit(so)) => {
                self.open(SetupForm::SignOff(SignOffForm::new(s, Some(so))));
            }
            Some(RowClick::Delete(so)) => self.ask_delete(s, Table::SignOff, &so.meta),
            None => {}
        }
    }
}

/// Save and Cancel under a setup form: Save sends the record `build` makes (an update when the
/// form is `editing` one, else an insert). True when Cancel was clicked.
fn save_row(
    ui: &mut egui::Ui,
    l: Lang,
    form_error: &mut bool,
    out: &mut Vec<Command>,
    editing: bool,
    build: impl FnOnce() -> Option<Rec>,
) -> bool {
    form::save_row(ui, l, form_error, out, || {
        build().map(|rec| form::command(rec, editing))
    })
}

/// Under an empty section, that nothing is entered yet — unless `blocked` already says why
/// nothing can be. True when the section is `empty`.
fn nothing_yet(ui: &mut egui::Ui, l: Lang, empty: bool, blocked: Option<S>, note: S) -> bool {
    if empty && blocked.is_none() {
        ui.weak(t(l, note));
    }
    empty
}

/// A form in its frame, scrolled into view the first time it is drawn.
fn framed<R>(
    ui: &mut egui::Ui,
    l: Lang,
    title: S,
    scroll: &mut bool,
    contents: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let shown = ui.scope(|ui| form::form_frame(ui, l, title, contents));
    if std::mem::take(scroll) {
        shown.response.scroll_to_me(Some(egui::Align::Center));
    }
    shown.inner
}

fn mine_form(m: Option<&Mine>) -> SetupForm {
    SetupForm::Mine(MineForm::new(m))
}

/// The pile a record belongs to, when the ledger has more than one.
fn pile_row(ui: &mut egui::Ui, l: Lang, s: &Session, pile: &mut Uuid) {
    if s.data.piles.len() > 1 {
        let piles: Vec<_> = s
            .data
            .piles
            .iter()
            .map(|p| (p.meta.id, p.name.clone()))
            .collect();
        choice_row(ui, l, S::FieldPile, pile, &piles);
    }
}

/// A section's list: a header row, then a row per record — its edit and delete buttons first
/// (when `buttons`, else an empty cell), then the cells `cells` draws — scrolling sideways when
/// the window is narrow. Returns the button clicked and its record.
fn record_grid<'r, R: 'r>(
    ui: &mut egui::Ui,
    l: Lang,
    id: &str,
    heads: &[S],
    records: impl IntoIterator<Item = &'r R>,
    buttons: bool,
    mut cells: impl FnMut(&mut egui::Ui, &R),
) -> Option<RowClick<'r, R>> {
    let mut clicked = None;
    egui::ScrollArea::horizontal().id_salt(id).show(ui, |ui| {
        egui::Grid::new(id)
            .striped(true)
            .spacing([14.0, 6.0])
            .show(ui, |ui| {
                ui.label("");
                for head in heads {
                    ui.strong(t(l, *head));
                }
                ui.end_row();
                for record in records {
                    if buttons {
                        ui.horizontal(|ui| {
                            if ui.small_button(t(l, S::Edit)).clicked() {
                                clicked = Some(RowClick::Edit(record));
                            }
                            if ui.small_button(t(l, S::Delete)).clicked() {
                                clicked = Some(RowClick::Delete(record));
                            }
                        });
                    } else {
                        ui.label("");
                    }
                    cells(ui, record);
                    ui.end_row();
                }
            });
    });
    clicked
}
