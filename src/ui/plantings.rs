//! Plantings and surveys: survival and cover per bench, low values marked against their rule;
//! the department adds and edits plantings and survival surveys here.

use uuid::Uuid;

use super::egui;
use super::form::{
    self, bad, choice_row, num_cell, num_cell_colored, parse_count, parse_date, parse_percent,
    parse_quantity, text_row,
};
use crate::app::session::{Command, Rec, Session, Table};
use crate::clock::now_utc;
use crate::domain::*;
use crate::i18n::ui::{S, t};
use crate::i18n::{self, Lang};
use egui_extras::{Column, TableBuilder};

/// The columns of both tables that hold numbers (their headings are right-aligned).
const NUMERIC: &[S] = &[
    S::ColPlanted,
    S::ColAlive,
    S::ColSurvival,
    S::ColCover,
    S::ColPlants,
    S::ColSeed,
    S::ColArea,
];

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
                meta: Meta::new(&s.operator, &now_utc()),
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
                meta: Meta::new(&s.operator, &now_utc()),
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
    form_error: bool,
    /// Surveys and plantings newest first, rebuilt when the data changes.
    surveys: Vec<usize>,
    plantings: Vec<usize>,
    key: u64,
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
                    s.data.bench_label(p.bench_id),
                    p.species
                ),
            )
        }))
        .collect()
}

impl PlantingsView {
    /// The command the form sent succeeded (close it) or not (keep it open).
    pub fn done(&mut self, ok: bool) {
        if ok {
            self.form = None;
            self.confirm_delete = None;
        }
    }

    fn refresh(&mut self, s: &Session) {
        if self.key == s.generation {
            return;
        }
        self.key = s.generation;
        let v = &s.data.surveys;
        self.surveys = (0..v.len()).collect();
        self.surveys.sort_by(|a, b| v[*b].date.cmp(&v[*a].date));
        let p = &s.data.plantings;
        self.plantings = (0..p.len()).collect();
        self.plantings.sort_by(|a, b| p[*b].date.cmp(&p[*a].date));
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        self.refresh(s);
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
        if let Some(f) = edit {
            self.form = Some(f);
            self.form_error = false;
        }
        if delete.is_some() {
            self.confirm_delete = delete;
        }
        if let Some(what) = self.confirm_delete
            && form::ask_delete(ui.ctx(), l, "plantings", what, None, out)
        {
            self.confirm_delete = None;
        }
    }

    fn surveys_table(
        &self,
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
            ui.weak(format!(
                "{}: {} ({})",
                i18n::rule_kind(l, r.kind),
                i18n::rule_threshold(l, r),
                r.source
            ));
        }
        let surveys = &s.data.surveys;
        form::header_table(
            TableBuilder::new(ui)
                .id_salt("surveys_table")
                .max_scroll_height(260.0),
            l,
            &[
                (S::ColDate, Column::exact(95.0)),
                (S::ColBench, Column::exact(60.0)),
                (S::ColPlanted, Column::exact(80.0)),
                (S::ColAlive, Column::exact(80.0)),
                (S::ColSurvival, Column::exact(190.0)),
                (S::ColCover, Column::exact(90.0)),
                (S::ColNote, Column::remainder().at_least(100.0)),
            ],
            NUMERIC,
        )
        .body(|body| {
            body.rows(22.0, self.surveys.len(), |mut row| {
                let v = &surveys[self.surveys[row.index()]];
                row.col(|ui| {
                    ui.label(v.date.to_string());
                });
                row.col(|ui| {
                    ui.label(s.data.bench_label(v.bench_id));
                });
                row.col(|ui| {
                    num_cell(ui, group_thousands(v.planted as i128));
                });
                row.col(|ui| {
                    num_cell(ui, group_thousands(v.alive as i128));
                });
                row.col(|ui| {
                    let Some(pct) = v.survival_milli_percent() else {
                        return;
                    };
                    let text = rules::percent_text(pct);
                    match rule {
                        Some(r) if pct < r.threshold => {
                            let color = bad(ui);
                            num_cell_colored(
                                ui,
                                color,
                                format!(
                                    "{text} ({} {})",
                                    t(l, S::BelowRule),
                                    i18n::rule_threshold(l, r)
                                ),
                            );
                        }
                        _ => num_cell(ui, text),
                    }
                });
                row.col(|ui| {
                    num_cell(
                        ui,
                        v.cover
                            .map(|c| rules::percent_text(c.0))
                            .unwrap_or_default(),
                    );
                });
                row.col(|ui| {
                    ui.horizontal(|ui| {
                        if may_edit {
                            if ui.small_button(t(l, S::Edit)).clicked() {
                                *edit = Some(OpenForm::Survey(SurveyForm::edit(v)));
                            }
                            if ui.small_button(t(l, S::Delete)).clicked() {
                                *delete = Some((Table::Survey, v.meta.id, v.meta.version));
                            }
                        }
                        ui.label(format!("{} {} {}", v.method, v.surveyor, v.note));
                    });
                });
            });
        });
    }

    fn plantings_table(
        &self,
        ui: &mut egui::Ui,
        l: Lang,
        s: &Session,
        may_edit: bool,
        edit: &mut Option<OpenForm>,
        delete: &mut Option<(Table, Uuid, i64)>,
    ) {
        form::heading(ui, t(l, S::SectionPlantings));
        let plantings = &s.data.plantings;
        form::table(
            ui,
            l,
            "plantings_table",
            &[
                (S::ColDate, Column::exact(95.0)),
                (S::ColBench, Column::exact(60.0)),
                (S::ColSpecies, Column::exact(140.0)),
                (S::ColKind, Column::exact(70.0)),
                (S::ColPlants, Column::exact(90.0)),
                (S::ColSeed, Column::exact(100.0)),
                (S::ColArea, Column::exact(120.0)),
                (S::ColNote, Column::remainder().at_least(100.0)),
            ],
            NUMERIC,
        )
        .body(|body| {
            body.rows(22.0, self.plantings.len(), |mut row| {
                let p = &plantings[self.plantings[row.index()]];
                row.col(|ui| {
                    ui.label(p.date.to_string());
                });
                row.col(|ui| {
                    ui.label(s.data.bench_label(p.bench_id));
                });
                row.col(|ui| {
                    // The species opens the planting for editing, as a name opens a record.
                    if may_edit {
                        if ui.link(&p.species).on_hover_text(t(l, S::Edit)).clicked() {
                            *edit = Some(OpenForm::Planting(PlantingForm::edit(p)));
                        }
                    } else {
                        ui.label(&p.species);
                    }
                });
                row.col(|ui| {
                    ui.label(i18n::plant_type(l, p.plant_type));
                });
                row.col(|ui| {
                    num_cell(
                        ui,
                        p.plants
                            .map(|n| group_thousands(n as i128))
                            .unwrap_or_default(),
                    );
                });
                row.col(|ui| {
                    num_cell(ui, p.seed.map(|k| format_milli(k.0, 3)).unwrap_or_default());
                });
                row.col(|ui| {
                    num_cell(ui, format_milli(p.area.0, 2));
                });
                row.col(|ui| {
                    ui.horizontal(|ui| {
                        if may_edit && ui.small_button(t(l, S::Delete)).clicked() {
                            *delete = Some((Table::Planting, p.meta.id, p.meta.version));
                        }
                        ui.label(&p.note);
                    });
                });
            });
        });
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
