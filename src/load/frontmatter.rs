//! Splitting a Markdown file into its YAML front matter and its body.

/// A file split at its `---` fences.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences (empty when the file has none).
    pub front_matter: &'a str,
    /// 1-based file line of the front matter's first line.
    pub front_line: usize,
    pub body: &'a str,
    /// 1-based file line of the body's first line.
    pub body_line: usize,
    /// Whether the file had front matter at all.
    pub has_front_matter: bool,
}

/// Why a file could not be split.
#[derive(Debug, PartialEq, Eq)]
pub struct Unclosed {
    /// 1-based line of the opening fence.
    pub line: usize,
}

/// Cleans a Markdown file's text as CommonMark reads it: a lone carriage return (classic Mac OS
/// line ends) is a line break, so it becomes `\n` and line numbers in messages agree with the
/// parsers; U+0000 becomes U+FFFD (a NUL may not reach the HTML). `\r\n` is left alone.
pub fn normalize(text: String) -> String {
    if memchr::memchr2(b'\r', 0, text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() != Some(&'\n') => out.push('\n'),
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A split body with LF line ends (CRLF files are read like LF ones).
pub fn body_lf(body: &str) -> String {
    if memchr::memchr(b'\r', body.as_bytes()).is_some() {
        body.replace("\r\n", "\n")
    } else {
        body.to_string()
    }
}

/// [`body_lf`] of the body starting at byte `start` of `text`, kept in `text`'s buffer when no
/// line end needs changing (the common case: no copy of the body).
pub fn into_body_lf(mut text: String, start: usize) -> String {
    if memchr::memchr(b'\r', &text.as_bytes()[start..]).is_some() {
        return body_lf(&text[start..]);
    }
    text.drain(..start);
    text
}

/// Splits `text` (a leading BOM is ignored; CRLF line ends work) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line_end = |from: usize| {
        memchr::memchr(b'\n', &text.as_bytes()[from..])
            .map(|i| from + i + 1)
            .unwrap_or(text.len())
    };
    let first_end = line_end(0);
    if text[..first_end].trim_end() != "---" {
        return Ok(Split {
            front_matter: "",
            front_line: 1,
            body: text,
            body_line: 1,
            has_front_matter: false,
        });
    }
    let mut pos = first_end;
    let mut line = 2;
    while pos < text.len() {
        let end = line_end(pos);
        let l = text[pos..end].trim_end();
        if l == "---" || l == "..." {
            return Ok(Split {
                front_matter: &text[first_end..pos],
                front_line: 2,
                body: &text[end..],
                body_line: line + 1,
                has_front_matter: true,
            });
        }
        pos = end;
        line += 1;
    }
    Err(Unclosed { line: 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.front_matter, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn body_taken_from_the_text_with_lf_line_ends() {
        assert_eq!(into_body_lf("---\na: 1\n---\nBody\n".into(), 13), "Body\n");
        assert_eq!(into_body_lf("---\r\n---\r\nA\r\nB".into(), 10), "A\nB");
        assert_eq!(into_body_lf("---\n---\n".into(), 8), "");
    }

    #[test]
    fn handles_bom_and_crlf() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody").unwrap();
        assert_eq!(s.front_matter, "title: A\r\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn no_front_matter() {
        let s = split("# Hi\n").unwrap();
        assert!(!s.has_front_matter);
        assert_eq!(s.body, "# Hi\n");
    }

    #[test]
    fn unclosed_is_an_error() {
        assert_eq!(split("---\ntitle: A\n"), Err(Unclosed { line: 1 }));
        assert_eq!(split("---"), Err(Unclosed { line: 1 }));
    }

    #[test]
    fn normalizes_lone_cr_and_nul() {
        assert_eq!(normalize("a\rb\r\nc\0".into()), "a\nb\r\nc\u{fffd}");
        let s = normalize("---\rtitle: A\r---\rBody".into());
        assert_eq!(split(&s).unwrap().front_matter, "title: A\n");
    }

    #[test]
    fn empty_file() {
        assert!(!split("").unwrap().has_front_matter);
    }
}
