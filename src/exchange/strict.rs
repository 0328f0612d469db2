//! What `serde_json::Value` cannot tell about an exchange file, read from its bytes: a key given
//! twice in one object (serde keeps the last one silently, so two `"aftercare"` lists kept only
//! the second) and a number written with more digits than the ledger stores (serde reads it as a
//! float, so 585000.00000000001 arrived as 585000). Run after the file parsed as JSON.

use std::collections::HashSet;

use super::{Issue, short};
use crate::domain::{QuantityError, decimal_thousandths};

enum Frame {
    Object {
        path: String,
        keys: HashSet<String>,
        /// The path of the value being read (set by its key).
        value_path: Option<String>,
    },
    Array {
        path: String,
        index: usize,
    },
}

impl Frame {
    /// The path of the next value inside this container.
    fn child_path(&self) -> String {
        match self {
            Frame::Object {
                value_path, path, ..
            } => value_path.clone().unwrap_or_else(|| path.clone()),
            Frame::Array { path, index } => format!("{path}[{index}]"),
        }
    }
}

/// Every duplicate key and every number that cannot be stored exactly, with its JSON path. A file
/// that is not well-formed JSON yields what was found before the fault (serde names the fault).
pub fn scan(bytes: &[u8]) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    let path_here = |stack: &[Frame]| {
        stack
            .last()
            .map_or_else(|| "$".to_string(), Frame::child_path)
    };
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                let path = path_here(&stack);
                stack.push(Frame::Object {
                    path,
                    keys: HashSet::new(),
                    value_path: None,
                });
                i += 1;
            }
            b'[' => {
                let path = path_here(&stack);
                stack.push(Frame::Array { path, index: 0 });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Array { index, .. }) => *index += 1,
                    Some(Frame::Object { value_path, .. }) => *value_path = None,
                    None => {}
                }
                i += 1;
            }
            b'"' => {
                let Some(end) = string_end(bytes, i) else {
                    return issues;
                };
                if let Some(Frame::Object {
                    path,
                    keys,
                    value_path: value_path @ None,
                }) = stack.last_mut()
                {
                    let raw = &bytes[i..=end];
                    let key = serde_json::from_slice::<String>(raw)
                        .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned());
                    let here = format!("{path}.{}", short(&key));
                    if !keys.insert(key) {
                        issues.push(Issue {
                            path: here.clone(),
                            message: "is given twice in the same object; keep one of them (a JSON reader would silently keep only the last)".into(),
                        });
                    }
                    *value_path = Some(here);
                }
                i = end + 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let literal = String::from_utf8_lossy(&bytes[start..i]);
                if let Err(QuantityError::TooPrecise) = decimal_thousandths(&literal) {
                    issues.push(Issue {
                        path: path_here(&stack),
                        message: format!(
                            "{} has more than 3 decimal places, which the ledger cannot store exactly; round it to 3 decimals (0.001) yourself",
                            short(&literal)
                        ),
                    });
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
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
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
