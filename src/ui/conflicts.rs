//! The merge conflicts the department resolves (issue 13): each record a field package changed
//! after the office had, named as a person names it, with what differs field by field and three
//! choices — take the package's version, keep the ledger's, keep both — each confirmed first.

use super::egui;
use crate::app::conflicts::{ConflictView, open};
use crate::app::session::{Command, Session};
use crate::domain::*;
use crate::i18n::ui::{self as tr, S, t};
use crate::i18n::{self, Lang};

/// The open conflicts window.
#[derive(Default)]
pub struct ConflictsPanel {
    generation: u64,
    shown: Vec<ConflictView>,
    /// The resolution chosen, waiting for its confirmation: conflict, how, the record's name.
    confirm: Option<(uuid::Uuid, ConflictTake, String)>,
}

/// What the panel asks of the window.
#[derive(Debug, Clone, PartialEq)]
pub enum PanelAction {
    Close,
    Resolve { id: uuid::Uuid, take: ConflictTake },
}

impl PanelAction {
    /// The session command a resolution is.
    pub fn command(&self) -> Option<Command> {
        match *self {
            PanelAction::Close => None,
            PanelAction::Resolve { id, take } => Some(Command::ResolveConflict { id, take }),
        }
    }
}

/// The record in conflict as a person names it: table, bench, date, contractor, kind.
pub fn record_name(l: Lang, s: &Session, v: &ConflictView) -> String {
    let mut parts = vec![tr::table_name(l, &v.conflict.record_table)];
    if v.bench_id.is_some() {
        parts.push(super::form::bench_name(l, &s.data, v.bench_id));
    }
    if let Some(date) = &v.date {
        parts.push(date.clone());
    }
    if !v.contractor.is_empty() {
        parts.push(v.contractor.clone());
    }
    if let Some(kind) = v.kind {
        parts.push(i18n::aftercare_kind(l, kind).to_string());
    }
    parts.join(" · ")
}

/// A stored value as the window shows it (a review state in words).
fn value(l: Lang, field: &str, v: &str) -> String {
    match (field, ReviewState::from_code(v)) {
        ("review", Some(r)) => i18n::review_state(l, r).to_string(),
        _ => v.to_string(),
    }
}

impl ConflictsPanel {
    pub fn ui(&mut self, ctx: &egui::Context, l: Lang, s: &Session) -> Option<PanelAction> {
        if self.generation != s.generation || self.generation == 0 {
            self.generation = s.generation;
            self.shown = open(&s.data);
        }
        let mut action = None;
        super::form::preview_window(l, S::ConflictsTitle).show(ctx, |ui| {
            if self.shown.is_empty() {
                ui.label(t(l, S::NoOpenConflicts));
            }
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    for v in &self.shown {
                        let name = record_name(l, s, v);
                        ui.group(|ui| {
                            ui.strong(&name);
                            ui.weak(t(
                                l,
                                match v.conflict.reason {
                                    ConflictReason::ReviewedSincePackaging => {
                                        S::ConflictReviewedSincePackaging
                                    }
                                    ConflictReason::ChangedSincePackaging => {
                                        S::ConflictChangedSincePackaging
                                    }
                                },
                            ));
                            egui::Grid::new(("conflict", v.conflict.meta.id))
                                .striped(true)
                                .num_columns(3)
                                .show(ui, |ui| {
                                    ui.strong(t(l, S::ColField));
                                    ui.strong(t(l, S::LedgerVersion));
                                    ui.strong(t(l, S::PackageVersion));
                                    ui.end_row();
                                    for d in &v.differences {
                                        ui.label(tr::field_name(l, &d.field));
                                        ui.label(value(l, &d.field, &d.ours));
                                        ui.label(value(l, &d.field, &d.theirs));
                                        ui.end_row();
                                    }
                                });
                            ui.horizontal(|ui| {
                                let mut choices = vec![
                                    (S::TakeTheirs, ConflictTake::Theirs),
                                    (S::KeepOurs, ConflictTake::Ours),
                                ];
                                if v.conflict.record_table == AftercareEntry::TABLE {
                                    choices.push((S::KeepBoth, ConflictTake::Both));
                                }
                                for (label, take) in choices {
                                    if ui.button(t(l, label)).clicked() {
                                        self.confirm =
                                            Some((v.conflict.meta.id, take, name.clone()));
                                    }
                                }
                            });
                        });
                    }
                });
            ui.separator();
            if ui.button(t(l, S::Close)).clicked() {
                action = Some(PanelAction::Close);
            }
        });
        if let Some((id, take, name)) = self.confirm.clone() {
            egui::Modal::new(egui::Id::unique("confirm_resolve")).show(ctx, |ui| {
                ui.set_width(420.0);
                ui.label(tr::confirm_resolve(l, take, &name));
                ui.horizontal(|ui| {
                    if ui.button(t(l, S::ConfirmResolve)).clicked() {
                        self.confirm = None;
                        action = Some(PanelAction::Resolve { id, take });
                    }
                    if ui.button(t(l, S::Cancel)).clicked() {
                        self.confirm = None;
                    }
                });
            });
        }
        action
    }
}
