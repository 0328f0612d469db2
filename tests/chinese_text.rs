//! The window's Chinese texts use Chinese punctuation: "请先填写姓名和角色，然后选择要打开的台账。",
//! not "…角色,然后…" (0.1.0 and 0.2 mixed the two in about 170 texts). Every string literal of the
//! window's texts and messages that is mostly Chinese is checked: no ASCII comma, colon,
//! semicolon, question or exclamation mark, or bracket beside a Chinese character.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

/// The files whose texts the window or the command line shows in Chinese.
const FILES: &[&str] = &[
    "src/i18n/ui.rs",
    "src/i18n/mod.rs",
    "src/i18n/records.rs",
    "src/i18n/verify.rs",
    "src/i18n/report.rs",
    "src/app/messages.rs",
    "src/ui/messages.rs",
    "src/ui/mod.rs",
    "src/cli.rs",
    "src/exchange/sheet/text.rs",
];

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn is_chinese(c: char) -> bool {
    is_han(c) || ('\u{3001}'..='\u{303f}').contains(&c) || ('\u{ff01}'..='\u{ffef}').contains(&c)
}

/// The string literals of `code` (escapes kept as written).
fn literals(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = code.chars().peekable();
    let mut current: Option<String> = None;
    while let Some(c) = chars.next() {
        match (&mut current, c) {
            (None, '"') => current = Some(String::new()),
            (Some(s), '\\') => {
                s.push('\\');
                if let Some(n) = chars.next() {
                    s.push(n);
                }
            }
            (Some(_), '"') => out.extend(current.take()),
            (Some(s), c) => s.push(c),
            (None, '\'') => {
                // A char literal such as '"' is not the start of a string.
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with("\"'") || rest.starts_with("\\\"'") {
                    chars.nth(rest.find('\'').unwrap_or(0));
                }
            }
            (None, _) => {}
        }
    }
    out
}

/// Half-width punctuation beside a Chinese character in a mostly Chinese text.
fn mixed(text: &str) -> Option<String> {
    let han = text.chars().filter(|c| is_han(*c)).count();
    let letters = text.chars().filter(char::is_ascii_alphabetic).count();
    if han == 0 || letters > 3 * han {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if !",:;?!()".contains(*c) {
            continue;
        }
        let before = chars[..i].iter().rev().find(|c| **c != ' ');
        let after = chars[i + 1..].iter().find(|c| **c != ' ');
        if before.is_some_and(|c| is_chinese(*c)) || after.is_some_and(|c| is_chinese(*c)) {
            return Some(
                chars[i.saturating_sub(6)..(i + 7).min(chars.len())]
                    .iter()
                    .collect(),
            );
        }
    }
    None
}

#[test]
fn the_chinese_texts_use_chinese_punctuation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut bad = Vec::new();
    for file in FILES {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for lit in literals(code) {
            if let Some(at) = mixed(&lit) {
                bad.push(format!("{file}: …{at}… in \"{lit}\""));
            }
        }
    }
    assert!(bad.is_empty(), "{} texts:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn the_check_finds_what_it_is_for() {
    assert!(mixed("请先填写姓名和角色,然后选择").is_some());
    assert!(mixed("修改原因:").is_some());
    assert!(mixed("外业包(台账文件)").is_some());
    assert!(mixed("请先填写姓名和角色，然后选择").is_none());
    assert!(mixed("请输入数字，例如 1,250 或 12.5").is_none());
    assert!(
        mixed("The example's accounts: 环保部 王工 (password x), 李工 (contractor, y).").is_none()
    );
    assert_eq!(literals(r#"a("x,y", 'c', "z\"w")"#), vec!["x,y", "z\\\"w"]);
}
