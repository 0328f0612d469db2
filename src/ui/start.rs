//! The first-run screen: who is working, then the example, a new ledger, or a file.

use super::egui;
use crate::app::Role;
use crate::app::settings::Settings;
use crate::i18n::Lang;
use crate::i18n::ui::{S, t};
use std::path::PathBuf;

/// What the person chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Example,
    New,
    Open,
    /// Name and role given; open the file named on the command line (or reopen the ledger).
    Continue,
}

#[derive(Debug, Clone)]
pub struct StartView {
    name: String,
    role: Role,
    show_error: bool,
    /// The name field was given the keyboard focus once.
    focused: bool,
    /// A file to open once name and role are given.
    pub pending_file: Option<PathBuf>,
}

impl StartView {
    pub fn new(settings: &Settings) -> StartView {
        StartView {
            name: settings.operator.clone(),
            role: settings.role.unwrap_or(Role::Department),
            show_error: false,
            focused: false,
            pending_file: None,
        }
    }

    /// The name and role, when a name was given.
    pub fn identity(&self) -> Option<(String, Role)> {
        let name = self.name.trim();
        (!name.is_empty()).then(|| (name.to_string(), self.role))
    }

    /// The name field and the role choice.
    pub fn identity_fields(&mut self, ui: &mut egui::Ui, l: Lang) {
        egui::Grid::new("identity_grid")
            .num_columns(2)
            .spacing([12.0, 10.0])
            .show(ui, |ui| {
                let label = ui.label(t(l, S::YourName));
                ui.vertical(|ui| {
                    let r = ui
                        .add(egui::TextEdit::singleline(&mut self.name).desired_width(240.0))
                        .labelled_by(label.id);
                    if !self.focused {
                        r.request_focus();
                        self.focused = true;
                    }
                    let missing = self.show_error && self.name.trim().is_empty();
                    super::form::error_line(ui, l, missing.then_some(S::NameMissing));
                });
                ui.end_row();
                ui.label(t(l, S::YourRole));
                ui.vertical(|ui| {
                    for r in Role::ALL {
                        ui.radio_value(&mut self.role, r, super::messages::role(l, r));
                        ui.weak(super::messages::role_hint(l, r));
                    }
                });
                ui.end_row();
            });
    }

    /// Shows the screen; returns the choice once a name was given.
    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, has_ledger: bool) -> Option<Choice> {
        let mut choice = None;
        ui.vertical_centered(|ui| {
            ui.add_space(30.0);
            ui.heading(egui::RichText::new(t(l, S::Welcome)).size(26.0));
            ui.add_space(6.0);
            ui.label(t(l, S::WelcomeHint));
            ui.add_space(20.0);
        });
        ui.horizontal(|ui| {
            let w = ui.available_width();
            ui.add_space(((w - 460.0) / 2.0).max(0.0));
            egui::Frame::group(ui.style())
                .inner_margin(16.0)
                .show(ui, |ui| {
                    ui.vertical(|ui| {
                        ui.set_width(440.0);
                        self.identity_fields(ui, l);
                        ui.add_space(14.0);
                        let big = |s: S| {
                            egui::Button::new(egui::RichText::new(t(l, s)).size(16.0))
                                .min_size(egui::vec2(300.0, 34.0))
                        };
                        ui.vertical_centered(|ui| {
                            if self.pending_file.is_some() || has_ledger {
                                if ui.add(big(S::Continue)).clicked() {
                                    choice = Some(Choice::Continue);
                                }
                                ui.add_space(6.0);
                            }
                            if ui.add(big(S::OpenExample)).clicked() {
                                choice = Some(Choice::Example);
                            }
                            ui.add_space(6.0);
                            if ui.add(big(S::CreateNew)).clicked() {
                                choice = Some(Choice::New);
                            }
                            ui.add_space(6.0);
                            if ui.add(big(S::OpenFile)).clicked() {
                                choice = Some(Choice::Open);
                            }
                        });
                    })
                });
        });
        if choice.is_some() && self.identity().is_none() {
            self.show_error = true;
            return None;
        }
        choice
    }
}
