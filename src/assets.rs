//! Files the program carries inside itself: the CJK font the window and the report share.

/// Noto Sans CJK SC Regular (SIL Open Font License 1.1; see assets/fonts/OFL.txt). Embedded once,
/// used by both the window and the PDF report.
pub static CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKsc-Regular.otf");
