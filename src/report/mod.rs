//! The printed compliance summary: a pure [`ReportModel`] built from the ledger's records, its
//! fingerprint, and (in `pdf.rs`) its rendering to an A4 PDF.
//!
//! The model holds every string already translated and every figure already formatted exactly
//! (thousandths, never rounded floats); the PDF layer only lays it out.
//!
//! Entry points:
//! - [`generate`]: records + audit head + photo bytes in, PDF bytes out (pure, any thread).
//! - [`crate::app::report::print_report`] / [`crate::app::report::spawn_print_report`]: the same from a ledger file with
//!   its own read-only connection, written atomically to a file; the window's File › Print report
//!   runs the spawned one and polls the handle, showing the progress it receives.
//! - [`crate::app::report::verify_report`]: reads the token back from a printed PDF and says whether the
//!   ledger still matches it, and which audited changes were made since.

mod pdf;
mod pdfa;
pub mod token;

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::BTreeMap;
use uuid::Uuid;

use crate::domain::rules::{latest_readings, latest_surveys};
use crate::domain::summary::{self, Headline};
use crate::domain::*;
use crate::i18n::report::{self as tr, Text};
use crate::i18n::{self, Lang};

pub use token::ReportToken;

/// The producer every printed report names in its document info (`verify --report` checks it).
pub const PRODUCER: &str = "Restoration Ledger (printpdf)";

/// The creator every printed report names, with the program version: `verify --report` compares
/// pages only with reports of the same version (another version may lay pages out differently).
pub const CREATOR: &str = concat!("Restoration Ledger ", env!("CARGO_PKG_VERSION"));

/// What can go wrong while producing a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("The bundled report font could not be read. Reinstall the program.")]
    Font,
    #[error("The reporting period is empty: --from {from} is after --to {to}. Swap the dates.")]
    EmptyPeriod { from: NaiveDate, to: NaiveDate },
}

/// What to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    pub lang: Lang,
    /// First day of the period (after-care log, problems, photos); None: from the start.
    pub from: Option<NaiveDate>,
    /// Last day of the period; cumulative figures count records up to this day. None: to date.
    pub to: Option<NaiveDate>,
    /// The day the report is evaluated on (overdue problems, rule dates): `to` or today.
    pub as_of: NaiveDate,
    /// When it was printed (Unix seconds; the PDF's creation date). None: now. `verify --report`
    /// prints again with the date the PDF carries, to compare every byte.
    pub printed_at: Option<i64>,
    /// The department's signature of the report's token, printed with the key's id.
    pub signature: Option<ReportSignature>,
    /// Columns (table, column) the ledger gained by an upgrade after the report was printed:
    /// left out of the fingerprint, so the report printed before the upgrade still matches.
    /// Empty when printing.
    pub newer_columns: Vec<(String, String)>,
    /// The layout the fingerprint is computed for ([`token::LAYOUT`] when printing; a checked
    /// report's own). From layout 4 a period report's fingerprint covers the records of its
    /// period ([`as_of_view`]), so records dated after it can change without outdating it.
    pub layout: u32,
}

/// A report's signature: the department's public key and its Ed25519 signature (both hex) of
/// `domain::signing::report_message(token)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSignature {
    pub public_key: String,
    pub signature: String,
}

impl ReportSignature {
    /// How it is stored in the PDF's keywords (`RLSIG1;pk=…;sig=…`).
    pub fn encode(&self) -> String {
        format!(
            "{SIGNATURE_PREFIX}pk={};sig={}",
            self.public_key, self.signature
        )
    }

    /// Finds a signature in `text` (the PDF's keywords, decoded).
    pub fn find_in(text: &str) -> Option<ReportSignature> {
        let at = text.find(SIGNATURE_PREFIX)? + SIGNATURE_PREFIX.len();
        let rest = &text[at..];
        let pk = rest.strip_prefix("pk=")?.get(..64)?;
        let sig = rest.get(64 + 3..)?.strip_prefix(";sig=")?.get(..128)?;
        let hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
        (hex(pk) && hex(sig)).then(|| ReportSignature {
            public_key: pk.to_string(),
            signature: sig.to_string(),
        })
    }
}

/// Marks a report signature in the PDF's keywords.
pub const SIGNATURE_PREFIX: &str = "RLSIG1;";

impl ReportOptions {
    /// Options for a report as of today (or as of `to` when given).
    pub fn new(lang: Lang, from: Option<NaiveDate>, to: Option<NaiveDate>) -> ReportOptions {
        ReportOptions {
            lang,
            from,
            to,
            as_of: to.unwrap_or_else(crate::clock::today),
            printed_at: None,
            signature: None,
            newer_columns: Vec::new(),
            layout: token::LAYOUT,
        }
    }

    fn in_period(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }

    /// The period of the same length just before this one (`--from` and `--to` both given):
    /// what the 上期 columns compare with.
    pub fn previous_period(&self) -> Option<(NaiveDate, NaiveDate)> {
        let (from, to) = (self.from?, self.to?);
        let days = (to - from).num_days() + 1;
        let end = from.pred_opt()?;
        let start = from.checked_sub_signed(chrono::Duration::days(days))?;
        Some((start, end))
    }
}

/// The audit-chain state a report is tied to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Center,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative width.
    pub width: f32,
    pub align: Align,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    /// Printed in the alert colour (a failed rule, an overdue problem).
    pub alert: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Table {
    fn new(cols: &[(String, f32, Align)]) -> Table {
        Table {
            columns: cols
                .iter()
                .map(|(t, w, a)| Column {
                    title: t.clone(),
                    width: *w,
                    align: *a,
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    fn push(&mut self, cells: Vec<String>, alert: bool) {
        self.rows.push(Row { cells, alert });
    }
}

/// One line of a line chart; values are for drawing only, never printed as figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Horizontal bars: completed against planned (planned is the full bar).
    Progress {
        title: String,
        /// (label, completed / planned as a fraction, percent text)
        bars: Vec<(String, f64, String)>,
    },
    Line {
        title: String,
        series: Vec<Series>,
        /// x values are years (fractional for dates).
        x_is_year: bool,
        threshold: Option<(f64, String)>,
        /// What the axes measure, with units ("温度（°C）", "年份").
        y_label: String,
        x_label: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct PhotoItem {
    pub id: Uuid,
    pub caption: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Subheading(String),
    Paragraph(String),
    /// Two-column label / value list.
    Fields(Vec<(String, String)>),
    Table(Table),
    Chart(Chart),
    Photos(Vec<PhotoItem>),
    /// Name, role, and an empty line for signature and date.
    Signatures(Vec<(String, String)>),
    /// Starts a new page.
    PageBreak,
    /// Marks the page this point of the report lands on, for [`page_ref`]s and the contents.
    Anchor(String),
    /// A QR code of `data` (ASCII) with a caption beside it.
    Qr {
        data: String,
        caption: String,
    },
    /// The table of contents: (numbered title, anchor key) with the page each anchor lands on.
    Toc(Vec<(String, String)>),
}

/// Opens a page reference inside a string (a private-use character, never typed by a user).
pub const REF_OPEN: char = '\u{E000}';
/// Closes a page reference.
pub const REF_CLOSE: char = '\u{E001}';

/// A placeholder the renderer replaces with the page the anchor `key` lands on.
/// Starts parsing the report's fonts on another thread, so that it overlaps reading the
/// ledger: call it before loading what the report is printed from.
pub fn warm_up() {
    pdf::warm_up();
}

pub fn page_ref(key: &str) -> String {
    format!("{REF_OPEN}{key}{REF_CLOSE}")
}

/// Everything the printed summary shows, in order, already translated and formatted.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportModel {
    pub lang: Lang,
    pub title: String,
    pub subtitle: String,
    pub headline: Headline,
    pub headline_sentence: String,
    pub blocks: Vec<Block>,
    pub token: ReportToken,
    pub signature: Option<ReportSignature>,
}

impl ReportModel {
    /// Every table of the model (tests and the renderer look at them).
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    pub fn short_fingerprint(&self) -> &str {
        self.token.short()
    }
}

/// The records as of the report's last day: later completed works, surveys, readings ... are left
/// out; the approved plan and the benches always count.
pub fn as_of_view<'a>(data: &'a LedgerData, opts: &ReportOptions) -> Cow<'a, LedgerData> {
    match opts.to {
        Some(to) => Cow::Owned(crate::domain::record::records_as_of(data, to)),
        None => Cow::Borrowed(data),
    }
}

/// SHA-256 over the canonical form of every record, the period and the audit-chain head.
///
/// Canonical form: one line per record, tables in ledger order, records sorted by id, each record
/// as its JSON object with fields in declaration order (photos carry their bytes' SHA-256).
/// The token a report of `data` at `head` with `opts` carries (what its signature signs).
pub fn token(data: &LedgerData, head: &AuditHead, opts: &ReportOptions) -> ReportToken {
    ReportToken {
        fingerprint: fingerprint(data, head, opts),
        seq: head.seq,
        head: head.hash.clone(),
        from: opts.from,
        to: opts.to,
        as_of: opts.as_of,
        lang: opts.lang,
        layout: opts.layout,
    }
}

pub fn fingerprint(data: &LedgerData, head: &AuditHead, opts: &ReportOptions) -> String {
    /// Every record type's records, sorted by id, each as its columns in ledger order (compact
    /// JSON, as 0.1.0 wrote its structs), leaving out the columns added since the report.
    struct Tables<'a> {
        data: &'a LedgerData,
        newer: &'a [(String, String)],
        h: Sha256,
    }
    impl RecordVisitor for Tables<'_> {
        type Error = std::convert::Infallible;
        fn visit<R: Record>(&mut self) -> Result<(), Self::Error> {
            let mut sorted: Vec<&R> = R::all(self.data).iter().collect();
            // A record type added after fingerprints were defined counts once it holds a record,
            // so a report printed before its table existed still matches.
            if sorted.is_empty() && crate::domain::record::COUNTED_WHEN_HELD.contains(&R::TABLE) {
                return Ok(());
            }
            sorted.sort_by_key(|r| r.meta().id);
            self.h
                .update(format!("table {} {}\n", R::TABLE, sorted.len()).as_bytes());
            let names: Vec<&str> = crate::domain::record::META_COLUMNS
                .iter()
                .copied()
                .chain(R::COLUMNS.iter().map(|(n, _)| *n))
                .collect();
            let keep: Vec<bool> = names
                .iter()
                .map(|n| !self.newer.iter().any(|(t, c)| t == R::TABLE && c == n))
                .collect();
            // One buffer for every line (the same text as each cell's JSON value joined).
            let mut line = Vec::new();
            for r in sorted {
                line.clear();
                line.push(b'{');
                for ((name, cell), keep) in names.iter().zip(r.row()).zip(&keep) {
                    if !keep {
                        continue;
                    }
                    if line.len() > 1 {
                        line.push(b',');
                    }
                    let written = serde_json::to_writer(&mut line, name).and_then(|()| {
                        line.push(b':');
                        serde_json::to_writer(&mut line, &cell.to_json())
                    });
                    debug_assert!(written.is_ok(), "JSON into memory");
                }
                line.extend_from_slice(b"}\n");
                self.h.update(&line);
            }
            Ok(())
        }
    }
    let mut h = Sha256::new();
    h.update(b"restoration-ledger report fingerprint v1\n");
    h.update(
        format!(
            "period {} {} as_of {}\n",
            opt_date(opts.from),
            opt_date(opts.to),
            opts.as_of
        )
        .as_bytes(),
    );
    // Layout 4: a period report is the records of its period (those dated after it are not).
    let data = match opts.layout {
        4.. => as_of_view(data, opts),
        _ => Cow::Borrowed(data),
    };
    let mut tables = Tables {
        data: &data,
        newer: &opts.newer_columns,
        h,
    };
    let Ok(()) = visit_record_types(&mut tables);
    let mut h = tables.h;
    h.update(format!("audit_head {} {}\n", head.seq, head.hash).as_bytes());
    hex::encode(h.finalize())
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

/// After-care by kind and unit: entries and quantity in the period, in the one before, and
/// up to the period's end.
fn aftercare_comparison(
    view: &LedgerData,
    period: (NaiveDate, NaiveDate),
    previous: (NaiveDate, NaiveDate),
    l: Lang,
) -> Table {
    let t = |x: Text| tr::text(l, x).to_string();
    // (count, quantity) in the period, the previous one, cumulative.
    type Tally = [(usize, i64); 3];
    let mut by: Vec<((AftercareKind, Unit), Tally)> = Vec::new();
    for a in &view.aftercare {
        let at = match by.iter().position(|(k, _)| *k == (a.kind, a.unit)) {
            Some(i) => i,
            None => {
                by.push(((a.kind, a.unit), Tally::default()));
                by.len() - 1
            }
        };
        let e = &mut by[at].1;
        let q = a.quantity.map_or(0, |q| q.0);
        let mut add = |i: usize| {
            e[i].0 += 1;
            e[i].1 = e[i].1.saturating_add(q);
        };
        if a.date >= period.0 && a.date <= period.1 {
            add(0);
        }
        if a.date >= previous.0 && a.date <= previous.1 {
            add(1);
        }
        add(2);
    }
    let mut columns = vec![
        (t(Text::Kind), 1.4, Align::Left),
        (t(Text::Unit), 0.8, Align::Left),
    ];
    for span in [Text::ThisPeriod, Text::PreviousPeriod, Text::Cumulative] {
        for (what, width) in [(Text::EntriesCount, 1.0), (Text::Quantity, 1.2)] {
            columns.push((format!("{}{}", t(span), t(what)), width, Align::Right));
        }
    }
    let mut table = Table::new(&columns);
    by.sort_by_key(|((kind, _), _)| *kind);
    for ((kind, unit), tally) in by {
        let unit = if kind.unit_symbol(unit, l.is_zh()) == unit.symbol(l.is_zh()) {
            unit_text(l, unit)
        } else {
            kind.unit_symbol(unit, l.is_zh()).to_string()
        };
        let mut row = vec![i18n::aftercare_kind(l, kind).to_string(), unit];
        for (n, q) in tally {
            row.push(group_thousands(n as i128));
            row.push(format_milli(q, 3));
        }
        table.push(row, false);
    }
    table
}

fn unit_text(l: Lang, u: Unit) -> String {
    u.symbol(l.is_zh()).to_string()
}

fn percent_cell(m: Option<i64>, none: &str) -> String {
    m.map(crate::domain::rules::percent_text)
        .unwrap_or_else(|| none.to_string())
}

fn year_frac(d: NaiveDate) -> f64 {
    d.year() as f64 + (d.ordinal0() as f64) / 366.0
}

/// Numbers the report's headings as its language does (一、/（一） or 1 / 1.1), records each
/// in the contents, and marks its page.
struct Headings {
    lang: Lang,
    section: usize,
    sub: usize,
    toc: Vec<(String, String)>,
}

impl Headings {
    fn new(lang: Lang) -> Headings {
        Headings {
            lang,
            section: 0,
            sub: 0,
            toc: Vec::new(),
        }
    }

    fn section(&mut self, blocks: &mut Vec<Block>, title: Text, key: &str) {
        self.section += 1;
        self.sub = 0;
        let title = tr::section_title(self.lang, self.section, tr::text(self.lang, title));
        blocks.push(Block::Heading(title.clone()));
        blocks.push(Block::Anchor(key.to_string()));
        self.toc.push((title, key.to_string()));
    }

    fn sub(&mut self, blocks: &mut Vec<Block>, title: Text, key: &str) {
        self.sub += 1;
        let title = tr::subsection_title(
            self.lang,
            self.section,
            self.sub,
            tr::text(self.lang, title),
        );
        blocks.push(Block::Subheading(title.clone()));
        blocks.push(Block::Anchor(key.to_string()));
        self.toc.push((title, key.to_string()));
    }
}

/// Builds the report from the ledger's records and the audit head.
pub fn build_model(
    data: &LedgerData,
    head: &AuditHead,
    opts: &ReportOptions,
) -> Result<ReportModel, ReportError> {
    if let (Some(from), Some(to)) = (opts.from, opts.to)
        && from > to
    {
        return Err(ReportError::EmptyPeriod { from, to });
    }
    let l = opts.lang;
    let t = |k: Text| tr::text(l, k).to_string();
    let none = tr::text(l, Text::None);
    let token = token(data, head, opts);
    let fp = token.fingerprint.clone();
    let view = as_of_view(data, opts);
    let view: &LedgerData = &view;
    let s = summary::summarize(view, opts.as_of);
    let sentence = i18n::headline_sentence(l, &s.headline);
    let mut blocks = Vec::new();

    // The cover: what, whose, which period, who signs, and the seal.
    let mine = view.mines.first();
    let pile = view.piles.first();
    let mut sign_offs: Vec<&SignOff> = view.sign_offs.iter().collect();
    sign_offs.sort_by(|a, b| (a.date, &a.revision).cmp(&(b.date, &b.revision)));
    let latest = sign_offs.last().copied();
    let or_none = |s: Option<&str>| {
        s.filter(|s| !s.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| none.to_string())
    };
    let period = tr::period(
        l,
        opts.from.map(|d| tr::long_date(l, d)).as_deref(),
        opts.to.map(|d| tr::long_date(l, d)).as_deref(),
    );
    let mut front = vec![
        Block::Fields(vec![
            (t(Text::ReportNumber), report_number(&token)),
            (
                t(Text::PreparingUnit),
                or_none(mine.map(|m| m.name.as_str())),
            ),
            (t(Text::Company), or_none(mine.map(|m| m.company.as_str()))),
            (t(Text::Pile), or_none(pile.map(|p| p.name.as_str()))),
            (
                t(Text::Location),
                or_none(pile.map(|p| p.location.as_str())),
            ),
            (t(Text::Period), period.clone()),
            (t(Text::AsOf), tr::long_date(l, opts.as_of)),
            (
                t(Text::Revision),
                or_none(latest.map(|s| s.revision.as_str())),
            ),
            (t(Text::Fingerprint), fp.clone()),
            (t(Text::AuditHead), tr::audit_head(l, head.seq, &head.hash)),
        ]),
        Block::Signatures(vec![
            (
                t(Text::PreparedBy),
                or_none(latest.map(|s| s.prepared_by.as_str())),
            ),
            (
                t(Text::ReviewedBy),
                or_none(latest.map(|s| s.reviewed_by.as_str())),
            ),
            (
                t(Text::ApprovedBy),
                or_none(latest.map(|s| s.approved_by.as_str())),
            ),
        ]),
        Block::Paragraph(tr::sign_off_date_note(
            l,
            latest.map(|s| s.date),
            opts.as_of,
        )),
        Block::Subheading(t(Text::RevisionLog)),
    ];
    let mut revlog = Table::new(&[
        (t(Text::Revision), 0.7, Align::Center),
        (t(Text::Date), 1.3, Align::Center),
        (t(Text::PreparedBy), 1.8, Align::Left),
        (t(Text::ReviewedBy), 1.8, Align::Left),
        (t(Text::ApprovedBy), 1.8, Align::Left),
        (t(Text::Note), 2.6, Align::Left),
    ]);
    for so in &sign_offs {
        revlog.push(
            vec![
                so.revision.clone(),
                so.date.to_string(),
                so.prepared_by.clone(),
                so.reviewed_by.clone(),
                so.approved_by.clone(),
                i18n::category_value(l, &so.note),
            ],
            false,
        );
    }
    push_table_or_empty(&mut front, revlog, l);
    front.push(Block::PageBreak);
    let mut heads = Headings::new(l);
    let mut first = Vec::new();
    heads.section(&mut first, Text::SecConclusions, "conclusions");
    first.extend(conclusions(view, &s, opts, l));
    heads.section(&mut first, Text::SecRecommendations, "recommendations");
    first.extend(recommendations(view, &s, opts, l));

    // 2. Basis.
    heads.section(&mut blocks, Text::SecBasis, "basis");
    blocks.push(Block::Fields(vec![(
        t(Text::PlanReference),
        or_none(pile.map(|p| p.plan_reference.as_str())),
    )]));
    blocks.push(Block::Subheading(t(Text::StandardsApplied)));
    let mut std_table = Table::new(&[
        (t(Text::Standard), 1.0, Align::Left),
        (t(Text::Scope), 3.0, Align::Left),
    ]);
    for (code, title) in tr::standards(l) {
        std_table.push(vec![code.to_string(), title.to_string()], false);
    }
    blocks.push(Block::Table(std_table));
    blocks.push(Block::Paragraph(tr::rule_sources_note(
        l,
        &page_ref("rules"),
    )));

    // 3. Headline.
    heads.section(&mut blocks, Text::SecHeadline, "headline");
    blocks.push(Block::Paragraph(sentence.clone()));
    let h = &s.headline;
    let mut fig = Table::new(&[
        (t(Text::Figure), 3.0, Align::Left),
        (t(Text::Value), 1.5, Align::Right),
        (t(Text::Unit), 1.0, Align::Left),
    ]);
    fig.push(
        vec![
            t(Text::GangueDumped),
            format_milli(h.gangue_dumped.0, 3),
            unit_text(l, Unit::T),
        ],
        false,
    );
    fig.push(
        vec![
            t(Text::OpenProblems),
            group_thousands(h.open_problems.into()),
            String::new(),
        ],
        false,
    );
    fig.push(
        vec![
            t(Text::OverdueProblems),
            group_thousands(h.overdue_problems.into()),
            String::new(),
        ],
        h.overdue_problems > 0,
    );
    fig.push(
        vec![
            t(Text::PendingAftercare),
            group_thousands(h.pending_aftercare.into()),
            String::new(),
        ],
        false,
    );
    blocks.push(Block::Table(fig));

    // 4. Works.
    heads.section(&mut blocks, Text::SecWorks, "works");
    heads.sub(&mut blocks, Text::WorksOverall, "works.overall");
    let unassigned = summary::progress(view, Some(None));
    let unassigned_of = |kind: WorkKind| {
        unassigned
            .iter()
            .find(|p| p.kind == kind)
            .map(|p| p.completed)
            .unwrap_or_default()
    };
    // With a period given, what was completed in it and in the one before stand beside the
    // cumulative figure.
    let previous = opts.previous_period();
    let completed_between = |kind: WorkKind, from: NaiveDate, to: NaiveDate| {
        view.works
            .iter()
            .filter(|w| w.phase == WorkPhase::Completed && w.kind == kind)
            .filter(|w| w.date >= from && w.date <= to)
            .fold(Milli(0), |sum, w| sum.checked_add(w.quantity))
    };
    let mut columns = vec![
        (t(Text::Item), 2.4, Align::Left),
        (t(Text::Unit), 0.9, Align::Left),
        (t(Text::Planned), 1.5, Align::Right),
    ];
    if previous.is_some() {
        columns.push((t(Text::ThisPeriod), 1.3, Align::Right));
        columns.push((t(Text::PreviousPeriod), 1.3, Align::Right));
        columns.push((t(Text::Cumulative), 1.5, Align::Right));
    } else {
        columns.push((t(Text::Completed), 1.5, Align::Right));
    }
    columns.push((t(Text::PercentComplete), 1.0, Align::Right));
    columns.push((t(Text::OfWhichUnassigned), 1.5, Align::Right));
    let mut overall = Table::new(&columns);
    for p in &s.progress {
        let mut row = vec![
            i18n::work_kind(l, p.kind).to_string(),
            unit_text(l, p.kind.default_unit()),
            format_milli(p.planned.0, 3),
        ];
        if let (Some((pf, pt)), Some(from), Some(to)) = (previous, opts.from, opts.to) {
            row.push(format_milli(completed_between(p.kind, from, to).0, 3));
            row.push(format_milli(completed_between(p.kind, pf, pt).0, 3));
        }
        row.push(format_milli(p.completed.0, 3));
        row.push(percent_cell(p.percent_milli(), none));
        row.push(format_milli(unassigned_of(p.kind).0, 3));
        overall.push(row, false);
    }
    blocks.push(Block::Table(overall));
    for d in &s.plan_disagreements {
        blocks.push(Block::Paragraph(crate::i18n::ui::plan_disagreement(l, d)));
    }
    heads.sub(&mut blocks, Text::WorksPerBench, "works.bench");
    blocks.push(Block::Table(per_bench_table(view, &unassigned, l)));
    heads.sub(&mut blocks, Text::WorksPlanPerBench, "works.plan");
    match plan_per_bench_table(view, l) {
        Some(table) => blocks.push(Block::Table(table)),
        None => blocks.push(Block::Paragraph(t(Text::PlanNotBrokenDown))),
    }
    heads.sub(&mut blocks, Text::Plantings, "works.plantings");
    push_table_or_empty(&mut blocks, plantings_table(view, l), l);
    for (kind, title) in [
        (WorkKind::SoilCover, Text::ChartCover),
        (WorkKind::Greening, Text::ChartGreen),
    ] {
        let mut by_year: BTreeMap<i32, i64> = BTreeMap::new();
        for w in view
            .works
            .iter()
            .filter(|w| w.phase == WorkPhase::Completed && w.kind == kind)
        {
            *by_year.entry(w.date.year()).or_default() += w.quantity.0;
        }
        if by_year.is_empty() {
            continue;
        }
        let mut cum = 0i64;
        let points = by_year
            .into_iter()
            .map(|(y, q)| {
                cum += q;
                (y as f64, cum as f64 / 1000.0)
            })
            .collect();
        blocks.push(Block::Chart(Chart::Line {
            title: t(title),
            series: vec![Series {
                name: i18n::work_kind(l, kind).to_string(),
                points,
            }],
            x_is_year: true,
            threshold: None,
            y_label: format!(
                "{}（{}）",
                i18n::work_kind(l, kind),
                unit_text(l, kind.default_unit())
            ),
            x_label: t(Text::AxisYear),
        }));
    }

    // 5. Rules.
    heads.section(&mut blocks, Text::SecRules, "rules");
    blocks.push(Block::Table(rules_table(view, &s.rules, l)));

    // 6. Monitoring.
    heads.section(&mut blocks, Text::SecMonitoring, "monitoring");
    heads.sub(&mut blocks, Text::SurvivalCover, "monitoring.survival");
    // The threshold of the first rule of a kind, as the ledger holds it.
    let threshold = |kind: RuleKind| {
        view.rules
            .iter()
            .find(|r| r.kind == kind)
            .map(|r| r.threshold)
    };
    let survival_threshold = threshold(RuleKind::SurvivalRate);
    let mut surv = Table::new(&[
        (t(Text::Bench), 0.8, Align::Right),
        (t(Text::SurveyDate), 1.4, Align::Center),
        (t(Text::PlantsPlanted), 1.2, Align::Right),
        (t(Text::PlantsAlive), 1.2, Align::Right),
        (t(Text::Survival), 1.1, Align::Right),
        (t(Text::VegetationCover), 1.1, Align::Right),
        (t(Text::Method), 2.2, Align::Left),
    ]);
    for sv in latest_surveys(view) {
        let rate = sv.survival_milli_percent();
        surv.push(
            vec![
                view.bench_label(sv.bench_id),
                sv.date.to_string(),
                group_thousands(sv.planted.into()),
                group_thousands(sv.alive.into()),
                percent_cell(rate, none),
                percent_cell(sv.cover.map(|c| c.0), none),
                i18n::category_value(l, &sv.method),
            ],
            matches!((rate, survival_threshold), (Some(r), Some(th)) if r < th),
        );
    }
    push_table_or_empty(&mut blocks, surv, l);

    heads.sub(&mut blocks, Text::FireMonitoring, "monitoring.fire");
    // One definition of an alarm, the overview's too (domain::summary::is_alarm).
    let thresholds = summary::alarm_thresholds(view);
    let (alarm, co_alarm) = (thresholds.0.unwrap_or(50_000), thresholds.1);
    // A temperature and a CO value as the tables show them; "none" when not measured.
    let temp = |v: Option<i64>| {
        v.map(|v| format!("{} °C", format_milli(v, 1)))
            .unwrap_or_else(|| none.to_string())
    };
    let ppm = |v: Option<Milli>| {
        v.map(|c| format!("{} ppm", format_milli(c.0, 1)))
            .unwrap_or_else(|| none.to_string())
    };
    let mut fire = Table::new(&[
        (t(Text::Point), 0.9, Align::Left),
        (t(Text::Location), 2.0, Align::Left),
        (t(Text::Readings), 0.9, Align::Right),
        (t(Text::MaxTemperature), 1.3, Align::Right),
        (t(Text::LatestTemperature), 1.3, Align::Right),
        (t(Text::Alarms), 1.0, Align::Right),
        (t(Text::MaxCo), 1.2, Align::Right),
    ]);
    let latest_r = latest_readings(view);
    let mut points: Vec<&MonitoringPoint> = view.monitoring_points.iter().collect();
    points.sort_by(|a, b| a.name.cmp(&b.name));
    let mut alarm_t = Table::new(&[
        (t(Text::Point), 1.0, Align::Left),
        (t(Text::Time), 2.0, Align::Center),
        (t(Text::Temperature), 1.4, Align::Right),
        (t(Text::Co), 1.4, Align::Right),
        (t(Text::Note), 2.4, Align::Left),
    ]);
    // One series per point for each chart: temperature (°C) and CO (ppm) on their own axes.
    let mut series = Vec::new();
    let mut co_series = Vec::new();
    for p in &points {
        let mut rs: Vec<&Reading> = view
            .readings
            .iter()
            .filter(|r| r.point_id == p.meta.id && opts.in_period(r.taken_at.date()))
            .collect();
        rs.sort_by_key(|r| r.taken_at);
        let is_alarm = |r: &Reading| summary::is_alarm(r, thresholds);
        let alarms = rs.iter().filter(|r| is_alarm(r)).count();
        // Each value with the day it was read.
        let dated = |v: String, r: Option<&&Reading>| match r {
            Some(r) => format!("{v}\n{}", r.taken_at.date()),
            None => v,
        };
        let max_t = rs
            .iter()
            .filter(|r| r.temperature.is_some())
            .max_by_key(|r| (r.temperature, r.taken_at));
        let max_co = rs
            .iter()
            .filter(|r| r.co.is_some())
            .max_by_key(|r| (r.co, r.taken_at));
        let last = latest_r
            .iter()
            .find(|(lp, _)| lp.meta.id == p.meta.id)
            .map(|(_, r)| r);
        let last_t = last.and_then(|r| r.temperature);
        fire.push(
            vec![
                p.name.clone(),
                p.location.clone(),
                group_thousands(rs.len() as i128),
                dated(temp(max_t.and_then(|r| r.temperature)), max_t),
                dated(temp(last_t), last.filter(|r| r.temperature.is_some())),
                group_thousands(alarms as i128),
                dated(ppm(max_co.and_then(|r| r.co)), max_co),
            ],
            last.is_some_and(|r| summary::is_alarm(r, thresholds)),
        );
        for r in rs.iter().filter(|r| is_alarm(r)) {
            alarm_t.push(
                vec![
                    p.name.clone(),
                    r.taken_at.format("%Y-%m-%d %H:%M").to_string(),
                    temp(r.temperature),
                    ppm(r.co),
                    r.note.clone(),
                ],
                true,
            );
        }
        let pts: Vec<(f64, f64)> = rs
            .iter()
            .filter_map(|r| {
                r.temperature
                    .map(|t| (year_frac(r.taken_at.date()), t as f64 / 1000.0))
            })
            .collect();
        if !pts.is_empty() {
            series.push(Series {
                name: p.name.clone(),
                points: pts,
            });
        }
        let co_pts: Vec<(f64, f64)> = rs
            .iter()
            .filter_map(|r| {
                r.co.map(|c| (year_frac(r.taken_at.date()), c.0 as f64 / 1000.0))
            })
            .collect();
        if !co_pts.is_empty() {
            co_series.push(Series {
                name: p.name.clone(),
                points: co_pts,
            });
        }
    }
    push_table_or_empty(&mut blocks, fire, l);
    if !alarm_t.rows.is_empty() {
        blocks.push(Block::Subheading(t(Text::AlarmReadings)));
        blocks.push(Block::Table(alarm_t));
    }
    if !series.is_empty() {
        blocks.push(Block::Chart(Chart::Line {
            title: t(Text::ChartTemperature),
            series,
            x_is_year: true,
            threshold: Some((
                alarm as f64 / 1000.0,
                format!("{} {} °C", t(Text::AlarmThreshold), format_milli(alarm, 1)),
            )),
            y_label: format!("{}（°C）", t(Text::Temperature)),
            x_label: t(Text::AxisYear),
        }));
    }
    if !co_series.is_empty() {
        blocks.push(Block::Chart(Chart::Line {
            title: t(Text::ChartCo),
            series: co_series,
            x_is_year: true,
            threshold: co_alarm.map(|th| {
                (
                    th as f64 / 1000.0,
                    format!("{} {} ppm", t(Text::AlarmThreshold), format_milli(th, 1)),
                )
            }),
            y_label: format!("{}（ppm）", t(Text::Co)),
            x_label: t(Text::AxisYear),
        }));
    }

    // 7. Problems: those open during the period.
    heads.section(&mut blocks, Text::SecProblems, "problems");
    let mut probs: Vec<&Problem> = view
        .problems
        .iter()
        .filter(|p| {
            opts.from.is_none_or(|f| {
                p.status != ProblemStatus::Verified || p.verified_on.is_none_or(|v| v >= f)
            })
        })
        .collect();
    probs.sort_by_key(|p| (p.found_on, p.deadline));
    let mut prob_t = Table::new(&[
        (t(Text::Found), 1.25, Align::Center),
        (t(Text::Description), 2.25, Align::Left),
        (t(Text::Bench), 0.7, Align::Right),
        (t(Text::Owner), 1.8, Align::Left),
        (t(Text::Deadline), 1.25, Align::Center),
        (t(Text::Rectified), 1.25, Align::Center),
        (t(Text::VerifiedBy), 1.2, Align::Left),
        (t(Text::Status), 1.0, Align::Center),
        (t(Text::Overdue), 0.85, Align::Center),
    ]);
    for p in probs {
        let overdue = p.is_overdue(opts.as_of);
        let desc = if p.rectification.is_empty() {
            format!(
                "{}{}",
                p.description,
                tr::parenthesized(l, &i18n::category_value(l, &p.source))
            )
        } else {
            format!(
                "{}{}\n→ {}",
                p.description,
                tr::parenthesized(l, &i18n::category_value(l, &p.source)),
                p.rectification
            )
        };
        prob_t.push(
            vec![
                p.found_on.to_string(),
                desc,
                view.bench_label(p.bench_id),
                p.owner.clone(),
                p.deadline.to_string(),
                p.rectified_on
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| none.to_string()),
                or_none(Some(p.verified_by.as_str())),
                i18n::problem_status(l, p.status).to_string(),
                t(if overdue { Text::Yes } else { Text::No }),
            ],
            overdue,
        );
    }
    push_table_or_empty(&mut blocks, prob_t, l);

    // 8. After-care log of the period.
    heads.section(&mut blocks, Text::SecAftercare, "aftercare");
    let mut care: Vec<&AftercareEntry> = view
        .aftercare
        .iter()
        .filter(|a| opts.in_period(a.date))
        .collect();
    care.sort_by_key(|a| a.date);
    let count = |s: ReviewState| care.iter().filter(|a| a.review == s).count();
    blocks.push(Block::Paragraph(tr::aftercare_counts(
        l,
        care.len(),
        count(ReviewState::Approved),
        count(ReviewState::Pending),
        count(ReviewState::Rejected),
    )));
    if let (Some(prev), Some(from), Some(to)) = (opts.previous_period(), opts.from, opts.to) {
        blocks.push(Block::Paragraph(t(Text::PeriodComparison)));
        blocks.push(Block::Table(aftercare_comparison(
            view,
            (from, to),
            prev,
            l,
        )));
    }
    let mut care_t = Table::new(&[
        (t(Text::Date), 1.2, Align::Center),
        (t(Text::Kind), 1.0, Align::Left),
        (t(Text::Bench), 0.65, Align::Right),
        (t(Text::Quantity), 1.25, Align::Right),
        (t(Text::Contractor), 1.75, Align::Left),
        (t(Text::Note), 2.9, Align::Left),
        (t(Text::Review), 1.85, Align::Left),
    ]);
    for a in care {
        let qty = a
            .quantity
            .map(|q| a.kind.quantity_text(q, a.unit, l.is_zh()))
            .unwrap_or_else(|| none.to_string());
        let mut review = i18n::review_state(l, a.review).to_string();
        if !a.reviewer.is_empty() {
            review.push_str(&format!(" · {}", a.reviewer));
        }
        if !a.review_comment.is_empty() {
            review.push_str(&format!("\n{}", a.review_comment));
        }
        care_t.push(
            vec![
                a.date.to_string(),
                i18n::aftercare_kind(l, a.kind).to_string(),
                view.bench_label(a.bench_id),
                qty,
                a.contractor.clone(),
                a.note.clone(),
                review,
            ],
            a.review == ReviewState::Rejected,
        );
    }
    push_table_or_empty(&mut blocks, care_t, l);

    // 9. Photo log.
    heads.section(&mut blocks, Text::SecPhotos, "photos");
    let owner_bench = |p: &Photo| -> Option<Uuid> {
        match p.owner_kind {
            PhotoOwner::Bench => Some(p.owner_id),
            PhotoOwner::Aftercare => view
                .aftercare
                .iter()
                .find(|a| a.meta.id == p.owner_id)
                .and_then(|a| a.bench_id),
            PhotoOwner::Problem => view
                .problems
                .iter()
                .find(|a| a.meta.id == p.owner_id)
                .and_then(|a| a.bench_id),
            PhotoOwner::Work => view
                .works
                .iter()
                .find(|a| a.meta.id == p.owner_id)
                .and_then(|a| a.bench_id),
        }
    };
    let mut photos: Vec<&Photo> = view
        .photos
        .iter()
        .filter(|p| photo_date(p).is_none_or(|d| opts.in_period(d)))
        .collect();
    photos.sort_by(|a, b| a.taken_at.cmp(&b.taken_at));
    let colon = l.pick("：", ": ");
    let items: Vec<PhotoItem> = photos
        .iter()
        .map(|p| PhotoItem {
            id: p.meta.id,
            caption: vec![
                format!(
                    "{}{colon}{}",
                    t(Text::TakenAt),
                    p.taken_at
                        .as_deref()
                        .map(|s| s.get(..16).unwrap_or(s).replace('T', " "))
                        .unwrap_or_else(|| none.to_string())
                ),
                format!(
                    "{}{colon}{} · {}{colon}{}",
                    t(Text::Bench),
                    or_none(Some(view.bench_label(owner_bench(p)).as_str())),
                    t(Text::Place),
                    or_none(Some(p.place.as_str()))
                ),
                format!(
                    "{}{colon}{}",
                    t(Text::TakenBy),
                    or_none(Some(p.taken_by.as_str()))
                ),
                format!("{}{colon}{}", t(Text::File), p.file_name),
            ]
            .into_iter()
            .chain(photo_record_lines(view, p, l))
            .collect(),
        })
        .collect();
    if items.is_empty() {
        blocks.push(Block::Paragraph(t(Text::NoRecords)));
    } else {
        blocks.push(Block::Photos(items));
    }

    // The closing section: how to check this paper against the ledger.
    heads.section(&mut blocks, Text::SecSignOff, "verification");
    let mut proof = vec![
        (t(Text::FingerprintFull), fp.clone()),
        (t(Text::AuditHead), tr::audit_head(l, head.seq, &head.hash)),
    ];
    match &opts.signature {
        Some(sig) => proof.push((
            t(Text::SigningKey),
            tr::signing_key(l, &crate::domain::signing::key_id(&sig.public_key)),
        )),
        None => proof.push((t(Text::SigningKey), tr::unsigned(l).to_string())),
    }
    blocks.push(Block::Fields(proof));
    blocks.push(Block::Qr {
        data: qr_payload(&token, opts.signature.as_ref()),
        caption: tr::qr_caption(l).to_string(),
    });
    blocks.push(Block::Paragraph(tr::verify_instruction(
        l,
        opts.to.filter(|_| opts.layout >= 4),
    )));

    // Cover, conclusions and recommendations, the contents, then the sections in detail.
    front.extend(first);
    front.push(Block::PageBreak);
    front.push(Block::Heading(t(Text::Toc)));
    front.push(Block::Toc(heads.toc));
    front.push(Block::PageBreak);
    front.extend(blocks);
    let blocks = front;

    Ok(ReportModel {
        lang: l,
        title: tr::report_title(
            l,
            mine.map(|m| m.name.as_str()),
            pile.map(|p| p.name.as_str()),
        ),
        subtitle: format!("{}{}", t(Text::PeriodLabel), period),
        headline: s.headline.clone(),
        headline_sentence: sentence,
        blocks,
        signature: opts.signature.clone(),
        token,
    })
}

/// What the last page's QR code carries: the fingerprint and the id of the key that signed the
/// report ("-" when unsigned), so a phone or `verify --report` can check it against the ledger.
pub fn qr_payload(token: &ReportToken, signature: Option<&ReportSignature>) -> String {
    let key = signature
        .map(|s| crate::domain::signing::key_id(&s.public_key).replace(' ', ""))
        .unwrap_or_else(|| "-".to_string());
    format!("RLQR1;fp={};key={key}", token.fingerprint)
}

/// The fingerprint a footer QR code carries ([`qr_payload`]), when `content` is one.
pub fn fingerprint_in_qr(content: &str) -> Option<String> {
    content
        .strip_prefix("RLQR1;")?
        .split(';')
        .find_map(|part| part.strip_prefix("fp="))
        .filter(|fp| fp.len() == 64 && fp.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_string)
}

/// The report's number: the day its data is of and the fingerprint's first digits, so the same
/// data and period always get the same number ("20231231-C73F18CD").
fn report_number(token: &ReportToken) -> String {
    format!(
        "{}-{}",
        token.as_of.format("%Y%m%d"),
        token.fingerprint.get(..8).unwrap_or("").to_uppercase()
    )
}

/// Benches that carry plantings or are greened, yet have no survival survey.
fn never_surveyed(view: &LedgerData) -> Vec<&Bench> {
    let mut v: Vec<&Bench> = view
        .benches
        .iter()
        .filter(|b| {
            let planted = view.plantings.iter().any(|p| p.bench_id == Some(b.meta.id))
                || matches!(
                    b.status,
                    BenchStatus::Greened | BenchStatus::Aftercare | BenchStatus::Accepted
                );
            planted && !view.surveys.iter().any(|s| s.bench_id == Some(b.meta.id))
        })
        .collect();
    v.sort_by_key(|b| b.number);
    v
}

/// Problems overdue on the report's day, with the days they are overdue.
fn overdue_problems(view: &LedgerData, as_of: NaiveDate) -> Vec<(&Problem, i64)> {
    let mut v: Vec<(&Problem, i64)> = view
        .problems
        .iter()
        .filter(|p| p.is_overdue(as_of))
        .map(|p| (p, (as_of - p.deadline).num_days()))
        .collect();
    v.sort_by_key(|(p, _)| (p.deadline, p.found_on));
    v
}

fn pending_aftercare(view: &LedgerData) -> Vec<&AftercareEntry> {
    let mut v: Vec<&AftercareEntry> = view
        .aftercare
        .iter()
        .filter(|a| a.review == ReviewState::Pending)
        .collect();
    v.sort_by_key(|a| a.date);
    v
}

fn bench_list(l: Lang, benches: &[&Bench]) -> String {
    let names: Vec<String> = benches
        .iter()
        .map(|b| i18n::place(l, &crate::domain::rules::Place::of_bench(b)))
        .collect();
    names.join(l.pick("、", ", "))
}

/// What an auditor reads first: the overall verdict and counts, then every failed rule, overdue
/// problem, bench never surveyed, after-care entry awaiting review and rule on stale data, each
/// with the page it is detailed on.
fn conclusions(
    view: &LedgerData,
    s: &summary::Summary,
    opts: &ReportOptions,
    l: Lang,
) -> Vec<Block> {
    let t = |k: Text| tr::text(l, k).to_string();
    let count = |v: Verdict| s.rules.iter().filter(|r| r.verdict == v).count();
    let (pass, fail, pending) = (
        count(Verdict::Pass),
        count(Verdict::Fail),
        count(Verdict::Pending),
    );
    let mut blocks = vec![Block::Paragraph(tr::overall_verdict(
        l,
        pass,
        fail,
        pending,
        &page_ref("rules"),
    ))];
    let mut table = Table::new(&[
        (t(Text::Matter), 1.5, Align::Left),
        (t(Text::Finding), 5.2, Align::Left),
        (t(Text::Details), 0.8, Align::Center),
    ]);
    let page = |key: &str| tr::page_word(l, &page_ref(key));
    for r in s.rules.iter().filter(|r| r.verdict == Verdict::Fail) {
        let rule = view.rules.iter().find(|x| x.meta.id == r.rule_id);
        let value = r
            .evidence
            .as_ref()
            .map(|e| tr::evidence(l, e))
            .unwrap_or_default();
        let threshold = rule.map(|x| i18n::rule_threshold(l, x)).unwrap_or_default();
        table.push(
            vec![
                t(Text::FailedRules),
                tr::failed_rule(l, i18n::rule_kind(l, r.kind), &value, &threshold),
                page("rules"),
            ],
            true,
        );
    }
    for (p, days) in overdue_problems(view, opts.as_of) {
        table.push(
            vec![
                t(Text::OverdueList),
                tr::overdue_problem(l, &p.description, p.deadline, days, &p.owner),
                page("problems"),
            ],
            true,
        );
    }
    let unsurveyed = never_surveyed(view);
    if !unsurveyed.is_empty() {
        table.push(
            vec![
                t(Text::NeverSurveyed),
                tr::counted_list(l, unsurveyed.len(), &bench_list(l, &unsurveyed)),
                page("monitoring.survival"),
            ],
            false,
        );
    }
    let waiting = pending_aftercare(view);
    if !waiting.is_empty() {
        let list: Vec<String> = waiting
            .iter()
            .map(|a| {
                let place = match view.bench(a.bench_id.unwrap_or_default()) {
                    Some(b) => i18n::place(l, &crate::domain::rules::Place::of_bench(b)),
                    None => i18n::place(l, &crate::domain::rules::Place::Unassigned),
                };
                format!("{} {} {place}", a.date, i18n::aftercare_kind(l, a.kind))
            })
            .collect();
        table.push(
            vec![
                t(Text::AwaitingReview),
                tr::counted_list(l, waiting.len(), &list.join(l.pick("；", "; "))),
                page("aftercare"),
            ],
            false,
        );
    }
    for r in s.rules.iter() {
        if let Some(st) = r.stale {
            table.push(
                vec![
                    t(Text::StaleData),
                    tr::stale_rule(l, i18n::rule_kind(l, r.kind), st.newest, st.limit_days),
                    page("rules"),
                ],
                false,
            );
        }
    }
    if !table.rows.is_empty() {
        blocks.push(Block::Table(table));
    }
    blocks
}

/// Recommendations generated from the conclusions, one numbered line each.
fn recommendations(
    view: &LedgerData,
    s: &summary::Summary,
    opts: &ReportOptions,
    l: Lang,
) -> Vec<Block> {
    let mut lines = Vec::new();
    for r in s.rules.iter().filter(|r| r.verdict == Verdict::Fail) {
        let rule = view.rules.iter().find(|x| x.meta.id == r.rule_id);
        let places: Vec<String> = r.failing.iter().map(|e| i18n::place(l, &e.place)).collect();
        let threshold = rule.map(|x| i18n::rule_threshold(l, x)).unwrap_or_default();
        lines.push(tr::recommend_rule(
            l,
            r.kind,
            &places.join(l.pick("、", ", ")),
            &threshold,
        ));
    }
    for (p, days) in overdue_problems(view, opts.as_of) {
        lines.push(tr::recommend_overdue(l, &p.owner, &p.description, days));
    }
    let unsurveyed = never_surveyed(view);
    if !unsurveyed.is_empty() {
        lines.push(tr::recommend_survey(l, unsurveyed.len()));
    }
    let waiting = pending_aftercare(view);
    if !waiting.is_empty() {
        lines.push(tr::recommend_review(l, waiting.len()));
    }
    let stale: Vec<&str> = s
        .rules
        .iter()
        .filter(|r| r.stale.is_some())
        .map(|r| i18n::rule_kind(l, r.kind))
        .collect();
    if !stale.is_empty() {
        lines.push(tr::recommend_remeasure(l, &stale.join(l.pick("、", ", "))));
    }
    if lines.is_empty() {
        return vec![Block::Paragraph(
            tr::text(l, Text::NoRecommendations).to_string(),
        )];
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| Block::Paragraph(tr::numbered(l, i + 1, &line)))
        .collect()
}

/// The work kinds the per-bench table pivots (area-like kinds a bench carries).
const PER_BENCH_KINDS: [WorkKind; 3] = [
    WorkKind::GentleSlopeTrimming,
    WorkKind::SoilCover,
    WorkKind::Greening,
];

/// One row per bench (every bench, with or without works), the works not assigned to a bench,
/// and a total that equals the completed column of the overall table.
fn per_bench_table(view: &LedgerData, unassigned: &[Progress], l: Lang) -> Table {
    let t = |k: Text| tr::text(l, k).to_string();
    let none = tr::text(l, Text::None);
    let kind_title = |k: WorkKind| {
        format!(
            "{}{}",
            i18n::work_kind(l, k),
            tr::parenthesized(l, &unit_text(l, k.default_unit()))
        )
    };
    let mut cols = vec![
        // Wide enough for "未指定台阶" on one line.
        (t(Text::Bench), 1.05, Align::Right),
        (t(Text::BenchKind), 0.6, Align::Center),
        (t(Text::Status), 0.8, Align::Center),
        (
            format!(
                "{}{}",
                t(Text::Area),
                tr::parenthesized(l, &unit_text(l, Unit::M2))
            ),
            1.1,
            Align::Right,
        ),
    ];
    for k in PER_BENCH_KINDS {
        cols.push((kind_title(k), 1.4, Align::Right));
    }
    cols.push((t(Text::LatestSurvival), 1.6, Align::Right));
    cols.push((t(Text::OpenProblems), 1.05, Align::Right));
    let mut table = Table::new(&cols);
    // Greening is the green area (plantings count), as in the overall table.
    let completed =
        |bench: Option<Uuid>, kind: WorkKind| summary::completed_of(view, kind, Some(bench));
    let open = |bench: Option<Uuid>| {
        view.problems
            .iter()
            .filter(|p| p.bench_id == bench && p.status != ProblemStatus::Verified)
            .count()
    };
    let surveys = latest_surveys(view);
    let mut benches: Vec<&Bench> = view.benches.iter().collect();
    benches.sort_by_key(|b| (b.number, b.kind));
    let mut totals = [Milli::ZERO; PER_BENCH_KINDS.len()];
    let mut total_area = Milli::ZERO;
    let mut total_open = 0usize;
    for b in &benches {
        let mut cells = vec![
            b.label(),
            i18n::bench_kind(l, b.kind).to_string(),
            i18n::bench_status(l, b.status).to_string(),
            format_milli(b.area.0, 3),
        ];
        total_area = total_area.checked_add(b.area);
        for (i, k) in PER_BENCH_KINDS.into_iter().enumerate() {
            let q = completed(Some(b.meta.id), k);
            totals[i] = totals[i].checked_add(q);
            cells.push(if q.0 == 0 {
                none.to_string()
            } else {
                format_milli(q.0, 3)
            });
        }
        let survey = surveys.iter().find(|s| s.bench_id == Some(b.meta.id));
        cells.push(
            survey
                .and_then(|s| s.survival_milli_percent().map(|r| (r, s.date)))
                .map(|(r, d)| format!("{} {d}", crate::domain::rules::percent_text(r)))
                .unwrap_or_else(|| t(Text::NotSurveyed)),
        );
        let n = open(Some(b.meta.id));
        total_open += n;
        cells.push(if n == 0 {
            none.to_string()
        } else {
            n.to_string()
        });
        table.push(cells, false);
    }
    // Works and problems that name no bench, so the total reconciles with table 4.1.
    let mut cells = vec![
        t(Text::Unassigned),
        String::new(),
        String::new(),
        none.to_string(),
    ];
    for (i, k) in PER_BENCH_KINDS.into_iter().enumerate() {
        let q = unassigned
            .iter()
            .find(|p| p.kind == k)
            .map(|p| p.completed)
            .unwrap_or_default();
        totals[i] = totals[i].checked_add(q);
        cells.push(format_milli(q.0, 3));
    }
    cells.push(String::new());
    let n = open(None);
    total_open += n;
    cells.push(n.to_string());
    table.push(cells, false);
    let mut cells = vec![
        t(Text::Total),
        tr::bench_count(l, benches.len()),
        String::new(),
        format_milli(total_area.0, 3),
    ];
    cells.extend(totals.iter().map(|q| format_milli(q.0, 3)));
    cells.push(String::new());
    cells.push(total_open.to_string());
    table.push(cells, false);
    table
}

/// The approved plan's breakdown by bench against what each bench completed: a row per bench the
/// plan breaks a work kind down to, the rest of the pile, and the plan's total that the rows add
/// up to (the rule: [`summary::Plan`]). None when the plan breaks nothing down by bench.
fn plan_per_bench_table(view: &LedgerData, l: Lang) -> Option<Table> {
    let t = |k: Text| tr::text(l, k).to_string();
    let none = tr::text(l, Text::None);
    let plans: Vec<summary::Plan> = summary::plans(view)
        .into_iter()
        .filter(|p| !p.by_bench.is_empty())
        .collect();
    if plans.is_empty() {
        return None;
    }
    let mut table = Table::new(&[
        (t(Text::Item), 1.6, Align::Left),
        (t(Text::Bench), 1.6, Align::Left),
        (t(Text::Unit), 0.8, Align::Left),
        (t(Text::Planned), 1.4, Align::Right),
        (t(Text::Completed), 1.4, Align::Right),
        (t(Text::PercentComplete), 1.0, Align::Right),
    ]);
    for plan in &plans {
        let kind = i18n::work_kind(l, plan.kind).to_string();
        let unit = unit_text(l, plan.kind.default_unit());
        let mut listed = Milli::ZERO;
        for (bench, planned) in &plan.by_bench {
            let done = summary::completed_of(view, plan.kind, Some(Some(*bench)));
            listed = listed.checked_add(done);
            table.push(
                vec![
                    kind.clone(),
                    i18n::records::bench_name(l, view, Some(*bench)),
                    unit.clone(),
                    format_milli(planned.0, 3),
                    format_milli(done.0, 3),
                    percent_cell(summary::percent_of(done, *planned), none),
                ],
                // Over its share of the plan: the reader should see it.
                done > *planned,
            );
        }
        let total = plan.total();
        let all_done = summary::completed_of(view, plan.kind, None);
        let rest_plan = plan
            .stated_total
            .map(|t| format_milli(t.0.saturating_sub(plan.breakdown().0).max(0), 3))
            .unwrap_or_else(|| none.to_string());
        table.push(
            vec![
                kind.clone(),
                t(Text::PlanBenchesElsewhere),
                unit.clone(),
                rest_plan,
                format_milli(all_done.0.saturating_sub(listed.0).max(0), 3),
                String::new(),
            ],
            false,
        );
        table.push(
            vec![
                kind,
                t(Text::PlanTotal),
                unit,
                format_milli(total.0, 3),
                format_milli(all_done.0, 3),
                percent_cell(summary::percent_of(all_done, total), none),
            ],
            plan.breakdown_exceeds_total(),
        );
    }
    Some(table)
}

/// Every planting and seeding, bench by bench: species, plants or seed, area, date.
fn plantings_table(view: &LedgerData, l: Lang) -> Table {
    let t = |k: Text| tr::text(l, k).to_string();
    let none = tr::text(l, Text::None);
    let mut table = Table::new(&[
        (t(Text::Bench), 1.2, Align::Left),
        (t(Text::Species), 2.0, Align::Left),
        (t(Text::PlantType), 0.7, Align::Center),
        (t(Text::PlantsPlanted), 1.0, Align::Right),
        (t(Text::Seed), 1.0, Align::Right),
        (t(Text::PlantingArea), 1.2, Align::Right),
        (t(Text::PlantingDate), 1.1, Align::Center),
    ]);
    let mut rows: Vec<&Planting> = view.plantings.iter().collect();
    let order = |p: &Planting| {
        p.bench_id
            .and_then(|b| view.bench(b))
            .map(|b| (0, b.number, b.kind))
            .unwrap_or((1, 0, BenchKind::SlopeFace))
    };
    rows.sort_by_key(|p| (order(p), p.date, p.species.clone()));
    for p in rows {
        let bench = match p.bench_id {
            Some(_) => i18n::records::bench_name(l, view, p.bench_id),
            None => t(Text::Unassigned),
        };
        table.push(
            vec![
                bench,
                p.species.clone(),
                i18n::plant_type(l, p.plant_type).to_string(),
                p.plants
                    .map(|n| group_thousands(n.into()))
                    .unwrap_or_else(|| none.to_string()),
                p.seed
                    .map(|s| format_milli(s.0, 3))
                    .unwrap_or_else(|| none.to_string()),
                format_milli(p.area.0, 3),
                p.date.to_string(),
            ],
            false,
        );
    }
    table
}

/// The indicator table: each rule with its threshold, source, the value its verdict rests on
/// (with that value's own date and place), the method, and the verdict.
fn rules_table(view: &LedgerData, results: &[RuleResult], l: Lang) -> Table {
    let t = |k: Text| tr::text(l, k).to_string();
    let none = tr::text(l, Text::None);
    let mut table = Table::new(&[
        (t(Text::Rule), 1.7, Align::Left),
        (t(Text::Threshold), 1.4, Align::Left),
        (t(Text::Source), 2.0, Align::Left),
        (t(Text::Measured), 2.9, Align::Left),
        (t(Text::Method), 1.9, Align::Left),
        (t(Text::Date), 1.25, Align::Center),
        (t(Text::Verdict), 0.85, Align::Center),
    ]);
    for r in results {
        let rule = view.rules.iter().find(|x| x.meta.id == r.rule_id);
        let source = rule
            .map(|x| {
                format!(
                    "{}{}",
                    i18n::rule_source(l, &x.source),
                    tr::parenthesized(l, &i18n::rule_strength(l, &x.strength))
                )
            })
            .unwrap_or_else(|| none.to_string());
        let date = match (&r.evidence, r.basis) {
            (Some(e), _) => e
                .date
                .map(|d| d.to_string())
                .unwrap_or_else(|| t(Text::NoMeasurementDate)),
            (None, _) => none.to_string(),
        };
        table.push(
            vec![
                i18n::rule_kind(l, r.kind).to_string(),
                rule.map(|x| rule_threshold_with_limit(l, x))
                    .unwrap_or_else(|| none.to_string()),
                source,
                tr::rule_measured(l, r),
                i18n::rule_method(l, r.kind).to_string(),
                date,
                i18n::verdict(l, r.verdict).to_string(),
            ],
            r.verdict == Verdict::Fail,
        );
    }
    table
}

/// A rule's threshold; a rule with its own evidence limit says it on a second line (a rule on
/// its kind's default prints as before).
fn rule_threshold_with_limit(l: Lang, rule: &Rule) -> String {
    let threshold = i18n::rule_threshold(l, rule);
    match rule.stale_after_days {
        Some(_) => format!(
            "{threshold}\n{}",
            tr::evidence_valid_for(l, &i18n::evidence_limit(l, rule.evidence_limit_days()))
        ),
        None => threshold,
    }
}

/// How many days a photo's time may be from its record's date before the log warns.
const PHOTO_DATE_SLACK_DAYS: i64 = 7;

/// The photo's position, the record it belongs to, and a warning when the photo was taken far
/// from that record's date (a photo of another day passed off as this entry's).
fn photo_record_lines(view: &LedgerData, p: &Photo, l: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    if let (Some(lat), Some(lon)) = (p.gps_lat_micro, p.gps_lon_micro) {
        lines.push(tr::photo_position(l, lat, lon));
    }
    let bench_name = |id: Option<Uuid>| i18n::records::bench_name(l, view, id);
    let record: Option<(String, Option<NaiveDate>)> = match p.owner_kind {
        PhotoOwner::Bench => view
            .bench(p.owner_id)
            .map(|b| (bench_name(Some(b.meta.id)), None)),
        PhotoOwner::Aftercare => view
            .aftercare
            .iter()
            .find(|a| a.meta.id == p.owner_id)
            .map(|a| {
                (
                    tr::photo_record(
                        l,
                        Text::SecAftercare,
                        a.date,
                        &format!(
                            "{} {}",
                            i18n::aftercare_kind(l, a.kind),
                            bench_name(a.bench_id)
                        ),
                    ),
                    Some(a.date),
                )
            }),
        PhotoOwner::Problem => view
            .problems
            .iter()
            .find(|a| a.meta.id == p.owner_id)
            .map(|a| {
                (
                    tr::photo_record(l, Text::SecProblems, a.found_on, &a.description),
                    Some(a.found_on),
                )
            }),
        PhotoOwner::Work => view
            .works
            .iter()
            .find(|a| a.meta.id == p.owner_id)
            .map(|a| {
                (
                    tr::photo_record(
                        l,
                        Text::SecWorks,
                        a.date,
                        &format!("{} {}", i18n::work_kind(l, a.kind), bench_name(a.bench_id)),
                    ),
                    Some(a.date),
                )
            }),
    };
    if let Some((text, date)) = record {
        lines.push(text);
        if let (Some(entry), Some(taken)) = (date, photo_date(p)) {
            let days = (taken - entry).num_days();
            if days.abs() > PHOTO_DATE_SLACK_DAYS {
                lines.push(tr::photo_date_warning(l, days));
            }
        }
    }
    lines
}

fn photo_date(p: &Photo) -> Option<NaiveDate> {
    p.taken_at
        .as_deref()
        .and_then(|s| s.get(..10))
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

fn push_table_or_empty(blocks: &mut Vec<Block>, table: Table, l: Lang) {
    if table.rows.is_empty() {
        blocks.push(Block::Paragraph(tr::text(l, Text::NoRecords).to_string()));
    } else {
        blocks.push(Block::Table(table));
    }
}

/// Where the report gets photo bytes from (the store, in the app).
pub type PhotoSource<'a> = &'a dyn Fn(Uuid) -> Option<Vec<u8>>;

/// A produced report.
#[derive(Debug, Clone)]
pub struct GeneratedReport {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub token: ReportToken,
    pub signed: bool,
    /// The department's signature it carries, when signed.
    pub signature: Option<ReportSignature>,
}

impl GeneratedReport {
    /// Whether the report carries the department's signature.
    pub fn signed(&self) -> bool {
        self.signed
    }
}

/// Builds the model and renders it to PDF bytes. Safe to call from a background thread;
/// `progress` receives 0.0 ..= 1.0.
pub fn generate(
    data: &LedgerData,
    head: &AuditHead,
    photos: PhotoSource<'_>,
    opts: &ReportOptions,
    progress: &dyn Fn(f32),
) -> Result<GeneratedReport, ReportError> {
    progress(0.0);
    let model = build_model(data, head, opts)?;
    progress(0.1);
    let (pdf, pages) = pdf::render(&model, photos, opts.printed_at, &|p| {
        progress(0.1 + 0.85 * p)
    })?;
    progress(1.0);
    Ok(GeneratedReport {
        pdf,
        pages,
        signed: model.signature.is_some(),
        signature: model.signature,
        token: model.token,
    })
}

#[cfg(test)]
mod tests;
