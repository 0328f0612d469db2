//! Tables like a spreadsheet, shared by every list in the window: click a header to sort (again
//! to reverse, a third time for the view's own order); filter by the columns a view names (a
//! choice among the values present, or a date range); search every cell; see how many rows are
//! shown; select rows anywhere on the row (Ctrl-click adds one, Shift-click a range) and copy
//! them as tab-separated text that pastes into Excel as numbers and dates; export the rows shown,
//! in the order shown, to a workbook.
//!
//! A view describes its columns ([`Col`]) and says what each cell holds ([`Cell`]); the grid keeps
//! the rows shown (indices into the view's records) and recomputes them only when the records,
//! the view's own filter or the grid's sort, filters or search change — never per frame.
//!
//! The search looks in a text of every row, made once per version of the records and a few
//! thousand rows a frame (so a list of a million rows never freezes the window while it is made;
//! the rows found so far are shown, and the count says the search goes on); a longer search
//! narrows the rows the shorter one found. Typing stays within a frame.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use egui_extras::{Column, TableBuilder};

use super::egui;
use super::form;
use crate::app::sheets::ShownTable;
use crate::app::sheets::Value;
use crate::i18n::Lang;
use crate::i18n::ui::{self as tr, S, t};

/// What a cell holds: the text shown, and the value it sorts, copies and exports by.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number in the unit shown: "1,250 立方米" is 1250 in 立方米.
    Number {
        value: f64,
        text: String,
        unit: String,
    },
    Date(NaiveDate),
    /// A moment, shown as `text` (local time with its zone).
    Time {
        at: NaiveDateTime,
        text: String,
    },
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// A quantity kept in base units, shown in `unit`.
    pub fn quantity(base: crate::domain::Milli, unit: crate::domain::Unit, zh: bool) -> Cell {
        Cell::quantity_as(base, unit, unit.symbol(zh))
    }

    /// [`Cell::quantity`] with the word `symbol` after the number (a fire patrol's 次).
    pub fn quantity_as(
        base: crate::domain::Milli,
        unit: crate::domain::Unit,
        symbol: &str,
    ) -> Cell {
        let q = crate::domain::Quantity { base, unit };
        Cell::Number {
            value: base.to_f64_in(unit),
            text: format!("{} {symbol}", q.number_text()),
            unit: symbol.to_string(),
        }
    }

    /// A count (no unit), empty when zero if `blank_zero`.
    pub fn count(n: usize, blank_zero: bool) -> Cell {
        if n == 0 && blank_zero {
            return Cell::Empty;
        }
        Cell::Number {
            value: n as f64,
            text: crate::domain::group_thousands(n as i128),
            unit: String::new(),
        }
    }

    /// What the table shows.
    pub fn shown(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) | Cell::Number { text: s, .. } | Cell::Time { text: s, .. } => {
                Cow::Borrowed(s)
            }
            Cell::Date(d) => Cow::Owned(d.to_string()),
        }
    }

    fn date(&self) -> Option<NaiveDate> {
        match self {
            Cell::Date(d) => Some(*d),
            Cell::Time { at, .. } => Some(at.date()),
            _ => None,
        }
    }

    /// Sort order: numbers by value, dates and times in time, text by its characters; empty
    /// cells last whichever way the column is sorted.
    fn order(&self, other: &Cell) -> Ordering {
        match (self, other) {
            (Cell::Number { value: a, .. }, Cell::Number { value: b, .. }) => a.total_cmp(b),
            (Cell::Date(a), Cell::Date(b)) => a.cmp(b),
            (Cell::Time { at: a, .. }, Cell::Time { at: b, .. }) => a.cmp(b),
            _ => self.shown().cmp(&other.shown()),
        }
    }

    /// The number as a spreadsheet reads it: no thousands separators, no trailing zeros.
    fn plain_number(v: f64) -> String {
        let s = format!("{v:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" { "0".into() } else { s.into() }
    }
}

/// How a column may be filtered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    No,
    /// A dropdown of the values the column holds.
    Choice,
    /// A from–to date range.
    Dates,
}

/// One column of a grid.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub head: S,
    pub width: f32,
    pub filter: Filter,
    /// Right-aligned header (numbers).
    pub numeric: bool,
    /// A column of widgets (a checkbox, buttons) rather than data: not sorted, copied or exported.
    pub data: bool,
    /// The last column takes the room left (and grows with the window).
    pub rest: bool,
}

impl Col {
    pub fn new(head: S, width: f32) -> Col {
        Col {
            head,
            width,
            filter: Filter::No,
            numeric: false,
            data: true,
            rest: false,
        }
    }
    pub fn choice(mut self) -> Col {
        self.filter = Filter::Choice;
        self
    }
    pub fn dates(mut self) -> Col {
        self.filter = Filter::Dates;
        self
    }
    pub fn numeric(mut self) -> Col {
        self.numeric = true;
        self
    }
    pub fn widget(mut self) -> Col {
        self.data = false;
        self
    }
    pub fn rest(mut self) -> Col {
        self.rest = true;
        self
    }
}

/// What the rows shown were computed from; they are recomputed only when it changes.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    generation: u64,
    view: u64,
    sort: Option<(S, bool)>,
    search: String,
    choice: HashMap<S, String>,
    range: (Option<NaiveDate>, Option<NaiveDate>),
}

/// The text the search looks in, row by row (the data columns' cells, lower case), for one
/// version of the records and the view's own rows; made a slice per frame.
#[derive(Debug, Default)]
struct SearchIndex {
    of: (u64, u64),
    /// The view's rows, in its order, and the text of the first `texts.len()` of them.
    order: Vec<usize>,
    texts: Vec<Box<str>>,
}

impl SearchIndex {
    fn complete(&self) -> bool {
        self.texts.len() == self.order.len()
    }
}

/// How long one frame may spend making the search's text, and looking through it.
const INDEX_BUDGET: std::time::Duration = std::time::Duration::from_millis(10);
const SCAN_BUDGET: std::time::Duration = std::time::Duration::from_millis(15);

/// One search through the search's text: the positions (in its order) looked at so far and those
/// found; `within`, when it narrows a finished search, the rows that one found.
#[derive(Debug, Default)]
struct Scan {
    search: String,
    upto: usize,
    within: Option<Vec<u32>>,
    at: Vec<u32>,
}

/// The widths of a filter's dropdown and of a date field in the filter bar.
const COMBO_WIDTH: f32 = 100.0;
const DATE_WIDTH: f32 = 90.0;

/// In a wrapping bar, starts a new line unless `label` and a field `field` wide fit on this one:
/// a label and its field wrap together (egui wraps a group only after drawing it).
fn keep_together(ui: &mut egui::Ui, label: &str, field: f32) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let text = ui.fonts_mut(|f| {
        f.layout_no_wrap(label.to_string(), font, egui::Color32::WHITE)
            .size()
            .x
    });
    let needed = text + ui.spacing().item_spacing.x + field + ui.spacing().button_padding.x * 2.0;
    // What is left of this line (a wrapping layout's available width is a whole line's).
    let left = ui.max_rect().right() - ui.cursor().left();
    if left < needed {
        ui.end_row();
    }
}

/// The width of a list's 修改 / 删除 column: room for both buttons in English too ("Del…" was
/// cut at 96).
pub const ACTION_WIDTH: f32 = 124.0;

/// A grid's state: sort, filters, search, the rows shown and the rows selected.
#[derive(Debug, Default)]
pub struct Grid {
    /// The search's text of every row, and the search through it (a longer search looks only
    /// among the rows the last finished one found).
    index: Option<SearchIndex>,
    scan: Option<Scan>,
    /// How far the search's text is made (0..1) while it is not complete.
    pub indexing: Option<f32>,
    /// The order changed: the list goes to its first row on the next frame.
    to_top: bool,
    /// The column sorted by, and whether descending.
    sort: Option<(S, bool)>,
    pub search: String,
    /// The value chosen per choice column.
    choice: HashMap<S, String>,
    from: String,
    to: String,
    key: Option<Key>,
    rows: Vec<usize>,
    /// The values each choice column offers, from every row the view gives.
    choices: HashMap<S, Vec<String>>,
    choices_of: Option<(u64, u64)>,
    /// Selected rows (indices into the view's records) and where the last plain click was.
    selected: BTreeSet<usize>,
    anchor: Option<usize>,
    /// The department asked to export the rows shown (the window asks where).
    pub export_wanted: bool,
    /// A height limit for the table (when another table follows it).
    pub max_height: Option<f32>,
    /// The copy button was clicked (the table, drawn next, copies).
    copy_wanted: bool,
    /// The text last copied (also put on the clipboard).
    pub copied: Option<String>,
    /// Rows copied in Excel or WPS may be pasted into this list (Ctrl+V with no field focused,
    /// or the 粘贴行 button): the window previews them as an import.
    pub pastable: bool,
    /// Text pasted into the list, for the window to preview as rows to import.
    pub pasted: Option<String>,
}

impl Grid {
    /// The rows shown, in order (indices into the view's records).
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }

    pub fn selected(&self) -> &BTreeSet<usize> {
        &self.selected
    }

    /// Selects row `i` if it is not, else leaves it out (a tick box on the row).
    pub fn toggle(&mut self, i: usize) {
        if !self.selected.remove(&i) {
            self.selected.insert(i);
        }
    }

    /// Adds `rows` to the selection.
    pub fn select(&mut self, rows: impl IntoIterator<Item = usize>) {
        self.selected.extend(rows);
    }

    pub fn clear_selection(&mut self) {
        self.selected.clear();
    }

    pub fn set_selected(&mut self, rows: BTreeSet<usize>) {
        self.selected = rows;
    }

    pub fn sorted_by(&self) -> Option<(S, bool)> {
        self.sort
    }

    /// Sorts by `head` (descending if `desc`), as a click on its header does.
    pub fn sort_by(&mut self, head: S, desc: bool) {
        self.sort = Some((head, desc));
    }

    /// Chooses `value` in the filter of column `head`, as its dropdown does.
    pub fn choose(&mut self, head: S, value: &str) {
        self.choice.insert(head, value.to_string());
    }

    fn range(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let parse = |s: &str| {
            if s.trim().is_empty() {
                None
            } else {
                form::parse_date(s).ok()
            }
        };
        (parse(&self.from), parse(&self.to))
    }

    /// Recomputes the rows shown when anything they depend on changed. `base` gives the view's
    /// rows in its own order (already filtered by the view's own controls, which `view` keys);
    /// `cell` says what a row holds in a column.
    pub fn refresh(
        &mut self,
        generation: u64,
        view: u64,
        cols: &[Col],
        base: impl Fn() -> Vec<usize>,
        cell: impl Fn(usize, S) -> Cell,
    ) {
        if self.choices_of != Some((generation, view)) {
            let all = base();
            self.choices.clear();
            for col in cols.iter().filter(|c| c.filter == Filter::Choice) {
                let values: BTreeSet<String> = all
                    .iter()
                    .map(|i| cell(*i, col.head).shown().into_owned())
                    .filter(|v| !v.is_empty())
                    .collect();
                self.choices.insert(col.head, values.into_iter().collect());
            }
            if self.choices_of.is_some_and(|(g, _)| g != generation) {
                // The records changed: positions may now be other records.
                self.selected.clear();
                self.anchor = None;
            }
            self.choices_of = Some((generation, view));
        }
        let choice: HashMap<S, String> = self
            .choice
            .iter()
            .filter(|(h, v)| !v.is_empty() && cols.iter().any(|c| c.head == **h))
            .map(|(h, v)| (*h, v.clone()))
            .collect();
        let key = Key {
            generation,
            view,
            sort: self.sort,
            search: self.search.trim().to_lowercase(),
            choice,
            range: self.range(),
        };
        if self.key.as_ref() == Some(&key) && self.indexing.is_none() {
            return;
        }
        let date_col = cols
            .iter()
            .find(|c| c.filter == Filter::Dates)
            .map(|c| c.head);
        let candidates: Vec<usize> = if key.search.is_empty() {
            self.indexing = None;
            base()
        } else {
            self.search_rows(generation, view, cols, &key.search, &base, &cell)
        };
        let mut rows: Vec<usize> = candidates
            .into_iter()
            .filter(|i| {
                key.choice
                    .iter()
                    .all(|(head, v)| cell(*i, *head).shown() == *v)
            })
            .filter(|i| match (key.range, date_col) {
                ((None, None), _) | (_, None) => true,
                ((from, to), Some(head)) => cell(*i, head)
                    .date()
                    .is_some_and(|d| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t)),
            })
            .collect();
        if let Some((head, desc)) = key.sort {
            let mut keyed: Vec<(Cell, usize)> = rows.iter().map(|i| (cell(*i, head), *i)).collect();
            keyed.sort_by(|(a, _), (b, _)| match (a, b) {
                (Cell::Empty, Cell::Empty) => Ordering::Equal,
                (Cell::Empty, _) => Ordering::Greater,
                (_, Cell::Empty) => Ordering::Less,
                _ if desc => b.order(a),
                _ => a.order(b),
            });
            rows = keyed.into_iter().map(|(_, i)| i).collect();
        }
        self.rows = rows;
        self.key = Some(key);
    }

    /// The rows whose text holds `search`, in the view's order. The search's text is made (or
    /// carried on) and looked through within this frame's budget; what is not done yet is done
    /// over the next frames (the rows found so far are shown). A search that extends the last
    /// finished one looks only among the rows it found.
    fn search_rows(
        &mut self,
        generation: u64,
        view: u64,
        cols: &[Col],
        search: &str,
        base: &impl Fn() -> Vec<usize>,
        cell: &impl Fn(usize, S) -> Cell,
    ) -> Vec<usize> {
        let stale = self
            .index
            .as_ref()
            .is_none_or(|i| i.of != (generation, view));
        if stale {
            self.index = Some(SearchIndex {
                of: (generation, view),
                order: base(),
                texts: Vec::new(),
            });
            self.scan = None;
        }
        let Some(index) = self.index.as_mut() else {
            return Vec::new();
        };
        let start = std::time::Instant::now();
        while !index.complete() && start.elapsed() < INDEX_BUDGET {
            let upto = (index.texts.len() + 512).min(index.order.len());
            for &i in &index.order[index.texts.len()..upto] {
                let mut text = String::new();
                for c in cols.iter().filter(|c| c.data) {
                    text.push_str(&cell(i, c.head).shown().to_lowercase());
                    text.push('\u{1f}');
                }
                index.texts.push(text.into_boxed_str());
            }
        }
        // The scan of this search: a new one, or one narrowing the last finished search.
        let finished = |s: &Scan| s.upto == s.within.as_ref().map_or(index.order.len(), Vec::len);
        let mut scan = match self.scan.take() {
            Some(s) if s.search == search => s,
            Some(s) if finished(&s) && search.starts_with(s.search.as_str()) => Scan {
                search: search.to_string(),
                upto: 0,
                within: Some(s.at),
                at: Vec::new(),
            },
            _ => Scan {
                search: search.to_string(),
                ..Scan::default()
            },
        };
        // Looked through a slice at a time: every row made so far, or the rows narrowed.
        let start = std::time::Instant::now();
        let available = scan.within.as_ref().map_or(index.texts.len(), Vec::len);
        while scan.upto < available && start.elapsed() < SCAN_BUDGET {
            let upto = (scan.upto + 4096).min(available);
            let holds = |p: &u32| index.texts[*p as usize].contains(search);
            match &scan.within {
                Some(within) => scan
                    .at
                    .extend(within[scan.upto..upto].iter().copied().filter(holds)),
                None => scan
                    .at
                    .extend((scan.upto as u32..upto as u32).filter(|p| holds(p))),
            }
            scan.upto = upto;
        }
        let total = index.order.len().max(1) as f32;
        self.indexing = (!finished(&scan)).then(|| {
            let looked = scan.upto as f32 / available.max(1) as f32;
            (index.texts.len() as f32 / total).min(looked)
        });
        let rows = scan.at.iter().map(|p| index.order[*p as usize]).collect();
        self.scan = Some(scan);
        rows
    }

    /// The search box, the filters, the row count, and copy and export.
    pub fn toolbar(&mut self, ui: &mut egui::Ui, l: Lang, cols: &[Col], total: usize) {
        ui.horizontal_wrapped(|ui| {
            let lab = ui.add(egui::Label::new(t(l, S::SearchLabel)).extend());
            ui.add(egui::TextEdit::singleline(&mut self.search).desired_width(160.0))
                .labelled_by(lab.id);
            for col in cols {
                match col.filter {
                    Filter::No => {}
                    // A label and its field wrap together: the bar never leaves a label at the
                    // end of one line and its dropdown at the start of the next.
                    Filter::Choice => {
                        let chosen = self.choice.entry(col.head).or_default();
                        let choices = &self.choices;
                        let text = tr::filter_label(l, t(l, col.head));
                        keep_together(ui, &text, COMBO_WIDTH);
                        ui.horizontal(|ui| {
                            let lab = ui.add(egui::Label::new(text).extend());
                            let shown = if chosen.is_empty() {
                                t(l, S::AllValues).to_string()
                            } else {
                                chosen.clone()
                            };
                            egui::ComboBox::from_id_salt(("grid_filter", col.head))
                                .selected_text(shown)
                                .show_ui(ui, |ui| {
                                    ui.selectable_value(chosen, String::new(), t(l, S::AllValues));
                                    for v in choices.get(&col.head).into_iter().flatten() {
                                        ui.selectable_value(chosen, v.clone(), v);
                                    }
                                })
                                .response
                                .labelled_by(lab.id);
                        });
                    }
                    Filter::Dates => {
                        for (label, text) in
                            [(S::DateFrom, &mut self.from), (S::DateTo, &mut self.to)]
                        {
                            keep_together(ui, t(l, label), DATE_WIDTH);
                            ui.horizontal(|ui| {
                                let lab = ui.add(egui::Label::new(t(l, label)).extend());
                                let bad =
                                    !text.trim().is_empty() && form::parse_date(text).is_err();
                                let mut edit = egui::TextEdit::singleline(text)
                                    .desired_width(DATE_WIDTH)
                                    .hint_text("YYYY-MM-DD");
                                if bad {
                                    edit = edit.text_color(form::bad(ui));
                                }
                                ui.add(edit).labelled_by(lab.id);
                            });
                        }
                    }
                }
            }
            let filtered = !self.search.trim().is_empty()
                || self.choice.values().any(|v| !v.is_empty())
                || !self.from.trim().is_empty()
                || !self.to.trim().is_empty();
            // Always there (greyed when nothing is filtered): a filter typed never moves the
            // buttons after it, nor the table under a wrapped bar.
            if ui
                .add_enabled(filtered, egui::Button::new(t(l, S::ClearFilters)))
                .clicked()
            {
                self.search.clear();
                self.choice.clear();
                self.from.clear();
                self.to.clear();
            }
            ui.add(egui::Label::new(tr::shown_of(l, self.rows.len(), total)).extend());
            // A search of a long list goes on over the next frames: said, and drawn again.
            if let Some(done) = self.indexing {
                ui.weak(tr::searching(l, done));
                ui.ctx().request_repaint();
            }
            if !self.rows.is_empty() && ui.button(t(l, S::SelectAllRows)).clicked() {
                self.selected = self.rows.iter().copied().collect();
            }
            if !self.selected.is_empty()
                && ui.button(tr::copy_rows(l, self.selected.len())).clicked()
            {
                self.copy_wanted = true;
            }
            if self.pastable
                && ui
                    .button(t(l, S::PasteRows))
                    .on_hover_text(t(l, S::PasteRowsHint))
                    .clicked()
            {
                // The window reads the system clipboard and sends its text as a paste.
                ui.ctx()
                    .send_viewport_cmd(egui::ViewportCommand::RequestPaste);
            }
            if ui.button(t(l, S::ExportTable)).clicked() {
                self.export_wanted = true;
            }
        });
        let err = [&self.from, &self.to].into_iter().find_map(|s| {
            (!s.trim().is_empty())
                .then(|| form::parse_date(s).err())
                .flatten()
        });
        // Only where a date range is offered: the table starts at the same place either way.
        if cols.iter().any(|c| c.filter == Filter::Dates) {
            form::error_line(ui, l, err);
        }
    }

    /// The table: sortable headers, the rows shown, selection. `custom` may draw a cell itself
    /// (return true); other cells show their [`Cell`]. Returns the row clicked (an index into the
    /// view's records).
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        salt: &str,
        cols: &[Col],
        cell: impl Fn(usize, S) -> Cell,
        mut custom: impl FnMut(&mut egui::Ui, usize, S) -> bool,
    ) -> Option<usize> {
        // Ctrl+C (no text field focused) copies the selection; Ctrl+A selects every row shown.
        let typing = ui.ctx().memory(|m| m.focused().is_some());
        if !typing {
            let (copy, all) = ui.input(|i| {
                (
                    i.events.iter().any(|e| matches!(e, egui::Event::Copy)),
                    i.modifiers.command && i.key_pressed(egui::Key::A),
                )
            });
            if all {
                self.selected = self.rows.iter().copied().collect();
            }
            self.copy_wanted |= copy;
        }
        // A paste while no text field has the keyboard is rows for this list.
        if self.pastable && !ui.ctx().egui_wants_keyboard_input() {
            let pasted = ui.input(|i| {
                i.events.iter().find_map(|e| match e {
                    egui::Event::Paste(text) if !text.trim().is_empty() => Some(text.clone()),
                    _ => None,
                })
            });
            if pasted.is_some() {
                self.pasted = pasted;
            }
        }
        if std::mem::take(&mut self.copy_wanted) && !self.selected.is_empty() {
            let text = self.tsv(l, cols, &cell);
            ui.ctx().copy_text(text.clone());
            self.copied = Some(text);
        }
        let modifiers = ui.input(|i| i.modifiers);
        // A click anywhere on a row selects it, also on a right-aligned number (whose inner
        // layout takes the cell's click) or a button: the press is checked against each row's
        // rectangle, on this layer only (not through a dropdown open above the table).
        let layer = ui.layer_id();
        let press = ui
            .input(|i| {
                i.pointer
                    .primary_clicked()
                    .then(|| i.pointer.interact_pos())
                    .flatten()
            })
            .filter(|p| ui.ctx().layer_id_at(*p) == Some(layer));
        let (scale, fitted_to) = Self::fit(ui, cols);
        let mut builder = TableBuilder::new(ui)
            // Widths are set when a table is first shown: one per window width (in steps), so
            // they follow the window when it is resized.
            .id_salt((salt, fitted_to))
            .striped(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
        if let Some(h) = self.max_height {
            builder = builder.max_scroll_height(h);
        }
        // A new order starts at its first row (the list stayed scrolled mid-way).
        if std::mem::take(&mut self.to_top) {
            builder = builder.scroll_to_row(0, Some(egui::Align::TOP));
        }
        for col in cols {
            let c = if col.rest {
                Column::remainder().at_least(col.width).clip(true)
            } else {
                let width = if col.data {
                    col.width * scale
                } else {
                    col.width
                };
                Column::initial(width.round())
                    .at_least(24.0)
                    .resizable(true)
                    .clip(true)
            };
            builder = builder.column(c);
        }
        let mut sort = self.sort;
        let mut clicked = None;
        builder
            .header(22.0, |mut r| {
                for col in cols {
                    r.col(|ui| {
                        if !col.data {
                            form::header_cell(ui, t(l, col.head), col.numeric);
                            return;
                        }
                        let arrow = match sort {
                            Some((h, false)) if h == col.head => " ▲",
                            Some((h, true)) if h == col.head => " ▼",
                            _ => "",
                        };
                        let text =
                            egui::RichText::new(format!("{}{arrow}", t(l, col.head))).strong();
                        let layout = if col.numeric {
                            egui::Layout::right_to_left(egui::Align::Center)
                        } else {
                            egui::Layout::left_to_right(egui::Align::Center)
                        };
                        // The whole header cell sorts, with a hand and a hint on hover.
                        let cell = ui.max_rect();
                        // The header's button answers a screen reader's click; the cell a pointer's.
                        let label = ui
                            .with_layout(layout, |ui| ui.add(egui::Button::new(text).frame(false)))
                            .inner;
                        let r = ui
                            .interact(
                                cell,
                                ui.scope_id().with(("sort", col.head)),
                                egui::Sense::click(),
                            )
                            .on_hover_cursor(egui::CursorIcon::PointingHand)
                            .on_hover_text(t(l, S::SortHint));
                        if r.hovered() {
                            ui.painter().rect_filled(
                                cell,
                                2.0,
                                ui.visuals()
                                    .widgets
                                    .hovered
                                    .weak_bg_fill
                                    .gamma_multiply(0.4),
                            );
                        }
                        if r.clicked() || label.clicked() {
                            sort = match sort {
                                Some((h, false)) if h == col.head => Some((h, true)),
                                Some((h, true)) if h == col.head => None,
                                _ => Some((col.head, false)),
                            };
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, self.rows.len(), |mut row| {
                    let at = row.index();
                    let i = self.rows[at];
                    row.set_selected(self.selected.contains(&i));
                    for col in cols {
                        row.col(|ui| {
                            if custom(ui, i, col.head) {
                                return;
                            }
                            match cell(i, col.head) {
                                Cell::Empty => {}
                                Cell::Number { text, .. } => form::num_cell(ui, text),
                                c => {
                                    ui.add(
                                        egui::Label::new(c.shown()).truncate().selectable(false),
                                    );
                                }
                            }
                        });
                    }
                    let r = row.response();
                    // Only where the row is seen: it runs on under a panel beside the list (the
                    // detail panel's 退回, or a photo there, selected the row under it: issue 26
                    // case 2).
                    if r.clicked() || press.is_some_and(|p| r.interact_rect.contains(p)) {
                        clicked = Some((at, i));
                    }
                });
            });
        if sort != self.sort {
            self.to_top = true;
            ui.ctx().request_repaint();
        }
        self.sort = sort;
        let (at, i) = clicked?;
        if modifiers.shift
            && let Some(a) = self
                .anchor
                .and_then(|a| self.rows.iter().position(|r| *r == a))
        {
            let (lo, hi) = (a.min(at), a.max(at));
            self.selected = self.rows[lo..=hi].iter().copied().collect();
        } else if modifiers.command {
            if !self.selected.remove(&i) {
                self.selected.insert(i);
            }
            self.anchor = Some(i);
        } else {
            self.selected = BTreeSet::from([i]);
            self.anchor = Some(i);
        }
        Some(i)
    }

    /// How much the data columns' widths are scaled to fit the room the table has: shrunk (to
    /// 70 % at most) in a narrow window so the last column still starts inside it, grown in a
    /// wide one (half the extra room, up to 1.8 times; the last column takes the rest). Widget
    /// columns keep their width (their buttons would be cut). Also the room, in 40 px steps.
    fn fit(ui: &egui::Ui, cols: &[Col]) -> (f32, i32) {
        let room = ui.available_rect_before_wrap().width() - ui.spacing().scroll.allocated_width();
        let gaps = ui.spacing().item_spacing.x * cols.len() as f32;
        let fixed: f32 = cols
            .iter()
            .filter(|c| !c.data || c.rest)
            .map(|c| c.width)
            .sum();
        let scalable: f32 = cols
            .iter()
            .filter(|c| c.data && !c.rest)
            .map(|c| c.width)
            .sum();
        let free = room - gaps - fixed;
        let scale = if scalable <= 0.0 || !free.is_finite() {
            1.0
        } else if free < scalable {
            (free / scalable).max(0.7)
        } else {
            (1.0 + 0.5 * (free - scalable) / scalable).min(1.8)
        };
        (scale, (room / 40.0).round() as i32)
    }

    /// The columns as copied and exported: a number column that carries units per row becomes
    /// two (the number, then its unit).
    fn shape(
        &self,
        cols: &[Col],
        rows: &[usize],
        cell: &impl Fn(usize, S) -> Cell,
    ) -> Vec<(S, bool)> {
        cols.iter()
            .filter(|c| c.data)
            .map(|c| {
                let units = rows.iter().any(
                    |i| matches!(cell(*i, c.head), Cell::Number { unit, .. } if !unit.is_empty()),
                );
                (c.head, units)
            })
            .collect()
    }

    fn header(l: Lang, shape: &[(S, bool)]) -> Vec<String> {
        let mut h = Vec::new();
        for (head, units) in shape {
            h.push(t(l, *head).to_string());
            if *units {
                h.push(t(l, S::ColUnit).to_string());
            }
        }
        h
    }

    /// The selected rows, in the order shown, as tab-separated text with a header line.
    pub fn tsv(&self, l: Lang, cols: &[Col], cell: &impl Fn(usize, S) -> Cell) -> String {
        let rows: Vec<usize> = self
            .rows
            .iter()
            .copied()
            .filter(|i| self.selected.contains(i))
            .collect();
        let shape = self.shape(cols, &rows, cell);
        let clean = |s: &str| s.replace(['\t', '\r', '\n'], " ");
        let mut out = Self::header(l, &shape).join("\t");
        for i in rows {
            out.push('\n');
            let mut fields = Vec::new();
            for (head, units) in &shape {
                match cell(i, *head) {
                    Cell::Number { value, unit, .. } => {
                        fields.push(Cell::plain_number(value));
                        if *units {
                            fields.push(unit);
                        }
                    }
                    c => {
                        fields.push(clean(&c.shown()));
                        if *units {
                            fields.push(String::new());
                        }
                    }
                }
            }
            out.push_str(&fields.join("\t"));
        }
        out
    }

    /// Every row shown, in the order shown, for a workbook named `name`.
    pub fn shown_table(
        &self,
        l: Lang,
        name: &str,
        cols: &[Col],
        cell: impl Fn(usize, S) -> Cell,
    ) -> ShownTable {
        let shape = self.shape(cols, &self.rows, &cell);
        let rows = self
            .rows
            .iter()
            .map(|i| {
                let mut out = Vec::new();
                for (head, units) in &shape {
                    match cell(*i, *head) {
                        Cell::Empty => out.push(Value::Empty),
                        Cell::Text(s) => out.push(Value::Text(s)),
                        Cell::Number { value, unit, .. } => {
                            out.push(Value::Number(value));
                            if *units {
                                out.push(Value::Text(unit));
                            }
                            continue;
                        }
                        Cell::Date(d) => out.push(Value::Date(d)),
                        Cell::Time { at, .. } => out.push(Value::DateTime(at)),
                    }
                    if *units {
                        out.push(Value::Empty);
                    }
                }
                out
            })
            .collect();
        ShownTable {
            name: name.to_string(),
            header: Self::header(l, &shape),
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f64, unit: &str) -> Cell {
        Cell::Number {
            value: v,
            text: format!("{v} {unit}"),
            unit: unit.into(),
        }
    }

    #[test]
    fn numbers_sort_by_value_dates_in_time_and_empty_cells_last_both_ways() {
        let cells = [
            num(900.0, "株"),
            Cell::Empty,
            num(1250.0, "株"),
            num(80.0, "株"),
        ];
        let cols = [Col::new(S::ColQuantity, 80.0).numeric()];
        let mut g = Grid::default();
        g.sort_by(S::ColQuantity, false);
        g.refresh(1, 0, &cols, || vec![0, 1, 2, 3], |i, _| cells[i].clone());
        assert_eq!(g.rows(), &[3, 0, 2, 1]);
        g.sort_by(S::ColQuantity, true);
        g.refresh(1, 0, &cols, || vec![0, 1, 2, 3], |i, _| cells[i].clone());
        assert_eq!(g.rows(), &[2, 0, 3, 1]);
    }

    #[test]
    fn copied_rows_paste_into_a_spreadsheet_as_numbers_with_their_units_beside_them() {
        let cols = [
            Col::new(S::ColPick, 30.0).widget(),
            Col::new(S::ColDate, 90.0).dates(),
            Col::new(S::ColQuantity, 80.0).numeric(),
            Col::new(S::ColNote, 80.0).rest(),
        ];
        let d = NaiveDate::from_ymd_opt(2023, 5, 6).unwrap_or_default();
        let cell = |i: usize, h: S| match h {
            S::ColDate => Cell::Date(d),
            S::ColQuantity => num(1250.5 * (i + 1) as f64, "立方米"),
            S::ColNote => Cell::text(format!("第{i}条\t补植")),
            _ => Cell::Empty,
        };
        let mut g = Grid::default();
        g.refresh(1, 0, &cols, || vec![0, 1, 2], cell);
        g.selected = BTreeSet::from([2, 0]);
        assert_eq!(
            g.tsv(Lang::Zh, &cols, &cell),
            "日期\t数量\t单位\t备注\n2023-05-06\t1250.5\t立方米\t第0条 补植\n2023-05-06\t3751.5\t立方米\t第2条 补植"
        );
        let shown = g.shown_table(Lang::En, "Works", &cols, cell);
        assert_eq!(shown.header, ["Date", "Quantity", "Unit", "Note"]);
        assert_eq!(shown.rows.len(), 3);
        assert_eq!(shown.rows[1][1], Value::Number(2501.0));
    }

    /// Issue 26 case 5: a search of a long list is made over several frames; the rows found in
    /// the end are exactly the rows holding the text, in the view's order, and a longer search
    /// (which looks only among them) finds what a search from scratch finds.
    #[test]
    fn a_search_made_over_frames_finds_exactly_the_rows_holding_the_text() {
        let n = 300_000;
        let cols = [Col::new(S::ColNote, 80.0).rest()];
        let text = |i: usize| {
            format!(
                "第{i}条 {}",
                if i.is_multiple_of(7) {
                    "补植紫穗槐"
                } else {
                    "清淤"
                }
            )
        };
        let cell = |i: usize, _: S| Cell::text(text(i));
        let base = || (0..n).rev().collect::<Vec<usize>>();
        let mut g = Grid::default();
        let settle = |g: &mut Grid, frames: &mut usize| {
            g.refresh(1, 0, &cols, base, cell);
            while g.indexing.is_some() {
                *frames += 1;
                g.refresh(1, 0, &cols, base, cell);
            }
        };
        let mut frames = 0;
        for search in ["紫", "紫穗", "紫穗槐", "第12"] {
            g.search = search.into();
            settle(&mut g, &mut frames);
            let want: Vec<usize> = base()
                .into_iter()
                .filter(|i| text(*i).contains(search))
                .collect();
            assert_eq!(g.rows(), want.as_slice(), "{search}");
        }
        assert!(frames > 1, "made over several frames ({frames})");
    }

    #[test]
    fn filters_search_and_date_range_narrow_the_rows_and_clear_the_selection_on_new_records() {
        let cols = [
            Col::new(S::ColDate, 90.0).dates(),
            Col::new(S::ColContractor, 80.0).choice(),
            Col::new(S::ColNote, 80.0).rest(),
        ];
        let day = |d| NaiveDate::from_ymd_opt(2023, 5, d).unwrap_or_default();
        let rows = [
            (1, "甲公司", "补植紫穗槐"),
            (10, "乙公司", "清理沉淀池"),
            (20, "甲公司", "清理截水沟"),
        ];
        let cell = |i: usize, h: S| match h {
            S::ColDate => Cell::Date(day(rows[i].0)),
            S::ColContractor => Cell::text(rows[i].1),
            _ => Cell::text(rows[i].2),
        };
        let mut g = Grid::default();
        g.refresh(1, 0, &cols, || vec![0, 1, 2], cell);
        assert_eq!(
            g.choices
                .get(&S::ColContractor)
                .cloned()
                .unwrap_or_default(),
            ["乙公司", "甲公司"]
        );
        g.choose(S::ColContractor, "甲公司");
        g.refresh(1, 0, &cols, || vec![0, 1, 2], cell);
        assert_eq!(g.rows(), &[0, 2]);
        g.search = "清理".into();
        g.refresh(1, 0, &cols, || vec![0, 1, 2], cell);
        assert_eq!(g.rows(), &[2]);
        g.search.clear();
        g.choice.clear();
        g.from = "2023/5/5".into();
        g.to = "2023年5月15日".into();
        g.refresh(1, 0, &cols, || vec![0, 1, 2], cell);
        assert_eq!(g.rows(), &[1]);
        g.selected.insert(1);
        g.refresh(2, 0, &cols, || vec![0, 1, 2], cell);
        assert!(g.selected.is_empty());
    }
}
