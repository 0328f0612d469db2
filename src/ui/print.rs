//! The print dialog: which period (a year, a quarter, or from one day to another), in which
//! language, and where the PDF goes (the ledger's folder, named after the pile and the period);
//! then the progress with a percentage and a cancel button, and when done, opening the PDF or
//! its folder.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::egui;
use super::form::{self, bad};
use crate::app::session::Session;
use crate::i18n::Lang;
use crate::i18n::ui::{self as tr, S, t};
use crate::report::ReportOptions;

/// Which period the report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Year,
    Quarter,
    Custom,
}

/// Where the dialog is.
#[derive(Debug, Clone, PartialEq)]
pub enum PrintState {
    /// Choosing; with the reason the last try to start was refused.
    Choosing(Option<S>),
    Running,
    /// Written; whether it carries the department's signature.
    Done(PathBuf, bool),
    /// The report could not be written (the message in the window's language).
    Failed(String),
}

/// What the dialog asks the window to do.
#[derive(Debug, Clone, PartialEq)]
pub enum PrintAction {
    Start(PathBuf, ReportOptions),
    /// Stop the running report; nothing is written.
    Cancel,
    /// Let the user pick where the PDF goes (the system's save dialog).
    Browse,
    Open(PathBuf),
    OpenFolder(PathBuf),
    Close,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrintDialog {
    pub period: Period,
    pub year: i32,
    pub quarter: u32,
    pub from: String,
    pub to: String,
    pub lang: Lang,
    /// Where the PDF goes, as shown and typed.
    pub path: String,
    /// The name last suggested: while the path is still that, it follows the period and language.
    suggested: String,
    folder: PathBuf,
    pile: String,
    years: Vec<i32>,
    today: NaiveDate,
    pub state: PrintState,
}

/// The first day of quarter `q` (1..=4) of `year`.
fn quarter_start(year: i32, q: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 3 * (q.clamp(1, 4) - 1) + 1, 1)
}

/// The last day of quarter `q` of `year`.
fn quarter_end(year: i32, q: u32) -> Option<NaiveDate> {
    match q.clamp(1, 4) {
        4 => NaiveDate::from_ymd_opt(year, 12, 31),
        q => quarter_start(year, q + 1).and_then(|d| d.pred_opt()),
    }
}

/// Characters no file name on Windows may hold, replaced so the suggested name always works.
pub fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

impl PrintDialog {
    /// The dialog for the open ledger: this year (last year in January to March, when last
    /// year's report is due), in the window's language, into the ledger's folder.
    pub fn new(l: Lang, s: &Session) -> PrintDialog {
        let today = s.today;
        let this_year = today.year();
        let first = s
            .data
            .piles
            .iter()
            .map(|p| p.dumping_since.year())
            .chain(s.data.works.iter().map(|w| w.date.year()))
            .min()
            .unwrap_or(this_year)
            .clamp(this_year - 30, this_year);
        let year = if today.month() <= 3 {
            (this_year - 1).max(first)
        } else {
            this_year
        };
        let quarter = (today.month() - 1) / 3 + 1;
        let folder = s
            .path()
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let pile = s
            .data
            .piles
            .first()
            .map(|p| file_safe(&p.name))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| {
                s.path()
                    .file_stem()
                    .map(|n| file_safe(&n.to_string_lossy()))
                    .unwrap_or_default()
            });
        let mut d = PrintDialog {
            period: Period::Year,
            year,
            quarter,
            from: quarter_start(this_year, 1)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            to: today.to_string(),
            lang: l,
            path: String::new(),
            suggested: String::new(),
            folder,
            pile,
            years: (first..=this_year).rev().collect(),
            today,
            state: PrintState::Choosing(None),
        };
        d.follow_suggestion();
        d
    }

    /// The period's first and last day; the last is today at the latest (a report cannot speak
    /// for days still to come).
    pub fn range(&self) -> Result<(NaiveDate, NaiveDate), S> {
        let (from, to) = match self.period {
            Period::Year => (
                NaiveDate::from_ymd_opt(self.year, 1, 1),
                NaiveDate::from_ymd_opt(self.year, 12, 31),
            ),
            Period::Quarter => (
                quarter_start(self.year, self.quarter),
                quarter_end(self.year, self.quarter),
            ),
            Period::Custom => (
                Some(form::parse_date(&self.from)?),
                Some(form::parse_date(&self.to)?),
            ),
        };
        let (Some(from), Some(to)) = (from, to) else {
            return Err(S::ErrDate);
        };
        if to < from {
            return Err(S::ErrPeriodOrder);
        }
        if from > self.today {
            return Err(S::ErrPeriodFuture);
        }
        Ok((from, to.min(self.today)))
    }

    /// The file name for this pile, period and language: 狮脑山排矸场_2025年度合规报告.pdf.
    pub fn suggested_name(&self) -> String {
        let period = match self.period {
            Period::Year => tr::report_period_year(self.lang, self.year),
            Period::Quarter => tr::report_period_quarter(self.lang, self.year, self.quarter),
            Period::Custom => match (
                form::parse_date(&self.from).ok(),
                form::parse_date(&self.to).ok(),
            ) {
                (Some(f), Some(to)) => tr::report_period_range(self.lang, f, to),
                _ => tr::report_period_range(self.lang, self.today, self.today),
            },
        };
        let name = tr::report_file_name(self.lang, &self.pile, &period);
        file_safe(&name)
    }

    /// While the path is the one last suggested, it follows the choices.
    fn follow_suggestion(&mut self) {
        let name = self.suggested_name();
        let suggested = self.folder.join(&name).display().to_string();
        if self.path.is_empty() || self.path == self.suggested {
            self.path = suggested.clone();
        }
        self.suggested = suggested;
    }

    /// The path chosen in the system's save dialog.
    pub fn chosen(&mut self, path: &Path) {
        self.path = path.display().to_string();
    }

    /// The options and the file, or why not.
    fn request(&self) -> Result<(PathBuf, ReportOptions), S> {
        let (from, to) = self.range()?;
        let path = self.path.trim();
        if path.is_empty() {
            return Err(S::ErrRequired);
        }
        let mut path = PathBuf::from(path);
        if path.extension().is_none() {
            path.set_extension("pdf");
        }
        Ok((path, ReportOptions::new(self.lang, Some(from), Some(to))))
    }

    /// Draws the dialog; `progress` is the running report's fraction done.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        l: Lang,
        progress: Option<f32>,
    ) -> Option<PrintAction> {
        let mut action = None;
        let running = self.state == PrintState::Running;
        let modal = egui::Modal::new(egui::Id::unique("print_dialog")).show(ctx, |ui| {
            ui.set_width(560.0);
            form::heading(ui, t(l, S::PrintTitle));
            ui.add_enabled_ui(
                !running && !matches!(self.state, PrintState::Done(..)),
                |ui| {
                    self.choices(ui, l, &mut action);
                },
            );
            ui.add_space(8.0);
            match &self.state {
                PrintState::Choosing(why) => {
                    if let Some(why) = why {
                        ui.colored_label(bad(ui), t(l, *why));
                    }
                    ui.horizontal(|ui| {
                        if ui.button(t(l, S::PrintStart)).clicked() {
                            match self.request() {
                                Ok((path, opts)) => action = Some(PrintAction::Start(path, opts)),
                                Err(why) => self.state = PrintState::Choosing(Some(why)),
                            }
                        }
                        if ui.button(t(l, S::Cancel)).clicked() {
                            action = Some(PrintAction::Close);
                        }
                    });
                }
                PrintState::Running => {
                    let fraction = progress.unwrap_or(0.0).clamp(0.0, 1.0);
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .animate(true)
                            .text(tr::report_progress(l, (fraction * 100.0).round() as u32)),
                    );
                    if ui.button(t(l, S::PrintCancel)).clicked() {
                        action = Some(PrintAction::Cancel);
                    }
                }
                PrintState::Done(path, signed) => {
                    ui.label(tr::reported_signed(l, &path.display().to_string(), *signed));
                    ui.horizontal(|ui| {
                        if ui.button(t(l, S::OpenPdf)).clicked() {
                            action = Some(PrintAction::Open(path.clone()));
                        }
                        if ui.button(t(l, S::OpenFolder)).clicked() {
                            let folder = path
                                .parent()
                                .map(Path::to_path_buf)
                                .unwrap_or_else(|| PathBuf::from("."));
                            action = Some(PrintAction::OpenFolder(folder));
                        }
                        if ui.button(t(l, S::Close)).clicked() {
                            action = Some(PrintAction::Close);
                        }
                    });
                }
                PrintState::Failed(message) => {
                    ui.add(egui::Label::new(egui::RichText::new(message).color(bad(ui))).wrap());
                    ui.horizontal(|ui| {
                        if ui.button(t(l, S::TryAgain)).clicked() {
                            self.state = PrintState::Choosing(None);
                        }
                        if ui.button(t(l, S::Close)).clicked() {
                            action = Some(PrintAction::Close);
                        }
                    });
                }
            }
        });
        // Escape or a click beside the dialog closes it, unless a report is being written.
        if modal.should_close() && !running && action.is_none() {
            action = Some(PrintAction::Close);
        }
        action
    }

    /// Period, language and file.
    fn choices(&mut self, ui: &mut egui::Ui, l: Lang, action: &mut Option<PrintAction>) {
        let before = (
            self.period,
            self.year,
            self.quarter,
            self.lang,
            self.from.clone(),
            self.to.clone(),
        );
        egui::Grid::new("print_grid")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                ui.label(t(l, S::PrintPeriod));
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.period, Period::Year, t(l, S::PeriodYear));
                    ui.radio_value(&mut self.period, Period::Quarter, t(l, S::PeriodQuarter));
                    ui.radio_value(&mut self.period, Period::Custom, t(l, S::PeriodCustom));
                });
                ui.end_row();
                match self.period {
                    Period::Year | Period::Quarter => {
                        let lab = ui.label(t(l, S::PrintYear));
                        ui.horizontal(|ui| {
                            egui::ComboBox::from_id_salt("print_year")
                                .selected_text(self.year.to_string())
                                .show_ui(ui, |ui| {
                                    for y in &self.years {
                                        ui.selectable_value(&mut self.year, *y, y.to_string());
                                    }
                                })
                                .response
                                .labelled_by(lab.id);
                            if self.period == Period::Quarter {
                                let lab = ui.label(t(l, S::PrintQuarter));
                                egui::ComboBox::from_id_salt("print_quarter")
                                    .selected_text(tr::quarter(l, self.quarter))
                                    .show_ui(ui, |ui| {
                                        for q in 1..=4 {
                                            ui.selectable_value(
                                                &mut self.quarter,
                                                q,
                                                tr::quarter(l, q),
                                            );
                                        }
                                    })
                                    .response
                                    .labelled_by(lab.id);
                            }
                        });
                        ui.end_row();
                    }
                    Period::Custom => {
                        for (label, text) in
                            [(S::DateFrom, &mut self.from), (S::DateTo, &mut self.to)]
                        {
                            let lab = ui.label(t(l, label));
                            ui.horizontal(|ui| {
                                ui.add_sized(
                                    [140.0, ui.spacing().interact_size.y],
                                    egui::TextEdit::singleline(text),
                                )
                                .labelled_by(lab.id);
                                if let Err(e) = form::parse_date(text) {
                                    ui.colored_label(bad(ui), t(l, e));
                                }
                            });
                            ui.end_row();
                        }
                    }
                }
                ui.label(t(l, S::PrintLanguage));
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.lang, Lang::Zh, t(l, S::Chinese));
                    ui.radio_value(&mut self.lang, Lang::En, t(l, S::English));
                });
                ui.end_row();
                let lab = ui.label(t(l, S::PrintSaveTo));
                ui.horizontal(|ui| {
                    ui.add_sized(
                        [380.0, ui.spacing().interact_size.y],
                        egui::TextEdit::singleline(&mut self.path),
                    )
                    .labelled_by(lab.id);
                    if ui.button(t(l, S::Browse)).clicked() {
                        *action = Some(PrintAction::Browse);
                    }
                });
                ui.end_row();
            });
        let after = (
            self.period,
            self.year,
            self.quarter,
            self.lang,
            self.from.clone(),
            self.to.clone(),
        );
        if before != after {
            self.follow_suggestion();
            if matches!(self.state, PrintState::Choosing(Some(_))) {
                self.state = PrintState::Choosing(None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_end_on_their_last_day_and_names_are_safe_on_windows() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(quarter_end(2025, 1), d(2025, 3, 31));
        assert_eq!(quarter_end(2024, 1), d(2024, 3, 31));
        assert_eq!(quarter_end(2025, 2), d(2025, 6, 30));
        assert_eq!(quarter_end(2025, 4), d(2025, 12, 31));
        assert_eq!(quarter_start(2025, 3), d(2025, 7, 1));
        assert_eq!(file_safe("A/B: C?"), "A_B_ C_");
    }
}
