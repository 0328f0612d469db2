//! Lays a [`ReportModel`] out on A4 portrait pages and writes the PDF (the only printpdf user).
//!
//! Layout is manual: positions in pt, measured from the top while laying out and converted to
//! PDF's bottom-left origin when drawn. Text widths come from the fonts' glyph advances; a
//! character the CJK font lacks is drawn in a fallback font (CJK Extension B, symbols and emoji),
//! and one no bundled font has is printed as its code `[U+XXXX]`: never dropped, and never a
//! reason to print no report at all.

use printpdf::{
    Color, FontId, ImageCompression, ImageOptimizationOptions, Line, LineDashPattern, LinePoint,
    Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    RawImage, RawImageData, RawImageFormat, Rect, Rgb, TextItem, TextMatrix, WindingOrder,
    XObjectTransform,
};
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use super::{Align, Block, Chart, PhotoItem, PhotoSource, ReportError, ReportModel, Table};
use crate::domain::group_thousands;
use crate::i18n::report::{self as tr, Text};

use crate::assets::REPORT_CJK_FONT as FONT_BYTES;
use crate::assets::REPORT_FALLBACK_FONTS as FALLBACK_FONTS;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 51.0;
const TOP: f32 = 46.0;
/// Content never goes below this distance from the top.
const LIMIT: f32 = PAGE_H - 50.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

const BODY: f32 = 9.5;
/// The name the report's CJK font has in every PDF it prints.
const MAIN_FONT_ID: &str = "RLCJKMAIN";
/// Characters that must not begin a line.
/// Characters that must not end a line.
const OPENING: &str = "([{<（［｛〈《「『【“‘";
const CLOSING: &str = ")]}>,.;:!?%）］｝〉》」』】，。、；：！？…·";
const SMALL: f32 = 8.0;
/// A table cell's padding, across and above/below its text.
const CELL_PAD_X: f32 = 2.5;
const CELL_PAD_Y: f32 = 1.6;
/// The line height of table text.
const ROW_LH: f32 = SMALL * 1.22;
/// The least width each column of long text gets before a kept column wraps too.
const MIN_TEXT_COLUMN: f32 = 80.0;
/// Table rules: dark enough to survive a photocopy.
const RULE_PT: f32 = 0.4;

/// The height of a line chart: title, axis label, plot, ticks and legend.
const LINE_CHART_H: f32 = 32.0 + 150.0 + 40.0;

/// The height of a table row of `lines` lines.
fn row_height(lines: usize) -> f32 {
    lines.max(1) as f32 * ROW_LH + 2.0 * CELL_PAD_Y
}

/// The bundled font, parsed once per process.
fn font() -> Result<&'static ParsedFont, ReportError> {
    static FONT: OnceLock<Option<ParsedFont>> = OnceLock::new();
    FONT.get_or_init(|| parse_font(FONT_BYTES))
        .as_ref()
        .ok_or(ReportError::Font)
}

/// The fallback fonts (assets::REPORT_FALLBACK_FONTS), each parsed once per process when first
/// needed.
fn fallback_font(i: usize) -> Option<&'static ParsedFont> {
    static FONTS: [OnceLock<Option<ParsedFont>>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let (_, bytes) = FALLBACK_FONTS.get(i)?;
    FONTS.get(i)?.get_or_init(|| parse_font(bytes)).as_ref()
}

/// Parses a bundled font and gives it a character map that answers at once. printpdf looks
/// every character it writes up in the font's map, and the CJK font's own (format 12) is tens
/// of thousands of ranges searched one after another: two thirds of a 5,000-row report's time
/// went there. The same mappings, read from the font's cmap table, go into one array over the
/// characters the font has (format 10): the same glyph for every character, at once.
fn parse_font(bytes: &[u8]) -> Option<ParsedFont> {
    // One copy of the bytes, shared by the parsed font (its own constructor makes two: 10 MB
    // of memory touched for the report font, a sixth of a small report's time).
    let shared = std::sync::Arc::new(rust_fontconfig::FontBytes::Owned(std::sync::Arc::from(
        bytes,
    )));
    let mut font = ParsedFont::from_azul(printpdf::font::AzulParsedFont::from_bytes_shared(
        shared,
        0,
        &mut Vec::new(),
    )?);
    if let Some(dense) = dense_cmap(bytes) {
        font.cmap_subtable = Some(dense);
    }
    Some(font)
}

fn dense_cmap(bytes: &[u8]) -> Option<allsorts::tables::cmap::owned::CmapSubtable> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::tables::FontTableProvider;
    use allsorts::tables::cmap::Cmap;
    let data = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = data.table_provider(0).ok()?;
    let table = provider.read_table_data(allsorts::tag::CMAP).ok()?;
    let cmap = ReadScope::new(&table).read::<Cmap<'_>>().ok()?;
    let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap).ok()??;
    let mut pairs: Vec<(u32, u16)> = Vec::new();
    subtable
        .mappings_fn(|c, glyph| pairs.push((c, glyph)))
        .ok()?;
    let last = pairs.iter().map(|p| p.0).max()?;
    // Beyond the planes a report's text uses, the font's own map serves.
    if last > 0x3_FFFF {
        return None;
    }
    let mut glyph_id_array = vec![0u16; last as usize + 1];
    for (c, glyph) in pairs {
        glyph_id_array[c as usize] = glyph;
    }
    Some(allsorts::tables::cmap::owned::CmapSubtable::Format10 {
        language: 0,
        start_char_code: 0,
        glyph_id_array,
    })
}

/// The main font cut down to the characters a report draws, made on another thread while the
/// report is laid out the second time.
///
/// printpdf subsets the fonts a document uses when it writes the PDF, on the one thread that
/// writes it, and then decodes every kept glyph's outline to learn its width: a third of a small
/// report's time. The characters are known after the first layout pass (it meets every
/// string), so the same subset is made meanwhile and handed to printpdf whole, its glyphs
/// already decoded. Should the drawing meet a character the first pass did not, the report
/// embeds the font as before (printpdf subsets it).
struct MainSubset {
    chars: BTreeSet<char>,
    font: ParsedFont,
    /// The font program as printpdf embeds it (a CID-keyed CFF table), compressed.
    program: Option<Deflated>,
}

impl MainSubset {
    /// Every printable ASCII character (codes, numbers), the characters of the page footer, and
    /// `met`.
    fn build(
        font: &'static ParsedFont,
        mut met: BTreeSet<char>,
        footer: &str,
    ) -> Option<MainSubset> {
        met.extend((' '..='~').chain(footer.chars()));
        let mut chars = BTreeSet::new();
        let mut glyphs = std::collections::BTreeMap::new();
        for c in met {
            if let Some(g) = font.lookup_glyph_index(c as u32).filter(|g| *g != 0) {
                glyphs.entry(g).or_insert_with(|| c.to_string());
                chars.insert(c);
            }
        }
        let subset = printpdf::font::subset_font(font, &glyphs).ok()?;
        // The program compressed on one thread while the subset is parsed on the other.
        let (parsed, program) = std::thread::scope(|scope| {
            let program = scope.spawn(|| {
                let raw = printpdf::font::extract_cid_keyed_cff(&subset.bytes, 0)?;
                let mut z = flate2::Compress::new(flate2::Compression::default(), true);
                let compressed = deflate(&mut z, &raw)?;
                Some(Deflated { raw, compressed })
            });
            let parsed = parse_font(&subset.bytes).map(|mut parsed| {
                // The name a subset carries (ISO 32000-1, 9.6.4): the tag printpdf gives it.
                let name = font.font_name.clone().unwrap_or_default();
                parsed.font_name = Some(format!("{}+{name}", &MAIN_FONT_ID[..6]));
                // Every glyph decoded now (printpdf reads each one's width from its outline).
                for g in 0..parsed.num_glyphs {
                    drop(parsed.get_or_decode_glyph(g));
                }
                parsed
            });
            (parsed, program.join().ok().flatten())
        });
        Some(MainSubset {
            chars,
            font: parsed?,
            program,
        })
    }

    /// The document's main font (this subset as it is), and its program compressed.
    fn into_pdf_font(self) -> (printpdf::PdfFont, Option<Deflated>) {
        let font = printpdf::PdfFont::with_meta(
            self.font,
            printpdf::PrintpdfFontMeta {
                embedding_mode: printpdf::FontEmbeddingMode::Full,
                requires_subsetting: false,
                ..Default::default()
            },
        );
        (font, self.program)
    }
}

/// Parses the fonts on another thread while the caller reads the ledger: a small report's
/// time is mostly the font's.
pub(super) fn warm_up() {
    std::thread::spawn(|| {
        let _ = font();
    });
}

/// Which font draws a character: the CJK font, a fallback, or none (drawn as its code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Face {
    Main,
    Fallback(usize),
    /// No bundled font has it, or it would print as nothing: shown as `[U+XXXX]`.
    Code,
}

/// How a character no font can draw is printed, so nothing the ledger holds disappears.
fn code_text(c: char) -> String {
    format!("[U+{:04X}]", c as u32)
}

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

fn black() -> Color {
    rgb(0.1, 0.1, 0.1)
}
fn grey() -> Color {
    rgb(0.42, 0.42, 0.42)
}
fn alert() -> Color {
    rgb(0.75, 0.08, 0.08)
}
fn rule() -> Color {
    rgb(0.35, 0.35, 0.35)
}
fn accent() -> Color {
    rgb(0.13, 0.40, 0.25)
}

const PALETTE: [(f32, f32, f32); 6] = [
    (0.13, 0.40, 0.65),
    (0.85, 0.45, 0.10),
    (0.20, 0.55, 0.25),
    (0.55, 0.25, 0.60),
    (0.50, 0.40, 0.20),
    (0.10, 0.55, 0.60),
];

fn pt(x: f32, y_from_top: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(PAGE_H - y_from_top),
    }
}

/// Pages being laid out.
struct Pen<'a> {
    font: &'a ParsedFont,
    font_id: FontId,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    /// Current position from the top of the page.
    y: f32,
    /// Characters no bundled font has, printed as their code (see [`code_text`]).
    missing: BTreeSet<char>,
    /// The face and advance (em) of each character met, looked up once: those of the Basic
    /// Multilingual Plane by their code (a report's text is nearly all there), the rest here.
    bmp: Vec<Option<(Face, f32)>>,
    advances: HashMap<char, (Face, f32)>,
    /// False while a pass only finds where things fall (the page of each heading, for the
    /// contents): nothing is drawn.
    drawing: bool,
    /// The ids the fallback fonts get in this document, and which of them were used (only
    /// those are added to it, so an unused 20 MB font costs nothing).
    fallback_ids: Vec<FontId>,
    fallbacks_used: BTreeSet<usize>,
    /// Inside a BT … ET text object, with this size, colour and face set (one text object holds
    /// many strings: a 1,000-page report stays small and fast).
    text_state: Option<(f32, Color, Face)>,
    /// The characters drawn in the main font (those of the Basic Multilingual Plane by code):
    /// the font embedded must hold every one of them (see [`MainSubset`]).
    drawn: Vec<bool>,
    drawn_astral: BTreeSet<char>,
}

/// Tabs print as a space and Windows / old Mac line breaks as line breaks; every other character
/// is printed as it is (or refused by name when the font lacks it).
fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\t', '\r']) {
        std::borrow::Cow::Owned(
            s.replace("\r\n", "\n")
                .replace('\r', "\n")
                .replace('\t', " "),
        )
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Characters that would print as nothing, or reorder the text around them, whatever the font
/// says: control characters (other than the line break) and the bidirectional overrides.
fn is_control_like(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A short run of CJK characters standing alone between spaces (a person's name "张经理", a
/// unit "立方米", "王工") becomes one token, so a line never breaks inside it ("张/经理").
fn keep_short_runs_together(tokens: Vec<String>) -> Vec<String> {
    let is_cjk = |t: &str| {
        let mut cs = t.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if !c.is_ascii() && !CLOSING.contains(c) && !c.is_whitespace())
    };
    let boundary = |t: Option<&String>| t.is_none_or(|t| t == " " || CLOSING.contains(t.as_str()));
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let start = i;
        while i < tokens.len() && is_cjk(&tokens[i]) {
            i += 1;
        }
        let run = i - start;
        if run == 0 {
            out.push(tokens[i].clone());
            i += 1;
            continue;
        }
        let before = start.checked_sub(1).and_then(|j| tokens.get(j));
        if (2..=4).contains(&run) && boundary(before) && boundary(tokens.get(i)) {
            out.push(tokens[start..i].concat());
        } else {
            out.extend(tokens[start..i].iter().cloned());
        }
    }
    out
}

/// Units per em of a font's glyph advances.
fn font_upm(font: &ParsedFont) -> f32 {
    f32::from(font.pdf_font_metrics.units_per_em.max(1))
}

impl<'a> Pen<'a> {
    fn new(font: &'a ParsedFont, font_id: FontId) -> Pen<'a> {
        Pen {
            font,
            font_id,
            pages: Vec::new(),
            ops: Vec::new(),
            y: TOP,
            missing: BTreeSet::new(),
            bmp: vec![None; 0x1_0000],
            advances: HashMap::new(),
            drawing: true,
            // Fixed names of six capitals (the subset tag): the same records print the same bytes
            // (verify --report compares them).
            fallback_ids: (0..FALLBACK_FONTS.len())
                .map(|i| FontId(format!("RLFBK{}", char::from(b'A' + i as u8))))
                .collect(),
            fallbacks_used: BTreeSet::new(),
            text_state: None,
            drawn: vec![false; 0x1_0000],
            drawn_astral: BTreeSet::new(),
        }
    }

    /// Takes over what `before` (a pen of the pass before) learnt of the characters.
    fn learn_from(&mut self, before: Pen<'a>) {
        self.bmp = before.bmp;
        self.advances = before.advances;
        self.missing = before.missing;
    }

    /// The characters met so far that the main font draws.
    fn main_chars(&self) -> BTreeSet<char> {
        let bmp = self
            .bmp
            .iter()
            .enumerate()
            .filter_map(|(c, slot)| match slot {
                Some((Face::Main, _)) => u32::try_from(c).ok().and_then(char::from_u32),
                _ => None,
            });
        let astral = self
            .advances
            .iter()
            .filter_map(|(c, (face, _))| (*face == Face::Main).then_some(*c));
        bmp.chain(astral).collect()
    }

    /// Notes that `c` is drawn in the main font.
    fn mark_drawn(&mut self, c: char) {
        match self.drawn.get_mut(c as usize) {
            Some(slot) => *slot = true,
            None => {
                self.drawn_astral.insert(c);
            }
        }
    }

    /// Whether every character drawn in the main font is among `chars`.
    fn drawn_within(&self, chars: &BTreeSet<char>) -> bool {
        let bmp = self
            .drawn
            .iter()
            .enumerate()
            .filter(|(_, d)| **d)
            .filter_map(|(c, _)| u32::try_from(c).ok().and_then(char::from_u32));
        bmp.chain(self.drawn_astral.iter().copied())
            .all(|c| chars.contains(&c))
    }

    /// Adds the fallback fonts the text used to the document (and only those).
    fn add_used_fallbacks(&self, doc: &mut PdfDocument) {
        for &i in &self.fallbacks_used {
            if let Some(font) = fallback_font(i) {
                doc.resources.fonts.map.insert(
                    self.fallback_ids[i].clone(),
                    printpdf::PdfFont::new(font.clone()),
                );
            }
        }
    }

    /// Ends the open text object before any graphics operation.
    fn end_text(&mut self) {
        if self.text_state.take().is_some() {
            self.ops.push(Op::EndTextSection);
        }
    }

    fn graphics(&mut self, op: Op) {
        if !self.drawing {
            return;
        }
        self.end_text();
        self.ops.push(op);
    }

    /// Advance of `c` in em; looked up in the fonts once per character.
    fn advance(&mut self, c: char) -> f32 {
        self.face(c).1
    }

    /// The face that draws `c` and its advance in em (a `[U+XXXX]` code's whole width).
    fn face(&mut self, c: char) -> (Face, f32) {
        match c {
            // A variation selector picks a form of the character before it and takes no room.
            '\n' | '\r' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => {
                return (Face::Main, 0.0);
            }
            '\t' => return self.face(' '),
            _ => {}
        }
        if let Some(found) = self.known(c) {
            return found;
        }
        let glyph = |font: &ParsedFont| {
            font.lookup_glyph_index(c as u32)
                .filter(|g| *g != 0)
                .map(|g| font.get_horizontal_advance(g) as f32 / font_upm(font))
        };
        // Glyph 0 is a font's "missing" box; control-like characters print as nothing or a box.
        let found = if is_control_like(c) {
            None
        } else if let Some(a) = glyph(self.font) {
            Some((Face::Main, a))
        } else {
            (0..FALLBACK_FONTS.len()).find_map(|i| {
                fallback_font(i)
                    .and_then(&glyph)
                    .map(|a| (Face::Fallback(i), a))
            })
        };
        let found = found.unwrap_or_else(|| {
            self.missing.insert(c);
            let width = code_text(c).chars().map(|d| self.advance(d)).sum();
            (Face::Code, width)
        });
        match self.bmp.get_mut(c as usize) {
            Some(slot) => *slot = Some(found),
            None => {
                self.advances.insert(c, found);
            }
        }
        found
    }

    /// The face and advance of `c` if met before.
    fn known(&self, c: char) -> Option<(Face, f32)> {
        match self.bmp.get(c as usize) {
            Some(slot) => *slot,
            None => self.advances.get(&c).copied(),
        }
    }

    /// Width of `s` at `size` pt.
    fn width(&mut self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// Breaks `s` into lines no wider than `max`: at spaces in Latin text, anywhere in CJK text,
    /// inside a word only when the word alone is too wide.
    fn wrap(&mut self, s: &str, max: f32, size: f32) -> Vec<String> {
        let s = &*clean(s);
        let mut out = Vec::new();
        for para in s.split('\n') {
            // What fits on one line is that line (most table cells): the same line the breaking
            // below would give, without it.
            if self.width(para, size) <= max {
                out.push(para.trim_end().to_string());
                continue;
            }
            let mut tokens: Vec<String> = Vec::new();
            let mut word = String::new();
            for c in para.chars() {
                let latin = c.is_ascii_alphanumeric() || (c.is_ascii_punctuation());
                if latin {
                    word.push(c);
                } else {
                    if !word.is_empty() {
                        tokens.push(std::mem::take(&mut word));
                    }
                    tokens.push(c.to_string());
                }
            }
            if !word.is_empty() {
                tokens.push(word);
            }
            let tokens = keep_short_runs_together(tokens);
            let mut line = String::new();
            let mut w = 0.0;
            for mut tok in tokens {
                let mut tw = self.width(&tok, size);
                // A word that begins with closing punctuation ("),") and does not fit: the
                // punctuation stays on this line, the rest goes on.
                let lead = tok.chars().take_while(|c| CLOSING.contains(*c)).count();
                if lead > 0 && lead < tok.chars().count() && !line.is_empty() && w + tw > max {
                    let at = tok.char_indices().nth(lead).map_or(tok.len(), |(i, _)| i);
                    let rest = tok.split_off(at);
                    line.push_str(&tok);
                    w += self.width(&tok, size);
                    tok = rest;
                    tw = self.width(&tok, size);
                }
                // Closing punctuation never starts a line: it may hang into the margin.
                let closing = tok.chars().count() <= 2
                    && tok.chars().all(|c| CLOSING.contains(c))
                    && !line.is_empty();
                if w + tw <= max || line.is_empty() && tw <= max || closing {
                    line.push_str(&tok);
                    w += tw;
                    continue;
                }
                if tw > max {
                    // A word wider than the column: break it by character.
                    for c in tok.chars() {
                        let cw = self.advance(c) * size;
                        if w + cw > max && !line.is_empty() {
                            out.push(std::mem::take(&mut line));
                            w = 0.0;
                        }
                        line.push(c);
                        w += cw;
                    }
                    continue;
                }
                // Opening punctuation never ends a line: it goes down with what it opens.
                let mut carried = String::new();
                while let Some(c) = line.chars().last().filter(|c| OPENING.contains(*c)) {
                    if line.chars().count() == 1 {
                        break;
                    }
                    line.pop();
                    carried.insert(0, c);
                }
                out.push(line.trim_end().to_string());
                if tok == " " && carried.is_empty() {
                    line = String::new();
                    w = 0.0;
                } else {
                    if tok != " " {
                        carried.push_str(&tok);
                    }
                    w = self.width(&carried, size);
                    line = carried;
                }
            }
            out.push(line.trim_end().to_string());
        }
        out
    }

    fn text(&mut self, x: f32, baseline: f32, size: f32, s: &str, color: Color) {
        if !self.drawing {
            // Met, though not drawn: the characters the main font draws are known after the
            // first pass (see [`MainSubset`]).
            for c in s.chars() {
                self.face(c);
            }
            return;
        }
        if s.is_empty() {
            return;
        }
        let s = &*clean(s);
        // Runs of characters drawn by the same face, each placed after the one before.
        let mut runs: Vec<(Face, String)> = Vec::new();
        for c in s.chars() {
            if matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}') {
                continue;
            }
            let (face, _) = self.face(c);
            let piece = if face == Face::Code {
                code_text(c)
            } else {
                c.to_string()
            };
            if !matches!(face, Face::Fallback(_)) {
                piece.chars().for_each(|d| self.mark_drawn(d));
            }
            let face = if face == Face::Code { Face::Main } else { face };
            match runs.last_mut() {
                Some((f, run)) if *f == face => run.push_str(&piece),
                _ => runs.push((face, piece)),
            }
        }
        let mut x = x;
        for (face, run) in runs {
            self.show(x, baseline, size, face, &run, color.clone());
            x += self.width(&run, size);
        }
    }

    /// Shows one run of text in one face, inside the open text object.
    fn show(&mut self, x: f32, baseline: f32, size: f32, face: Face, s: &str, color: Color) {
        let (set_font, set_color) = match &self.text_state {
            None => {
                self.ops.push(Op::StartTextSection);
                (true, true)
            }
            Some((sz, col, f)) => (*sz != size || *f != face, *col != color),
        };
        if set_font {
            let font = match face {
                Face::Fallback(i) => {
                    self.fallbacks_used.insert(i);
                    self.fallback_ids[i].clone()
                }
                Face::Main | Face::Code => self.font_id.clone(),
            };
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            });
        }
        if set_color {
            self.ops.push(Op::SetFillColor { col: color.clone() });
        }
        self.text_state = Some((size, color, face));
        let p = pt(x, baseline);
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(p.x, p.y),
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(s.to_string())],
        });
    }

    // Position, box width, baseline, size, text, alignment and colour are all needed per call.
    #[allow(clippy::too_many_arguments)]
    fn text_aligned(
        &mut self,
        x: f32,
        w: f32,
        baseline: f32,
        size: f32,
        s: &str,
        align: Align,
        color: Color,
    ) {
        let tw = self.width(s, size);
        let x = match align {
            Align::Left => x,
            Align::Right => x + w - tw,
            Align::Center => x + (w - tw) / 2.0,
        };
        self.text(x, baseline, size, s, color);
    }

    fn fill_rect(&mut self, x: f32, top: f32, w: f32, h: f32, color: Color) {
        if !self.drawing {
            return;
        }
        self.graphics(Op::SetFillColor { col: color });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(PAGE_H - top - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    fn stroke_rect(&mut self, x: f32, top: f32, w: f32, h: f32, color: Color, thickness: f32) {
        self.polyline(
            &[(x, top), (x + w, top), (x + w, top + h), (x, top + h)],
            true,
            color,
            thickness,
        );
    }

    fn polyline(&mut self, pts: &[(f32, f32)], closed: bool, color: Color, thickness: f32) {
        if !self.drawing {
            return;
        }
        self.graphics(Op::SetOutlineColor { col: color });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        self.ops.push(Op::DrawLine {
            line: Line {
                points: pts
                    .iter()
                    .map(|(x, y)| LinePoint {
                        p: pt(*x, *y),
                        bezier: false,
                    })
                    .collect(),
                is_closed: closed,
            },
        });
    }

    fn hline(&mut self, x1: f32, x2: f32, y: f32, color: Color, thickness: f32) {
        self.polyline(&[(x1, y), (x2, y)], false, color, thickness);
    }

    fn dashed(&mut self, on: bool) {
        self.graphics(Op::SetLineDashPattern {
            dash: if on {
                LineDashPattern::new(0.0, &[3.0, 2.0])
            } else {
                LineDashPattern::solid()
            },
        });
    }

    fn new_page(&mut self) {
        self.end_text();
        // A page's operations are kept until the document is written: without the room a
        // growing list keeps spare (up to half of it), a 1,000-page report needs less.
        if !self.drawing {
            self.pages.push(Vec::new());
            self.y = TOP;
            return;
        }
        let room = self.ops.len();
        let mut ops = std::mem::replace(&mut self.ops, Vec::with_capacity(room));
        ops.shrink_to_fit();
        self.pages.push(ops);
        self.y = TOP;
    }

    /// Starts a new page unless `h` more points fit on this one.
    fn ensure(&mut self, h: f32) {
        if self.y + h > LIMIT && self.y > TOP {
            self.new_page();
        }
    }

    fn paragraph(&mut self, s: &str, size: f32, color: Color) {
        let lh = size * 1.6;
        for line in self.wrap(s, CONTENT_W, size) {
            self.ensure(lh);
            self.text(MARGIN_X, self.y + size, size, &line, color.clone());
            self.y += lh;
        }
        self.y += 4.0;
    }

    /// A heading, on the page of the `keep` points that follow it.
    fn heading(&mut self, s: &str, keep: f32) {
        self.ensure(36.0 + keep);
        self.y += 8.0;
        self.text(MARGIN_X, self.y + 14.0, 14.0, s, accent());
        self.y += 20.0;
        self.hline(MARGIN_X, MARGIN_X + CONTENT_W, self.y, accent(), 0.8);
        self.y += 8.0;
    }

    fn subheading(&mut self, s: &str, keep: f32) {
        self.ensure(22.0 + keep);
        self.y += 4.0;
        self.text(MARGIN_X, self.y + 11.0, 11.0, s, black());
        self.y += 18.0;
    }

    fn fields(&mut self, fields: &[(String, String)]) {
        let label_w = CONTENT_W * 0.28;
        let lh = BODY * 1.55;
        for (k, v) in fields {
            let lines = self.wrap(v, CONTENT_W - label_w, BODY);
            let labels = self.wrap(k, label_w - 8.0, BODY);
            let n = lines.len().max(labels.len());
            let h = n as f32 * lh + 3.0;
            self.ensure(h);
            // Line by line, so a value taller than a page continues on the next one.
            let mut top = self.y;
            for i in 0..n {
                if top + (i as f32 + 1.0) * lh > LIMIT {
                    self.y = top + i as f32 * lh;
                    self.new_page();
                    top = self.y - i as f32 * lh;
                }
                let baseline = top + BODY + i as f32 * lh;
                if let Some(line) = labels.get(i) {
                    self.text(MARGIN_X, baseline, BODY, line, grey());
                }
                if let Some(line) = lines.get(i) {
                    self.text(MARGIN_X + label_w, baseline, BODY, line, black());
                }
            }
            self.y = top + h;
            self.hline(
                MARGIN_X,
                MARGIN_X + CONTENT_W,
                self.y - 1.5,
                rgb(0.88, 0.88, 0.88),
                0.4,
            );
        }
        self.y += 6.0;
    }

    /// The size at which the longest Latin word of `s` fits in `avail` (down to 6 pt), so a word
    /// like "Rectified" shrinks a little instead of breaking in the middle.
    fn fit_size(&mut self, s: &str, avail: f32) -> f32 {
        let widest = s
            .split(|c: char| !(c.is_ascii_alphanumeric() || c.is_ascii_punctuation()))
            .filter(|w| w.len() > 1)
            .map(|w| self.width(w, SMALL))
            .fold(0.0f32, f32::max);
        if widest <= avail {
            SMALL
        } else {
            (SMALL * avail / widest).max(6.0)
        }
    }

    fn cell(&mut self, s: &str, avail: f32) -> (f32, Vec<String>) {
        let size = self.fit_size(s, avail);
        (size, self.wrap(s, avail, size))
    }

    /// The widest piece of `s` a line never breaks inside, at `size`: a Latin word, or a short
    /// run of CJK standing alone (a name, a unit; see [`keep_short_runs_together`]), else one
    /// character.
    fn unbreakable(&mut self, s: &str, size: f32) -> f32 {
        let mut widest = 0.0f32;
        for piece in s.split([' ', '\n']) {
            let mut word = 0.0f32;
            let mut run = 0.0f32;
            let mut run_chars = 0;
            for c in piece.chars() {
                let w = self.advance(c) * size;
                if c.is_ascii_alphanumeric() || c.is_ascii_punctuation() {
                    word += w;
                    widest = widest.max(word);
                } else {
                    word = 0.0;
                    if CLOSING.contains(c) {
                        run_chars = 5;
                    } else {
                        run += w;
                        run_chars += 1;
                    }
                    widest = widest.max(w);
                }
            }
            if (2..=4).contains(&run_chars) {
                widest = widest.max(run);
            }
        }
        widest
    }

    /// Column widths sized to the content: a column whose longest line fits in 30% of the
    /// page's width (dates, kinds, names, companies, quantities with their unit) is as wide as
    /// that line and never breaks; the columns of longer text share what is left by their
    /// relative widths, each at least as wide as its widest word. A table narrower than the
    /// page is widened in proportion.
    fn column_widths(&mut self, t: &Table) -> Vec<f32> {
        let pad = 2.0 * CELL_PAD_X;
        let n = t.columns.len();
        let mut natural: Vec<f32> = Vec::with_capacity(n);
        let mut least: Vec<f32> = Vec::with_capacity(n);
        for c in &t.columns {
            // A title may break between words: it asks only for its widest word.
            let w = self.unbreakable(&c.title, SMALL);
            natural.push(w);
            least.push(w);
        }
        for row in &t.rows {
            for (i, cell) in row.cells.iter().enumerate().take(n) {
                let line = cell
                    .split('\n')
                    .map(|l| self.width(l, SMALL))
                    .fold(0.0f32, f32::max);
                if line > natural[i] {
                    natural[i] = line;
                }
                if line > least[i] {
                    let u = self.unbreakable(cell, SMALL);
                    least[i] = least[i].max(u);
                }
            }
        }
        // Rounding up a little: a width computed from the same advances must not wrap.
        let natural: Vec<f32> = natural.iter().map(|w| w + pad + 0.5).collect();
        let least: Vec<f32> = least.iter().map(|w| w + pad + 0.5).collect();
        let weight: Vec<f32> = t.columns.iter().map(|c| c.width.max(0.01)).collect();
        let mut widths: Vec<Option<f32>> = natural
            .iter()
            .map(|&w| (w <= 0.3 * CONTENT_W).then_some(w))
            .collect();
        let fixed = |widths: &[Option<f32>]| widths.iter().flatten().sum::<f32>();
        // Several columns of long text squeezed by the kept ones (the rules table: name and
        // threshold kept, source, value and method in narrow strips): the widest kept column
        // that is not short wraps too, until each text column has room for a phrase.
        loop {
            let free = widths.iter().filter(|w| w.is_none()).count();
            if free < 2 || (CONTENT_W - fixed(&widths)) / free as f32 >= MIN_TEXT_COLUMN {
                break;
            }
            let widest = (0..n)
                .filter(|&i| widths[i].is_some_and(|w| w > 0.15 * CONTENT_W))
                .max_by(|&a, &b| natural[a].total_cmp(&natural[b]));
            match widest {
                Some(i) => widths[i] = None,
                None => break,
            }
        }
        if fixed(&widths)
            + (0..n)
                .filter(|&i| widths[i].is_none())
                .map(|i| least[i])
                .sum::<f32>()
            > CONTENT_W
        {
            // Too much to keep whole: the relative widths decide, as before.
            let total: f32 = weight.iter().sum();
            return weight.iter().map(|w| w / total * CONTENT_W).collect();
        }
        // The text columns share what is left: one that needs less than its share takes what it
        // needs (its natural width), one narrower than its widest word takes that; repeat.
        loop {
            let free: Vec<usize> = (0..n).filter(|&i| widths[i].is_none()).collect();
            if free.is_empty() {
                break;
            }
            let left = CONTENT_W - fixed(&widths);
            let weights: f32 = free.iter().map(|&i| weight[i]).sum();
            let mut settled = false;
            for &i in &free {
                let share = left * weight[i] / weights;
                if natural[i] <= share {
                    widths[i] = Some(natural[i]);
                    settled = true;
                } else if least[i] > share {
                    widths[i] = Some(least[i]);
                    settled = true;
                }
            }
            if !settled {
                for &i in &free {
                    widths[i] = Some(left * weight[i] / weights);
                }
                break;
            }
        }
        let widths: Vec<f32> = widths.into_iter().map(|w| w.unwrap_or(0.0)).collect();
        let total: f32 = widths.iter().sum();
        if total < CONTENT_W && total > 0.0 {
            // Room to spare: every column gets its share of it.
            let spare = CONTENT_W - total;
            let weights: f32 = weight.iter().sum();
            return widths
                .iter()
                .zip(&weight)
                .map(|(w, k)| w + spare * k / weights)
                .collect();
        }
        widths
    }

    /// The lines of each cell of `row` in columns of `widths`, and the row's height.
    fn row_cells(&mut self, row: &super::Row, widths: &[f32]) -> (Vec<(f32, Vec<String>)>, usize) {
        let cells: Vec<(f32, Vec<String>)> = row
            .cells
            .iter()
            .zip(widths)
            .map(|(c, w)| self.cell(c, w - 2.0 * CELL_PAD_X))
            .collect();
        let lines = cells.iter().map(|c| c.1.len()).max().unwrap_or(1).max(1);
        (cells, lines)
    }

    /// The height a table needs to start on this page: its header and its first three rows
    /// (all of them when it has fewer), so a heading never stands above a lone row.
    fn table_start_height(&mut self, t: &Table) -> f32 {
        let widths = self.column_widths(t);
        let header = Table {
            columns: t.columns.clone(),
            rows: vec![super::Row {
                cells: t.columns.iter().map(|c| c.title.clone()).collect(),
                alert: false,
            }],
        };
        let (_, header_lines) = self.row_cells(&header.rows[0], &widths);
        let mut h = row_height(header_lines);
        for row in t.rows.iter().take(3) {
            h += row_height(self.row_cells(row, &widths).1);
        }
        h
    }

    /// How much of what follows a heading stays on its page: the paragraphs up to its table
    /// and the table's header with three rows (or 40 points of whatever else comes).
    fn kept_with_heading(&mut self, after: &[Block], refs: &HashMap<String, usize>) -> f32 {
        let mut h = 0.0;
        for b in after {
            match b {
                Block::Anchor(_) => {}
                // A section's first subsection heading goes with it, and what follows that.
                Block::Subheading(_) => h += 22.0,
                Block::Paragraph(p) => {
                    let size = BODY + 0.5;
                    h += self.wrap(&resolve(p, refs), CONTENT_W, size).len() as f32 * size * 1.6
                        + 4.0;
                }
                Block::Table(t) => return h + self.table_start_height(&resolve_table(t, refs)),
                // A row of photos with short captions; a chart whole.
                Block::Photos(p) if !p.is_empty() => {
                    return h + (CONTENT_W / 3.0 - 12.0) * 0.75 + 60.0;
                }
                Block::Chart(Chart::Line { .. }) => return h + LINE_CHART_H,
                _ => return h + 40.0,
            }
        }
        h + 40.0
    }

    /// Draws the grid of the part of a table on this page: the column rules from `top` to
    /// `bottom` and a rule under each row (`rows`, emptied). A full grid survives a photocopy,
    /// where faint stripes do not. Drawn at once, the rules cost one colour and one width each
    /// page, and the rows' text stays in one text object.
    fn grid(&mut self, widths: &[f32], top: f32, bottom: f32, rows: &mut Vec<f32>) {
        if !self.drawing {
            rows.clear();
            return;
        }
        self.graphics(Op::SetOutlineColor { col: rule() });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(RULE_PT) });
        let right = MARGIN_X + widths.iter().sum::<f32>();
        let segment = |pen: &mut Pen<'_>, a: (f32, f32), b: (f32, f32)| {
            pen.ops.push(Op::DrawLine {
                line: Line {
                    points: [a, b]
                        .iter()
                        .map(|(x, y)| LinePoint {
                            p: pt(*x, *y),
                            bezier: false,
                        })
                        .collect(),
                    is_closed: false,
                },
            });
        };
        for y in rows.drain(..) {
            segment(self, (MARGIN_X, y), (right, y));
        }
        let mut x = MARGIN_X;
        segment(self, (x, top), (x, bottom));
        for w in widths {
            x += w;
            segment(self, (x, top), (x, bottom));
        }
    }

    fn table(&mut self, t: &Table) {
        let widths = self.column_widths(t);
        let lh = ROW_LH;
        let header: Vec<(f32, Vec<String>)> = t
            .columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| self.cell(&c.title, w - 2.0 * CELL_PAD_X))
            .collect();
        let header_h = row_height(header.iter().map(|c| c.1.len()).max().unwrap_or(1));
        let table_w: f32 = widths.iter().sum();
        // Where the part of the table on this page starts (for its column rules).
        let mut top = self.y;
        // The rules under the rows drawn on this page, drawn with its grid.
        let mut rules: Vec<f32> = Vec::new();
        let draw_header = |pen: &mut Pen<'_>, top: &mut f32, rules: &mut Vec<f32>| {
            *top = pen.y;
            pen.fill_rect(MARGIN_X, pen.y, table_w, header_h, rgb(0.88, 0.88, 0.88));
            rules.push(pen.y);
            let mut x = MARGIN_X;
            for ((col, (size, lines)), w) in t.columns.iter().zip(&header).zip(&widths) {
                for (i, line) in lines.iter().enumerate() {
                    pen.text_aligned(
                        x + CELL_PAD_X,
                        w - 2.0 * CELL_PAD_X,
                        pen.y + CELL_PAD_Y + SMALL + i as f32 * lh - 1.0,
                        *size,
                        line,
                        col.align,
                        black(),
                    );
                }
                x += w;
            }
            pen.y += header_h;
            rules.push(pen.y);
        };
        let start = self.table_start_height(t);
        self.ensure(start);
        draw_header(self, &mut top, &mut rules);
        let max_lines = ((LIMIT - TOP - header_h - 2.0 * CELL_PAD_Y) / lh)
            .floor()
            .max(1.0) as usize;
        let mut next = t.rows.first().map(|r| self.row_cells(r, &widths));
        for (n, row) in t.rows.iter().enumerate() {
            let Some((cells, total_lines)) = next.take() else {
                break;
            };
            next = t.rows.get(n + 1).map(|r| self.row_cells(r, &widths));
            // A row that fits on a page stays together; a taller one continues on the next page
            // (under a repeated header) rather than losing its last lines.
            let whole_h = row_height(total_lines);
            let mut new_page = total_lines <= max_lines && self.y + whole_h > LIMIT;
            // The last row never stands alone on a page: the one before goes with it.
            if !new_page
                && n + 2 == t.rows.len()
                && n >= 2
                && let Some((_, last_lines)) = &next
            {
                let both = whole_h + row_height(*last_lines);
                new_page = self.y + both > LIMIT && TOP + header_h + both <= LIMIT;
            }
            if new_page {
                self.grid(&widths, top, self.y, &mut rules);
                self.new_page();
                draw_header(self, &mut top, &mut rules);
            }
            let color = if row.alert { alert() } else { black() };
            let mut start = 0;
            let mut fresh_page = false;
            while start < total_lines {
                let room = ((LIMIT - self.y - 2.0 * CELL_PAD_Y) / lh).floor().max(0.0) as usize;
                if room == 0 && !fresh_page {
                    self.grid(&widths, top, self.y, &mut rules);
                    self.new_page();
                    draw_header(self, &mut top, &mut rules);
                    fresh_page = true;
                    continue;
                }
                let take = room.max(1).min(total_lines - start);
                fresh_page = false;
                let h = take as f32 * lh + 2.0 * CELL_PAD_Y;
                let mut x = MARGIN_X;
                for ((col, (size, lines)), w) in t.columns.iter().zip(&cells).zip(&widths) {
                    for (i, line) in lines.iter().skip(start).take(take).enumerate() {
                        self.text_aligned(
                            x + CELL_PAD_X,
                            w - 2.0 * CELL_PAD_X,
                            self.y + CELL_PAD_Y + SMALL + i as f32 * lh - 1.0,
                            *size,
                            line,
                            col.align,
                            color.clone(),
                        );
                    }
                    x += w;
                }
                self.y += h;
                rules.push(self.y);
                start += take;
            }
        }
        self.grid(&widths, top, self.y, &mut rules);
        self.y += 8.0;
    }

    fn chart(&mut self, c: &Chart) {
        match c {
            Chart::Progress { title, bars } => {
                let bar_h = 9.0;
                let gap = 5.0;
                let h = 22.0 + bars.len() as f32 * (bar_h + gap) + 6.0;
                self.ensure(h);
                self.text(MARGIN_X, self.y + 10.0, 10.0, title, black());
                self.y += 18.0;
                let label_w = 120.0;
                let pct_w = 50.0;
                let area = CONTENT_W - label_w - pct_w;
                let max = bars.iter().map(|b| b.1).fold(1.0f64, f64::max) as f32;
                let top = self.y;
                for (i, (label, frac, pct)) in bars.iter().enumerate() {
                    let y = top + i as f32 * (bar_h + gap);
                    self.text_aligned(
                        MARGIN_X,
                        label_w - 6.0,
                        y + bar_h - 1.5,
                        SMALL,
                        label,
                        Align::Right,
                        black(),
                    );
                    let x0 = MARGIN_X + label_w;
                    self.fill_rect(x0, y, area / max, bar_h, rgb(0.88, 0.88, 0.88));
                    let w = (*frac as f32 / max * area).max(0.0);
                    let col = if *frac >= 1.0 {
                        rgb(0.20, 0.55, 0.30)
                    } else {
                        rgb(0.13, 0.40, 0.65)
                    };
                    self.fill_rect(x0, y + 1.5, w, bar_h - 3.0, col);
                    self.text(x0 + area + 4.0, y + bar_h - 1.5, SMALL, pct, black());
                }
                let x100 = MARGIN_X + label_w + area / max;
                let bottom = top + bars.len() as f32 * (bar_h + gap);
                self.dashed(true);
                self.polyline(&[(x100, top - 3.0), (x100, bottom)], false, grey(), 0.6);
                self.dashed(false);
                self.text_aligned(
                    x100 - 20.0,
                    40.0,
                    bottom + 8.0,
                    6.5,
                    "100%",
                    Align::Center,
                    grey(),
                );
                self.y = bottom + 16.0;
            }
            Chart::Line {
                title,
                series,
                x_is_year,
                threshold,
                y_label,
                x_label,
            } => {
                let plot_h = 150.0;
                self.ensure(LINE_CHART_H);
                self.text(MARGIN_X, self.y + 10.0, 10.0, title, black());
                self.y += 18.0;
                // What the y axis measures, above it; what the x axis measures, at its end.
                self.text(MARGIN_X, self.y + 7.0, 7.0, y_label, grey());
                self.y += 12.0;
                let axis_w = 58.0;
                let x0 = MARGIN_X + axis_w;
                let w = CONTENT_W - axis_w - 10.0;
                let top = self.y;
                let all = series.iter().flat_map(|s| s.points.iter());
                let (mut xmin, mut xmax, mut ymax) = (f64::MAX, f64::MIN, 0.0f64);
                for (x, y) in all {
                    xmin = xmin.min(*x);
                    xmax = xmax.max(*x);
                    ymax = ymax.max(*y);
                }
                if let Some((t, _)) = threshold {
                    ymax = ymax.max(*t);
                }
                if *x_is_year {
                    xmin = xmin.floor();
                    xmax = xmax.floor()
                        + if series
                            .iter()
                            .all(|s| s.points.iter().all(|p| p.0.fract() == 0.0))
                        {
                            0.0
                        } else {
                            1.0
                        };
                }
                if xmax <= xmin {
                    xmax = xmin + 1.0;
                }
                let step = nice_step(ymax * 1.1 / 5.0);
                let ytop = ((ymax * 1.1) / step).ceil() * step;
                let ytop = if ytop <= 0.0 { 1.0 } else { ytop };
                let sx = |x: f64| x0 + ((x - xmin) / (xmax - xmin)) as f32 * w;
                let sy = |y: f64| top + plot_h - (y / ytop) as f32 * plot_h;
                // Grid and y ticks.
                let mut v = 0.0;
                while v <= ytop + step / 2.0 {
                    let y = sy(v);
                    self.hline(x0, x0 + w, y, rgb(0.88, 0.88, 0.88), 0.4);
                    let label = group_thousands(v.round() as i128);
                    self.text_aligned(
                        MARGIN_X,
                        axis_w - 5.0,
                        y + 2.5,
                        6.5,
                        &label,
                        Align::Right,
                        grey(),
                    );
                    v += step;
                }
                // X ticks: years.
                let years = (xmax - xmin).round() as i64;
                let every = (years / 12 + 1).max(1);
                let mut yr = xmin.round() as i64;
                while yr as f64 <= xmax + 1e-9 {
                    let x = sx(yr as f64);
                    self.polyline(
                        &[(x, top + plot_h), (x, top + plot_h + 3.0)],
                        false,
                        grey(),
                        0.5,
                    );
                    self.text_aligned(
                        x - 15.0,
                        30.0,
                        top + plot_h + 11.0,
                        6.5,
                        &yr.to_string(),
                        Align::Center,
                        grey(),
                    );
                    yr += every;
                }
                self.polyline(
                    &[(x0, top), (x0, top + plot_h), (x0 + w, top + plot_h)],
                    false,
                    grey(),
                    0.7,
                );
                self.text_aligned(
                    x0,
                    w,
                    top + plot_h + 21.0,
                    7.0,
                    x_label,
                    Align::Right,
                    grey(),
                );
                if let Some((t, label)) = threshold {
                    let y = sy(*t);
                    self.dashed(true);
                    self.hline(x0, x0 + w, y, alert(), 0.8);
                    self.dashed(false);
                    let lw = self.width(label, 7.0);
                    self.text(x0 + w - lw, y - 3.0, 7.0, label, alert());
                }
                for (i, s) in series.iter().enumerate() {
                    let (r, g, b) = PALETTE[i % PALETTE.len()];
                    let pts: Vec<(f32, f32)> =
                        s.points.iter().map(|(x, y)| (sx(*x), sy(*y))).collect();
                    if pts.len() > 1 {
                        self.polyline(&pts, false, rgb(r, g, b), 1.2);
                    }
                    for (x, y) in &pts {
                        self.fill_rect(x - 1.3, y - 1.3, 2.6, 2.6, rgb(r, g, b));
                    }
                }
                // The legend flows into more rows (and pages) rather than off the page.
                let right = MARGIN_X + CONTENT_W;
                let legend_lh = 11.0;
                let mut legend_x = x0;
                let mut ly = top + plot_h + 24.0;
                for (i, s) in series.iter().enumerate() {
                    let (r, g, b) = PALETTE[i % PALETTE.len()];
                    let name_w = self.width(&s.name, 7.5);
                    if legend_x > x0 && legend_x + 13.0 + name_w > right {
                        legend_x = x0;
                        ly += legend_lh;
                    }
                    let lines = self.wrap(&s.name, right - legend_x - 13.0, 7.5);
                    if ly > LIMIT {
                        self.new_page();
                        ly = self.y + 10.0;
                    }
                    self.fill_rect(legend_x, ly - 5.0, 10.0, 3.0, rgb(r, g, b));
                    for (k, line) in lines.iter().enumerate() {
                        if k > 0 {
                            ly += legend_lh;
                            if ly > LIMIT {
                                self.new_page();
                                ly = self.y + 10.0;
                            }
                        }
                        self.text(legend_x + 13.0, ly, 7.5, line, black());
                    }
                    legend_x = if lines.len() > 1 {
                        right
                    } else {
                        legend_x + 13.0 + name_w + 14.0
                    };
                }
                self.y = ly + 12.0;
            }
        }
    }

    fn photos(
        &mut self,
        doc: &mut PdfDocument,
        items: &[PhotoItem],
        photos: PhotoSource<'_>,
        lang: crate::i18n::Lang,
    ) {
        let per_row = 3;
        let cell_w = CONTENT_W / per_row as f32;
        let thumb_w = cell_w - 12.0;
        let thumb_h = thumb_w * 0.75;
        let cap = 7.0;
        for chunk in items.chunks(per_row) {
            let captions: Vec<Vec<String>> = chunk
                .iter()
                .map(|p| {
                    p.caption
                        .iter()
                        .flat_map(|c| self.wrap(c, thumb_w, cap))
                        .collect()
                })
                .collect();
            let cap_lines = captions.iter().map(Vec::len).max().unwrap_or(0);
            let h = thumb_h + 6.0 + cap_lines as f32 * cap * 1.4 + 12.0;
            self.ensure(h);
            for (i, p) in chunk.iter().enumerate() {
                let x = MARGIN_X + i as f32 * cell_w;
                let top = self.y;
                self.stroke_rect(x, top, thumb_w, thumb_h, rgb(0.75, 0.75, 0.75), 0.5);
                // A pass that only measures draws no photo (its box is the same size).
                let thumb = if self.drawing {
                    photos(p.id).and_then(|bytes| thumbnail(&bytes))
                } else {
                    None
                };
                match thumb {
                    _ if !self.drawing => {}
                    Some(img) => {
                        let (iw, ih) = (img.width as f32, img.height as f32);
                        let scale = (thumb_w / iw).min(thumb_h / ih);
                        let (dw, dh) = (iw * scale, ih * scale);
                        // A name of its own in this document (printpdf's are the next of a
                        // process-wide sequence): the same records print the same bytes, however
                        // many reports this process printed before.
                        let id = printpdf::XObjectId(format!(
                            "RLIMG{}",
                            doc.resources.xobjects.map.len()
                        ));
                        doc.resources
                            .xobjects
                            .map
                            .insert(id.clone(), printpdf::xobject::XObject::Image(img));
                        self.graphics(Op::UseXobject {
                            id,
                            transform: XObjectTransform {
                                translate_x: Some(Pt(x + (thumb_w - dw) / 2.0)),
                                translate_y: Some(Pt(PAGE_H - top - (thumb_h + dh) / 2.0)),
                                scale_x: Some(scale),
                                scale_y: Some(scale),
                                dpi: Some(72.0),
                                ..Default::default()
                            },
                        });
                    }
                    None => {
                        let s = tr::text(lang, Text::PhotoUnreadable);
                        self.text_aligned(
                            x,
                            thumb_w,
                            top + thumb_h / 2.0,
                            cap,
                            s,
                            Align::Center,
                            alert(),
                        );
                    }
                }
            }
            // Captions line by line across the row, continuing on the next page when a caption
            // is taller than the page has room for.
            let lh = cap * 1.4;
            let mut first = self.y + thumb_h + 6.0 + cap;
            for j in 0..cap_lines {
                let mut baseline = first + j as f32 * lh;
                if baseline > LIMIT {
                    self.new_page();
                    first = self.y + cap - j as f32 * lh;
                    baseline = first + j as f32 * lh;
                }
                for (i, lines) in captions.iter().enumerate() {
                    if let Some(line) = lines.get(j) {
                        let x = MARGIN_X + i as f32 * cell_w;
                        self.text(x, baseline, cap, line, black());
                    }
                }
            }
            // The row ends where it did before: thumbnail, gap, captions, 12 pt.
            self.y = first + cap_lines as f32 * lh - cap + 12.0;
        }
    }

    fn signatures(&mut self, sigs: &[(String, String)], lang: crate::i18n::Lang) {
        let row_h = 34.0;
        self.ensure(sigs.len() as f32 * row_h + 10.0);
        let sign = tr::text(lang, Text::Signature);
        let date = tr::text(lang, Text::Date);
        let lh = BODY * 1.55;
        // The seal (盖章) goes in a box beside the three signatures.
        let seal_w = 96.0;
        let seal_x = MARGIN_X + CONTENT_W - seal_w;
        let seal_top = self.y + 4.0;
        let seal_h = (sigs.len() as f32 * row_h).max(row_h) - 4.0;
        self.dashed(true);
        self.stroke_rect(seal_x, seal_top, seal_w, seal_h, grey(), 0.6);
        self.dashed(false);
        let seal = tr::text(lang, Text::Seal);
        self.text_aligned(
            seal_x,
            seal_w,
            seal_top + seal_h / 2.0 + BODY / 2.0,
            BODY,
            seal,
            Align::Center,
            grey(),
        );
        let line_end = seal_x - 10.0;
        for (role, name) in sigs {
            // Long names wrap in their column, continuing on the next page when they must.
            let names = self.wrap(name, 200.0 - 64.0 - 8.0, BODY);
            let roles = self.wrap(role, 64.0 - 6.0, BODY);
            let n = names.len().max(roles.len()).max(1);
            self.ensure(row_h + (n - 1) as f32 * lh);
            let base = self.y + 20.0;
            // The signature and date lines stand beside the first line of the name.
            let sx = MARGIN_X + 200.0;
            self.text(sx, base, BODY, sign, grey());
            let sw = self.width(sign, BODY) + 4.0;
            self.hline(sx + sw, sx + sw + 70.0, base + 2.0, black(), 0.5);
            let dx = sx + sw + 80.0;
            self.text(dx, base, BODY, date, grey());
            let dw = self.width(date, BODY) + 4.0;
            self.hline(dx + dw, line_end, base + 2.0, black(), 0.5);
            let mut top = base;
            for i in 0..n {
                if top + i as f32 * lh > LIMIT {
                    self.new_page();
                    top = self.y + 20.0 - i as f32 * lh;
                }
                let y = top + i as f32 * lh;
                if let Some(r) = roles.get(i) {
                    self.text(MARGIN_X, y, BODY, r, grey());
                }
                if let Some(l) = names.get(i) {
                    self.text(MARGIN_X + 64.0, y, BODY, l, black());
                }
            }
            // The row ends 14 pt below the last line's baseline (34 pt for a one-line row).
            self.y = top + (n - 1) as f32 * lh + row_h - 20.0;
        }
        self.y += 8.0;
    }
}

/// A step of 1, 2 or 5 × 10ⁿ near `raw`.
fn nice_step(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let n = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    n * mag
}

/// Decodes a photo and shrinks it to at most 480 px wide (a thumbnail keeps the PDF small).
fn thumbnail(bytes: &[u8]) -> Option<RawImage> {
    let img = RawImage::decode_from_bytes(bytes, &mut Vec::new()).ok()?;
    let channels = match img.data_format {
        RawImageFormat::R8 => 1,
        RawImageFormat::RG8 => 2,
        RawImageFormat::RGB8 | RawImageFormat::BGR8 => 3,
        RawImageFormat::RGBA8 | RawImageFormat::BGRA8 => 4,
        _ => return Some(img),
    };
    const MAX: usize = 480;
    if img.width <= MAX && img.height <= MAX {
        return Some(img);
    }
    let RawImageData::U8(px) = &img.pixels else {
        return Some(img);
    };
    let f = (img.width.max(img.height) as f32 / MAX as f32).ceil() as usize;
    let (w, h) = (img.width / f, img.height / f);
    let mut out = vec![0u8; w * h * channels];
    // Box filter: the mean of each f × f block.
    for y in 0..h {
        for x in 0..w {
            for c in 0..channels {
                let mut sum = 0u32;
                for dy in 0..f {
                    for dx in 0..f {
                        let i = ((y * f + dy) * img.width + x * f + dx) * channels + c;
                        sum += u32::from(px.get(i).copied().unwrap_or(0));
                    }
                }
                out[(y * w + x) * channels + c] = (sum / (f * f) as u32) as u8;
            }
        }
    }
    Some(RawImage {
        pixels: RawImageData::U8(out),
        width: w,
        height: h,
        data_format: img.data_format,
        tag: Vec::new(),
    })
}

/// `s` with its page references resolved: [`super::page_ref`] placeholders become the page the
/// anchor landed on in the previous pass ("00" before the first, as wide as most numbers).
fn resolve<'s>(s: &'s str, pages: &HashMap<String, usize>) -> std::borrow::Cow<'s, str> {
    if !s.contains(super::REF_OPEN) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find(super::REF_OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + super::REF_OPEN.len_utf8()..];
        let Some(end) = after.find(super::REF_CLOSE) else {
            rest = after;
            break;
        };
        let key = &after[..end];
        match pages.get(key) {
            Some(n) => out.push_str(&n.to_string()),
            None => out.push_str("00"),
        }
        rest = &after[end + super::REF_CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

impl Pen<'_> {
    /// The table of contents: each title, a dotted leader, and its page.
    fn toc(&mut self, entries: &[(String, String)], pages: &HashMap<String, usize>) {
        let lh = BODY * 1.9;
        for (title, key) in entries {
            self.ensure(lh);
            let baseline = self.y + BODY;
            let page = pages
                .get(key)
                .map(|n| n.to_string())
                .unwrap_or_else(|| "00".into());
            let indent = if title.starts_with(['（', '(']) || title.split('.').count() > 1 {
                16.0
            } else {
                0.0
            };
            self.text(MARGIN_X + indent, baseline, BODY, title, black());
            let tw = self.width(title, BODY);
            let pw = self.width(&page, BODY);
            let from = MARGIN_X + indent + tw + 6.0;
            let to = MARGIN_X + CONTENT_W - pw - 6.0;
            if to > from {
                self.dashed(true);
                self.hline(from, to, baseline, grey(), 0.4);
                self.dashed(false);
            }
            self.text_aligned(
                MARGIN_X,
                CONTENT_W,
                baseline,
                BODY,
                &page,
                Align::Right,
                black(),
            );
            self.y += lh;
        }
        self.y += 6.0;
    }
}

impl Pen<'_> {
    /// A QR code (black modules drawn as squares, with the quiet zone the standard asks) and its
    /// caption beside it. Data too long for a QR code is left out rather than failing the report.
    fn qr(&mut self, doc: &mut PdfDocument, data: &str, caption: &str) {
        // Added to the document only when drawn (a measuring pass takes its room as given;
        // should the data not fit a QR code after all, the next pass lays the page out again
        // without it).
        let form = if self.drawing {
            match qr_form(doc, data, qrcode::EcLevel::M, "RLQRMAIN") {
                Some(form) => Some(form),
                None => return,
            }
        } else {
            None
        };
        let size = 96.0;
        self.ensure(size + 8.0);
        let top = self.y;
        if let Some((id, side)) = form {
            let module = size / side as f32;
            self.graphics(Op::UseXobject {
                id,
                transform: XObjectTransform {
                    translate_x: Some(Pt(MARGIN_X)),
                    translate_y: Some(Pt(PAGE_H - top - size)),
                    scale_x: Some(module),
                    scale_y: Some(module),
                    ..Default::default()
                },
            });
        }
        let text_x = MARGIN_X + size + 12.0;
        let lines = self.wrap(caption, CONTENT_W - size - 12.0, BODY);
        for (i, line) in lines.iter().enumerate() {
            self.text(
                text_x,
                top + 14.0 + BODY + i as f32 * BODY * 1.6,
                BODY,
                line,
                grey(),
            );
        }
        self.y = top + size + 8.0;
    }
}

/// Compresses every stream that may be and is not yet (lopdf's `compress`, at zlib's default
/// level instead of its best, on two threads): its best level took a tenth of a report's time for
/// a file a few percent smaller.
fn compress_streams(pdf: &mut lopdf::Document, ready: Option<&Deflated>) {
    let compress = |z: &mut flate2::Compress, stream: &mut lopdf::Stream| {
        if stream.dict.get(b"Filter").is_ok() {
            return;
        }
        let compressed = match ready {
            Some(r) if r.raw == stream.content => Some(r.compressed.clone()),
            _ => deflate(z, &stream.content),
        };
        if let Some(compressed) = compressed
            && compressed.len() + 19 < stream.content.len()
        {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    };
    let mut streams: Vec<&mut lopdf::Stream> = pdf
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression => Some(s),
            _ => None,
        })
        .collect();
    // Two shares of about the same size, largest streams first.
    streams.sort_by_key(|s| std::cmp::Reverse(s.content.len()));
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let (mut size_a, mut size_b) = (0, 0);
    for s in streams {
        if size_a <= size_b {
            size_a += s.content.len();
            a.push(s);
        } else {
            size_b += s.content.len();
            b.push(s);
        }
    }
    let level = flate2::Compression::default();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut z = flate2::Compress::new(level, true);
            a.into_iter().for_each(|s| compress(&mut z, s));
        });
        let mut z = flate2::Compress::new(level, true);
        b.into_iter().for_each(|s| compress(&mut z, s));
    });
}

/// `data` compressed as a zlib stream by `z` (reset first: one compressor serves many streams).
fn deflate(z: &mut flate2::Compress, data: &[u8]) -> Option<Vec<u8>> {
    z.reset();
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let done = usize::try_from(z.total_in()).ok()?;
        match z.compress_vec(data.get(done..)?, &mut out, flate2::FlushCompress::Finish) {
            Ok(flate2::Status::StreamEnd) => return Some(out),
            Ok(_) => out.reserve(out.capacity().max(1024)),
            Err(_) => return None,
        }
    }
}

/// A stream's bytes compressed ahead of time (the main font's program, on the thread that made
/// it).
struct Deflated {
    raw: Vec<u8>,
    compressed: Vec<u8>,
}

/// The footer's QR code: one module in points, and how far its lower edge (the quiet zone's)
/// stands above the paper's edge (inside what office printers print).
const FOOTER_QR_MODULE: f32 = 0.8;
const FOOTER_QR_BOTTOM: f32 = 14.0;

/// The footer's QR code of `data`, added to the document once as a form (one square per dark
/// module, in module units with the quiet zone the standard asks); its id and size in points.
fn footer_qr(doc: &mut PdfDocument, data: &str) -> Option<(printpdf::XObjectId, f32)> {
    let (id, side) = qr_form(doc, data, qrcode::EcLevel::L, "RLQRFOOT")?;
    Some((id, side as f32 * FOOTER_QR_MODULE))
}

/// The QR code of `data` added to the document once as a form named `id` (a fixed name: the
/// same records print the same bytes), one square per dark module in module units, with the
/// quiet zone the standard asks; its id and side in modules.
fn qr_form(
    doc: &mut PdfDocument,
    data: &str,
    level: qrcode::EcLevel,
    id: &str,
) -> Option<(printpdf::XObjectId, usize)> {
    use printpdf::xobject::{DictItem, ExternalStream, ExternalXObject, XObject};
    let code = qrcode::QrCode::with_error_correction_level(data, level).ok()?;
    let n = code.width();
    let side = n + 8;
    let mut content = String::from("0 g\n");
    for (i, c) in code.to_colors().iter().enumerate() {
        if *c == qrcode::Color::Dark {
            // PDF's y grows upwards: row 0 is the top.
            let (x, y) = (i % n + 4, side - 4 - 1 - i / n);
            content.push_str(&format!("{x} {y} 1 1 re\n"));
        }
    }
    content.push_str("f\n");
    let dict = [
        ("Type", DictItem::Name(b"XObject".to_vec())),
        ("Subtype", DictItem::Name(b"Form".to_vec())),
        (
            "BBox",
            DictItem::Array(vec![
                DictItem::Int(0),
                DictItem::Int(0),
                DictItem::Int(side as i64),
                DictItem::Int(side as i64),
            ]),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let id = printpdf::XObjectId(id.into());
    doc.resources.xobjects.map.insert(
        id.clone(),
        XObject::External(ExternalXObject {
            stream: ExternalStream {
                dict,
                content: content.into_bytes(),
                compress: true,
            },
            width: None,
            height: None,
            dpi: None,
        }),
    );
    Some((id, side))
}

/// `t` with its page references resolved (a copy only when it has any).
fn resolve_table<'t>(t: &'t Table, refs: &HashMap<String, usize>) -> std::borrow::Cow<'t, Table> {
    if !t
        .rows
        .iter()
        .any(|r| r.cells.iter().any(|c| c.contains(super::REF_OPEN)))
    {
        return std::borrow::Cow::Borrowed(t);
    }
    let mut t = t.clone();
    for row in &mut t.rows {
        for c in &mut row.cells {
            *c = resolve(c, refs).into_owned();
        }
    }
    std::borrow::Cow::Owned(t)
}

/// Lays every block out on pages with the page references of `refs`; returns where each anchor
/// landed (1-based pages).
fn lay_out(
    pen: &mut Pen<'_>,
    doc: &mut PdfDocument,
    model: &ReportModel,
    photos: PhotoSource<'_>,
    refs: &HashMap<String, usize>,
    progress: &dyn Fn(f32),
) -> HashMap<String, usize> {
    let l = model.lang;
    let mut anchors = HashMap::new();
    // Cover title.
    pen.y = TOP + 40.0;
    for line in pen.wrap(&model.title, CONTENT_W, 20.0) {
        pen.text(MARGIN_X, pen.y + 20.0, 20.0, &line, accent());
        pen.y += 30.0;
    }
    pen.text(MARGIN_X, pen.y + 12.0, 12.0, &model.subtitle, grey());
    pen.y += 30.0;
    pen.hline(MARGIN_X, MARGIN_X + CONTENT_W, pen.y, accent(), 1.5);
    pen.y += 16.0;

    let n = model.blocks.len().max(1);
    for (i, b) in model.blocks.iter().enumerate() {
        match b {
            Block::Heading(s) => {
                // The closing section (fingerprint, how to check) stays on one page.
                if matches!(model.blocks.get(i + 1), Some(Block::Signatures(_))) {
                    pen.ensure(300.0);
                }
                let keep = pen.kept_with_heading(&model.blocks[i + 1..], refs);
                pen.heading(s, keep)
            }
            Block::Subheading(s) => {
                let keep = pen.kept_with_heading(&model.blocks[i + 1..], refs);
                pen.subheading(s, keep)
            }
            Block::Paragraph(s) => pen.paragraph(&resolve(s, refs), BODY + 0.5, black()),
            Block::Fields(f) => {
                let f: Vec<(String, String)> = f
                    .iter()
                    .map(|(k, v)| (k.clone(), resolve(v, refs).into_owned()))
                    .collect();
                pen.fields(&f)
            }
            Block::Table(t) => pen.table(&resolve_table(t, refs)),
            Block::Chart(c) => pen.chart(c),
            Block::Photos(p) => pen.photos(doc, p, photos, l),
            Block::Signatures(s) => pen.signatures(s, l),
            Block::PageBreak => pen.new_page(),
            Block::Anchor(key) => {
                anchors.insert(key.clone(), pen.pages.len() + 1);
            }
            Block::Toc(entries) => pen.toc(entries, refs),
            Block::Qr { data, caption } => pen.qr(doc, data, caption),
        }
        progress((i + 1) as f32 / n as f32);
    }
    pen.new_page();
    anchors
}

/// Renders the model; returns the PDF bytes and the number of pages.
pub(super) fn render(
    model: &ReportModel,
    photos: PhotoSource<'_>,
    printed_at: Option<i64>,
    progress: &dyn Fn(f32),
) -> Result<(Vec<u8>, usize), ReportError> {
    let font = font()?;
    let l = model.lang;
    // Page references (the conclusions and the contents name pages) need the layout they
    // describe: lay out again with the pages found until they hold (twice, nearly always).
    let mut refs = HashMap::new();
    let seen = std::cell::Cell::new(0.0f32);
    let report = |p: f32| {
        if p > seen.get() {
            seen.set(p);
            progress(p);
        }
    };
    let mut pass = 0;
    let mut subset = None;
    let mut before: Option<Pen<'_>> = None;
    let (mut doc, mut pen) = loop {
        let mut doc = PdfDocument::new(&model.title);
        // A fixed name (printpdf's own is the next of a process-wide sequence): the same records
        // print the same bytes however many reports this process printed before. The font
        // itself joins the document once the layout has settled (one copy, not one a pass).
        let font_id = FontId(MAIN_FONT_ID.to_string());
        let mut pen = Pen::new(font, font_id);
        if let Some(before) = before.take() {
            pen.learn_from(before);
        }
        // The first pass only finds the pages headings land on; the ones after it draw.
        pen.drawing = pass > 0;
        let base = 0.4 * pass.min(1) as f32;
        let anchors = lay_out(&mut pen, &mut doc, model, photos, &refs, &|p| {
            report(base + 0.4 * p)
        });
        if !pen.drawing {
            let met = pen.main_chars();
            let footer = tr::page_footer(l, 0, 0, "");
            subset = Some(std::thread::spawn(move || {
                MainSubset::build(font, met, &footer)
            }));
        }
        pass += 1;
        let settled = anchors == refs && pen.drawing;
        refs = anchors;
        if settled || pass >= 3 {
            break (doc, pen);
        }
        before = Some(pen);
    };
    // Footers, now that the page count is known. Each carries the small QR code of the
    // fingerprint and key (drawn once in the document, shown on every page), so any single
    // page can be checked.
    let total = pen.pages.len();
    let short = model.short_fingerprint().to_string();
    let footer_qr = model.blocks.iter().find_map(|b| match b {
        Block::Qr { data, .. } => footer_qr(&mut doc, data),
        _ => None,
    });
    let qr_room = footer_qr.as_ref().map_or(0.0, |(_, size)| size + 6.0);
    let mut pages = std::mem::take(&mut pen.pages);
    for (i, ops) in pages.iter_mut().enumerate() {
        pen.ops = std::mem::take(ops);
        let footer = tr::page_footer(l, i + 1, total, &short);
        let base = PAGE_H - 30.0;
        pen.hline(
            MARGIN_X,
            MARGIN_X + CONTENT_W - qr_room,
            base - 12.0,
            rgb(0.75, 0.75, 0.75),
            0.4,
        );
        pen.text_aligned(
            MARGIN_X,
            CONTENT_W - qr_room,
            base,
            7.5,
            &footer,
            Align::Right,
            grey(),
        );
        if let Some((id, size)) = &footer_qr {
            pen.graphics(Op::UseXobject {
                id: id.clone(),
                transform: XObjectTransform {
                    translate_x: Some(Pt(MARGIN_X + CONTENT_W - size)),
                    translate_y: Some(Pt(FOOTER_QR_BOTTOM)),
                    scale_x: Some(FOOTER_QR_MODULE),
                    scale_y: Some(FOOTER_QR_MODULE),
                    ..Default::default()
                },
            });
        }
        // The title on the left only where it leaves room for the page number.
        let room = CONTENT_W - qr_room - pen.width(&footer, 7.5) - 12.0;
        if pen.width(&model.title, 7.5) <= room {
            pen.text(MARGIN_X, base, 7.5, &model.title, grey());
        }
        pen.end_text();
        *ops = std::mem::take(&mut pen.ops);
    }
    let (main, program) = match subset.and_then(|s| s.join().ok()).flatten() {
        Some(subset) if pen.drawn_within(&subset.chars) => subset.into_pdf_font(),
        _ => (printpdf::PdfFont::new(font.clone()), None),
    };
    doc.resources
        .fonts
        .map
        .insert(FontId(MAIN_FONT_ID.to_string()), main);
    pen.add_used_fallbacks(&mut doc);
    report(0.85);

    let pdf_pages: Vec<PdfPage> = pages
        .into_iter()
        .map(|ops| PdfPage::new(printpdf::Mm(210.0), printpdf::Mm(297.0), ops))
        .collect();
    doc.metadata.info.document_title = model.title.clone();
    doc.metadata.info.subject = format!(
        "{}: {}",
        tr::text(l, Text::Fingerprint),
        model.token.fingerprint
    );
    doc.metadata.info.creator = super::CREATOR.into();
    doc.metadata.info.producer = super::PRODUCER.into();
    doc.metadata.info.identifier = model.token.encode();
    doc.metadata.info.keywords = vec![model.token.encode()];
    if let Some(sig) = &model.signature {
        doc.metadata.info.keywords.push(sig.encode());
    }
    // The print day, not the second: the same records and period printed twice on one day are
    // the same bytes (what `verify --report` compares), whatever the minute.
    let printed_at = printed_at.unwrap_or_else(|| {
        crate::clock::today()
            .and_hms_opt(0, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp())
    });
    if let Ok(now) = printpdf::OffsetDateTime::from_unix_timestamp(printed_at) {
        doc.metadata.info.creation_date = now;
        doc.metadata.info.modification_date = now;
        doc.metadata.info.metadata_date = now;
    }
    doc.with_pages(pdf_pages);
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        // Thumbnails as JPEG (DCT): without this printpdf stores raw pixels.
        image_optimization: Some(ImageOptimizationOptions {
            quality: Some(0.8),
            max_image_size: None,
            dither_greyscale: None,
            convert_to_greyscale: Some(false),
            auto_optimize: Some(false),
            format: Some(ImageCompression::Jpeg),
        }),
    };
    // printpdf's save (compress, then write), with the PDF/A-2b objects added in between.
    let mut pdf = doc.to_lopdf_document(&opts, &mut Vec::new());
    compress_streams(&mut pdf, program.as_ref());
    super::pdfa::make_pdfa(
        &mut pdf,
        &super::pdfa::Info {
            title: &doc.metadata.info.document_title,
            subject: &doc.metadata.info.subject,
            creator: &doc.metadata.info.creator,
            producer: &doc.metadata.info.producer,
            keywords: &doc.metadata.info.keywords.join(","),
            printed_at,
            token: &model.token.encode(),
        },
    );
    let mut bytes = Vec::new();
    if pdf.save_to(&mut bytes).is_err() {
        // Writing into memory does not fail; should it, printpdf's own writer still serves.
        bytes = doc.save(&opts, &mut Vec::new());
    }
    progress(1.0);
    Ok((bytes, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pen(font: &ParsedFont) -> Pen<'_> {
        let mut doc = PdfDocument::new("t");
        Pen::new(font, doc.add_font(font))
    }

    /// 0.1.0 broke "土石方施工单位 / 张经理" as "张 / 经理" and "260 立方米" as "立 / 方米".
    #[test]
    fn a_name_or_a_unit_standing_alone_is_never_broken() {
        let Ok(font) = font() else { panic!("font") };
        let mut p = pen(font);
        let owner = "土石方施工单位 / 张经理";
        // A width that would leave 张 on the first line when characters break anywhere.
        let upto = p.width("土石方施工单位 / 张", SMALL) + 0.5;
        let lines = p.wrap(owner, upto, SMALL);
        assert_eq!(lines, ["土石方施工单位 /", "张经理"]);
        let upto = p.width("260 立方", SMALL) + 0.5;
        assert_eq!(p.wrap("260 立方米", upto, SMALL), ["260", "立方米"]);
        // Prose still breaks between any two characters.
        let upto = p.width("目前，矸石山", SMALL) + 0.5;
        assert_eq!(p.wrap("目前，矸石山已形成", upto, SMALL)[0], "目前，矸石山");
    }

    #[test]
    fn wrapped_lines_fit_and_never_start_with_closing_punctuation() {
        let font = font().unwrap();
        let mut p = pen(font);
        let text = "2号沉淀池淤积严重(周例会),需要在汛期前完成清淤,并复核截排水沟的过水能力。省级审计报告（引用GB/T 15776）。Desilting of pond 2 before the rainy season, then check the ditches.";
        for max in [60.0, 90.0, 130.0, 92.0, 100.0, 110.0, 120.0] {
            let lines = p.wrap(text, max, 8.0);
            assert!(lines.len() > 1);
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
            for l in &lines {
                let first = l.chars().next().unwrap();
                assert!(!CLOSING.contains(first), "{l:?} starts with {first}");
                let last = l.chars().last().unwrap();
                assert!(!OPENING.contains(last), "{l:?} ends with {last}");
                // A hanging closing mark may overhang by one character.
                assert!(p.width(l, 8.0) <= max + 8.0, "{l:?} too wide for {max}");
            }
        }
        assert!(p.missing.is_empty());
    }

    /// The main font is cut down while the report is laid out: every character met (and the
    /// ASCII and footer ones) has its glyph in the cut, whose widths are those of the full font.
    #[test]
    fn the_main_font_is_cut_to_the_characters_met_with_the_widths_of_the_full_font() {
        let font = font().unwrap();
        let met: BTreeSet<char> = "矸石山覆土".chars().collect();
        let subset = MainSubset::build(font, met.clone(), "第 页 共 页 指纹").unwrap();
        for c in met
            .iter()
            .copied()
            .chain(' '..='~')
            .chain("第页共指纹".chars())
        {
            assert!(subset.chars.contains(&c), "{c}");
            let g = subset.font.lookup_glyph_index(c as u32).filter(|g| *g != 0);
            let Some(g) = g else {
                panic!("{c} has no glyph in the cut")
            };
            let full = font.lookup_glyph_index(c as u32).unwrap();
            assert_eq!(
                subset.font.get_horizontal_advance(g),
                font.get_horizontal_advance(full),
                "{c}"
            );
        }
        // Far fewer glyphs than the font, and not a character it was not given.
        assert!(subset.font.num_glyphs < 200, "{}", subset.font.num_glyphs);
        assert!(!subset.chars.contains(&'新'));
        assert!(
            subset
                .font
                .font_name
                .as_deref()
                .unwrap()
                .starts_with("RLCJKM+")
        );
        let (pdf_font, program) = subset.into_pdf_font();
        assert!(!pdf_font.meta.requires_subsetting);
        let program = program.unwrap();
        let mut inflated = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::ZlibDecoder::new(&program.compressed[..]),
            &mut inflated,
        )
        .unwrap();
        assert_eq!(inflated, program.raw);
    }

    /// Drawing a character the measuring pass never met is noticed (the report then embeds the
    /// font the way printpdf cuts it, and the character is not lost).
    #[test]
    fn a_character_drawn_but_not_met_before_is_noticed() {
        let font = font().unwrap();
        let mut p = pen(font);
        p.text(MARGIN_X, 100.0, 9.0, "矸石山 [U+1]", black());
        let met: BTreeSet<char> = "矸石山 [U+1]".chars().collect();
        assert!(p.drawn_within(&met));
        p.text(MARGIN_X, 120.0, 9.0, "新", black());
        assert!(!p.drawn_within(&met));
        // Drawn in a fallback font: not the main font's concern.
        let mut q = pen(font);
        q.text(MARGIN_X, 100.0, 9.0, "堃\u{1F600}", black());
        assert!(q.drawn_within(&BTreeSet::new()));
    }

    #[test]
    fn rare_cjk_and_emoji_are_drawn_in_a_fallback_font_and_the_rest_as_their_code() {
        let font = font().unwrap();
        let mut p = pen(font);
        p.text(
            MARGIN_X,
            100.0,
            9.0,
            "矸石山 王堃 \u{20000}\u{2A6A5} \u{1F600} \u{3134A}\u{202E}",
            black(),
        );
        assert_eq!(p.face('矸').0, Face::Main);
        // A hanzi outside GB 2312 (as in names): the rest of the CJK Unified Ideographs.
        assert_eq!(p.face('堃').0, Face::Fallback(0));
        // Outside the report's subsets of the CJK font, inside the full font (kana, Extension A).
        assert_eq!(p.face('あ').0, Face::Fallback(1));
        assert_eq!(p.face('\u{3400}').0, Face::Fallback(1));
        assert_eq!(p.face('\u{2A6A5}').0, Face::Fallback(2));
        assert_eq!(p.face('\u{1F600}').0, Face::Fallback(3));
        assert_eq!(p.face('\u{3134A}').0, Face::Code);
        assert_eq!(
            p.missing.iter().copied().collect::<Vec<_>>(),
            ['\u{202E}', '\u{3134A}']
        );
        assert_eq!(p.fallbacks_used.len(), 3);
        let shown: String = p
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::ShowText { items } => Some(
                    items
                        .iter()
                        .map(|i| match i {
                            TextItem::Text(t) => t.clone(),
                            _ => String::new(),
                        })
                        .collect::<String>(),
                ),
                _ => None,
            })
            .collect();
        assert!(shown.contains("[U+3134A][U+202E]"), "{shown}");
    }
}
