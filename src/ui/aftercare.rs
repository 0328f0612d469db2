//! After-care: the contractors' log with photos; the department approves or rejects each entry.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use uuid::Uuid;

use super::egui;
use super::form::{self, bad, choice_row, parse_date, parse_quantity, text_row};
use super::grid::{Cell, Col, Grid};
use crate::app::session::{Command, Session, Table, blank_aftercare};
use crate::app::sheets::ShownTable;
use crate::domain::*;
use crate::i18n::ui::{self as tr, S, t};
use crate::i18n::{self, Lang};

#[derive(Debug, Clone)]
struct AftercareForm {
    editing: Option<AftercareEntry>,
    kind: AftercareKind,
    contractor: String,
    bench: Option<Uuid>,
    quantity: String,
    unit: Unit,
    date: String,
    note: String,
    reason: String,
    photos: Vec<PathBuf>,
    tried: bool,
    /// 添加照片 was clicked where the system has no file dialog: say why.
    no_dialog: bool,
}

impl AftercareForm {
    fn new(today: chrono::NaiveDate, contractor: String) -> AftercareForm {
        AftercareForm {
            editing: None,
            kind: AftercareKind::Replanting,
            contractor,
            bench: None,
            quantity: String::new(),
            unit: AftercareKind::Replanting.default_unit(),
            date: today.to_string(),
            note: String::new(),
            reason: String::new(),
            photos: Vec::new(),
            tried: false,
            no_dialog: false,
        }
    }

    fn edit(e: &AftercareEntry) -> AftercareForm {
        AftercareForm {
            editing: Some(e.clone()),
            kind: e.kind,
            contractor: e.contractor.clone(),
            bench: e.bench_id,
            quantity: e
                .quantity
                .map(|q| form::quantity_text(q, e.unit))
                .unwrap_or_default(),
            unit: e.unit,
            date: e.date.to_string(),
            note: e.note.clone(),
            reason: String::new(),
            photos: Vec::new(),
            tried: false,
            no_dialog: false,
        }
    }

    fn needs_reason(&self) -> bool {
        self.editing
            .as_ref()
            .is_some_and(|e| e.review == ReviewState::Approved)
    }

    /// A contractor corrects their rejected entry: saved, it goes back for review.
    fn resubmits(&self, s: &Session) -> bool {
        s.role == crate::app::Role::Contractor
            && self
                .editing
                .as_ref()
                .is_some_and(|e| e.review == ReviewState::Rejected)
    }

    fn build(&self, s: &Session) -> Result<AftercareEntry, S> {
        let quantity = parse_quantity(&self.quantity, self.unit, true)?;
        let contractor = form::required(&self.contractor)?;
        let date = parse_date(&self.date)?;
        let note = form::required(&self.note)?;
        if self.needs_reason() {
            form::required(&self.reason).map_err(|_| S::ErrReasonRequired)?;
        }
        let mut e = match &self.editing {
            Some(e) => e.clone(),
            None => blank_aftercare(&s.data, &s.operator, date),
        };
        e.kind = self.kind;
        e.contractor = contractor;
        e.bench_id = self.bench;
        e.quantity = quantity;
        e.unit = self.unit;
        e.date = date;
        e.note = note;
        Ok(e)
    }
}

#[derive(Default)]
pub struct AftercareView {
    pub pending_only: bool,
    /// Another entry to edit, asked for while the form holds unsaved changes.
    waiting: form::Waiting<AftercareForm>,
    pub grid: Grid,
    generation: u64,
    photos_of: HashMap<Uuid, Vec<usize>>,
    pub selected: Option<Uuid>,
    comment: String,
    comment_error: bool,
    form: Option<AftercareForm>,
    form_error: bool,
    requested: HashSet<Uuid>,
    large: Option<Uuid>,
    /// The entry to delete (id, version, approved: needs a reason), and the reason typed.
    confirm_delete: Option<(Uuid, i64, bool)>,
    delete_reason: String,
    /// The one comment of a batch review. What it reviews is the list's selection: the rows
    /// selected (ticked, clicked, Ctrl+A) that this operator may review.
    batch_comment: String,
    batch_error: bool,
    /// A batch review waiting for its confirmation (the question says how many and how much).
    confirm: Option<(Command, String)>,
    /// The merge receipt of the open field package (the contractor's window marks what arrived).
    pub receipt: Option<crate::app::package::ReceiptMarks>,
    /// Counts receipts read, so the list is rebuilt when one is.
    pub receipts_read: u64,
    /// The department asked for the merge conflicts (the window opens them).
    pub open_conflicts: bool,
}

impl AftercareView {
    /// Closes the open form, dropping what was typed (the user chose to leave it).
    pub fn close_form(&mut self) {
        self.form = None;
    }

    pub fn done(&mut self, ok: bool) {
        if ok {
            self.form = None;
            self.comment.clear();
            self.comment_error = false;
            self.confirm_delete = None;
            self.batch_comment.clear();
            self.batch_error = false;
        }
    }

    /// May `e` be chosen for a batch review by this operator (pending, made by someone else)?
    fn batchable(s: &Session, e: &AftercareEntry) -> bool {
        s.may_review() && e.review == ReviewState::Pending && e.meta.created_by != s.operator
    }

    /// The entries a batch review reviews: the rows selected and shown that this operator may
    /// review (pending, made by someone else).
    fn batch<'a>(&self, s: &'a Session) -> Vec<&'a AftercareEntry> {
        let selected = self.grid.selected();
        self.grid
            .rows()
            .iter()
            .filter(|i| selected.contains(i))
            .filter_map(|i| s.data.aftercare.get(*i))
            .filter(|e| Self::batchable(s, e))
            .collect()
    }

    /// The batch review bar: select every pending entry shown (or tick, click, Ctrl+A rows),
    /// then approve or reject them all with one comment, once asked.
    fn batch_bar(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session) {
        ui.horizontal_wrapped(|ui| {
            if ui.button(t(l, S::SelectAllPending)).clicked() {
                let a = &s.data.aftercare;
                let pending: Vec<usize> = self
                    .grid
                    .rows()
                    .iter()
                    .copied()
                    .filter(|i| a.get(*i).is_some_and(|e| Self::batchable(s, e)))
                    .collect();
                self.grid.select(pending);
            }
            let batch = self.batch(s);
            if batch.is_empty() {
                return;
            }
            // One selection, one name: the rows selected, and how many of them await review.
            ui.label(tr::selected_for_review(
                l,
                self.grid.selected().len(),
                batch.len(),
            ));
            let lab = ui.label(t(l, S::BatchComment));
            ui.add(egui::TextEdit::singleline(&mut self.batch_comment).desired_width(220.0))
                .labelled_by(lab.id);
            let entries: Vec<(Uuid, i64)> =
                batch.iter().map(|e| (e.meta.id, e.meta.version)).collect();
            // Asked first: how many, and what they add up to.
            let totals = batch_totals(l, &batch);
            if ui.button(t(l, S::ApproveSelected)).clicked() {
                self.confirm = Some((
                    Command::ReviewMany {
                        entries: entries.clone(),
                        approve: true,
                        comment: self.batch_comment.clone(),
                    },
                    tr::batch_question(l, entries.len(), true, &totals),
                ));
            }
            if ui.button(t(l, S::RejectSelected)).clicked() {
                if self.batch_comment.trim().is_empty() {
                    self.batch_error = true;
                } else {
                    self.confirm = Some((
                        Command::ReviewMany {
                            entries: entries.clone(),
                            approve: false,
                            comment: self.batch_comment.clone(),
                        },
                        tr::batch_question(l, entries.len(), false, &totals),
                    ));
                }
            }
            if ui.button(t(l, S::ClearSelection)).clicked() {
                self.grid.clear_selection();
                self.batch_error = false;
            }
            if self.batch_error && self.batch_comment.trim().is_empty() {
                ui.colored_label(bad(ui), t(l, S::ErrCommentRequired));
            }
        });
    }

    /// The question before a batch review; the review goes out once confirmed.
    fn confirm_batch(&mut self, ctx: &egui::Context, l: Lang, out: &mut Vec<Command>) {
        let Some((cmd, question)) = &self.confirm else {
            return;
        };
        let approve = matches!(cmd, Command::ReviewMany { approve: true, .. });
        let (mut yes, mut no) = (false, false);
        egui::Modal::new(egui::Id::unique("confirm_batch_review")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.label(question.as_str());
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let go = if approve {
                    S::ConfirmApprove
                } else {
                    S::ConfirmReject
                };
                yes = ui.button(t(l, go)).clicked();
                no = ui.button(t(l, S::Cancel)).clicked();
            });
        });
        if no || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.confirm = None;
        } else if yes && let Some((cmd, _)) = self.confirm.take() {
            out.push(cmd);
            self.grid.clear_selection();
            self.batch_error = false;
        }
    }

    fn refresh(&mut self, l: Lang, s: &Session) {
        if self.generation != s.generation {
            self.generation = s.generation;
            // Another session (a switch of identity or ledger) starts with no photos loaded:
            // what was asked of the old one is asked again, or its thumbnails spin for ever.
            self.requested.retain(|id| s.photos.contains_key(id));
            self.photos_of.clear();
            for (i, p) in s.data.photos.iter().enumerate() {
                if p.owner_kind == PhotoOwner::Aftercare {
                    self.photos_of.entry(p.owner_id).or_default().push(i);
                }
            }
        }
        let cols = Self::columns(s.may_review(), self.receipt.is_some());
        let pending_only = self.pending_only;
        let mut grid = std::mem::take(&mut self.grid);
        grid.refresh(
            s.generation,
            u64::from(pending_only) | u64::from(l.is_zh()) << 1 | self.receipts_read << 2,
            &cols,
            || {
                let a = &s.data.aftercare;
                let mut rows: Vec<usize> = (0..a.len())
                    .filter(|i| !pending_only || a[*i].review == ReviewState::Pending)
                    .collect();
                rows.sort_by(|x, y| a[*y].date.cmp(&a[*x].date));
                rows
            },
            |i, h| self.cell(l, s, i, h),
        );
        self.grid = grid;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        self.refresh(l, s);
        if let Some(f) = self.waiting.agreed(ui.ctx()) {
            self.form = Some(f);
            self.form_error = false;
        }
        let may_add = s.may_edit(Table::Aftercare);
        ui.horizontal(|ui| {
            form::heading(ui, t(l, S::NavAftercare));
            if may_add && self.form.is_none() && ui.button(t(l, S::AddAftercare)).clicked() {
                self.form = Some(AftercareForm::new(s.today, s.default_contractor()));
                self.form_error = false;
            }
            ui.checkbox(&mut self.pending_only, t(l, S::OnlyPending));
            let conflicts = s
                .data
                .merge_conflicts
                .iter()
                .filter(|c| c.status == ConflictStatus::Open)
                .count();
            if s.may_review()
                && conflicts > 0
                && ui.button(tr::open_conflicts(l, conflicts)).clicked()
            {
                self.open_conflicts = true;
            }
        });
        self.grid.toolbar(
            ui,
            l,
            &Self::columns(s.may_review(), self.receipt.is_some()),
            s.data.aftercare.len(),
        );
        self.refresh(l, s);
        if let Some(f) = self.form.as_mut()
            && form_ui(ui, l, s, f, out, &mut self.form_error)
        {
            self.form = None;
        }
        if s.may_review() {
            self.batch_bar(ui, l, s);
        }
        egui::Panel::right("aftercare_detail")
            .default_size(340.0)
            .show(ui, |ui| self.detail(ui, l, s, out));
        // The list scrolls sideways in what the detail panel leaves (at 1024 px its columns ran
        // on under the panel, its hint written over the list's notes).
        egui::ScrollArea::horizontal()
            .id_salt("aftercare_list")
            .show(ui, |ui| self.table(ui, l, s));
        self.large_photo(ui.ctx(), l, s);
        self.confirm_batch(ui.ctx(), l, out);
    }

    fn columns(pick: bool, receipt: bool) -> Vec<Col> {
        let mut c = Vec::new();
        if pick {
            c.push(Col::new(S::ColPick, 30.0).widget());
        }
        if receipt {
            c.push(Col::new(S::ColReceipt, 90.0).choice());
        }
        c.extend([
            Col::new(S::ColDate, 95.0).dates(),
            Col::new(S::ColContractor, 120.0).choice(),
            Col::new(S::ColBench, 70.0).choice(),
            Col::new(S::ColKind, 90.0).choice(),
            Col::new(S::ColQuantity, 100.0).numeric(),
            Col::new(S::ColReview, 70.0).choice(),
            Col::new(S::ColPhotos, 45.0).numeric(),
            Col::new(S::ColNote, 120.0).rest(),
        ]);
        c
    }

    /// What entry `i` shows in column `head`.
    fn cell(&self, l: Lang, s: &Session, i: usize, head: S) -> Cell {
        let e = &s.data.aftercare[i];
        match head {
            S::ColDate => Cell::Date(e.date),
            S::ColContractor => Cell::text(e.contractor.as_str()),
            S::ColBench => Cell::text(form::bench_name(l, &s.data, e.bench_id)),
            S::ColKind => Cell::text(i18n::aftercare_kind(l, e.kind)),
            S::ColQuantity => e.quantity.map_or(Cell::Empty, |q| {
                Cell::quantity_as(q, e.unit, e.kind.unit_symbol(e.unit, l.is_zh()))
            }),
            S::ColReview => Cell::text(i18n::review_state(l, e.review)),
            S::ColPhotos => Cell::count(self.photos_of.get(&e.meta.id).map_or(0, Vec::len), true),
            S::ColNote => Cell::text(e.note.as_str()),
            S::ColReceipt => {
                use crate::app::package::ReceiptOutcome as Outcome;
                let marked = self
                    .receipt
                    .as_ref()
                    .and_then(|r| r.outcomes.get(&e.meta.id))
                    .map(|o| match o {
                        Outcome::Added | Outcome::Changed => S::ReceiptMerged,
                        Outcome::AlreadyPresent => S::ReceiptPresent,
                        Outcome::Conflict => S::ReceiptConflict,
                        Outcome::Refused => S::ReceiptRefused,
                    });
                marked.map_or(Cell::Empty, |m| Cell::text(t(l, m)))
            }
            _ => Cell::Empty,
        }
    }

    /// The entries shown, as a table of their own.
    pub fn shown_table(&self, l: Lang, s: &Session) -> ShownTable {
        let cols = Self::columns(s.may_review(), self.receipt.is_some());
        self.grid
            .shown_table(l, t(l, S::NavAftercare), &cols, |i, h| {
                self.cell(l, s, i, h)
            })
    }

    fn table(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session) {
        let pick = s.may_review();
        let cols = Self::columns(pick, self.receipt.is_some());
        let mut grid = std::mem::take(&mut self.grid);
        // A tick box adds its row to the selection (or leaves it out); the click on the row
        // under it does not replace the selection.
        let before = grid.selected().clone();
        let mut ticked: Vec<usize> = Vec::new();
        let clicked = grid.show(
            ui,
            l,
            "aftercare_table",
            &cols,
            |i, h| self.cell(l, s, i, h),
            |ui, i, h| {
                let e = &s.data.aftercare[i];
                match h {
                    S::ColPick => {
                        if Self::batchable(s, e) {
                            let mut on = before.contains(&i);
                            if ui
                                .add(egui::Checkbox::without_text(&mut on))
                                .on_hover_text(t(l, S::SelectForReview))
                                .changed()
                            {
                                ticked.push(i);
                            }
                        }
                        true
                    }
                    S::ColReview => {
                        review_label(ui, l, e.review);
                        true
                    }
                    _ => false,
                }
            },
        );
        if !ticked.is_empty() {
            grid.set_selected(before);
            for i in ticked {
                grid.toggle(i);
            }
        }
        self.grid = grid;
        if let Some(i) = clicked {
            self.selected = Some(s.data.aftercare[i].meta.id);
            self.comment.clear();
            self.comment_error = false;
        }
    }

    fn detail(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        let zh = l.is_zh();
        let Some(e) = self
            .selected
            .and_then(|id| s.data.aftercare.iter().find(|e| e.meta.id == id))
        else {
            ui.add_space(8.0);
            ui.weak(t(l, S::SelectEntry));
            return;
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.add_space(6.0);
            ui.label(
                egui::RichText::new(format!("{} · {}", e.date, i18n::aftercare_kind(l, e.kind)))
                    .size(17.0)
                    .strong(),
            );
            egui::Grid::new("aftercare_detail_grid")
                .num_columns(2)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    ui.weak(t(l, S::ColContractor));
                    ui.label(&e.contractor);
                    ui.end_row();
                    ui.weak(t(l, S::ColBench));
                    ui.label(form::bench_name(l, &s.data, e.bench_id));
                    ui.end_row();
                    ui.weak(t(l, S::ColQuantity));
                    ui.label(
                        e.quantity
                            .map(|q| e.kind.quantity_text(q, e.unit, zh))
                            .unwrap_or_default(),
                    );
                    ui.end_row();
                    ui.weak(t(l, S::ColReview));
                    review_label(ui, l, e.review);
                    ui.end_row();
                    if !e.reviewer.is_empty() {
                        ui.weak(t(l, S::ReviewedBy));
                        ui.label(&e.reviewer);
                        ui.end_row();
                    }
                });
            // Below the grid, wrapped to the panel: in the grid a long comment widened the
            // panel and so reflowed the list beside it (issue 26 case 11).
            if !e.review_comment.is_empty() {
                ui.weak(t(l, S::FieldComment));
                ui.add(egui::Label::new(&e.review_comment).wrap());
            }
            ui.label(&e.note);
            ui.separator();
            self.thumbnails(ui, l, s, e.meta.id, out);
            ui.separator();
            if s.may_correct_aftercare(e) {
                ui.horizontal(|ui| {
                    let edit = if s.may_change_aftercare(e) {
                        S::Edit
                    } else {
                        S::CorrectAndResubmit
                    };
                    if ui.button(t(l, edit)).clicked()
                        && let Some(f) = self.waiting.replace(ui.ctx(), AftercareForm::edit(e))
                    {
                        self.form = Some(f);
                        self.form_error = false;
                    }
                    if s.may_change_aftercare(e) && ui.button(t(l, S::Delete)).clicked() {
                        self.confirm_delete =
                            Some((e.meta.id, e.meta.version, e.review == ReviewState::Approved));
                        self.delete_reason.clear();
                    }
                });
            }
            if s.may_review() && e.review == ReviewState::Pending {
                form::heading(ui, t(l, S::ReviewTitle));
                let lab = ui.label(t(l, S::FieldComment));
                ui.add(
                    egui::TextEdit::multiline(&mut self.comment)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(lab.id);
                let missing = self.comment_error && self.comment.trim().is_empty();
                form::error_line(ui, l, missing.then_some(S::ErrCommentRequired));
                ui.horizontal(|ui| {
                    if ui.button(t(l, S::Approve)).clicked() {
                        out.push(Command::Review {
                            id: e.meta.id,
                            version: e.meta.version,
                            approve: true,
                            comment: self.comment.clone(),
                        });
                    }
                    if ui.button(t(l, S::Reject)).clicked() {
                        if self.comment.trim().is_empty() {
                            self.comment_error = true;
                        } else {
                            out.push(Command::Review {
                                id: e.meta.id,
                                version: e.meta.version,
                                approve: false,
                                comment: self.comment.clone(),
                            });
                        }
                    }
                });
            }
        });
        if let Some((id, version, locked)) = self.confirm_delete {
            let what = (Table::Aftercare, id, version);
            let reason = locked.then_some(&mut self.delete_reason);
            if form::ask_delete(ui.ctx(), l, &s.data, "aftercare", what, reason, out) {
                self.confirm_delete = None;
            }
        }
    }

    fn thumbnails(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        s: &Session,
        owner: Uuid,
        out: &mut Vec<Command>,
    ) {
        let photos = self.photos_of.get(&owner).cloned().unwrap_or_default();
        if photos.is_empty() {
            ui.weak(t(l, S::NoPhotos));
            return;
        }
        ui.horizontal_wrapped(|ui| {
            for i in photos {
                let Some(p) = s.data.photos.get(i) else {
                    continue;
                };
                match s.photos.get(&p.meta.id) {
                    Some(bytes) => {
                        let img = egui::Image::from_bytes(
                            format!("bytes://photo/{}", p.meta.id),
                            egui::load::Bytes::Shared(bytes.clone()),
                        )
                        .fit_to_exact_size(egui::vec2(96.0, 96.0))
                        .sense(egui::Sense::click());
                        if ui
                            .add(img)
                            .on_hover_text(format!("{} · {}", p.file_name, t(l, S::ClickToEnlarge)))
                            .clicked()
                        {
                            self.large = Some(p.meta.id);
                        }
                    }
                    None => {
                        if self.requested.insert(p.meta.id) {
                            out.push(Command::LoadPhoto(p.meta.id));
                        }
                        ui.spinner();
                    }
                }
            }
        });
    }

    fn large_photo(&mut self, ctx: &egui::Context, l: Lang, s: &Session) {
        let Some(id) = self.large else { return };
        let Some(bytes) = s.photos.get(&id) else {
            self.large = None;
            return;
        };
        // The entry it shows ("12号坡面 2023-04-18 补植 · 某园林绿化公司"), then when and where the
        // picture was taken, by whom, and its file.
        let name = s
            .data
            .photos
            .iter()
            .find(|p| p.meta.id == id)
            .map(|p| {
                let entry = s
                    .data
                    .aftercare
                    .iter()
                    .find(|e| e.meta.id == p.owner_id)
                    .map(|e| {
                        let bench = form::bench_name(l, &s.data, e.bench_id);
                        format!(
                            "{} {} {} · {}",
                            bench,
                            e.date,
                            crate::i18n::aftercare_kind(l, e.kind),
                            e.contractor
                        )
                        .trim()
                        .to_string()
                    })
                    .unwrap_or_default();
                let taken = tr::photo_taken(
                    l,
                    p.taken_at
                        .as_ref()
                        .map(|t| crate::i18n::records::local_time(&t.to_string())),
                    p.gps_lat_micro.zip(p.gps_lon_micro),
                    &p.taken_by,
                );
                format!("{entry}\n{taken} · {}", p.file_name)
            })
            .unwrap_or_default();
        let mut close = false;
        egui::Modal::new(egui::Id::unique("photo_large")).show(ctx, |ui| {
            ui.label(name);
            let max = ctx.content_rect().size() * 0.8;
            ui.add(
                egui::Image::from_bytes(
                    format!("bytes://photo/{id}"),
                    egui::load::Bytes::Shared(bytes.clone()),
                )
                .max_size(max)
                .shrink_to_fit(),
            );
            if ui.button(t(l, S::Close)).clicked() {
                close = true;
            }
        });
        if close || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.large = None;
        }
    }
}

/// What the entries chosen add up to, unit by unit: "补植 1,200 株；浇水 30 立方米；2 条无数量".
fn batch_totals(l: Lang, batch: &[&AftercareEntry]) -> String {
    let mut sums: Vec<(AftercareKind, Unit, i64)> = Vec::new();
    let mut without = 0;
    for e in batch {
        match e.quantity {
            Some(q) => match sums
                .iter_mut()
                .find(|(k, u, _)| *k == e.kind && *u == e.unit)
            {
                Some((_, _, sum)) => *sum = sum.saturating_add(q.0),
                None => sums.push((e.kind, e.unit, q.0)),
            },
            None => without += 1,
        }
    }
    let mut parts: Vec<String> = sums
        .into_iter()
        .map(|(k, u, sum)| {
            format!(
                "{} {}",
                crate::i18n::aftercare_kind(l, k),
                k.quantity_text(Milli(sum), u, l.is_zh())
            )
        })
        .collect();
    if without > 0 {
        parts.push(tr::without_quantity(l, without));
    }
    parts.join(l.pick("；", "; "))
}

fn review_label(ui: &mut egui::Ui, l: Lang, r: ReviewState) {
    let color = match r {
        ReviewState::Pending => ui.visuals().warn_fg_color,
        ReviewState::Approved => egui::Color32::from_rgb(0x2e, 0x7d, 0x32),
        ReviewState::Rejected => bad(ui),
    };
    ui.colored_label(color, i18n::review_state(l, r));
}

fn form_ui(
    ui: &mut egui::Ui,
    l: Lang,
    s: &Session,
    f: &mut AftercareForm,
    out: &mut Vec<Command>,
    form_error: &mut bool,
) -> bool {
    let zh = l.is_zh();
    let title = form::title(f.editing.is_some(), S::EditAftercare, S::AddAftercare);
    form::form_frame(ui, l, title, |ui| {
        form::field_grid(ui, "aftercare_form", |ui| {
            let before = f.kind;
            let kinds = form::options(AftercareKind::ALL, |k| i18n::aftercare_kind(l, k));
            choice_row(ui, l, S::FieldAftercareKind, &mut f.kind, &kinds);
            if before != f.kind {
                f.unit = f.kind.default_unit();
            }
            let c = form::required(&f.contractor);
            let c_shown = if f.tried { c } else { Ok(String::new()) };
            let own = s.company.trim();
            let locked = (s.role == crate::app::Role::Contractor && !own.is_empty()).then_some(own);
            form::contractor_row(
                ui,
                l,
                S::FieldContractor,
                &mut f.contractor,
                &s.contractors,
                locked,
                &c_shown,
            );
            form::bench_row(ui, l, &s.data, &mut f.bench);
            let kind = f.kind;
            let units = form::options(&Unit::choices(f.unit.dimension()), |u| {
                kind.unit_symbol(u, zh)
            });
            choice_row(ui, l, S::FieldUnit, &mut f.unit, &units);
            let q = parse_quantity(&f.quantity, f.unit, true);
            text_row(ui, l, S::FieldQuantity, &mut f.quantity, &q);
            form::date_row(ui, l, &mut f.date);
            let n = form::required(&f.note);
            let n_shown = if f.tried { n } else { Ok(String::new()) };
            form::multiline_row(ui, l, S::FieldNote, &mut f.note, &n_shown);
            if f.needs_reason() {
                let r = form::required(&f.reason).map_err(|_| S::ErrReasonRequired);
                text_row(ui, l, S::FieldReason, &mut f.reason, &r);
            }
        });
        if f.resubmits(s) {
            ui.weak(t(l, S::ResubmitHint));
        }
        {
            ui.horizontal_wrapped(|ui| {
                if ui.button(t(l, S::AddPhotos)).clicked() {
                    // Without a file dialog rfd returns at once as if cancelled: say why instead.
                    f.no_dialog = !crate::app::files::file_dialog_available();
                    if !f.no_dialog
                        && let Some(files) = rfd::FileDialog::new()
                            .add_filter(t(l, S::Images), &["jpg", "jpeg", "png"])
                            .pick_files()
                    {
                        f.photos.extend(files);
                    }
                }
                let mut remove = None;
                for (i, p) in f.photos.iter().enumerate() {
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    ui.label(name);
                    if ui.small_button(t(l, S::RemovePhoto)).clicked() {
                        remove = Some(i);
                    }
                }
                if let Some(i) = remove {
                    f.photos.remove(i);
                }
            });
            if f.no_dialog {
                ui.add(
                    egui::Label::new(egui::RichText::new(t(l, S::NoFileDialog)).color(bad(ui)))
                        .wrap(),
                );
            }
        }
        form::save_row(ui, l, form_error, out, || {
            f.tried = true;
            f.build(s).ok().map(|e| match &f.editing {
                Some(_) => Command::EditAftercare {
                    entry: e,
                    reason: f.reason.trim().to_string(),
                    photos: f.photos.clone(),
                },
                None => Command::AddAftercare {
                    entry: e,
                    photos: f.photos.clone(),
                },
            })
        })
    })
}
