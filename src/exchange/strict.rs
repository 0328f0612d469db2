//! What `serde_json::Value` cannot tell about an exchange file, read from its bytes: a key given
//! twice in one object (serde keeps the last one silently, so two `"aftercare"` lists kept only
//! the second) and a number written with more digits than the ledger stores (serde reads it as a
//! float, so 585000.00000000001 arrived as 585000). Run after the file parsed as JSON.

use std::borrow::Cow;
use std::collections::HashSet;

use super::{Issue, short};
use crate::domain::{QuantityError, decimal_thousandths};

/// Where the scan is: an object (its keys so far, and the key being read) or a list (the index).
/// Paths are spelled out only for an issue, so a large file costs no string per value.
enum Frame<'a> {
    Object {
        keys: Keys<'a>,
        /// The raw key (between its quotes) of the value being read.
        key: Option<&'a [u8]>,
    },
    Array {
        index: usize,
    },
}

/// The keys of one object so far. A record has a score of them, which a list searched holds
/// quicker than a set hashed; an object of very many keys is kept in a set.
#[derive(Default)]
struct Keys<'a> {
    few: Vec<Cow<'a, [u8]>>,
    many: HashSet<Cow<'a, [u8]>>,
}

impl<'a> Keys<'a> {
    const FEW: usize = 32;

    /// Adds a key; `false` when the object has it already.
    fn insert(&mut self, key: Cow<'a, [u8]>) -> bool {
        if self.few.len() < Self::FEW {
            if self.few.contains(&key) {
                return false;
            }
            self.few.push(key);
            return true;
        }
        !self.few.contains(&key) && self.many.insert(key)
    }
}

/// A key as text: decoded when it holds escapes.
fn key_text(raw: &[u8]) -> String {
    let quoted = [b"\"".as_slice(), raw, b"\"".as_slice()].concat();
    serde_json::from_slice::<String>(&quoted)
        .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned())
}

/// The JSON path of the value being read (`$.works[3].quantity`).
fn path_of(stack: &[Frame<'_>]) -> String {
    let mut path = String::from("$");
    for frame in stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                path.push('.');
                path.push_str(&short(&key_text(k)));
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// What a key given twice is told.
pub const GIVEN_TWICE: &str = "is given twice in the same object; keep one of them (a JSON reader would silently keep only the last)";

/// Every duplicate key and every number that cannot be stored exactly, with its JSON path. A file
/// that is not well-formed JSON yields what was found before the fault (serde names the fault).
pub fn scan(bytes: &[u8]) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                stack.push(Frame::Object {
                    keys: Keys::default(),
                    key: None,
                });
                i += 1;
            }
            b'[' => {
                stack.push(Frame::Array { index: 0 });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Array { index }) => *index += 1,
                    Some(Frame::Object { key, .. }) => *key = None,
                    None => {}
                }
                i += 1;
            }
            b'"' => {
                let Some(end) = string_end(bytes, i) else {
                    return issues;
                };
                let raw = &bytes[i + 1..end];
                let duplicate = match stack.last_mut() {
                    Some(Frame::Object {
                        keys,
                        key: key @ None,
                    }) => {
                        *key = Some(raw);
                        // Escaped spellings of one key are the same key.
                        let canonical = if raw.contains(&b'\\') {
                            Cow::Owned(key_text(raw).into_bytes())
                        } else {
                            Cow::Borrowed(raw)
                        };
                        !keys.insert(canonical)
                    }
                    _ => false,
                };
                if duplicate {
                    issues.push(Issue {
                        path: path_of(&stack),
                        message: GIVEN_TWICE.into(),
                    });
                }
                i = end + 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                let mut plain = true;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    plain &= bytes[i].is_ascii_digit() || (i == start && bytes[i] == b'-');
                    i += 1;
                }
                // Whole numbers are exact; only a fraction or an exponent needs reading.
                if !plain {
                    let literal = String::from_utf8_lossy(&bytes[start..i]);
                    if let Err(QuantityError::TooPrecise) = decimal_thousandths(&literal) {
                        issues.push(Issue {
                            path: path_of(&stack),
                            message: format!(
                                "{} has more than 3 decimal places, which the ledger cannot store exactly; round it to 3 decimals (0.001) yourself",
                                short(&literal)
                            ),
                        });
                    }
                }
            }
            _ => i += 1,
        }
    }
    issues
}

/// The index of the quote that closes the string opening at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        i += bytes
            .get(i..)?
            .iter()
            .position(|&b| b == b'"' || b == b'\\')?;
        match bytes[i] {
            b'"' => return Some(i),
            _ => i += 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(json: &str) -> Vec<String> {
        scan(json.as_bytes()).into_iter().map(|i| i.path).collect()
    }

    #[test]
    fn duplicate_keys_are_named_by_their_path() {
        assert_eq!(paths(r#"{"a":1,"a":2}"#), ["$.a"]);
        assert_eq!(
            paths(r#"{"works":[{"q":1},{"q":1,"n":"x","q":17}]}"#),
            ["$.works[1].q"]
        );
        // The same key in sibling objects is not a duplicate; an escaped spelling is.
        assert!(paths(r#"[{"a":1},{"a":1}]"#).is_empty());
        assert_eq!(paths(r#"{"format":1,"form\u0061t":2}"#), ["$.format"]);
        // Keys inside string values are text.
        assert!(paths(r#"{"a":"{\"a\":1,\"a\":2}"}"#).is_empty());
    }

    #[test]
    fn numbers_beyond_thousandths_are_named_by_their_path() {
        assert_eq!(
            paths(r#"{"w":[{"q":12345.6789},{"q":585000.0004},{"q":999999999.9999}]}"#),
            ["$.w[0].q", "$.w[1].q", "$.w[2].q"]
        );
        assert_eq!(paths(r#"{"q":585000.00000000001}"#), ["$.q"]);
        assert!(paths(r#"{"q":[1.5, 585000.000, 1.5e3, -0.25, 1e-3]}"#).is_empty());
        assert_eq!(paths(r#"{"q":[1, 1e-4]}"#), ["$.q[1]"]);
    }
}
