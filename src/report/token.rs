//! The machine-readable token a report carries in its document info, so `verify --report` can
//! read it back without a PDF text extractor.

use chrono::NaiveDate;

use crate::i18n::Lang;

/// Marks the token inside the PDF's document info (`/Identifier`, an uncompressed literal string).
pub const PREFIX: &str = "RLREPORT1;";

/// The page layout this version prints. `verify --report` prints a report again and compares
/// every byte only when it claims this layout; an older layout (0.1.0's reports carry no
/// `layout=` and are layout 1) is checked by its fingerprint alone. Layout 3: tables sized to
/// their content on a full grid, the footer's QR code, the period comparison, labelled chart
/// axes. Layout 4: a period report's fingerprint and audit head cover the records of its period
/// as of its last day, so a record dated after it can be added or changed without outdating it.
pub const LAYOUT: u32 = 4;

/// What a report was computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportToken {
    /// SHA-256 (hex) over the canonical data, period and audit head.
    pub fingerprint: String,
    /// Audit head sequence number when the report was made.
    pub seq: i64,
    /// Audit head hash when the report was made.
    pub head: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub as_of: NaiveDate,
    pub lang: Lang,
    /// The page layout the report was printed with ([`LAYOUT`] for reports of this version).
    pub layout: u32,
}

fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

impl ReportToken {
    /// The first 16 hex digits: printed on every footer.
    pub fn short(&self) -> &str {
        self.fingerprint.get(..16).unwrap_or(&self.fingerprint)
    }

    /// `RLREPORT1;fp=…;seq=…;head=…;from=…;to=…;asof=…;lang=…[;layout=…]` (ASCII, no
    /// parentheses). Layout 1 writes no `layout=`, so a 0.1.0 token encodes (and its signature
    /// verifies) exactly as it was printed.
    pub fn encode(&self) -> String {
        let mut s = format!(
            "{PREFIX}fp={};seq={};head={};from={};to={};asof={};lang={}",
            self.fingerprint,
            self.seq,
            self.head,
            date_or_dash(self.from),
            date_or_dash(self.to),
            self.as_of,
            self.lang.code()
        );
        if self.layout != 1 {
            s.push_str(&format!(";layout={}", self.layout));
        }
        s
    }

    /// Printed with the layout of this version, so it can be printed again byte for byte.
    pub fn is_current_layout(&self) -> bool {
        self.layout == LAYOUT
    }

    pub fn parse(s: &str) -> Option<ReportToken> {
        let body = s.strip_prefix(PREFIX)?;
        let mut fp = None;
        let mut seq = None;
        let mut head = None;
        let mut from = None;
        let mut to = None;
        let mut as_of = None;
        let mut lang = None;
        let mut layout = Some(1);
        let date = |v: &str| -> Option<Option<NaiveDate>> {
            if v == "-" {
                Some(None)
            } else {
                NaiveDate::parse_from_str(v, "%Y-%m-%d").ok().map(Some)
            }
        };
        for part in body.split(';') {
            let (k, v) = part.split_once('=')?;
            match k {
                "fp" if v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    fp = Some(v.to_string())
                }
                "seq" => seq = v.parse().ok(),
                "head" => head = Some(v.to_string()),
                "from" => from = date(v),
                "to" => to = date(v),
                "asof" => as_of = date(v)?,
                "lang" => lang = Lang::from_code(v),
                "layout" => layout = v.parse().ok().filter(|n| *n >= 2),
                _ => {}
            }
        }
        Some(ReportToken {
            fingerprint: fp?,
            seq: seq?,
            head: head?,
            from: from?,
            to: to?,
            as_of: as_of?,
            lang: lang?,
            layout: layout?,
        })
    }

    /// Finds the token in a PDF file's bytes.
    pub fn find_in_pdf(pdf: &[u8]) -> Option<ReportToken> {
        let prefix = PREFIX.as_bytes();
        let start = pdf.windows(prefix.len()).position(|w| w == prefix)?;
        let rest = &pdf[start..];
        let end = rest
            .iter()
            .position(|b| matches!(b, b')' | b'>' | b'\n' | b'\r'))
            .unwrap_or(rest.len().min(512));
        let s = std::str::from_utf8(&rest[..end]).ok()?;
        ReportToken::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_round_trips_and_is_found_in_bytes() {
        let t = ReportToken {
            fingerprint: "ab".repeat(32),
            seq: 412,
            head: "cd".repeat(32),
            from: None,
            to: NaiveDate::from_ymd_opt(2023, 12, 31),
            as_of: NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
            lang: Lang::En,
            layout: LAYOUT,
        };
        let enc = t.encode();
        assert!(enc.ends_with(&format!(";layout={LAYOUT}")), "{enc}");
        assert_eq!(ReportToken::parse(&enc), Some(t.clone()));
        // A token without `layout=` (0.1.0) is layout 1 and encodes as it was printed.
        let old = enc.replace(&format!(";layout={LAYOUT}"), "");
        let parsed = ReportToken::parse(&old).unwrap();
        assert_eq!((parsed.layout, parsed.encode()), (1, old.clone()));
        assert_eq!(ReportToken::parse(&format!("{old};layout=1")), None);
        let pdf = format!("%PDF-1.7\n<< /Identifier ({enc}) >>\n");
        assert_eq!(ReportToken::find_in_pdf(pdf.as_bytes()), Some(t));
        assert_eq!(ReportToken::find_in_pdf(b"%PDF-1.7 nothing"), None);
    }
}
