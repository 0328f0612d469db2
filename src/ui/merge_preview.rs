//! The preview of a field package's merge: how many of its records would be added, changed,
//! found already in the ledger, in conflict or refused (each listed), before anything is written;
//! the department confirms it or closes it.

use std::path::PathBuf;

use super::egui;
use crate::app::package::Merged;
use crate::i18n::Lang;
use crate::i18n::ui::{S, t};

/// How many conflicts or refusals the preview lists (the counts are always whole).
const SHOWN: usize = 200;

/// A merge waiting for the department's word.
pub struct MergePreview {
    pub path: PathBuf,
    pub merge: Merged,
}

/// What the department decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Merge(PathBuf),
    Close,
}

impl MergePreview {
    pub fn ui(&mut self, ctx: &egui::Context, l: Lang) -> Option<Decision> {
        let mut decision = None;
        let m = &self.merge;
        super::form::preview_window(l, S::MergePreviewTitle).show(ctx, |ui| {
            ui.label(self.path.display().to_string());
            ui.strong(crate::i18n::ui::merge_counts(
                l,
                &m.contractor,
                (
                    m.added,
                    m.updated,
                    m.present,
                    m.conflicts.len(),
                    m.refused.len(),
                ),
                (m.photos, m.photo_bytes),
            ));
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    for (title, list) in [
                        (S::MergeConflicts, &m.conflicts),
                        (S::MergeRefused, &m.refused),
                    ] {
                        if list.is_empty() {
                            continue;
                        }
                        ui.colored_label(ui.visuals().warn_fg_color, t(l, title));
                        for c in list.iter().take(SHOWN) {
                            ui.label(format!(
                                "{} {}",
                                crate::i18n::ui::table_name(l, c.table),
                                c.id
                            ));
                        }
                        if list.len() > SHOWN {
                            ui.weak(crate::i18n::ui::and_more(l, list.len() - SHOWN));
                        }
                    }
                });
            ui.separator();
            // Conflicts not kept yet are worth a merge too: it keeps them for resolution.
            let anything = m.added + m.updated + m.conflicts_kept > 0;
            ui.horizontal(|ui| {
                let close = if anything { S::Cancel } else { S::Close };
                if ui.button(t(l, close)).clicked() {
                    decision = Some(Decision::Close);
                }
                if anything && ui.button(t(l, S::MergeConfirm)).clicked() {
                    decision = Some(Decision::Merge(self.path.clone()));
                }
            });
        });
        decision
    }
}
