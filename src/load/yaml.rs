//! YAML helpers shared by `site.yaml` and front matter: parsing into typed structs with errors at
//! the line of the *file* (not of the YAML fragment), unknown-key checks with "did you mean" hints,
//! and a linear pre-scan that refuses flow collections nested deeper than [`MAX_NESTING`] before
//! serde_yaml sees them (its scanner takes quadratic time on them before its own limit stops it).

use crate::diagnostic::{did_you_mean, line_col, Diagnostic, Diagnostics};
use serde::de::DeserializeOwned;
use std::path::Path;

/// How deep `[`/`{` may nest in front matter and `site.yaml`; real ones need two or three levels.
pub const MAX_NESTING: usize = 64;

/// The byte offset of the first `[` or `{` that opens a flow collection nested deeper than `limit`,
/// found in one pass as a YAML scanner would see them: brackets inside quoted scalars, block
/// scalars (`|`, `>`), comments and block-context plain scalars (`title: a [draft]`) are text.
pub fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let b = text.as_bytes();
    let blank = |i: usize| {
        b.get(i)
            .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
    };
    let line_end = |i: usize| memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
    let (mut i, mut depth) = (0, 0usize);
    // Whether a node may start here (so `[`, `{`, a quote, `|` or `>` is an indicator, not text),
    // and whether the last token was a quoted scalar or a closed collection (after which a flow `:`
    // needs no space: `{"a":[1]}`).
    let (mut node_start, mut json_like) = (true, false);
    let mut line_indent = 0;
    let mut at_line_start = true;
    while i < b.len() {
        if at_line_start {
            at_line_start = false;
            let indent = b[i..].iter().take_while(|c| **c == b' ').count();
            line_indent = indent;
            i += indent;
            if depth == 0 {
                node_start = true;
            }
            continue;
        }
        let c = b[i];
        match c {
            b'\n' => {
                at_line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {}
            b'#' if i == 0 || blank(i - 1) => {
                i = line_end(i);
                continue;
            }
            b'"' | b'\'' if node_start => {
                // A quoted scalar, which may span lines: `\"` escapes in double quotes, `''` in single.
                i += 1;
                while i < b.len() {
                    if c == b'"' && b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i] == c {
                        if c == b'\'' && b.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
                (node_start, json_like) = (false, true);
                continue;
            }
            b'|' | b'>' if node_start && depth == 0 => {
                // A block scalar: its lines are those blank or indented more than this one.
                i = line_end(i);
                while i < b.len() {
                    let next = i + 1;
                    let end = line_end(next);
                    let line = &b[next..end];
                    let indent = line.iter().take_while(|c| **c == b' ').count();
                    let is_blank = line.iter().all(|c| matches!(c, b' ' | b'\t' | b'\r'));
                    if !is_blank && indent <= line_indent {
                        break;
                    }
                    i = end;
                }
                continue;
            }
            b'[' | b'{' if node_start || depth > 0 => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
                (node_start, json_like) = (true, false);
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                (node_start, json_like) = (false, true);
            }
            b',' if depth > 0 => (node_start, json_like) = (true, false),
            b':' if blank(i + 1) || (depth > 0 && json_like) => {
                (node_start, json_like) = (true, false)
            }
            b'-' | b'?' if node_start && blank(i + 1) => {}
            b'&' | b'!' if node_start => {
                // An anchor or a tag: the node comes after it.
                while i < b.len() && !blank(i) {
                    i += 1;
                }
                continue;
            }
            _ => (node_start, json_like) = (false, false),
        }
        i += 1;
    }
    None
}

/// A YAML document inside a file: its text and the file line its first line is on.
pub struct Fragment<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    /// 1-based line in the file of the fragment's first line.
    pub first_line: usize,
}

impl Fragment<'_> {
    fn error_at(&self, message: String, line: usize, col: usize) -> Diagnostic {
        let file_line = self.first_line + line - 1;
        let src = self.text.lines().nth(line - 1).unwrap_or("");
        let mut d = Diagnostic::error(self.file, message).at(file_line, col);
        d.source_line = Some(src.trim_end_matches('\r').to_string());
        d
    }

    /// The file line of a top-level `key:` in the fragment, if it is there.
    pub fn line_of_key(&self, key: &str) -> Option<usize> {
        self.text
            .lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map(|i| self.first_line + i)
    }

    /// A diagnostic pointing at `item` in the list value of a top-level `key` (flow `[a, b]` or block
    /// `- a` style), else at the line of `key`.
    pub fn error_for_item(&self, key: &str, item: &str, message: impl Into<String>) -> Diagnostic {
        let message = message.into();
        let Some(key_line) = self.line_of_key(key) else {
            return self.error_for_key(key, message);
        };
        let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
        for (i, line) in self
            .text
            .lines()
            .enumerate()
            .skip(key_line - self.first_line)
        {
            if i + self.first_line > key_line && !line.starts_with([' ', '\t', '-']) {
                break; // the next top-level key
            }
            let value_start = if i + self.first_line == key_line {
                line.find(':').map_or(0, |c| c + 1)
            } else {
                0
            };
            let mut from = value_start;
            while let Some(at) = line[from..].find(item).map(|x| x + from) {
                let end = at + item.len();
                let before = line[..at].chars().next_back();
                let after = line[end..].chars().next();
                if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
                    let col = line[..at].chars().count() + 1;
                    return self.error_at(message, i + 1, col);
                }
                from = end;
            }
        }
        self.error_for_key(key, message)
    }

    /// A diagnostic pointing at the line of `key`, or at the fragment's start.
    pub fn error_for_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let line = self.line_of_key(key).unwrap_or(self.first_line);
        let rel = line + 1 - self.first_line;
        let mut d = Diagnostic::error(self.file, message).line(line);
        d.source_line = self
            .text
            .lines()
            .nth(rel - 1)
            .map(|s| s.trim_end_matches('\r').to_string());
        d
    }

    fn yaml_error(&self, e: serde_yaml::Error) -> Diagnostic {
        let msg = clean_message(&e.to_string(), self.first_line);
        let hint = if msg.contains("limit exceeded") {
            "YAML aliases (`*name`) or nesting here expand to far more data than any front matter needs; write the values out"
        } else {
            "check the YAML syntax: `key: value`, two-space indentation, and quotes around values that contain `: ` or start with a special character"
        };
        match e.location() {
            // From the byte offset, not libyaml's line: a lone `\r` is a line break to YAML but not
            // to our line numbers, and an error at the end of the text is on its last line.
            Some(loc) => {
                let (line, col) = line_col(self.text, loc.index());
                self.error_at(msg, line, col)
            }
            None => Diagnostic::error(self.file, msg).line(self.first_line),
        }
        .hint(hint)
    }

    /// Parses the fragment into `T`, first checking that every top-level key is one of `known`.
    /// An empty fragment is an empty mapping.
    pub fn parse<T: DeserializeOwned>(&self, known: &[&str]) -> Result<T, Diagnostics> {
        let text = if self.text.trim().is_empty() {
            "{}"
        } else {
            self.text
        };
        if let Some(at) = too_deep(text, MAX_NESTING) {
            let (line, col) = line_col(text, at);
            return Err(self
                .error_at(
                    format!("`[`/`{{` nested more than {MAX_NESTING} levels deep"),
                    line,
                    col,
                )
                .hint(format!(
                    "paveldas reads YAML nested at most {MAX_NESTING} levels deep; close the brackets, or quote the value if they are text (`\"[[…\"`)"
                ))
                .into());
        }
        let value: serde_yaml::Value =
            serde_yaml::from_str(text).map_err(|e| self.yaml_error(e))?;
        let mapping = match &value {
            serde_yaml::Value::Mapping(m) => m,
            serde_yaml::Value::Null => {
                return serde_yaml::from_str("{}").map_err(|e| self.yaml_error(e).into())
            }
            _ => {
                return Err(Diagnostic::error(
                    self.file,
                    "expected `key: value` pairs, found a single value",
                )
                .line(self.first_line)
                .hint("front matter and site.yaml are YAML mappings, one `key: value` per line")
                .into())
            }
        };
        let mut diags = Diagnostics::new();
        for key in mapping.keys() {
            let Some(key) = key.as_str() else {
                diags.push(
                    Diagnostic::error(self.file, "keys must be plain words").line(self.first_line),
                );
                continue;
            };
            if !known.contains(&key) {
                let mut d = self.error_for_key(key, format!("unknown key `{key}`"));
                d = match did_you_mean(key, known.iter().copied()) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint(format!("known keys: {}", known.join(", "))),
                };
                diags.push(d);
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        // Convert the already-parsed value; only on a type error parse again from the text,
        // which gives the error its line and column.
        serde_yaml::from_value(value)
            .or_else(|_| serde_yaml::from_str(text).map_err(|e| self.yaml_error(e).into()))
    }
}

/// Parses YAML text that is read only for a hint (drafts, changed keys, a check after writing):
/// `None` on any error, and on nesting past [`MAX_NESTING`] without handing it to serde_yaml.
pub fn quiet<T: DeserializeOwned>(text: &str) -> Option<T> {
    if too_deep(text, MAX_NESTING).is_some() {
        return None;
    }
    serde_yaml::from_str(text).ok()
}

/// serde_yaml appends " at line N column M" to messages; the diagnostic already says where.
/// libyaml's context (", while scanning a quoted scalar at line 1 column 8") is kept, with its line
/// made a file line: it says where the unclosed thing started.
fn clean_message(msg: &str, first_line: usize) -> String {
    let Some(i) = msg.find(" at line ") else {
        return msg.to_string();
    };
    let mut out = msg[..i].to_string();
    if let Some(ctx) = msg[i..].split_once(", while ").map(|x| x.1) {
        let (what, line) = match ctx.split_once(" at line ") {
            Some((w, rest)) => (
                w,
                rest.split(' ').next().and_then(|n| n.parse::<usize>().ok()),
            ),
            None => (ctx, None),
        };
        out.push_str(" (while ");
        out.push_str(what);
        if let Some(l) = line {
            out.push_str(&format!(
                " that starts on line {}",
                (first_line + l).saturating_sub(1)
            ));
        }
        out.push(')');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct T {
        title: Option<String>,
        order: Option<i64>,
    }

    fn frag(text: &str) -> Fragment<'_> {
        Fragment {
            file: Path::new("a.md"),
            text,
            first_line: 2,
        }
    }

    #[test]
    fn syntax_error_is_at_file_line() {
        let err = frag("title: ok\norder: [1\n")
            .parse::<T>(&["title", "order"])
            .unwrap_err();
        let d = &err.0[0];
        assert!(d.line.unwrap() >= 3, "{d}");
    }

    #[test]
    fn unknown_key_has_hint() {
        let err = frag("title: ok\nordr: 1\n")
            .parse::<T>(&["title", "order"])
            .unwrap_err();
        let d = &err.0[0];
        assert_eq!(d.line, Some(3));
        assert_eq!(d.hint.as_deref(), Some("did you mean `order`?"));
    }

    #[test]
    fn type_error_is_at_file_line() {
        let err = frag("title: ok\norder: many\n")
            .parse::<T>(&["title", "order"])
            .unwrap_err();
        assert_eq!(err.0[0].line, Some(3));
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_serde_yaml() {
        let deep = format!("title: x\nsubjects: {}\n", "[".repeat(100_000));
        let err = frag(&deep).parse::<T>(&["title", "subjects"]).unwrap_err();
        let d = &err.0[0];
        assert!(d.message.contains("nested more than 64 levels"), "{d}");
        assert_eq!((d.line, d.col), (Some(3), Some(11 + MAX_NESTING)));
        assert!(d.hint.as_deref().unwrap().contains("at most 64 levels"));
        assert_eq!(too_deep(&"{a: [".repeat(40), 64), Some(5 * 32));
    }

    #[test]
    fn brackets_that_are_text_do_not_count() {
        let many = "[".repeat(200);
        for text in [
            format!("title: '{many}'\n"),
            format!("title: \"{many}\\\" {many}\"\n"),
            format!("title: 'it''s {many}'\n"),
            format!("title: a {many}\n"),
            format!("title: x # {many}\n"),
            format!("# {many}\ntitle: x\n"),
            format!("body: |\n  {many}\n\n  {many}\ntitle: x\n"),
            format!("list:\n  - >-\n    {many}\n  - x\n"),
            format!("list: ['a', \"{many}\", b]\n"),
            format!("a: {{\"k\":'{many}'}}\n"),
            format!("title: \"multi\n  line {many}\"\n"),
            format!("{}\n", "[a, b], ".repeat(500)),
            format!("deep: {}{}\n", "[".repeat(64), "]".repeat(64)),
        ] {
            assert_eq!(too_deep(&text, 64), None, "{text}");
        }
        for text in [
            format!("a: &x {many}"),
            format!("a: !!seq {many}"),
            format!("- {many}"),
            format!("a:\n  {many}"),
            format!("a: {{\"k\":{many}"),
            format!("a: [x, {{b: {}", "[".repeat(70)),
        ] {
            assert!(too_deep(&text, 64).is_some(), "{text}");
        }
    }

    #[test]
    fn items_of_a_list_are_located() {
        let f = frag("title: x\nbadges: [explorer, guide]\norder: 1\n");
        let d = f.error_for_item("badges", "guide", "m");
        assert_eq!((d.line, d.col), (Some(3), Some(20)));
        let f = frag("badges:\n  - explorer-2\n  - explorer\ntitle: explorer\n");
        let d = f.error_for_item("badges", "explorer", "m");
        assert_eq!((d.line, d.col), (Some(4), Some(5)));
        let d = f.error_for_item("badges", "gone", "m");
        assert_eq!((d.line, d.col), (Some(2), None));
    }
}
