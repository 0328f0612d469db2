//! History: the audit trail, newest first, filterable by record, with old → new and the reason.

use super::egui;
use super::form;
use uuid::Uuid;

use crate::app::session::{Command, Session};
use crate::domain::*;
use crate::i18n::ui::{self as tr, S, t};
use crate::i18n::{self, Lang};
use egui_extras::Column;

#[derive(Default)]
pub struct HistoryView {
    filter: String,
    rows: Vec<usize>,
    key: (u64, String, usize),
}

fn short(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::Null => "∅".to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// A stored value as the window names it: a code by its translated name, a bench by its number
/// and kind; anything else as stored.
fn value_text(l: Lang, s: &Session, table: &str, field: &str, v: &serde_json::Value) -> String {
    let code = v.as_str().unwrap_or_default();
    let named: Option<String> = match (table, field) {
        ("benches", "kind") => BenchKind::from_code(code).map(|k| i18n::bench_kind(l, k).into()),
        ("benches", "status") => {
            BenchStatus::from_code(code).map(|k| i18n::bench_status(l, k).into())
        }
        ("works", "kind") => WorkKind::from_code(code).map(|k| i18n::work_kind(l, k).into()),
        ("works", "phase") => WorkPhase::from_code(code).map(|k| i18n::work_phase(l, k).into()),
        ("plantings", "plant_type") => {
            PlantType::from_code(code).map(|k| i18n::plant_type(l, k).into())
        }
        ("aftercare", "kind") => {
            AftercareKind::from_code(code).map(|k| i18n::aftercare_kind(l, k).into())
        }
        ("aftercare", "review") => {
            ReviewState::from_code(code).map(|k| i18n::review_state(l, k).into())
        }
        ("problems", "status") => {
            ProblemStatus::from_code(code).map(|k| i18n::problem_status(l, k).into())
        }
        ("rules", "kind") => RuleKind::from_code(code).map(|k| i18n::rule_kind(l, k).into()),
        (_, "bench_id") => code
            .parse::<Uuid>()
            .ok()
            .and_then(|id| s.data.bench(id))
            .map(|b| tr::bench_choice(l, b.number, b.kind)),
        _ => None,
    };
    named.unwrap_or_else(|| short(v))
}

impl HistoryView {
    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        let Some(history) = s.history.clone() else {
            out.push(Command::LoadHistory);
            ui.spinner();
            return;
        };
        let key = (s.generation, self.filter.trim().to_string(), history.len());
        if key != self.key {
            let f = self.filter.trim();
            self.rows = (0..history.len())
                .rev()
                .filter(|i| f.is_empty() || history[*i].record_id.starts_with(f))
                .collect();
            self.key = key;
        }
        ui.horizontal(|ui| {
            form::heading(ui, t(l, S::NavHistory));
            let lab = ui.label(t(l, S::HistoryFilter));
            ui.add(egui::TextEdit::singleline(&mut self.filter).desired_width(300.0))
                .labelled_by(lab.id);
            if !self.filter.is_empty() && ui.button(t(l, S::ShowAll)).clicked() {
                self.filter.clear();
            }
            ui.label(tr::rows(l, self.rows.len()));
        });
        let mut pick = None;
        form::table(
            ui,
            l,
            "history_table",
            &[
                (S::ColWhen, Column::exact(150.0)),
                (S::ColWho, Column::exact(90.0)),
                (S::ColRecord, Column::exact(150.0)),
                (S::ColAction, Column::exact(100.0)),
                (S::ColChange, Column::remainder().at_least(250.0)),
                (S::ColReason, Column::exact(160.0)),
            ],
            &[],
        )
        .body(|body| {
            body.rows(22.0, self.rows.len(), |mut row| {
                let e = &history[self.rows[row.index()]];
                row.col(|ui| {
                    ui.label(e.at.replace('T', " ").trim_end_matches('Z').to_string());
                });
                row.col(|ui| {
                    ui.label(&e.operator);
                });
                row.col(|ui| {
                    let id: String = e.record_id.chars().take(8).collect();
                    if ui
                        .link(format!("{} {}", tr::table_name(l, &e.table_name), id))
                        .on_hover_text(&e.record_id)
                        .clicked()
                    {
                        pick = Some(e.record_id.clone());
                    }
                });
                row.col(|ui| {
                    ui.label(match e.action.as_str() {
                        "insert" => t(l, S::ActionInsert),
                        "update" => t(l, S::ActionUpdate),
                        "delete" => t(l, S::ActionDelete),
                        other => other,
                    });
                });
                row.col(|ui| {
                    if e.action == "update" {
                        let text = e
                            .changed_fields()
                            .iter()
                            .map(|(k, o, n)| {
                                let table = e.table_name.as_str();
                                format!(
                                    "{}: {} → {}",
                                    tr::field_name(l, k),
                                    value_text(l, s, table, k, o),
                                    value_text(l, s, table, k, n)
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("; ");
                        ui.label(text);
                    }
                });
                row.col(|ui| {
                    ui.label(&e.reason);
                });
            });
        });
        if let Some(id) = pick {
            self.filter = id;
        }
    }
}
