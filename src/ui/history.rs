//! History: the audit trail, newest first, with old → new and the reason; sorted, filtered (by
//! person, date, kind of record, action, or one record) and searched like a spreadsheet.

use super::egui;
use super::form;

use super::grid::{Cell, Col, Grid};
use crate::app::session::{Command, Session};
use crate::app::sheets::ShownTable;
use crate::domain::*;
use crate::i18n::Lang;
pub use crate::i18n::records::{change_text, clip, entry_record, local_time, reason_text, time_in};
use crate::i18n::ui::{self as tr, S, t};

#[derive(Default)]
pub struct HistoryView {
    filter: String,
    pub grid: Grid,
}

impl HistoryView {
    fn columns() -> [Col; 6] {
        [
            Col::new(S::ColWhen, 205.0).dates(),
            Col::new(S::ColWho, 90.0).choice(),
            Col::new(S::ColRecord, 150.0).choice(),
            Col::new(S::ColAction, 100.0).choice(),
            Col::new(S::ColChange, 250.0).rest(),
            Col::new(S::ColReason, 160.0),
        ]
    }

    /// What audit entry `i` shows in column `head` (the record column shows, and filters by, the
    /// kind of record).
    fn cell(l: Lang, data: &LedgerData, history: &[AuditEntry], i: usize, head: S) -> Cell {
        let e = &history[i];
        match head {
            S::ColWhen => match chrono::DateTime::parse_from_rfc3339(&e.at) {
                Ok(at) => Cell::Time {
                    at: at.with_timezone(&chrono::Local).naive_local(),
                    text: local_time(&e.at),
                },
                Err(_) => Cell::text(e.at.as_str()),
            },
            S::ColWho => Cell::text(e.operator.as_str()),
            S::ColRecord => Cell::text(tr::table_name(l, &e.table_name)),
            S::ColAction => Cell::text(match e.action.as_str() {
                "insert" => t(l, S::ActionInsert),
                "update" => t(l, S::ActionUpdate),
                "delete" => t(l, S::ActionDelete),
                other => other,
            }),
            S::ColChange => Cell::text(change_text(l, data, e)),
            S::ColReason => Cell::text(reason_text(l, &e.reason)),
            _ => Cell::Empty,
        }
    }

    /// The entries shown, as a table of their own.
    pub fn shown_table(&self, l: Lang, s: &Session) -> Option<ShownTable> {
        let history = s.history.as_ref()?;
        Some(
            self.grid
                .shown_table(l, t(l, S::NavHistory), &Self::columns(), |i, h| {
                    Self::cell(l, &s.data, history, i, h)
                }),
        )
    }

    fn refresh(&mut self, l: Lang, s: &Session, history: &[AuditEntry]) {
        let f = self.filter.trim().to_string();
        // The record filter and the number of entries key the view's own rows.
        let view = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (&f, history.len(), l.is_zh()).hash(&mut h);
            h.finish()
        };
        self.grid.refresh(
            s.generation,
            view,
            &Self::columns(),
            || {
                (0..history.len())
                    .rev()
                    .filter(|i| f.is_empty() || history[*i].record_id.starts_with(&f))
                    .collect()
            },
            |i, h| Self::cell(l, &s.data, history, i, h),
        );
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        let Some(history) = s.history.clone() else {
            out.push(Command::LoadHistory);
            ui.spinner();
            return;
        };
        self.refresh(l, s, &history);
        ui.horizontal(|ui| {
            form::heading(ui, t(l, S::NavHistory));
            let lab = ui.label(t(l, S::HistoryFilter));
            ui.add(egui::TextEdit::singleline(&mut self.filter).desired_width(300.0))
                .labelled_by(lab.id);
            if !self.filter.is_empty() && ui.button(t(l, S::ShowAll)).clicked() {
                self.filter.clear();
            }
        });
        self.grid.toolbar(ui, l, &Self::columns(), history.len());
        self.refresh(l, s, &history);
        let mut pick = None;
        self.grid.show(
            ui,
            l,
            "history_table",
            &Self::columns(),
            |i, h| Self::cell(l, &s.data, &history, i, h),
            |ui, i, h| {
                let e = &history[i];
                match h {
                    S::ColWhen => {
                        ui.label(local_time(&e.at)).on_hover_text(&e.at);
                        true
                    }
                    S::ColRecord => {
                        // Named as a person names it; its id on hover, for those who need it.
                        let name = entry_record(l, &s.data, e);
                        if ui
                            .add(egui::Link::new(name.clone()))
                            .on_hover_text(format!("{name}\n{}", e.record_id))
                            .clicked()
                        {
                            pick = Some(e.record_id.clone());
                        }
                        true
                    }
                    S::ColChange => {
                        let text = change_text(l, &s.data, e);
                        if !text.is_empty() {
                            ui.add(egui::Label::new(clip(text.clone(), 400)).truncate())
                                .on_hover_text(text);
                        }
                        true
                    }
                    _ => false,
                }
            },
        );
        if let Some(id) = pick {
            self.filter = id;
        }
    }
}
