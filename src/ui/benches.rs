//! Benches: every slope face, berm and platform; a bench's page lists everything recorded on it;
//! the department adds and edits benches here.

use uuid::Uuid;

use super::egui;
use super::form::{self, bad, choice_row, parse_count, parse_quantity, text_row};
use super::grid::{Cell, Col, Grid};
use crate::app::session::{Command, Rec, Session, Table};
use crate::app::sheets::ShownTable;
use crate::clock::now_stamp;
use crate::domain::*;
use crate::i18n::ui::{self as tr, S, t};
use crate::i18n::{self, Lang};

/// The add / edit form; every field is checked as it is typed.
#[derive(Debug, Clone)]
pub struct BenchForm {
    editing: Option<Bench>,
    number: String,
    /// The site's own name for the bench ("1#坡面", "P1").
    code: String,
    kind: BenchKind,
    elevation_low: String,
    elevation_high: String,
    area: String,
    gradient: String,
    berm_width: String,
    status: BenchStatus,
    note: String,
    tried: bool,
}

impl BenchForm {
    fn new() -> BenchForm {
        BenchForm {
            editing: None,
            number: String::new(),
            code: String::new(),
            kind: BenchKind::SlopeFace,
            elevation_low: String::new(),
            elevation_high: String::new(),
            area: String::new(),
            gradient: String::new(),
            berm_width: String::new(),
            status: BenchStatus::Dumping,
            note: String::new(),
            tried: false,
        }
    }

    fn edit(b: &Bench) -> BenchForm {
        BenchForm {
            editing: Some(b.clone()),
            number: b.number.to_string(),
            code: b.code.clone(),
            kind: b.kind,
            elevation_low: form::milli_text(b.elevation_low),
            elevation_high: form::milli_text(b.elevation_high),
            area: format_milli(b.area.0, 3),
            gradient: form::milli_text(b.gradient_run),
            berm_width: form::milli_text(b.berm_width),
            status: b.status,
            note: b.note.clone(),
            tried: false,
        }
    }

    /// The number, not used by another bench of the same kind. A bench given only the site's
    /// code is numbered from the code's first digits ("P12" → 12), or after the last bench; a
    /// code typed as the number is pointed to the code's field.
    fn number(&self, s: &Session) -> Result<Option<i64>, S> {
        let own = self.editing.as_ref().map(|b| b.meta.id);
        let n = if self.number.trim().is_empty() && !self.code.trim().is_empty() {
            let digits: String = self
                .code
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            let taken = |n: i64| {
                s.data
                    .benches
                    .iter()
                    .any(|b| b.number == n && b.kind == self.kind && Some(b.meta.id) != own)
            };
            match digits.parse::<i64>().ok().filter(|n| !taken(*n)) {
                Some(n) => Some(n),
                None => Some(s.data.benches.iter().map(|b| b.number).max().unwrap_or(0) + 1),
            }
        } else {
            parse_count(&self.number, false).map_err(|e| match e {
                S::ErrNumber => S::ErrBenchNumber,
                other => other,
            })?
        };
        if let Some(n) = n
            && s.data
                .benches
                .iter()
                .any(|b| b.number == n && b.kind == self.kind && Some(b.meta.id) != own)
        {
            return Err(S::ErrNumberTaken);
        }
        Ok(n)
    }

    /// The site's code, not used by another bench.
    fn code(&self, s: &Session) -> Result<String, S> {
        let code = self.code.trim();
        let own = self.editing.as_ref().map(|b| b.meta.id);
        if !code.is_empty()
            && s.data
                .benches
                .iter()
                .any(|b| b.code.trim() == code && Some(b.meta.id) != own)
        {
            return Err(S::ErrCodeTaken);
        }
        Ok(code.to_string())
    }

    /// The top elevation: above the bottom one on a slope face; a berm or platform may be flat.
    fn elevation_high(&self) -> Result<Option<Milli>, S> {
        let high = parse_quantity(&self.elevation_high, Unit::M, true)?;
        if let (Some(h), Ok(Some(low))) = (high, parse_quantity(&self.elevation_low, Unit::M, true))
        {
            if self.kind == BenchKind::SlopeFace && h <= low {
                return Err(S::ErrElevationOrder);
            }
            if h < low {
                return Err(S::ErrElevationBelow);
            }
        }
        Ok(high)
    }

    /// The gradient's run (1 : run), above zero when given.
    fn gradient(&self) -> Result<Option<Milli>, S> {
        match parse_quantity(&self.gradient, Unit::M, true)? {
            Some(m) if m.0 == 0 => Err(S::ErrPositive),
            other => Ok(other),
        }
    }

    fn build(&self, s: &Session) -> Result<Bench, S> {
        let number = self.number(s)?.unwrap_or_default();
        let code = self.code(s)?;
        let elevation_low = parse_quantity(&self.elevation_low, Unit::M, true)?;
        let elevation_high = self.elevation_high()?;
        let area = parse_quantity(&self.area, Unit::M2, false)?.unwrap_or_default();
        let gradient_run = self.gradient()?;
        let berm_width = parse_quantity(&self.berm_width, Unit::M, true)?;
        let mut b = match &self.editing {
            Some(b) => b.clone(),
            None => Bench {
                meta: Meta::new(&s.operator, &now_stamp()),
                pile_id: s.data.piles.first().map(|p| p.meta.id).unwrap_or_default(),
                number,
                kind: self.kind,
                elevation_low: None,
                elevation_high: None,
                area,
                gradient_run: None,
                berm_width: None,
                status: self.status,
                note: String::new(),
                code: String::new(),
            },
        };
        b.number = number;
        b.code = code;
        b.kind = self.kind;
        b.elevation_low = elevation_low;
        b.elevation_high = elevation_high;
        b.area = area;
        b.gradient_run = gradient_run;
        b.berm_width = berm_width;
        b.status = self.status;
        b.note = self.note.trim().to_string();
        Ok(b)
    }
}

#[derive(Default)]
pub struct BenchesView {
    pub grid: Grid,
    page: Option<Uuid>,
    form: Option<BenchForm>,
    form_error: bool,
}

impl BenchesView {
    /// Closes the open form, dropping what was typed (the user chose to leave it).
    pub fn close_form(&mut self) {
        self.form = None;
    }

    /// The command the form sent succeeded (close it) or not (keep it open).
    pub fn done(&mut self, ok: bool) {
        if ok {
            self.form = None;
        }
    }

    fn columns() -> [Col; 6] {
        [
            Col::new(S::ColNumber, 110.0),
            Col::new(S::ColKind, 80.0).choice(),
            Col::new(S::ColArea, 130.0).numeric(),
            Col::new(S::ColGradient, 80.0).numeric(),
            Col::new(S::ColStatus, 90.0).choice(),
            Col::new(S::ColNote, 120.0).rest(),
        ]
    }

    /// What bench `i` shows in column `head`.
    fn cell(l: Lang, s: &Session, i: usize, head: S) -> Cell {
        let b = &s.data.benches[i];
        match head {
            S::ColNumber => Cell::Number {
                value: b.number as f64,
                text: tr::bench_choice(l, b),
                unit: String::new(),
            },
            S::ColKind => Cell::text(i18n::bench_kind(l, b.kind)),
            S::ColArea => Cell::Number {
                value: b.area.to_f64_in(Unit::M2),
                text: format_milli(b.area.0, 2),
                unit: String::new(),
            },
            S::ColGradient => b.gradient_run.map_or(Cell::Empty, |g| Cell::Number {
                value: g.0 as f64 / 1000.0,
                text: format!("1:{}", format_milli(g.0, 2)),
                unit: String::new(),
            }),
            S::ColStatus => Cell::text(i18n::bench_status(l, b.status)),
            S::ColNote => Cell::text(b.note.as_str()),
            _ => Cell::Empty,
        }
    }

    fn refresh(&mut self, l: Lang, s: &Session) {
        self.grid.refresh(
            s.generation,
            u64::from(l.is_zh()),
            &Self::columns(),
            || {
                let b = &s.data.benches;
                let mut rows: Vec<usize> = (0..b.len()).collect();
                rows.sort_by_key(|i| (b[*i].number, b[*i].kind));
                rows
            },
            |i, h| Self::cell(l, s, i, h),
        );
    }

    /// The benches shown, as a table of their own (none while a bench's page is open).
    pub fn shown_table(&self, l: Lang, s: &Session) -> Option<ShownTable> {
        self.page.is_none().then(|| {
            self.grid
                .shown_table(l, t(l, S::NavBenches), &Self::columns(), |i, h| {
                    Self::cell(l, s, i, h)
                })
        })
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        self.refresh(l, s);
        let may_edit = s.may_edit(Table::Bench);
        if let Some(f) = self.form.as_mut()
            && form_ui(ui, l, s, f, out, &mut self.form_error)
        {
            self.form = None;
        }
        if let Some(id) = self.page {
            if let Some(b) = s.data.bench(id) {
                self.page_ui(ui, l, s, b, may_edit);
                return;
            }
            self.page = None;
        }
        ui.horizontal(|ui| {
            form::heading(ui, t(l, S::NavBenches));
            if may_edit && self.form.is_none() && ui.button(t(l, S::AddBench)).clicked() {
                self.form = Some(BenchForm::new());
                self.form_error = false;
            }
        });
        self.grid
            .toolbar(ui, l, &Self::columns(), s.data.benches.len());
        self.refresh(l, s);
        let mut open = None;
        self.grid.show(
            ui,
            l,
            "benches_table",
            &Self::columns(),
            |i, h| Self::cell(l, s, i, h),
            |ui, i, h| {
                if h != S::ColNumber {
                    return false;
                }
                let b = &s.data.benches[i];
                if ui.link(tr::bench_choice(l, b)).clicked() {
                    open = Some(b.meta.id);
                }
                true
            },
        );
        if open.is_some() {
            self.page = open;
        }
    }

    fn page_ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, b: &Bench, may_edit: bool) {
        let zh = l.is_zh();
        let id = Some(b.meta.id);
        ui.horizontal(|ui| {
            if ui.button(t(l, S::BackToList)).clicked() {
                self.page = None;
            }
            form::heading(ui, &tr::bench_choice(l, b));
            if may_edit && self.form.is_none() && ui.button(t(l, S::EditBench)).clicked() {
                self.form = Some(BenchForm::edit(b));
                self.form_error = false;
            }
        });
        let mut facts = vec![format!(
            "{} {}",
            t(l, S::ColArea),
            format_milli(b.area.0, 2)
        )];
        if b.elevation_low.is_some() || b.elevation_high.is_some() {
            let m = |v: Option<Milli>| v.map(|v| format_milli(v.0, 2)).unwrap_or_default();
            facts.push(format!(
                "{} {}–{}",
                t(l, S::ColElevation),
                m(b.elevation_low),
                m(b.elevation_high)
            ));
        }
        if let Some(g) = b.gradient_run {
            facts.push(format!(
                "{} 1:{}",
                t(l, S::ColGradient),
                format_milli(g.0, 2)
            ));
        }
        if let Some(w) = b.berm_width {
            facts.push(format!(
                "{} {}",
                t(l, S::ColBermWidth),
                format_milli(w.0, 2)
            ));
        }
        facts.push(i18n::bench_status(l, b.status).to_string());
        if !b.note.is_empty() {
            facts.push(b.note.clone());
        }
        ui.label(facts.join(" · "));
        egui::ScrollArea::vertical().show(ui, |ui| {
            // The approved plan's share of this bench against what it completed.
            let progress = crate::domain::summary::progress(&s.data, Some(id));
            let has_plan = progress.iter().any(|p| p.planned.0 > 0);
            section(ui, l, S::SectionPlanVsActual, progress.iter(), |ui, p| {
                ui.label(i18n::work_kind(l, p.kind));
                let unit = p.kind.default_unit().symbol(zh);
                if p.planned.0 > 0 {
                    ui.label(format!("{} {unit}", format_milli(p.planned.0, 2)));
                } else {
                    ui.weak("—");
                }
                let done = format!("{} {unit}", format_milli(p.completed.0, 2));
                let over = p.planned.0 > 0 && p.completed > p.planned;
                if over {
                    ui.colored_label(bad(ui), done);
                } else {
                    ui.label(done);
                }
                ui.label(
                    p.percent_milli()
                        .map(rules::percent_text)
                        .unwrap_or_else(|| "—".to_string()),
                );
            });
            if has_plan {
                ui.weak(t(l, S::PlanBreakdownNote));
            }
            // Each section in date order (they were in the order the records were entered).
            let mut works: Vec<&Work> = s.data.works.iter().filter(|w| w.bench_id == id).collect();
            works.sort_by_key(|w| (w.date, w.phase != WorkPhase::Planned, w.kind));
            section(ui, l, S::SectionWorks, works.into_iter(), |ui, w| {
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
            });
            let mut plantings: Vec<&Planting> = s
                .data
                .plantings
                .iter()
                .filter(|p| p.bench_id == id)
                .collect();
            plantings.sort_by_key(|p| p.date);
            section(
                ui,
                l,
                S::SectionPlantings,
                plantings.into_iter(),
                |ui, p| {
                    ui.label(p.date.to_string());
                    ui.label(&p.species);
                    ui.label(i18n::plant_type(l, p.plant_type));
                    ui.label(format_milli(p.area.0, 2));
                },
            );
            let mut surveys: Vec<&SurvivalSurvey> =
                s.data.surveys.iter().filter(|v| v.bench_id == id).collect();
            surveys.sort_by_key(|v| v.date);
            section(ui, l, S::SectionSurveys, surveys.into_iter(), |ui, v| {
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
            });
            let mut care: Vec<&AftercareEntry> = s
                .data
                .aftercare
                .iter()
                .filter(|a| a.bench_id == id)
                .collect();
            care.sort_by_key(|a| a.date);
            section(ui, l, S::SectionAftercare, care.into_iter(), |ui, a| {
                ui.label(a.date.to_string());
                ui.label(i18n::aftercare_kind(l, a.kind));
                ui.label(i18n::review_state(l, a.review));
                ui.label(&a.note);
            });
            let mut problems: Vec<&Problem> = s
                .data
                .problems
                .iter()
                .filter(|p| p.bench_id == id)
                .collect();
            problems.sort_by_key(|p| p.found_on);
            section(ui, l, S::SectionProblems, problems.into_iter(), |ui, p| {
                ui.label(p.found_on.to_string());
                ui.label(&p.description);
                if p.is_overdue(s.today) {
                    ui.colored_label(bad(ui), p.deadline.to_string());
                } else {
                    ui.label(p.deadline.to_string());
                }
                ui.label(i18n::problem_status(l, p.status));
            });
        });
    }
}

/// A section of a bench's page: its heading, then a row for each record (or "none").
fn section<'r, T: 'r>(
    ui: &mut egui::Ui,
    l: Lang,
    title: S,
    records: impl Iterator<Item = &'r T>,
    row: impl Fn(&mut egui::Ui, &T),
) {
    form::heading(ui, t(l, title));
    let records: Vec<&T> = records.collect();
    if records.is_empty() {
        ui.weak(t(l, S::None_));
        return;
    }
    egui::Grid::new(ui.next_auto_id())
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for r in records {
                row(ui, r);
                ui.end_row();
            }
        });
}

fn form_ui(
    ui: &mut egui::Ui,
    l: Lang,
    s: &Session,
    f: &mut BenchForm,
    out: &mut Vec<Command>,
    form_error: &mut bool,
) -> bool {
    let title = form::title(f.editing.is_some(), S::EditBench, S::AddBench);
    form::form_frame(ui, l, title, |ui| {
        form::field_grid(ui, "bench_form", |ui| {
            let number = form::once_tried(&f.number, f.tried, || f.number(s));
            text_row(ui, l, S::FieldNumber, &mut f.number, &number);
            let code = f.code(s);
            text_row(ui, l, S::FieldCode, &mut f.code, &code);
            let kinds = form::options(BenchKind::ALL, |k| i18n::bench_kind(l, k));
            choice_row(ui, l, S::FieldBenchKind, &mut f.kind, &kinds);
            let low = parse_quantity(&f.elevation_low, Unit::M, true);
            text_row(ui, l, S::FieldElevationLow, &mut f.elevation_low, &low);
            let high = f.elevation_high();
            text_row(ui, l, S::FieldElevationHigh, &mut f.elevation_high, &high);
            let area = form::once_tried(&f.area, f.tried, || {
                parse_quantity(&f.area, Unit::M2, false)
            });
            text_row(ui, l, S::FieldArea, &mut f.area, &area);
            let gradient = f.gradient();
            text_row(ui, l, S::FieldGradient, &mut f.gradient, &gradient);
            let berm = parse_quantity(&f.berm_width, Unit::M, true);
            text_row(ui, l, S::FieldBermWidth, &mut f.berm_width, &berm);
            let statuses = form::options(BenchStatus::ALL, |v| i18n::bench_status(l, v));
            choice_row(ui, l, S::FieldStatus, &mut f.status, &statuses);
            form::plain_row(ui, l, S::FieldNote, &mut f.note);
        });
        form::save_row(ui, l, form_error, out, || {
            f.tried = true;
            let editing = f.editing.is_some();
            f.build(s)
                .ok()
                .map(|b| form::command(Rec::Bench(b), editing))
        })
    })
}
