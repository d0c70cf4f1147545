//! Splitting a file into its YAML front matter and Markdown body, and
//! mapping YAML error positions back to lines of the whole file.

use serde::de::DeserializeOwned;

/// A file split at its `---` fences.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// The 1-based file line of the YAML's first line.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// The 1-based file line of the body's first line.
    pub body_line: usize,
}

/// A front-matter problem with its position in the file (1-based).
#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatterError {
    /// Line in the whole file.
    pub line: usize,
    /// Column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits `text` (already LF-only) at its front-matter fences.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_end]) {
        return Err(FrontMatterError {
            line: 1,
            column: Some(1),
            message: "expected front matter: the file must start with a line `---`, then `title: ...`, then another `---`".into(),
        });
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line_no, line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        if is_fence(line.trim_end_matches('\n')) {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        line: 1,
        column: Some(1),
        message: "the front matter opened with `---` on line 1 is never closed: add a line `---` after the last field".into(),
    })
}

/// Front matter nested deeper than this is refused before the YAML parser
/// sees it. loa's fields nest at most four levels (`support:`, then
/// `- items:`, `- amount:` and `{percent: …}`). The YAML library limits
/// depth only while deserializing (128), after its parser has turned the
/// whole text into events; this check answers first, with the line.
pub const MAX_YAML_DEPTH: usize = 32;

/// Checks the nesting of a front matter's YAML by a quick scan of its
/// lines: block nesting by indentation and `- ` entries, flow nesting by
/// `[`/`{` outside quoted text; block scalars (`|`, `>`) and comments are
/// skipped. Linear in the text; an estimate that errs on the deep side
/// only for text no writer would write.
pub fn check_depth(split: &Split<'_>) -> Result<(), FrontMatterError> {
    let mut scan = DepthScan::default();
    for (i, line) in split.yaml.lines().enumerate() {
        scan.line(line.as_bytes(), split.yaml_line + i)?;
    }
    Ok(())
}

/// What [`check_depth`] carries from one line to the next.
#[derive(Default)]
struct DepthScan {
    /// Open block nodes: indentation, and whether a `- ` entry opened it.
    indents: Vec<(usize, bool)>,
    /// Open `[` and `{`.
    flow: usize,
    /// The quote (`"` or `'`) of a quoted text still open.
    quote: Option<u8>,
    /// Inside a block scalar (`|`, `>`) opened on a line of this indentation.
    block_scalar: Option<usize>,
}

impl DepthScan {
    /// Scans one line (`file_line` of the file, for the error).
    fn line(&mut self, b: &[u8], file_line: usize) -> Result<(), FrontMatterError> {
        let indent = b.iter().take_while(|&&c| c == b' ').count();
        let rest = &b[indent..];
        if let Some(parent) = self.block_scalar {
            if rest.is_empty() || indent > parent {
                return Ok(());
            }
            self.block_scalar = None;
        }
        if rest.is_empty() || rest[0] == b'#' && self.quote.is_none() {
            return Ok(());
        }
        let mut at = indent;
        if self.flow == 0 && self.quote.is_none() {
            at += self.block_nodes(rest, indent);
            if self.indents.len() > MAX_YAML_DEPTH {
                return Err(yaml_too_deep(file_line, indent + 1));
            }
        }
        self.values(b, at, indent, file_line)
    }

    /// Block nesting: closes the nodes this line's indentation leaves and
    /// opens the ones it starts (a key, or one per `- ` entry). Returns how
    /// many bytes of `- ` entries lead the line.
    fn block_nodes(&mut self, rest: &[u8], indent: usize) -> usize {
        let entries = sequence_entries(rest);
        let is_node = entries > 0 || rest.starts_with(b"? ") || has_key(rest);
        if !is_node {
            return 0;
        }
        // A `- ` entry may sit at its key's own indentation
        // (`tags:` then `- a`) and still be inside it.
        while self
            .indents
            .last()
            .is_some_and(|&(top, seq)| top > indent || top == indent && (seq || entries == 0))
        {
            self.indents.pop();
        }
        // `- - - x` nests one sequence in the next on one line.
        for k in 0..entries.max(1) {
            self.indents.push((indent + 2 * k, entries > 0));
        }
        2 * entries
    }

    /// Flow nesting and quotes in the rest of a line from byte `j`: `[`/`{`
    /// count where a value starts or inside flow, quoted text and comments
    /// are skipped, and a block scalar's marker starts skipping lines.
    fn values(
        &mut self,
        b: &[u8],
        mut j: usize,
        indent: usize,
        file_line: usize,
    ) -> Result<(), FrontMatterError> {
        let mut value_start = true;
        while j < b.len() {
            let c = b[j];
            if let Some(q) = self.quote {
                j = self.in_quote(b, j, q, &mut value_start);
                continue;
            }
            match c {
                b'#' if j == 0 || b[j - 1] == b' ' || b[j - 1] == b'\t' => return Ok(()),
                b'"' | b'\'' if value_start => self.quote = Some(c),
                b'[' | b'{' if value_start || self.flow > 0 => {
                    self.flow += 1;
                    if self.indents.len() + self.flow > MAX_YAML_DEPTH {
                        return Err(yaml_too_deep(file_line, j + 1));
                    }
                    value_start = true;
                }
                b']' | b'}' if self.flow > 0 => {
                    self.flow -= 1;
                    value_start = false;
                }
                b',' if self.flow > 0 => value_start = true,
                b'|' | b'>' if value_start && self.flow == 0 => {
                    self.block_scalar = Some(indent);
                    return Ok(());
                }
                b':' if b.get(j + 1).is_none_or(|n| *n == b' ' || *n == b'\t') => {
                    value_start = true;
                }
                b'-' | b'?' if value_start && b.get(j + 1).is_none_or(|n| *n == b' ') => {}
                b' ' | b'\t' => {}
                _ => value_start = false,
            }
            j += 1;
        }
        Ok(())
    }

    /// One byte of quoted text at `j` (quote `q`): a `\"` escape or a `''`
    /// doubled quote is skipped whole, the closing quote ends the text.
    /// Returns where to go on.
    fn in_quote(&mut self, b: &[u8], mut j: usize, q: u8, value_start: &mut bool) -> usize {
        let c = b[j];
        if c == b'\\' && q == b'"' {
            j += 1;
        } else if c == q {
            if q == b'\'' && b.get(j + 1) == Some(&b'\'') {
                j += 1;
            } else {
                self.quote = None;
                *value_start = false;
            }
        }
        j + 1
    }
}

/// How many `- ` sequence entries open a line (`- - x` has two).
fn sequence_entries(rest: &[u8]) -> usize {
    let mut n = 0;
    let mut r = rest;
    while r.first() == Some(&b'-') && r.get(1).is_none_or(|c| *c == b' ') {
        n += 1;
        r = r.get(2..).unwrap_or(&[]);
    }
    n
}

/// True when a line holds a `key:` (a colon before a space or the line's end).
fn has_key(rest: &[u8]) -> bool {
    rest.iter()
        .enumerate()
        .any(|(i, &c)| c == b':' && rest.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\t'))
}

fn yaml_too_deep(line: usize, column: usize) -> FrontMatterError {
    FrontMatterError {
        line,
        column: Some(column),
        message: format!(
            "front matter: nested more than {MAX_YAML_DEPTH} levels deep; loa's fields need at most four, so remove the extra levels"
        ),
    }
}

/// Parses the YAML of a split into `T`, reporting errors at file lines.
pub fn parse<T: DeserializeOwned>(split: &Split<'_>) -> Result<T, FrontMatterError> {
    check_depth(split)?;
    let yaml = if split.yaml.trim().is_empty() {
        "{}"
    } else {
        split.yaml
    };
    serde_yaml_ng::from_str(yaml).map_err(|e| {
        let message = friendly_yaml_message(&e.to_string());
        let (mut line, mut column) = match e.location() {
            Some(loc) => (split.yaml_line + loc.line() - 1, Some(loc.column())),
            None => (split.yaml_line, None),
        };
        // Errors raised by our own types (a bad date, a bad amount) carry the
        // position of the enclosing map; the value they quote is more precise.
        if let Some(l) = quoted_value_line(split, &message) {
            if l > line {
                (line, column) = (l, None);
            }
        }
        FrontMatterError {
            line,
            column,
            message,
        }
    })
}

/// The file line of the first `value` quoted in backticks in `message`.
fn quoted_value_line(split: &Split<'_>, message: &str) -> Option<usize> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    let value = &message[start..start + len];
    if value.is_empty() {
        return None;
    }
    split
        .yaml
        .lines()
        .position(|l| l.contains(value))
        .map(|i| split.yaml_line + i)
}

/// serde_yaml's messages end with " at line X column Y"; we print our own
/// file position, so drop theirs (it counts from the front matter, not the file).
/// A long "expected one of" list becomes a "did you mean" suggestion.
fn friendly_yaml_message(msg: &str) -> String {
    let msg = match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        if let Some((field, expected)) = rest.split_once("`, expected ") {
            let options: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let hint = match closest(field, &options) {
                Some(best) => format!(" (did you mean `{best}`?)"),
                None => format!("; allowed fields: {}", options.join(", ")),
            };
            return format!("front matter: unknown field `{field}`{hint}");
        }
    }
    format!("front matter: {msg}")
}

/// The option nearest to `word` by edit distance, if it is close enough to be a typo.
fn closest<'a>(word: &str, options: &[&'a str]) -> Option<&'a str> {
    let distance = |a: &str, b: &str| -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1];
            for (j, cb) in b.iter().enumerate() {
                let cost = usize::from(ca != *cb);
                cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
            }
            prev = cur;
        }
        prev[b.len()]
    };
    options
        .iter()
        .map(|o| (distance(word, o), *o))
        .filter(|(d, o)| *d <= 2.max(o.len() / 3))
        .min()
        .map(|(_, o)| o)
}

/// The file line of the first top-level `key:` in the front matter, for
/// errors found after parsing (which field is wrong).
pub fn key_line(split: &Split<'_>, key: &str) -> Option<usize> {
    split
        .yaml
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| split.yaml_line + i)
}

/// The file line of every top-level key, for stages after parsing that
/// need to point at a field (a photo that does not exist, a successor
/// policy that is missing).
pub fn top_level_keys(split: &Split<'_>) -> Vec<(String, usize)> {
    split
        .yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|(i, l)| {
            let (key, _) = l.split_once(':')?;
            Some((key.trim().to_string(), split.yaml_line + i))
        })
        .collect()
}

/// The file line of the first (possibly nested, possibly inline as in
/// `amount: {percent: 120}`) `key:` at or after `from_line`.
pub fn nested_key_line(split: &Split<'_>, key: &str, from_line: usize) -> Option<usize> {
    let skip = from_line.saturating_sub(split.yaml_line);
    let pattern = format!("{key}:");
    split
        .yaml
        .lines()
        .enumerate()
        .skip(skip)
        .find(|(_, l)| {
            l.match_indices(&pattern).any(|(i, _)| {
                !l[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
        })
        .map(|(i, _)| split.yaml_line + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct T {
        #[allow(dead_code)]
        title: String,
        #[serde(default)]
        #[allow(dead_code)]
        tags: Vec<String>,
    }

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
        let s = split("---\n---\n").unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "");
    }

    #[test]
    fn missing_and_unclosed_fences() {
        assert!(
            split("title: a\n")
                .unwrap_err()
                .message
                .contains("must start")
        );
        assert!(
            split("---\ntitle: a\n")
                .unwrap_err()
                .message
                .contains("never closed")
        );
        assert!(split("").is_err());
    }

    #[test]
    fn yaml_errors_point_at_file_lines() {
        let text = "---\ntitle: a\ntags: [x\nnext: 1\n---\n";
        let s = split(text).unwrap();
        let e = parse::<T>(&s).unwrap_err();
        assert!(e.line >= 3, "{e:?}");
        let text = "---\ntitle: a\n\ntitel: x\n---\n";
        let e = parse::<T>(&split(text).unwrap()).unwrap_err();
        assert_eq!(e.line, 4, "{e:?}");
        assert!(e.message.contains("titel"), "{e:?}");
        assert!(!e.message.contains(" at line "), "{e:?}");
        assert!(e.message.contains("did you mean `title`"), "{e:?}");
    }

    fn depth_error(yaml: &str) -> Option<(usize, Option<usize>)> {
        let text = format!("---\n{yaml}---\n");
        check_depth(&split(&text).unwrap())
            .err()
            .map(|e| (e.line, e.column))
    }

    #[test]
    fn real_front_matter_is_shallow() {
        let policy = "title: a\ntags: [x, \"y [z]\"]\nsupport:\n  - group: A\n    items:\n      - label: B\n        amount: {percent: 120}\nsummary: |\n  text\n      more indented text\n# [[[[ a comment\n";
        assert_eq!(depth_error(policy), None);
        let plain = format!("title: Chương trình {} x\n", "[".repeat(100));
        assert_eq!(depth_error(&plain), None, "brackets inside a plain title");
        let quoted = format!("title: \"{}\"\n", "{".repeat(100));
        assert_eq!(depth_error(&quoted), None);
    }

    #[test]
    fn deep_front_matter_is_refused_at_its_line() {
        let d = MAX_YAML_DEPTH;
        // `tags:` is one level; its flow sequences the rest.
        let ok = format!(
            "title: a\ntags: {}x{}\n",
            "[".repeat(d - 1),
            "]".repeat(d - 1)
        );
        assert_eq!(depth_error(&ok), None);
        let deep = format!("title: a\ntags: {}x{}\n", "[".repeat(d), "]".repeat(d));
        assert_eq!(depth_error(&deep), Some((3, Some(6 + d))));
        let maps = format!(
            "title: a\nx: {}1{}\n",
            "{k: ".repeat(100_000),
            "}".repeat(100_000)
        );
        assert_eq!(depth_error(&maps).map(|e| e.0), Some(3));
        let block: String = (0..d + 1)
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect();
        assert_eq!(depth_error(&block), Some((2 + d, Some(2 * d + 1))));
        let dashes = format!("title: a\ntags:\n{}x\n", "- ".repeat(d));
        assert_eq!(depth_error(&dashes).map(|e| e.0), Some(4));
        // Flow nesting carries over lines.
        let lines = format!("x: {}1\n", "[\n".repeat(d + 1));
        assert_eq!(depth_error(&lines).map(|e| e.0), Some(1 + d));
    }

    #[test]
    fn parse_checks_depth_first() {
        let text = format!("---\ntitle: {}a{}\n---\n", "[".repeat(50), "]".repeat(50));
        let e = parse::<T>(&split(&text).unwrap()).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.message
                .starts_with("front matter: nested more than 32 levels deep"),
            "{e:?}"
        );
    }

    #[test]
    fn key_lines() {
        let s = split("---\ntitle: a\nsupport:\n  - items:\n      - amount: 5\n---\n").unwrap();
        assert_eq!(key_line(&s, "support"), Some(3));
        assert_eq!(key_line(&s, "amount"), None);
        assert_eq!(nested_key_line(&s, "amount", 3), Some(5));
    }
}
