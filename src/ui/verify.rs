//! File › 校验台账 and 核验报告…: what `verify` and `verify --report` say, in the window's language,
//! for every role (the auditor's first tool): each line, the conclusion, and the next step when
//! something is wrong.

use super::egui;
use crate::app::verify::Said;
use crate::i18n::Lang;
use crate::i18n::ui::{S, t};

/// The result of a check in its own window; `open` turns false when the user closes it.
pub fn window(ctx: &egui::Context, l: Lang, said: &Said, open: &mut bool) {
    let mut close = false;
    egui::Window::new(t(l, S::VerifyTitle))
        .open(open)
        .collapsible(false)
        .resizable(true)
        .default_width(640.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    for line in &said.lines {
                        ui.label(line);
                    }
                });
            ui.separator();
            let conclusion = egui::RichText::new(&said.conclusion).strong();
            if said.ok() {
                ui.label(conclusion);
            } else {
                ui.colored_label(ui.visuals().error_fg_color, conclusion);
            }
            if let Some(next) = &said.next_step {
                ui.label(next);
            }
            if ui.button(t(l, S::Close)).clicked() {
                close = true;
            }
        });
    if close {
        *open = false;
    }
}
