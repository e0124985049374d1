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

    /// Sorts and removes exact duplicates, so output is stable.
    pub fn finish(mut self) -> Self {
        self.errors.sort();
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

    /// Where, in the file, byte `byte` of line `line` (both 1-based) of the text of the `|`
    /// block at `path` is; `None` when the value is not such a block. The block's text starts
    /// on the line after its key (a blank first line included), and its lines keep their
    /// places, shifted by the block's indentation, which is where its first text starts.
    /// A line past the text's end is taken as the end of its last line.
    pub fn block_position(&self, path: &KeyPath, text: &str, line: usize, byte: usize) -> Option<(usize, usize)> {
        let (key_line, _) = self.locator().key_position(path);
        let (value_line, column) = self.locator().value_position(path);
        let key_text = self.text.lines().nth(key_line - 1)?;
        // `|`, with its chomping (`-`, `+`) and indentation (a digit) indicators in either order,
        // and perhaps a comment.
        let header = key_text.split(" #").next().unwrap_or_default().trim_end();
        let indicators = |c: char| c == '-' || c == '+' || c.is_ascii_digit();
        let block = value_line > key_line && header.trim_end_matches(indicators).ends_with('|');
        let lines: Vec<&str> = text.lines().collect();
        if !block || line == 0 || lines.is_empty() {
            return None;
        }
        let n = line.min(lines.len());
        let line_text = lines[n - 1];
        let mut byte = if line > lines.len() { line_text.len() } else { byte.min(line_text.len()) };
        // Diagnostics count characters.
        while !line_text.is_char_boundary(byte) {
            byte -= 1;
        }
        Some((key_line + n, column + line_text[..byte].chars().count()))
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
        Diagnostic { file: self.rel.clone(), line, column, path, message: message.into(), hint }
    }
}

/// "did you mean `x`?" for the closest candidate, if any is close enough.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
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
        .map(|(_, candidate)| format!("did you mean `{candidate}`?"))
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
