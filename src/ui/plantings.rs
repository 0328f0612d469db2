//! Plantings and surveys: survival and cover per bench, low values marked against their rule;
//! the department adds and edits plantings and survival surveys here.

use uuid::Uuid;

use super::egui;
use super::form::{
    self, bad, choice_row, num_cell_colored, parse_count, parse_date, parse_percent,
    parse_quantity, text_row,
};
use super::grid::{ACTION_WIDTH, Cell, Col, Grid};
use crate::app::session::{Command, Rec, Session, Table};
use crate::app::sheets::ShownTable;
use crate::clock::now_stamp;
use crate::domain::*;
use crate::i18n::ui::{S, t};
use crate::i18n::{self, Lang};

/// The planting form; every field is checked as it is typed.
#[derive(Debug, Clone)]
pub struct PlantingForm {
    editing: Option<Planting>,
    species: String,
    plant_type: PlantType,
    plants: String,
    seed: String,
    area: String,
    bench: Option<Uuid>,
    date: String,
    note: String,
    tried: bool,
}

impl PlantingForm {
    fn new(today: chrono::NaiveDate) -> PlantingForm {
        PlantingForm {
            editing: None,
            species: String::new(),
            plant_type: PlantType::Shrub,
            plants: String::new(),
            seed: String::new(),
            area: String::new(),
            bench: None,
            date: today.to_string(),
            note: String::new(),
            tried: false,
        }
    }

    fn edit(p: &Planting) -> PlantingForm {
        PlantingForm {
            editing: Some(p.clone()),
            species: p.species.clone(),
            plant_type: p.plant_type,
            plants: p.plants.map(|n| n.to_string()).unwrap_or_default(),
            seed: form::milli_text(p.seed),
            area: format_milli(p.area.0, 3),
            bench: p.bench_id,
            date: p.date.to_string(),
            note: p.note.clone(),
            tried: false,
        }
    }

    /// Plants and seed are each optional, but one of them must be given.
    fn amounts(&self) -> (Result<Option<i64>, S>, Result<Option<Milli>, S>) {
        let plants = parse_count(&self.plants, true);
        let seed = parse_quantity(&self.seed, Unit::Kg, true);
        if let (Ok(None), Ok(None)) = (&plants, &seed)
            && self.tried
        {
            return (Err(S::ErrPlantsOrSeed), Ok(None));
        }
        (plants, seed)
    }

    /// The record, or the first field that is wrong.
    fn build(&self, s: &Session) -> Result<Planting, S> {
        let species = form::required(&self.species)?;
        let plants = parse_count(&self.plants, true)?;
        let seed = parse_quantity(&self.seed, Unit::Kg, true)?;
        if plants.is_none() && seed.is_none() {
            return Err(S::ErrPlantsOrSeed);
        }
        let area = parse_quantity(&self.area, Unit::M2, false)?.unwrap_or_default();
        let date = parse_date(&self.date)?;
        let mut p = match &self.editing {
            Some(p) => p.clone(),
            None => Planting {
                meta: Meta::new(&s.operator, &now_stamp()),
                pile_id: s.data.piles.first().map(|p| p.meta.id).unwrap_or_default(),
                bench_id: None,
                species: String::new(),
                plant_type: self.plant_type,
                plants: None,
                seed: None,
                area,
                date,
                note: String::new(),
            },
        };
        p.species = species;
        p.plant_type = self.plant_type;
        p.plants = plants;
        p.seed = seed;
        p.area = area;
        p.bench_id = self.bench;
        p.date = date;
        p.note = self.note.trim().to_string();
        Ok(p)
    }
}

/// The survival survey form.
#[derive(Debug, Clone)]
pub struct SurveyForm {
    editing: Option<SurvivalSurvey>,
    bench: Option<Uuid>,
    planting: Option<Uuid>,
    date: String,
    planted: String,
    alive: String,
    cover: String,
    method: String,
    surveyor: String,
    note: String,
    tried: bool,
}

impl SurveyForm {
    fn new(today: chrono::NaiveDate, operator: &str) -> SurveyForm {
        SurveyForm {
            editing: None,
            bench: None,
            planting: None,
            date: today.to_string(),
            planted: String::new(),
            alive: String::new(),
            cover: String::new(),
            method: String::new(),
            surveyor: operator.to_string(),
            note: String::new(),
            tried: false,
        }
    }

    fn edit(v: &SurvivalSurvey) -> SurveyForm {
        SurveyForm {
            editing: Some(v.clone()),
            bench: v.bench_id,
            planting: v.planting_id,
            date: v.date.to_string(),
            planted: v.planted.to_string(),
            alive: v.alive.to_string(),
            cover: form::milli_text(v.cover),
            method: v.method.clone(),
            surveyor: v.surveyor.clone(),
            note: v.note.clone(),
            tried: false,
        }
    }

    /// Alive as typed, and no more than planted.
    fn alive_checked(&self) -> Result<Option<i64>, S> {
        let alive = parse_count(&self.alive, false)?;
        if let (Some(a), Ok(Some(p))) = (alive, parse_count(&self.planted, false))
            && a > p
        {
            return Err(S::ErrAliveOverPlanted);
        }
        Ok(alive)
    }

    /// Planted as typed: a survey counts at least one plant.
    fn planted(&self) -> Result<Option<i64>, S> {
        match parse_count(&self.planted, false)? {
            Some(0) => Err(S::ErrPositive),
            other => Ok(other),
        }
    }

    fn build(&self, s: &Session) -> Result<SurvivalSurvey, S> {
        let date = parse_date(&self.date)?;
        let planted = self.planted()?.unwrap_or_default();
        let alive = self.alive_checked()?.unwrap_or_default();
        let cover = parse_percent(&self.cover, true)?;
        let mut v = match &self.editing {
            Some(v) => v.clone(),
            None => SurvivalSurvey {
                meta: Meta::new(&s.operator, &now_stamp()),
                planting_id: None,
                bench_id: None,
                date,
                planted,
                alive,
                cover,
                method: String::new(),
                surveyor: String::new(),
                note: String::new(),
            },
        };
        v.bench_id = self.bench;
        v.planting_id = self.planting;
        v.date = date;
        v.planted = planted;
        v.alive = alive;
        v.cover = cover;
        v.method = self.method.trim().to_string();
        v.surveyor = self.surveyor.trim().to_string();
        v.note = self.note.trim().to_string();
        Ok(v)
    }
}

/// Which form is open (one at a time, so labels stay unique).
#[derive(Debug, Clone)]
enum OpenForm {
    Planting(PlantingForm),
    Survey(SurveyForm),
}

#[derive(Default)]
pub struct PlantingsView {
    form: Option<OpenForm>,
    /// Another record to edit, asked for while the form holds unsaved changes.
    waiting: form::Waiting<OpenForm>,
    form_error: bool,
    /// Surveys and plantings (newest first until sorted otherwise).
    pub surveys: Grid,
    pub plantings: Grid,
    confirm_delete: Option<(Table, Uuid, i64)>,
}

/// The planting choices of a survey: none, then every planting newest first.
fn planting_options(l: Lang, s: &Session) -> Vec<(Option<Uuid>, String)> {
    let mut ps: Vec<&Planting> = s.data.plantings.iter().collect();
    ps.sort_by_key(|p| std::cmp::Reverse(p.date));
    std::iter::once((None, t(l, S::NoPlanting).to_string()))
        .chain(ps.into_iter().map(|p| {
            (
                Some(p.meta.id),
                format!(
                    "{} {} {}",
                    p.date,
                    form::bench_name(l, &s.data, p.bench_id),
                    p.species
                ),
            )
        }))
        .collect()
}

impl PlantingsView {
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

    fn survey_columns(may_edit: bool) -> Vec<Col> {
        let mut c = Vec::new();
        if may_edit {
            c.push(Col::new(S::ColAction, ACTION_WIDTH).widget());
        }
        c.extend([
            Col::new(S::ColDate, 95.0).dates(),
            Col::new(S::ColBench, 70.0).choice(),
            Col::new(S::ColPlanted, 80.0).numeric(),
            Col::new(S::ColAlive, 80.0).numeric(),
            Col::new(S::ColSurvival, 190.0).numeric(),
            Col::new(S::ColCover, 90.0).numeric(),
            Col::new(S::ColNote, 120.0).rest(),
        ]);
        c
    }

    fn planting_columns(may_edit: bool) -> Vec<Col> {
        let mut c = Vec::new();
        if may_edit {
            c.push(Col::new(S::ColAction, ACTION_WIDTH).widget());
        }
        c.extend([
            Col::new(S::ColDate, 95.0).dates(),
            Col::new(S::ColBench, 70.0).choice(),
            Col::new(S::ColSpecies, 140.0).choice(),
            Col::new(S::ColKind, 70.0).choice(),
            Col::new(S::ColPlants, 90.0).numeric(),
            Col::new(S::ColSeed, 100.0).numeric(),
            Col::new(S::ColArea, 120.0).numeric(),
            Col::new(S::ColNote, 120.0).rest(),
        ]);
        c
    }

    fn survey_cell(l: Lang, s: &Session, i: usize, head: S) -> Cell {
        let v = &s.data.surveys[i];
        let percent = |m: i64| Cell::Number {
            value: m as f64 / 1000.0,
            text: rules::percent_text(m),
            unit: String::new(),
        };
        match head {
            S::ColDate => Cell::Date(v.date),
            S::ColBench => Cell::text(form::bench_name(l, &s.data, v.bench_id)),
            S::ColPlanted => Cell::count(v.planted.max(0) as usize, false),
            S::ColAlive => Cell::count(v.alive.max(0) as usize, false),
            S::ColSurvival => v.survival_milli_percent().map_or(Cell::Empty, percent),
            S::ColCover => v.cover.map_or(Cell::Empty, |c| percent(c.0)),
            S::ColNote => Cell::text(
                [v.method.as_str(), v.surveyor.as_str(), v.note.as_str()]
                    .iter()
                    .filter(|x| !x.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            _ => Cell::Empty,
        }
    }

    fn planting_cell(l: Lang, s: &Session, i: usize, head: S) -> Cell {
        let p = &s.data.plantings[i];
        match head {
            S::ColDate => Cell::Date(p.date),
            S::ColBench => Cell::text(form::bench_name(l, &s.data, p.bench_id)),
            S::ColSpecies => Cell::text(p.species.as_str()),
            S::ColKind => Cell::text(i18n::plant_type(l, p.plant_type)),
            S::ColPlants => p
                .plants
                .map_or(Cell::Empty, |n| Cell::count(n.max(0) as usize, false)),
            S::ColSeed => p.seed.map_or(Cell::Empty, |k| Cell::Number {
                value: k.to_f64_in(Unit::Kg),
                text: format_milli(k.0, 3),
                unit: String::new(),
            }),
            S::ColArea => Cell::Number {
                value: p.area.to_f64_in(Unit::M2),
                text: format_milli(p.area.0, 2),
                unit: String::new(),
            },
            S::ColNote => Cell::text(p.note.as_str()),
            _ => Cell::Empty,
        }
    }

    fn refresh(&mut self, l: Lang, s: &Session) {
        let may_edit = s.may_edit(Table::Survey);
        self.surveys.refresh(
            s.generation,
            u64::from(l.is_zh()),
            &Self::survey_columns(may_edit),
            || {
                let v = &s.data.surveys;
                let mut rows: Vec<usize> = (0..v.len()).collect();
                rows.sort_by(|a, b| v[*b].date.cmp(&v[*a].date));
                rows
            },
            |i, h| Self::survey_cell(l, s, i, h),
        );
        self.plantings.refresh(
            s.generation,
            u64::from(l.is_zh()),
            &Self::planting_columns(may_edit),
            || {
                let p = &s.data.plantings;
                let mut rows: Vec<usize> = (0..p.len()).collect();
                rows.sort_by(|a, b| p[*b].date.cmp(&p[*a].date));
                rows
            },
            |i, h| Self::planting_cell(l, s, i, h),
        );
    }

    /// The surveys shown (or the plantings, if their table asked), as a table of their own.
    pub fn shown_table(&self, l: Lang, s: &Session, plantings: bool) -> ShownTable {
        let may_edit = s.may_edit(Table::Survey);
        if plantings {
            self.plantings.shown_table(
                l,
                t(l, S::SectionPlantings),
                &Self::planting_columns(may_edit),
                |i, h| Self::planting_cell(l, s, i, h),
            )
        } else {
            self.surveys.shown_table(
                l,
                t(l, S::SectionSurveys),
                &Self::survey_columns(may_edit),
                |i, h| Self::survey_cell(l, s, i, h),
            )
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        self.refresh(l, s);
        let may_edit = s.may_edit(Table::Survey);
        ui.horizontal(|ui| {
            form::heading(ui, t(l, S::NavPlantings));
            if may_edit && self.form.is_none() {
                if ui.button(t(l, S::AddSurvey)).clicked() {
                    self.form = Some(OpenForm::Survey(SurveyForm::new(s.today, &s.operator)));
                    self.form_error = false;
                }
                if ui.button(t(l, S::AddPlanting)).clicked() {
                    self.form = Some(OpenForm::Planting(PlantingForm::new(s.today)));
                    self.form_error = false;
                }
            }
        });
        let close = match self.form.as_mut() {
            Some(OpenForm::Planting(f)) => planting_form_ui(ui, l, s, f, out, &mut self.form_error),
            Some(OpenForm::Survey(f)) => survey_form_ui(ui, l, s, f, out, &mut self.form_error),
            None => false,
        };
        if close {
            self.form = None;
        }
        let mut edit = None;
        let mut delete = None;
        self.surveys_table(ui, l, s, may_edit, &mut edit, &mut delete);
        ui.add_space(10.0);
        ui.push_id("plantings", |ui| {
            self.plantings_table(ui, l, s, may_edit, &mut edit, &mut delete);
        });
        if let Some(f) = self.waiting.next(ui.ctx(), edit) {
            self.form = Some(f);
            self.form_error = false;
        }
        if delete.is_some() {
            self.confirm_delete = delete;
        }
        if let Some(what) = self.confirm_delete
            && form::ask_delete(ui.ctx(), l, &s.data, "plantings", what, None, out)
        {
            self.confirm_delete = None;
        }
    }

    fn surveys_table(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        s: &Session,
        may_edit: bool,
        edit: &mut Option<OpenForm>,
        delete: &mut Option<(Table, Uuid, i64)>,
    ) {
        let rule = s
            .data
            .rules
            .iter()
            .find(|r| r.kind == RuleKind::SurvivalRate && r.enabled);
        form::heading(ui, t(l, S::SectionSurveys));
        if let Some(r) = rule {
            ui.weak(i18n::ui::labelled(
                l,
                i18n::rule_kind(l, r.kind),
                format!(
                    "{}{}",
                    i18n::rule_threshold(l, r),
                    i18n::ui::aside(l, i18n::rule_source(l, &r.source))
                ),
            ));
        }
        let cols = Self::survey_columns(may_edit);
        self.surveys.toolbar(ui, l, &cols, s.data.surveys.len());
        self.refresh(l, s);
        self.surveys.max_height = Some(260.0);
        self.surveys.show(
            ui,
            l,
            "surveys_table",
            &cols,
            |i, h| Self::survey_cell(l, s, i, h),
            |ui, i, h| {
                let v = &s.data.surveys[i];
                match h {
                    S::ColAction => {
                        if ui.small_button(t(l, S::Edit)).clicked() {
                            *edit = Some(OpenForm::Survey(SurveyForm::edit(v)));
                        }
                        if ui.small_button(t(l, S::Delete)).clicked() {
                            *delete = Some((Table::Survey, v.meta.id, v.meta.version));
                        }
                        true
                    }
                    S::ColSurvival => match (v.survival_milli_percent(), rule) {
                        (Some(pct), Some(r)) if pct < r.threshold => {
                            let color = bad(ui);
                            num_cell_colored(
                                ui,
                                color,
                                format!(
                                    "{} ({} {})",
                                    rules::percent_text(pct),
                                    t(l, S::BelowRule),
                                    i18n::rule_threshold(l, r)
                                ),
                            );
                            true
                        }
                        _ => false,
                    },
                    _ => false,
                }
            },
        );
    }

    fn plantings_table(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        s: &Session,
        may_edit: bool,
        edit: &mut Option<OpenForm>,
        delete: &mut Option<(Table, Uuid, i64)>,
    ) {
        form::heading(ui, t(l, S::SectionPlantings));
        let cols = Self::planting_columns(may_edit);
        self.plantings.toolbar(ui, l, &cols, s.data.plantings.len());
        self.refresh(l, s);
        self.plantings.show(
            ui,
            l,
            "plantings_table",
            &cols,
            |i, h| Self::planting_cell(l, s, i, h),
            |ui, i, h| {
                let p = &s.data.plantings[i];
                match h {
                    S::ColAction => {
                        if ui.small_button(t(l, S::Edit)).clicked() {
                            *edit = Some(OpenForm::Planting(PlantingForm::edit(p)));
                        }
                        if ui.small_button(t(l, S::Delete)).clicked() {
                            *delete = Some((Table::Planting, p.meta.id, p.meta.version));
                        }
                        true
                    }
                    // The species opens the planting for editing, as a name opens a record.
                    S::ColSpecies if may_edit => {
                        if ui.link(&p.species).on_hover_text(t(l, S::Edit)).clicked() {
                            *edit = Some(OpenForm::Planting(PlantingForm::edit(p)));
                        }
                        true
                    }
                    _ => false,
                }
            },
        );
    }
}

fn planting_form_ui(
    ui: &mut egui::Ui,
    l: Lang,
    s: &Session,
    f: &mut PlantingForm,
    out: &mut Vec<Command>,
    form_error: &mut bool,
) -> bool {
    let title = form::title(f.editing.is_some(), S::EditPlanting, S::AddPlanting);
    form::form_frame(ui, l, title, |ui| {
        form::field_grid(ui, "planting_form", |ui| {
            let species = form::once_tried(&f.species, f.tried, || form::required(&f.species));
            text_row(ui, l, S::FieldSpecies, &mut f.species, &species);
            let types = form::options(PlantType::ALL, |p| i18n::plant_type(l, p));
            choice_row(ui, l, S::FieldPlantType, &mut f.plant_type, &types);
            let (plants, seed) = f.amounts();
            text_row(ui, l, S::FieldPlants, &mut f.plants, &plants);
            text_row(ui, l, S::FieldSeed, &mut f.seed, &seed);
            let area = form::once_tried(&f.area, f.tried, || {
                parse_quantity(&f.area, Unit::M2, false)
            });
            text_row(ui, l, S::FieldArea, &mut f.area, &area);
            form::bench_row(ui, l, &s.data, &mut f.bench);
            form::date_row(ui, l, &mut f.date);
            form::plain_row(ui, l, S::FieldNote, &mut f.note);
        });
        form::save_row(ui, l, form_error, out, || {
            f.tried = true;
            let editing = f.editing.is_some();
            f.build(s)
                .ok()
                .map(|p| form::command(Rec::Planting(p), editing))
        })
    })
}

fn survey_form_ui(
    ui: &mut egui::Ui,
    l: Lang,
    s: &Session,
    f: &mut SurveyForm,
    out: &mut Vec<Command>,
    form_error: &mut bool,
) -> bool {
    let title = form::title(f.editing.is_some(), S::EditSurvey, S::AddSurvey);
    form::form_frame(ui, l, title, |ui| {
        form::field_grid(ui, "survey_form", |ui| {
            form::bench_row(ui, l, &s.data, &mut f.bench);
            let before = f.planting;
            choice_row(
                ui,
                l,
                S::FieldPlanting,
                &mut f.planting,
                &planting_options(l, s),
            );
            // A survey of a planting is on that planting's bench unless one was chosen.
            if f.planting != before
                && f.bench.is_none()
                && let Some(p) = f
                    .planting
                    .and_then(|id| s.data.plantings.iter().find(|p| p.meta.id == id))
            {
                f.bench = p.bench_id;
            }
            form::date_row(ui, l, &mut f.date);
            let planted = form::once_tried(&f.planted, f.tried, || f.planted());
            text_row(ui, l, S::FieldPlanted, &mut f.planted, &planted);
            let alive = form::once_tried(&f.alive, f.tried, || f.alive_checked());
            text_row(ui, l, S::FieldAlive, &mut f.alive, &alive);
            let cover = parse_percent(&f.cover, true);
            text_row(ui, l, S::FieldCover, &mut f.cover, &cover);
            form::plain_row(ui, l, S::FieldMethod, &mut f.method);
            form::plain_row(ui, l, S::FieldSurveyor, &mut f.surveyor);
            form::plain_row(ui, l, S::FieldNote, &mut f.note);
        });
        form::save_row(ui, l, form_error, out, || {
            f.tried = true;
            let editing = f.editing.is_some();
            f.build(s)
                .ok()
                .map(|v| form::command(Rec::Survey(v), editing))
        })
    })
}
