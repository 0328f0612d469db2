//! One rule for text entering the ledger, whatever the door (a form, an import, an operator
//! name): what is stored can be printed. Characters that print as nothing or change how the text
//! around them reads are refused by name; every visible character is kept, and the report draws
//! it (rare CJK of Extension B and emoji included, in fallback fonts).

/// Why a character is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// C0/C1 controls (line breaks and tabs are allowed in notes).
    Control,
    /// Marks that reorder text (a reversed number, a hidden word): U+200E, U+202E, U+2066 …
    Direction,
    /// Characters that print as nothing: zero-width spaces and joiners, U+FEFF, soft hyphens,
    /// tags. (Variation selectors are kept: they only pick a form of the visible character before
    /// them, such as an emoji's colour form or an ideograph's variant in a name.)
    Invisible,
    /// U+2028 / U+2029: a line break no program shows alike.
    Separator,
    /// Private-use and non-characters: no font has them.
    NoGlyph,
}

impl Refused {
    /// English wording for messages (the window translates through the translation table).
    pub fn describe(self) -> &'static str {
        match self {
            Refused::Control => "the control character",
            Refused::Direction => "the text-direction mark",
            Refused::Invisible => "the invisible character",
            Refused::Separator => "the line/paragraph separator",
            Refused::NoGlyph => "the private-use or non-character",
        }
    }
}

/// Classifies one character; `None` when it may be stored.
pub fn refused(c: char, multiline: bool) -> Option<Refused> {
    let code = c as u32;
    Some(match c {
        '\n' | '\r' | '\t' if multiline => return None,
        c if c.is_control() => Refused::Control,
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Refused::Direction,
        '\u{00AD}'
        | '\u{034F}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2065}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E00FF}'
        | '\u{E01F0}'..='\u{E0FFF}' => Refused::Invisible,
        '\u{2028}' | '\u{2029}' => Refused::Separator,
        '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}' | '\u{FDD0}'..='\u{FDEF}' => {
            Refused::NoGlyph
        }
        _ if code & 0xFFFE == 0xFFFE => Refused::NoGlyph,
        _ => return None,
    })
}

/// The first refused character of `s`, with why.
pub fn first_refused(s: &str, multiline: bool) -> Option<(char, Refused)> {
    s.chars()
        .find_map(|c| refused(c, multiline).map(|r| (c, r)))
}

/// The message for a refused character: what it is, where, and what to do.
pub fn refusal_message(c: char, why: Refused) -> String {
    format!(
        "contains {} U+{:04X}, which would print as nothing or change how the text reads; remove it (retype the text if it was pasted)",
        why.describe(),
        c as u32
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_reordering_characters_are_refused_visible_ones_kept() {
        for c in [
            '\u{200B}',
            '\u{200D}',
            '\u{FEFF}',
            '\u{200E}',
            '\u{200F}',
            '\u{061C}',
            '\u{2028}',
            '\u{202E}',
            '\u{0007}',
            '\u{E000}',
            '\u{E0041}',
        ] {
            assert!(refused(c, true).is_some(), "U+{:04X} accepted", c as u32);
        }
        for s in [
            "华阳集团二矿",
            "𠀀𪚥",
            "狮脑山😀",
            "Ø 1:1.5 ≥ 85%",
            "（一）",
        ] {
            assert_eq!(first_refused(s, false), None, "{s}");
        }
        assert_eq!(first_refused("a\nb\tc", true), None);
        assert_eq!(first_refused("a\nb", false), Some(('\n', Refused::Control)));
    }
}
