//! The preview of a spreadsheet import: what the file would add, change (old → new, cell by
//! cell) and what it refuses, before anything is written; the department confirms it with one
//! reason for the whole batch, or closes it.

use std::path::PathBuf;

use super::egui;
use crate::app::jobs::SharedPlan;
use crate::i18n::Lang;
use crate::i18n::ui::{S, t};

/// How many lines of each list the preview shows (the counts are always whole).
const SHOWN: usize = 200;

/// An import waiting for the department's word.
pub struct SheetPreview {
    pub path: PathBuf,
    pub plan: SharedPlan,
    pub reason: String,
}

/// What the department decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Import { plan: SharedPlan, reason: String },
    Close,
}

impl SheetPreview {
    pub fn new(path: PathBuf, plan: SharedPlan) -> SheetPreview {
        let name = path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Rows pasted from the clipboard are not a file: their reason says so.
        let reason = if path.extension().is_none() && !path.is_absolute() {
            name.clone()
        } else {
            crate::app::sheets::default_reason(&name)
        };
        SheetPreview { path, plan, reason }
    }

    pub fn ui(&mut self, ctx: &egui::Context, l: Lang) -> Option<Decision> {
        let mut decision = None;
        let plan = std::sync::Arc::clone(&self.plan.0);
        super::form::preview_window(l, S::SheetPreviewTitle).show(ctx, |ui| {
            ui.label(self.path.display().to_string());
            let refused = plan.refused.len();
            ui.strong(crate::i18n::ui::sheet_counts(
                l,
                plan.added.len(),
                plan.changed.len(),
                plan.unchanged,
                refused,
            ));
            if !plan.ignored.is_empty() {
                ui.label(crate::i18n::ui::ignored_columns(l, &plan.ignored));
            }
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    if refused > 0 {
                        ui.colored_label(ui.visuals().error_fg_color, t(l, S::SheetRefused));
                        for issue in plan.refused.iter().take(SHOWN) {
                            ui.colored_label(ui.visuals().error_fg_color, issue.message(l));
                        }
                        more(ui, l, refused);
                    }
                    if !plan.changed.is_empty() {
                        ui.strong(t(l, S::SheetChanged));
                        for c in plan.changed.iter().take(SHOWN) {
                            let cells = c
                                .cells
                                .iter()
                                .map(|x| (x.header.as_str(), x.old.as_str(), x.new.as_str()));
                            ui.label(crate::i18n::ui::sheet_change(l, &c.sheet, c.row, cells));
                        }
                        more(ui, l, plan.changed.len());
                    }
                    if !plan.added.is_empty() {
                        ui.strong(t(l, S::SheetAdded));
                        for a in plan.added.iter().take(SHOWN) {
                            ui.label(format!(
                                "{} {}",
                                crate::i18n::ui::sheet_row(l, &a.sheet, a.row),
                                crate::i18n::ui::table_name(l, a.table)
                            ));
                        }
                        more(ui, l, plan.added.len());
                    }
                });
            ui.separator();
            let can_import = refused == 0 && !plan.is_empty();
            if can_import && !plan.changed.is_empty() {
                ui.horizontal(|ui| {
                    let label = ui.label(t(l, S::SheetReason));
                    ui.add(egui::TextEdit::singleline(&mut self.reason).desired_width(400.0))
                        .labelled_by(label.id);
                });
            }
            // Enter imports (as the button does) once nothing more is needed; Escape closes.
            let ready = can_import && (plan.changed.is_empty() || !self.reason.trim().is_empty());
            let (enter, escape) = ui.input(|i| {
                (
                    i.key_pressed(egui::Key::Enter),
                    i.key_pressed(egui::Key::Escape),
                )
            });
            if ready && enter && !ui.ctx().egui_wants_keyboard_input() {
                decision = Some(Decision::Import {
                    plan: self.plan.clone(),
                    reason: self.reason.trim().to_string(),
                });
            }
            if escape {
                decision = Some(Decision::Close);
            }
            ui.horizontal(|ui| {
                let close = if can_import { S::Cancel } else { S::Close };
                if ui.button(t(l, close)).clicked() {
                    decision = Some(Decision::Close);
                }
                if can_import
                    && ui
                        .add_enabled(ready, egui::Button::new(t(l, S::SheetConfirm)))
                        .clicked()
                {
                    decision = Some(Decision::Import {
                        plan: self.plan.clone(),
                        reason: self.reason.trim().to_string(),
                    });
                }
            });
        });
        decision
    }
}

fn more(ui: &mut egui::Ui, l: Lang, n: usize) {
    if n > SHOWN {
        ui.weak(crate::i18n::ui::and_more(l, n - SHOWN));
    }
}
