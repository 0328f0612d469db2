//! Files the program carries inside itself: the CJK font the window and the report share.

/// Noto Sans CJK SC Regular (SIL Open Font License 1.1; see assets/fonts/OFL.txt). Embedded once,
/// used by both the window and the PDF report.
pub static CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKsc-Regular.otf");

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
