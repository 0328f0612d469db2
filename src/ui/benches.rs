//! Benches: every slope face, berm and platform; a bench's page lists everything recorded on it.

use uuid::Uuid;

use super::egui;
use super::form::{self, bad};
use crate::app::session::{Command, Session};
use crate::domain::*;
use crate::i18n::ui::{self as tr, S, t};
use crate::i18n::{self, Lang};
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct BenchesView {
    rows: Vec<usize>,
    key: u64,
    page: Option<Uuid>,
}

impl BenchesView {
    pub fn done(&mut self, _ok: bool) {}

    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, _out: &mut Vec<Command>) {
        if self.key != s.generation {
            self.key = s.generation;
            let b = &s.data.benches;
            self.rows = (0..b.len()).collect();
            self.rows.sort_by_key(|i| b[*i].number);
        }
        if let Some(id) = self.page {
            if let Some(b) = s.data.bench(id) {
                self.page_ui(ui, l, s, b);
                return;
            }
            self.page = None;
        }
        ui.horizontal(|ui| {
            form::heading(ui, t(l, S::NavBenches));
            ui.label(tr::rows(l, self.rows.len()));
        });
        let mut open = None;
        TableBuilder::new(ui)
            .id_salt("benches_table")
            .striped(true)
            .column(Column::exact(110.0))
            .column(Column::exact(80.0))
            .column(Column::exact(130.0))
            .column(Column::exact(80.0))
            .column(Column::exact(90.0))
            .column(Column::remainder().at_least(100.0))
            .header(22.0, |mut r| {
                for c in [
                    S::ColNumber,
                    S::ColKind,
                    S::ColArea,
                    S::ColGradient,
                    S::ColStatus,
                    S::ColNote,
                ] {
                    r.col(|ui| {
                        ui.strong(t(l, c));
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, self.rows.len(), |mut row| {
                    let b = &s.data.benches[self.rows[row.index()]];
                    row.col(|ui| {
                        if ui.link(tr::bench_choice(l, b.number, b.kind)).clicked() {
                            open = Some(b.meta.id);
                        }
                    });
                    row.col(|ui| {
                        ui.label(i18n::bench_kind(l, b.kind));
                    });
                    row.col(|ui| {
                        ui.label(format_milli(b.area.0, 2));
                    });
                    row.col(|ui| {
                        if let Some(g) = b.gradient_run {
                            ui.label(format!("1:{}", format_milli(g.0, 2)));
                        }
                    });
                    row.col(|ui| {
                        ui.label(i18n::bench_status(l, b.status));
                    });
                    row.col(|ui| {
                        ui.label(&b.note);
                    });
                });
            });
        if open.is_some() {
            self.page = open;
        }
    }

    fn page_ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, b: &Bench) {
        let zh = l.is_zh();
        let id = Some(b.meta.id);
        ui.horizontal(|ui| {
            if ui.button(t(l, S::BackToList)).clicked() {
                self.page = None;
            }
            form::heading(ui, &tr::bench_choice(l, b.number, b.kind));
        });
        ui.label(format!(
            "{} {} · {} · {}",
            t(l, S::ColArea),
            format_milli(b.area.0, 2),
            i18n::bench_status(l, b.status),
            b.note
        ));
        egui::ScrollArea::vertical().show(ui, |ui| {
            form::heading(ui, t(l, S::SectionWorks));
            let works: Vec<&Work> = s.data.works.iter().filter(|w| w.bench_id == id).collect();
            list(ui, l, works.is_empty(), |ui| {
                for w in works {
                    ui.label(w.date.to_string());
                    ui.label(i18n::work_phase(l, w.phase));
                    ui.label(i18n::work_kind(l, w.kind));
                    ui.label(
                        Quantity {
                            base: w.quantity,
                            unit: w.unit,
                        }
                        .display(zh),
                    );
                    ui.end_row();
                }
            });
            form::heading(ui, t(l, S::SectionPlantings));
            let plantings: Vec<&Planting> = s
                .data
                .plantings
                .iter()
                .filter(|p| p.bench_id == id)
                .collect();
            list(ui, l, plantings.is_empty(), |ui| {
                for p in plantings {
                    ui.label(p.date.to_string());
                    ui.label(&p.species);
                    ui.label(i18n::plant_type(l, p.plant_type));
                    ui.label(format_milli(p.area.0, 2));
                    ui.end_row();
                }
            });
            form::heading(ui, t(l, S::SectionSurveys));
            let surveys: Vec<&SurvivalSurvey> =
                s.data.surveys.iter().filter(|v| v.bench_id == id).collect();
            list(ui, l, surveys.is_empty(), |ui| {
                for v in surveys {
                    ui.label(v.date.to_string());
                    ui.label(
                        v.survival_milli_percent()
                            .map(rules::percent_text)
                            .unwrap_or_default(),
                    );
                    ui.label(
                        v.cover
                            .map(|c| rules::percent_text(c.0))
                            .unwrap_or_default(),
                    );
                    ui.label(&v.method);
                    ui.end_row();
                }
            });
            form::heading(ui, t(l, S::SectionAftercare));
            let care: Vec<&AftercareEntry> = s
                .data
                .aftercare
                .iter()
                .filter(|a| a.bench_id == id)
                .collect();
            list(ui, l, care.is_empty(), |ui| {
                for a in care {
                    ui.label(a.date.to_string());
                    ui.label(i18n::aftercare_kind(l, a.kind));
                    ui.label(i18n::review_state(l, a.review));
                    ui.label(&a.note);
                    ui.end_row();
                }
            });
            form::heading(ui, t(l, S::SectionProblems));
            let problems: Vec<&Problem> = s
                .data
                .problems
                .iter()
                .filter(|p| p.bench_id == id)
                .collect();
            list(ui, l, problems.is_empty(), |ui| {
                for p in problems {
                    ui.label(p.found_on.to_string());
                    ui.label(&p.description);
                    if p.is_overdue(s.today) {
                        ui.colored_label(bad(ui), p.deadline.to_string());
                    } else {
                        ui.label(p.deadline.to_string());
                    }
                    ui.label(i18n::problem_status(l, p.status));
                    ui.end_row();
                }
            });
        });
    }
}

fn list(ui: &mut egui::Ui, l: Lang, empty: bool, rows: impl FnOnce(&mut egui::Ui)) {
    if empty {
        ui.weak(t(l, S::None_));
        return;
    }
    egui::Grid::new(ui.next_auto_id())
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, rows);
}
