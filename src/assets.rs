//! Files the program carries inside itself: the CJK font the window and the report share.

/// Noto Sans CJK SC Regular (SIL Open Font License 1.1; see assets/fonts/OFL.txt). Embedded once,
/// used by both the window and the PDF report.
pub static CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKsc-Regular.otf");

/// The report's CJK font: Noto Sans CJK SC Regular subset to the characters Chinese reports are
/// mostly written in (see assets/fonts/FALLBACK-FONTS.txt): the 6,763 hanzi of GB 2312 with
/// Latin, punctuation and symbols, a tenth of the full font's size, parsed and subset for each
/// report in a fraction of the time and memory.
pub static REPORT_CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKsc-Report.otf");

/// The report's fallback fonts, in the order they are tried: the rest of CJK Unified Ideographs
/// (rarer hanzi, as in names), the full CJK font (kana, Extension A …), then [`FALLBACK_FONTS`].
pub static REPORT_FALLBACK_FONTS: [(&str, &[u8]); 4] = [
    (
        "NotoSansCJKsc-ReportMore",
        include_bytes!("../assets/fonts/NotoSansCJKsc-ReportMore.otf"),
    ),
    ("NotoSansCJKsc-Regular", CJK_FONT),
    FALLBACK_FONTS[0],
    FALLBACK_FONTS[1],
];

/// Fallback fonts, in the order they are tried where the CJK font has no glyph (see
/// assets/fonts/FALLBACK-FONTS.txt): CJK Extension B characters of real names (HanaMinB, subset),
/// then symbols and emoji (Symbola).
pub static FALLBACK_FONTS: [(&str, &[u8]); 2] = [
    (
        "HanaMinB-ExtB",
        include_bytes!("../assets/fonts/HanaMinB-ExtB.ttf"),
    ),
    ("Symbola", include_bytes!("../assets/fonts/Symbola.ttf")),
];

/// The program's icon (256 px PNG; assets/icon/restoration-ledger.ico is made from it).
pub static ICON_PNG: &[u8] = include_bytes!("../assets/icon/icon-256.png");
