//! Diagnostics: what is wrong, where (file:line:column and key path), and a hint.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::locate::{KeyPath, Locator};

/// One problem found in a spec file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, relative to the workspace root (`specs/tencent/iai/2018-03-01/CreateFace.yaml`).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The key path inside the file (`request[1].limits.max_items`); empty for the whole file.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
    /// A caveat about the report itself (a position that is only approximate).
    pub note: Option<String>,
    /// Whether it says that checking of its file stopped here (nothing past it was checked): it
    /// comes after the problems found at the same place, its cause among them.
    pub stops_checking: bool,
}

impl Diagnostic {
    /// The same diagnostic with a caveat.
    pub fn with_note(self, note: impl Into<String>) -> Self {
        Diagnostic { note: Some(note.into()), ..self }
    }

    /// The same diagnostic, saying that checking of its file stopped here.
    pub fn stopping_checks(self) -> Self {
        Diagnostic { stops_checking: true, ..self }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: error: {}", self.file.display(), self.line, self.column, self.message)?;
        if !self.path.is_empty() {
            write!(f, "\n  at: {}", self.path)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        if let Some(note) = &self.note {
            write!(f, "\n  note: {note}")?;
        }
        Ok(())
    }
}

/// Every problem of one run, sorted by file and position, and notes on what the errors kept
/// from being checked, so a clean next run is not taken for granted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    /// The problems.
    pub errors: Vec<Diagnostic>,
    /// What waits until some error is fixed (`` `X.yaml` is checked further once it loads ``).
    pub notes: Vec<String>,
}

impl Diagnostics {
    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The number of problems.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Adds another run's problems and notes.
    pub fn extend(&mut self, other: Diagnostics) {
        self.errors.extend(other.errors);
        self.notes.extend(other.notes);
    }

    /// Sorts and removes exact duplicates, so output is stable. At one place, a line saying
    /// where checking stopped ([`Diagnostic::stops_checking`]) comes after the problems found
    /// there, its cause among them ("unknown key `nmae`", then "the file is not checked past
    /// here").
    pub fn finish(mut self) -> Self {
        let key = |d: &Diagnostic| (d.line, d.column, d.stops_checking);
        self.errors.sort_by(|a, b| a.file.cmp(&b.file).then_with(|| key(a).cmp(&key(b))).then_with(|| a.cmp(b)));
        self.errors.dedup();
        self.notes.sort();
        self.notes.dedup();
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.errors {
            writeln!(f, "{diagnostic}")?;
        }
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        let n = self.errors.len();
        write!(f, "{n} error{} in the specs; nothing was written", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// A spec file's text and position index, able to place diagnostics.
#[derive(Debug)]
pub struct Source {
    /// Path relative to the workspace root.
    pub rel: PathBuf,
    /// The file's text.
    pub text: String,
    /// Positions of every key and value, indexed on the first diagnostic: most files have
    /// none, and indexing costs a second parse.
    locator: std::sync::OnceLock<Locator>,
}

impl Source {
    /// The text of the file at `rel`.
    pub fn new(rel: &Path, text: String) -> Self {
        Source { rel: rel.to_path_buf(), text, locator: std::sync::OnceLock::new() }
    }

    /// The position index of the file, built on first use.
    pub fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::index(&self.text))
    }

    /// A diagnostic pointing at the value at `path` (or its nearest existing parent).
    pub fn error(&self, path: &KeyPath, message: impl Into<String>, hint: Option<String>) -> Diagnostic {
        let (line, column) = self.locator().value_position(path);
        self.at(line, column, path.to_string(), message, hint)
    }

    /// A diagnostic pointing at the key of `path` (or its nearest existing parent).
    pub fn key_error(&self, path: &KeyPath, message: impl Into<String>, hint: Option<String>) -> Diagnostic {
        let (line, column) = self.locator().key_position(path);
        self.at(line, column, path.to_string(), message, hint)
    }

    /// A diagnostic at byte `offset` of `text`, the scalar at `path` as parsed: at the exact
    /// place in the file when [`Source::offset_position`] finds it, else at the value's start
    /// with a note saying that the place inside it could not be found.
    pub fn error_inside(
        &self,
        path: &KeyPath,
        text: &str,
        offset: usize,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        match self.offset_position(path, text, offset) {
            Some((line, column)) => self.at(line, column, path.to_string(), message, hint),
            None => self.error(path, message, hint).with_note(NOT_PLACED),
        }
    }

    /// Where, in the file, byte `offset` of `text` is, `text` being the scalar at `path` as
    /// the YAML parser read it (`text.len()` is just past its last character). The value's
    /// lines are read again from the file and matched to `text` character by character, a
    /// line break of the file standing for a space (a `>` block folds them so) or for nothing
    /// (a folded blank line), so the place is exact or `None`: a block scalar, or a value on
    /// one line without escapes.
    pub fn offset_position(&self, path: &KeyPath, text: &str, offset: usize) -> Option<(usize, usize)> {
        let (key_line, _) = self.locator().key_position(path);
        let (value_line, value_column) = self.locator().value_position(path);
        let lines: Vec<&str> = self.text.lines().collect();
        // The file's characters that make up the value, with their 1-based line and column; a
        // line break is at the column past its line's end.
        let mut chars: Vec<(char, usize, usize)> = Vec::new();
        let push_line = |chars: &mut Vec<(char, usize, usize)>, number: usize, skip: usize| {
            let line = lines.get(number - 1).copied().unwrap_or_default();
            let count = line.chars().count();
            chars.extend(line.chars().enumerate().skip(skip).map(|(i, c)| (c, number, i + 1)));
            chars.push(('\n', number, count + 1));
        };
        // A block's header is the last line before its text that is not blank.
        let header = (key_line..value_line).rev().find(|&n| lines.get(n - 1).is_some_and(|l| !l.trim().is_empty()));
        let block = header.filter(|&n| block_header(lines[n - 1]));
        if let Some(header) = block {
            // Its text runs while lines are blank or indented as deep as its first text.
            let indent = value_column - 1;
            for number in header + 1..=lines.len() {
                let line = lines[number - 1];
                let spaces = line.len() - line.trim_start_matches(' ').len();
                if spaces < indent && !line.trim().is_empty() {
                    break;
                }
                push_line(&mut chars, number, spaces.min(indent));
            }
        } else {
            // A value on its key's line, after its opening quote if it has one.
            let line = lines.get(value_line - 1)?;
            let quoted = matches!(line.chars().nth(value_column - 1), Some('"' | '\''));
            push_line(&mut chars, value_line, value_column - 1 + usize::from(quoted));
        }
        let mut places = Vec::with_capacity(text.len() + 1);
        let mut next = chars.iter();
        for (at, wanted) in text.char_indices() {
            let place = loop {
                match next.next()? {
                    &(c, line, column) if c == wanted || (c == '\n' && wanted == ' ') => break (line, column),
                    // A folded line break that left nothing in the text.
                    ('\n', ..) => {}
                    _ => return None,
                }
            };
            // The bytes of a character all stand at its place.
            places.resize(at + wanted.len_utf8(), place);
        }
        // A block holds nothing past the text but white space (the breaks chomping removed).
        if block.is_some() && next.any(|&(c, ..)| !c.is_whitespace()) {
            return None;
        }
        let end = places.last().map(|&(line, column)| (line, column + 1));
        places.get(offset).copied().or(end)
    }

    /// A diagnostic about the file as a whole, placed at its start.
    pub fn whole_file(&self, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
        self.at(1, 1, String::new(), message, Some(hint.into()))
    }

    /// A diagnostic at an explicit position.
    pub fn at(
        &self,
        line: usize,
        column: usize,
        path: String,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        Diagnostic {
            file: self.rel.clone(),
            line,
            column,
            path,
            message: message.into(),
            hint,
            note: None,
            stops_checking: false,
        }
    }
}

/// The note of a diagnostic inside a value that [`Source::offset_position`] could not place.
pub(crate) const NOT_PLACED: &str = "this points at the start of the value: the place inside it could not be \
                                     matched to the file (escapes or line folding of a quoted or plain value); \
                                     written as a `|` or `>` block, it could";

/// Whether `line`, without its comment, ends with a block scalar's header: `|` or `>`, with
/// its chomping (`-`, `+`) and indentation (a digit) indicators in either order.
fn block_header(line: &str) -> bool {
    let line = line.split(" #").next().unwrap_or_default().trim_end();
    let indicators = |c: char| c == '-' || c == '+' || c.is_ascii_digit();
    let rest = line.trim_end_matches(indicators);
    let before = rest.strip_suffix(['|', '>']);
    rest.len() + 2 >= line.len() && before.is_some_and(|before| before.is_empty() || before.ends_with(' '))
}

/// "did you mean `x`?" for the closest candidate, if any is close enough.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(wrong, candidates).map(|candidate| format!("did you mean `{candidate}`?"))
}

/// The candidate closest to `wrong`, if any is close enough to be what was meant.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let candidate_lower = candidate.to_lowercase();
            // Jaro-Winkler misses swapped letters in short names (`u46` for `u64`).
            let swapped = strsim::damerau_levenshtein(&wrong, &candidate_lower) <= 1;
            (strsim::jaro_winkler(&wrong, &candidate_lower), swapped, candidate)
        })
        .filter(|(score, swapped, _)| *score >= 0.8 || *swapped)
        // A one-edit match beats any that is only similar.
        .map(|(score, swapped, candidate)| (if swapped { score + 1.0 } else { score }, candidate))
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggestions_take_similar_names_and_swapped_letters() {
        let types = ["string", "u32", "u64", "i64", "FaceRect"];
        assert_eq!(did_you_mean("u46", types).as_deref(), Some("did you mean `u64`?"));
        assert_eq!(did_you_mean("FaceRec", types).as_deref(), Some("did you mean `FaceRect`?"));
        assert_eq!(did_you_mean("Widget", types), None);
    }
}
