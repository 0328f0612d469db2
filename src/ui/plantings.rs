//! Plantings and surveys: survival and cover per bench, low values marked against their rule.

use super::egui;
use super::form::{self, bad};
use crate::app::session::{Command, Session};
use crate::domain::*;
use crate::i18n::ui::{S, t};
use crate::i18n::{self, Lang};
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct PlantingsView;

impl PlantingsView {
    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, _out: &mut Vec<Command>) {
        let rule = s
            .data
            .rules
            .iter()
            .find(|r| r.kind == RuleKind::SurvivalRate && r.enabled != 0);
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
        TableBuilder::new(ui)
            .id_salt("surveys_table")
            .striped(true)
            .column(Column::exact(95.0))
            .column(Column::exact(60.0))
            .column(Column::exact(80.0))
            .column(Column::exact(80.0))
            .column(Column::exact(170.0))
            .column(Column::exact(90.0))
            .column(Column::remainder().at_least(100.0))
            .header(22.0, |mut r| {
                for c in [
                    S::ColDate,
                    S::ColBench,
                    S::ColPlanted,
                    S::ColAlive,
                    S::ColSurvival,
                    S::ColCover,
                    S::ColNote,
                ] {
                    r.col(|ui| {
                        ui.strong(t(l, c));
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, surveys.len(), |mut row| {
                    let v = &surveys[row.index()];
                    row.col(|ui| {
                        ui.label(v.date.to_string());
                    });
                    row.col(|ui| {
                        ui.label(s.data.bench_label(v.bench_id));
                    });
                    row.col(|ui| {
                        ui.label(group_thousands(v.planted as i128));
                    });
                    row.col(|ui| {
                        ui.label(group_thousands(v.alive as i128));
                    });
                    row.col(|ui| {
                        let Some(pct) = v.survival_milli_percent() else {
                            return;
                        };
                        let text = rules::percent_text(pct);
                        match rule {
                            Some(r) if pct < r.threshold => {
                                ui.colored_label(
                                    bad(ui),
                                    format!(
                                        "{text} ({} {})",
                                        t(l, S::BelowRule),
                                        i18n::rule_threshold(l, r)
                                    ),
                                );
                            }
                            _ => {
                                ui.label(text);
                            }
                        }
                    });
                    row.col(|ui| {
                        ui.label(
                            v.cover
                                .map(|c| rules::percent_text(c.0))
                                .unwrap_or_default(),
                        );
                    });
                    row.col(|ui| {
                        ui.label(format!("{} {}", v.method, v.note));
                    });
                });
            });
        ui.add_space(10.0);
        form::heading(ui, t(l, S::SectionPlantings));
        let plantings = &s.data.plantings;
        ui.push_id("plantings", |ui| {
            TableBuilder::new(ui)
                .id_salt("plantings_table")
                .striped(true)
                .column(Column::exact(95.0))
                .column(Column::exact(60.0))
                .column(Column::exact(140.0))
                .column(Column::exact(70.0))
                .column(Column::exact(90.0))
                .column(Column::exact(120.0))
                .column(Column::remainder().at_least(100.0))
                .header(22.0, |mut r| {
                    for c in [
                        S::ColDate,
                        S::ColBench,
                        S::ColSpecies,
                        S::ColKind,
                        S::ColPlants,
                        S::ColArea,
                        S::ColNote,
                    ] {
                        r.col(|ui| {
                            ui.strong(t(l, c));
                        });
                    }
                })
                .body(|body| {
                    body.rows(22.0, plantings.len(), |mut row| {
                        let p = &plantings[row.index()];
                        row.col(|ui| {
                            ui.label(p.date.to_string());
                        });
                        row.col(|ui| {
                            ui.label(s.data.bench_label(p.bench_id));
                        });
                        row.col(|ui| {
                            ui.label(&p.species);
                        });
                        row.col(|ui| {
                            ui.label(i18n::plant_type(l, p.plant_type));
                        });
                        row.col(|ui| {
                            ui.label(
                                p.plants
                                    .map(|n| group_thousands(n as i128))
                                    .unwrap_or_default(),
                            );
                        });
                        row.col(|ui| {
                            ui.label(format_milli(p.area.0, 2));
                        });
                        row.col(|ui| {
                            ui.label(&p.note);
                        });
                    });
                });
        });
    }
}
