//! serde's parse of a spec file, repeated after each mistake it stops at is set aside (an
//! unknown key or a wrong value commented out, a missing key added), so that one run reports
//! every such mistake of the file.

use serde::de::DeserializeOwned;
use yaml_rust2::scanner::TScalarStyle;

use super::serde_messages::{explain, without_positions, yaml_diagnostic, Problem};
use super::{more_not_listed, syntax, CHECK_AGAIN};
use crate::diag::{Diagnostic, Source};
use crate::locate::{KeyPath, Segment};
use crate::scaffold::PLACEHOLDER;

/// Parses with yaml_serde. serde stops at the first error; after an unknown key that starts
/// its line, or a wrong value of a key that starts its line, the key and its nested lines
/// are commented out (keeping line numbers); a missing key of a block map gets a line of its
/// own with an empty value. Then the text is parsed again, so every such mistake of a file
/// is reported in one run. The keys after an unknown key in its map that serde would call
/// unknown too are found in the same pass, not with a parse each, and those in the other maps
/// of its kind with one parse for all (see [`unknown_elsewhere`]). At most `room` problems are
/// listed; then one more diagnostic counts those found past it. Wherever else recovery
/// stops before the end (after [`MAX_ROUNDS`] passes, once its reads of the text add up to
/// `budget` bytes ([`MAX_READ`]), at a problem it cannot set aside, or when its edits break
/// the YAML), a last diagnostic says where checking stopped and why.
pub(super) fn parse<T: DeserializeOwned>(source: &Source, room: usize, budget: usize) -> Result<T, Vec<Diagnostic>> {
    let mut recovery = Recovery::new(source, room);
    // serde's reading of the text when a batch of unknown keys read it already.
    let mut read: Option<Reading<T>> = None;
    for round in 0..=MAX_ROUNDS {
        // A batch's reading of its text comes with the text known to parse.
        let batched = read.is_some();
        let spent_before = recovery.spent;
        let reading = read.take().unwrap_or_else(|| recovery.read());
        let error = match reading {
            Ok(value) if recovery.found.is_empty() => return Ok(value),
            Ok(_) => return Err(recovery.found),
            Err(error) => error,
        };
        match recovery.set_aside(&error, batched, round, spent_before, budget) {
            Flow::Again(reading) => read = reading,
            Flow::Stop => return Err(recovery.found),
        }
    }
    // Not reached: the last round returns.
    Err(recovery.found)
}

/// What recovery does after a problem: parse its edited text again (with serde's reading of
/// it when a batch of unknown keys made one), or stop with what it found.
enum Flow<T> {
    Again(Option<Reading<T>>),
    Stop,
}

/// One file's recovery, pass after pass: its text as edited so far, and what was found.
struct Recovery<'s> {
    source: &'s Source,
    /// The file's text, with the problems found so far set aside.
    text: String,
    /// How many problems are listed at most.
    room: usize,
    /// Bytes read by the passes so far: each reads the whole text once or more.
    spent: usize,
    found: Vec<Diagnostic>,
    /// Paths of keys that are missing but accounted for, so that reporting them (or keys
    /// inside them) says nothing new: keys set aside for a wrong value (`request[0].summary`),
    /// keys given a placeholder, and a missing key that `meant` holds.
    accounted: Vec<String>,
    /// Paths of the keys unknown keys' hints name (`region` for `regoin`): serde finding one
    /// missing says nothing new, but one the file has is checked as any other key, so these
    /// are accounted for only once found missing.
    meant: Vec<String>,
    /// Lines added for missing keys, numbered as in `text`; diagnostics are numbered as in
    /// the file.
    added: Vec<usize>,
    /// A document with nothing in it (`---` alone) is an empty map, whose missing keys are
    /// all reported at its start, as for a map with some keys.
    empty: bool,
    /// Keys found unknown across the file at once. A batch that lists none (other problems
    /// come first) was a read in vain: the next `skip` unknown keys start none, a number that
    /// doubles with each such batch in a row, so that problems of other kinds in turn with
    /// unknown keys waste few reads, and a file whose other problems end is batched again.
    vain: usize,
    skip: usize,
}

impl<'s> Recovery<'s> {
    fn new(source: &'s Source, room: usize) -> Self {
        let empty = source.text.lines().all(|line| {
            let line = line.trim();
            let line = line.strip_prefix("---").or_else(|| line.strip_prefix("...")).unwrap_or(line).trim_start();
            line.is_empty() || line.starts_with('#')
        });
        let text = source.text.clone();
        Recovery {
            source,
            text,
            room,
            spent: 0,
            found: Vec::new(),
            accounted: Vec::new(),
            meant: Vec::new(),
            added: Vec::new(),
            empty,
            vain: 0,
            skip: 0,
        }
    }

    /// serde's reading of the text as it is now.
    fn read<T: DeserializeOwned>(&mut self) -> Reading<T> {
        self.spent += self.text.len();
        yaml_serde::from_str(&self.text)
    }

    /// The file's line of a line of the edited text.
    fn in_file(&self, at: usize) -> usize {
        at - self.added.iter().filter(|&&a| a < at).count()
    }

    /// Ends the file's problems with one saying where checking stopped, and `why`.
    fn stop<T>(&mut self, at: (usize, usize), path: String, why: &str) -> Flow<T> {
        self.found.push(not_checked_past(self.source, at, path, why));
        Flow::Stop
    }

    /// Reports the problem serde stopped at and sets it aside, if recovery can, for the next
    /// pass; `round` passes were made before, `spent_before` bytes read before this one.
    fn set_aside<T: DeserializeOwned>(
        &mut self,
        error: &yaml_serde::Error,
        batched: bool,
        round: usize,
        spent_before: usize,
        budget: usize,
    ) -> Flow<T> {
        let source = self.source;
        // serde reads as far as the YAML parses: keys it calls missing from a map that a
        // syntax error cuts short follow from the error, which is reported alone. After
        // recovery's edits, a syntax error is theirs: stop. An unknown key or a wrong value is
        // one the parser read, whatever follows it, so the edited text is not read once more
        // to find out (which made each pass two reads).
        let (mut diagnostic, problem) = yaml_diagnostic(source, &self.text, error);
        let read_by_the_parser =
            matches!(problem, Problem::UnknownKey { .. } | Problem::WrongValue | Problem::DuplicateKey);
        let edited = self.text != source.text;
        let yaml = if batched || edited && read_by_the_parser {
            Ok(())
        } else {
            self.spent += self.text.len();
            parses(&self.text)
        };
        if let (Err(yaml), false) = (&yaml, edited) {
            self.found = vec![syntax::does_not_parse(source, yaml)];
            return Flow::Stop;
        }
        let (line, column) = (diagnostic.line, diagnostic.column);
        // A map's next missing key is reported at the placeholder before its first key: show
        // the first key.
        let mut shown = line;
        while self.added.contains(&shown) {
            shown += 1;
        }
        diagnostic.line = self.in_file(shown);
        if yaml.is_err() {
            // The file parses, so its edits broke it: what serde read last is where checking
            // ends.
            let why = "recovery's edits of the problems before it left YAML that does not parse";
            return self.stop((diagnostic.line, column), diagnostic.path, why);
        }
        if round == MAX_ROUNDS || spent_before >= budget {
            // Each pass reads the whole file: say where checking stopped rather than drop the
            // rest without a word.
            let why = match round {
                MAX_ROUNDS => format!("recovering from the problems before it took {MAX_ROUNDS} passes"),
                _ => format!(
                    "recovering from the problems before it took {round} passes over the file's {}, {} read in all, \
                     the most a file is given",
                    in_units(source.text.len()),
                    in_units(budget)
                ),
            };
            return self.stop((diagnostic.line, column), diagnostic.path, &why);
        }
        match problem {
            Problem::MissingKey(key) => self.add_missing_key(diagnostic, &key, line, column),
            _ if self.added.contains(&line) => self.give_placeholder_a_value(error, diagnostic, line),
            _ => self.comment_out(diagnostic, &problem, error, line, column),
        }
    }

    /// A placeholder's empty text is wrong for its key (a list, a number, one of some words):
    /// it gets a value of the type serde asks for. The key is reported already. Each stand-in
    /// value takes a pass, so the round cap and the read budget bound them as they bound every
    /// other edit, and say so when they run out.
    fn give_placeholder_a_value<T>(
        &mut self,
        error: &yaml_serde::Error,
        diagnostic: Diagnostic,
        line: usize,
    ) -> Flow<T> {
        if retype_placeholder(&mut self.text, line, &error.to_string()) {
            return Flow::Again(None);
        }
        // The map cannot be read past its placeholder: say so, at the map's first key, where
        // its missing keys were reported.
        let (key, column) = placeholder_key(&self.text, line);
        let why = format!("recovery has no stand-in value of the type `{key}` takes");
        self.stop((diagnostic.line, column), diagnostic.path, &why)
    }

    /// Reports a key missing from the map at `line`:`column`, unless it is accounted for, and
    /// adds it with an empty value.
    fn add_missing_key<T>(&mut self, mut diagnostic: Diagnostic, key: &str, line: usize, column: usize) -> Flow<T> {
        let source = self.source;
        let at = if self.empty && self.added.is_empty() {
            // No map to add the key to: start one on a new first line, with the file's lines
            // commented out after it.
            let commented: Vec<String> = source.text.lines().map(|line| format!("#{line}")).collect();
            self.text = format!("{key}: ''\n{}", commented.join("\n"));
            Some(1)
        } else {
            add_missing_key(&mut self.text, line, column, key)
        };
        if self.empty {
            (diagnostic.line, diagnostic.column) = (1, 1);
        }
        let (shown, path) = ((diagnostic.line, diagnostic.column), diagnostic.path.clone());
        if let Some(at) = at {
            self.added.iter_mut().filter(|a| **a >= at).for_each(|a| *a += 1);
            self.added.push(at);
        }
        let key_path = child_path(&diagnostic.path, key);
        let inside = |path: &String| {
            diagnostic.path == *path
                || diagnostic.path.starts_with(&format!("{path}."))
                || diagnostic.path.starts_with(&format!("{path}["))
        };
        let said = self.accounted.contains(&key_path) || self.meant.contains(&key_path);
        if !said && !self.accounted.iter().any(inside) {
            if self.found.len() == self.room {
                let (line, column, path) = (diagnostic.line, diagnostic.column, diagnostic.path);
                self.found.push(more_not_listed(source, line, column, path, 1));
                return Flow::Stop;
            }
            self.found.push(diagnostic);
        }
        self.accounted.push(key_path);
        if at.is_some() {
            return Flow::Again(None);
        }
        // No line to add the key on: the map cannot be read past its start.
        let (why, shown) = if let Some(why) = no_edits(&self.text) {
            (why.to_owned(), shown)
        } else if self.added.contains(&line) {
            // A placeholder given an empty map, itself missing a key.
            let (outer, column) = placeholder_key(&self.text, line);
            (
                format!("the empty map recovery put in for `{outer}` lacks `{key}`, which it cannot add"),
                (shown.0, column),
            )
        } else if self.text.lines().nth(line.wrapping_sub(1)).and_then(|l| l.chars().nth(column.wrapping_sub(1)))
            == Some('{')
        {
            (format!("recovery cannot add `{key}` to a map written in braces"), shown)
        } else {
            (format!("recovery cannot add `{key}` to this map"), shown)
        };
        self.stop(shown, path, &why)
    }

    /// Reports an unknown key, a wrong value or a key given twice, and comments out its key
    /// (the second of a key given twice); after an unknown key, also the unknown keys that
    /// follow it.
    fn comment_out<T: DeserializeOwned>(
        &mut self,
        diagnostic: Diagnostic,
        problem: &Problem,
        error: &yaml_serde::Error,
        line: usize,
        column: usize,
    ) -> Flow<T> {
        let source = self.source;
        let unknown = matches!(problem, Problem::UnknownKey { .. });
        // A placeholder's text is wrong for most keys; it is reported already, so it neither
        // takes a place in the list nor counts as one more past it.
        let placeholder = self.text.lines().nth(line.saturating_sub(1)).is_some_and(|l| l.contains(PLACEHOLDER));
        let reported = placeholder && *problem == Problem::WrongValue;
        if self.found.len() == self.room && !reported {
            // This problem, and the unknown keys that follow it in its map.
            let siblings = match unknown {
                true => unknown_siblings(&mut self.text.clone(), line, column, &known_keys(error), 0)
                    .1
                    .map_or(0, |(_, more)| more),
                false => 0,
            };
            let (line, column, path) = (diagnostic.line, diagnostic.column, diagnostic.path);
            self.found.push(more_not_listed(source, line, column, path, 1 + siblings));
            return Flow::Stop;
        }
        let parent = diagnostic.path.rsplit_once('.').map_or("", |(parent, _)| parent).to_owned();
        let recovered = match problem {
            Problem::UnknownKey { meant } => {
                if let Some(meant) = meant {
                    self.meant.push(child_path(&parent, meant));
                }
                comment_out_key(&mut self.text, line, column)
            }
            Problem::WrongValue => {
                // Remembered by path: the same key may be missing from another map.
                let path = &diagnostic.path;
                comment_out_key_of_value(&mut self.text, line, column)
                    .map(|key| self.accounted.push(if path.ends_with(&key) { path.clone() } else { key }))
                    .is_some()
            }
            // The second one goes (the diagnostic is placed on it); the first stays, so
            // nothing is missing afterwards.
            Problem::DuplicateKey => comment_out_key(&mut self.text, line, column),
            Problem::MissingKey(_) | Problem::Other => false,
        };
        let (at, path) = ((diagnostic.line, column), diagnostic.path.clone());
        if !reported {
            self.found.push(diagnostic);
        }
        if !recovered {
            let why = match no_edits(&self.text) {
                Some(why) => why,
                None if *problem != Problem::Other => {
                    "recovery sets aside only a key written plainly at the start of its line"
                }
                None => "recovery does not get past this problem",
            };
            return self.stop(at, path, why);
        }
        match unknown {
            true => self.more_unknown_keys(error, line, column, &parent),
            false => Flow::Again(None),
        }
    }

    /// After the unknown key at `line`:`column` in the map at `parent` is set aside: the
    /// unknown keys that follow it in its map, and those in the other maps of its kind, as
    /// later passes would find them one at a time.
    fn more_unknown_keys<T: DeserializeOwned>(
        &mut self,
        error: &yaml_serde::Error,
        line: usize,
        column: usize,
        parent: &str,
    ) -> Flow<T> {
        let source = self.source;
        let known = known_keys(error);
        let (siblings, more) = unknown_siblings(&mut self.text, line, column, &known, self.room - self.found.len());
        for (at, key) in siblings {
            let at = (self.in_file(at), column);
            let diagnostic = unknown_key(source, at, parent, &key, &known, &mut self.meant);
            self.found.push(diagnostic);
        }
        if let Some(((at, key), more)) = more {
            let path = child_path(parent, &key);
            let line = self.in_file(at);
            self.found.push(more_not_listed(source, line, column, path, more));
            return Flow::Stop;
        }
        let left = self.room - self.found.len();
        let batch = match self.skip {
            0 => unknown_elsewhere(&mut self.text, line, parent, &known, left, &mut self.spent),
            _ => {
                self.skip -= 1;
                None
            }
        };
        let Some((elsewhere, reading)) = batch else { return Flow::Again(None) };
        (self.vain, self.skip) = match elsewhere.is_empty() {
            true => (self.vain + 1, (1 << self.vain.min(16)) * 2 - 1),
            false => (0, 0),
        };
        for Unknown { line, column, parent, key } in elsewhere {
            let at = (self.in_file(line), column);
            let diagnostic = unknown_key(source, at, &parent, &key, &known, &mut self.meant);
            self.found.push(diagnostic);
        }
        Flow::Again(reading)
    }
}

/// The diagnostic serde would give for `key` at `at` in the file, unknown in the map at
/// `parent`, which takes the keys `known`. The path of the key its hint names goes into
/// `meant`.
fn unknown_key(
    source: &Source,
    (line, column): (usize, usize),
    parent: &str,
    key: &str,
    known: &[String],
    meant: &mut Vec<String>,
) -> Diagnostic {
    let listed = format!("`{}`", known.join("`, `"));
    let (message, hint, problem) = explain(&format!("unknown field `{key}`, expected one of {listed}"));
    if let Problem::UnknownKey { meant: Some(key) } = problem {
        meant.push(child_path(parent, &key));
    }
    source.at(line, column, child_path(parent, key), message, hint)
}

/// How many times recovery reads a file at most, each pass the whole file.
pub(super) const MAX_ROUNDS: usize = 128;

/// The diagnostic that ends a file's problems where recovery stopped, saying `why`.
fn not_checked_past(source: &Source, (line, column): (usize, usize), path: String, why: &str) -> Diagnostic {
    let message = format!("the file is not checked past here: {why}");
    source.at(line, column, path, message, Some(CHECK_AGAIN.into())).stopping_checks()
}

/// How many bytes recovery reads at most, in all its passes over a file: a large file gets
/// fewer than [`MAX_ROUNDS`] passes, so that its cost stays bounded whatever its problems (a
/// pass over 4 MB takes 0.2 to 0.3 s). A pass reads the text once, or up to five times when
/// it checks the syntax or tries a batch, so every file up to 51 KiB gets all its passes
/// (specs are a few KiB), and one up to 256 KiB gets them if most read the text once.
pub(super) const MAX_READ: usize = 32 << 20;

/// `bytes` in KiB, or in MiB with one decimal from 1 MiB on.
fn in_units(bytes: usize) -> String {
    match bytes {
        0..0x10_0000 => format!("{} KiB", bytes.div_ceil(1024)),
        _ => format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20)),
    }
}

/// A key and the line of `text` it starts (1-based), in recovery.
type KeyAt = (usize, String);

/// What serde makes of a text.
type Reading<T> = Result<T, yaml_serde::Error>;

/// An unknown key found by [`unknown_elsewhere`]: its place in `text` and the path of its map.
struct Unknown {
    line: usize,
    column: usize,
    parent: String,
    key: String,
}

/// Comments out the unknown keys after `line` of `text` (where serde found one, commented out
/// already) in maps of the same kind as the one at `parent` (`request[2]` stands for every
/// item of `request`): keys not in `known` that start their line. One read of the text tells
/// which of them serde would report next, one pass each: those before the first other problem
/// it finds. Those are listed (at most `room`) and stay commented out; the others are put
/// back. Returns the keys listed and, when every one found was, serde's reading of the new
/// text, which the next pass would repeat; `None` if there was nothing to read. The bytes it
/// reads are added to `spent`.
fn unknown_elsewhere<T: DeserializeOwned>(
    text: &mut String,
    line: usize,
    parent: &str,
    known: &[String],
    room: usize,
    spent: &mut usize,
) -> Option<(Vec<Unknown>, Option<Reading<T>>)> {
    if room == 0 || !lines_as_serde_sees_them(text) {
        return None;
    }
    let mut found = Vec::new();
    *spent += text.len();
    // A text that stops parsing part way still yields the keys before that.
    let _ = crate::locate::walk(text, |node| {
        let Some((key, TScalarStyle::Plain)) = node.scalar else { return };
        let kind = node.path.parent().is_some_and(|map| same_kind(&map, parent));
        if node.key && node.line > line && kind && !known.iter().any(|k| k == key) && found.len() < room {
            let parent = node.path.parent().unwrap_or_default().to_string();
            found.push(Unknown { line: node.line, column: node.column, parent, key: key.to_owned() });
        }
    });
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // The lines each key's block spans, commented out.
    let mut blocks = Vec::new();
    for unknown in &found {
        let indent = unknown.column - 1;
        // As `comment_out_key` would: a plain key starting its line (not in a block already
        // commented out). Recovery stops at any other, so the keys after it are not listed.
        if lines.get(unknown.line - 1).and_then(|l| plain_key(l, indent)) != Some(unknown.key.as_str()) {
            break;
        }
        let end = block_end(&lines, unknown.line, indent);
        lines[unknown.line - 1..end].iter_mut().for_each(|line| line.insert(0, '#'));
        blocks.push(unknown.line - 1..end);
    }
    found.truncate(blocks.len());
    if found.is_empty() {
        return None;
    }
    let commented = lines.join("\n");
    *spent += commented.len();
    let (listed, reading) = match yaml_serde::from_str::<T>(&commented) {
        Ok(value) => (found.len(), Ok(value)),
        Err(error) => {
            *spent += commented.len();
            // Commenting out can break the YAML (a flow collection's later lines indented
            // less than its key): then none is listed, and recovery goes on one key at a time.
            if parses(&commented).is_err() {
                return Some((Vec::new(), None));
            }
            let next = read_at_or_after(&commented, &error);
            (found.iter().take_while(|unknown| (unknown.line, unknown.column) < next).count(), Err(error))
        }
    };
    if listed == found.len() {
        *text = commented;
        return Some((found, Some(reading)));
    }
    for block in &blocks[listed..] {
        lines[block.clone()].iter_mut().for_each(|line| {
            line.remove(0);
        });
    }
    found.truncate(listed);
    *text = lines.join("\n");
    Some((found, None))
}

/// Whether the map at `path` is one of the maps `parent` (serde's path of an unknown key's
/// map, such as `request[2].limits`) stands for: the same keys, any index.
fn same_kind(path: &KeyPath, parent: &str) -> bool {
    let mut segments = path.0.iter();
    let parts = parent.split('.').filter(|part| !part.is_empty());
    for part in parts {
        let (key, indices) = part.split_once('[').map_or((part, ""), |(key, rest)| (key, rest));
        if !matches!(segments.next(), Some(Segment::Key(k)) if k == key) {
            return false;
        }
        for _ in indices.split('[').filter(|index| !index.is_empty()) {
            if !matches!(segments.next(), Some(Segment::Index(_))) {
                return false;
            }
        }
    }
    segments.next().is_none()
}

/// A place in `text` (line, column) at or before the point where serde, reading in order,
/// raised `error`: where the error points, except that a key missing from a block map is
/// raised at the map's end (and pointed at its start).
pub(super) fn read_at_or_after(text: &str, error: &yaml_serde::Error) -> (usize, usize) {
    let Some(at) = error.location() else { return (1, 1) };
    let (line, column) = (at.line(), at.column());
    let message = without_positions(&error.to_string());
    let message = message.split_once(": ").filter(|(path, _)| !path.contains(' ')).map_or(message.as_str(), |(_, m)| m);
    let lines: Vec<&str> = text.lines().collect();
    let flow = lines
        .get(line.wrapping_sub(1))
        .and_then(|l| l.chars().nth(column.wrapping_sub(1)))
        .is_some_and(|c| c == '{' || c == '[');
    if !message.starts_with("missing field ") || flow {
        return (line, column);
    }
    // A block map ends before the first line indented less than its keys (or earlier, as
    // the end of a document).
    for (n, content) in lines.iter().enumerate().skip(line) {
        let trimmed = content.trim_start_matches(' ');
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if content.len() - trimmed.len() + 1 < column || content.starts_with("---") || content.starts_with("...") {
            return (n + 1, 1);
        }
    }
    (usize::MAX, 1)
}

/// The keys serde's unknown-field `error` says its map takes.
fn known_keys(error: &yaml_serde::Error) -> Vec<String> {
    let message = without_positions(&error.to_string());
    let listed = message.split_once("unknown field ").map_or("", |(_, rest)| rest);
    listed.split('`').skip(1).step_by(2).skip(1).map(str::to_owned).collect()
}

/// Comments out, as serde would have them reported and commented out one parse at a time,
/// the keys that follow the unknown key at `line`:`column` of `text` (commented out already)
/// in its map, up to the first key in `known` or line that is not a plain key of the map.
/// Lists at most `room` of them (line in `text`, key); the first of the others, and how many
/// there are, are returned after them, left as they are.
pub(super) fn unknown_siblings(
    text: &mut String,
    line: usize,
    column: usize,
    known: &[String],
    room: usize,
) -> (Vec<KeyAt>, Option<(KeyAt, usize)>) {
    let mut listed = Vec::new();
    let mut more: Option<(KeyAt, usize)> = None;
    if !lines_as_serde_sees_them(text) {
        return (listed, more);
    }
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let indent = column - 1;
    // The index of the line after the key reported and its block (unless commented out).
    let mut at = block_end(&lines, line, indent);
    loop {
        while lines.get(at).is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
            at += 1;
        }
        let Some(next) = lines.get(at) else { break };
        let Some(key) = plain_key(next, indent).filter(|key| !known.iter().any(|k| k == key)) else { break };
        let key = key.to_owned();
        let end = block_end(&lines, at + 1, indent);
        if listed.len() < room {
            lines[at..end].iter_mut().for_each(|line| line.insert(0, '#'));
            listed.push((at + 1, key));
        } else {
            more.get_or_insert(((at + 1, key), 0)).1 += 1;
        }
        at = end;
    }
    if !listed.is_empty() {
        *text = lines.join("\n");
    }
    (listed, more)
}

/// The key of `line` if it is a block map's key indented by `indent` spaces, written plainly
/// (letters, digits, `_` and `-`, starting with a letter or `_`) and not one YAML reads as a
/// boolean or null: serde reads it as the same text.
fn plain_key(line: &str, indent: usize) -> Option<&str> {
    let rest = line.strip_prefix(&" ".repeat(indent))?;
    let (key, after) = rest.split_once(':')?;
    let plain = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !["true", "false", "null"].contains(&key.to_ascii_lowercase().as_str());
    (plain && (after.is_empty() || after.starts_with([' ', '\t']))).then_some(key)
}

/// The index past the block of the key on the line before `start`, indented by `indent`: the
/// lines after it that are blank or indented more.
fn block_end(lines: &[String], start: usize, indent: usize) -> usize {
    let mut end = start;
    while let Some(next) = lines.get(end) {
        let next_indent = next.len() - next.trim_start_matches(' ').len();
        if next.trim().is_empty() || next_indent > indent {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// `key` in the map at `path` (`request[0]`, or empty for the top).
fn child_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The key of the placeholder for a missing key at `line` of `text`, and its column.
fn placeholder_key(text: &str, line: usize) -> (&str, usize) {
    let placeholder = text.lines().nth(line.wrapping_sub(1)).unwrap_or_default();
    let key = placeholder.trim_start_matches([' ', '-']);
    let column = placeholder.chars().count() - key.chars().count() + 1;
    (key.split_once(':').map_or(key, |(key, _)| key), column)
}

/// Why recovery leaves `text` as it is, if it does whatever the problem.
fn no_edits(text: &str) -> Option<&'static str> {
    let why = "recovery does not edit a file with line breaks other than LF and CR LF (a lone CR, NEL, U+2028, U+2029)";
    (!lines_as_serde_sees_them(text)).then_some(why)
}

/// Replaces the value of the placeholder at `line` with one of the type serde's `message`
/// expects; returns whether it did.
fn retype_placeholder(text: &mut String, line: usize, message: &str) -> bool {
    let expected = message.split_once("expected ").map_or("", |(_, rest)| rest);
    let value = if expected.starts_with("a sequence") {
        "[]".to_owned()
    } else if expected.starts_with("struct") || expected.starts_with("a map") {
        "{}".to_owned()
    } else if expected.starts_with("a boolean") {
        "false".to_owned()
    } else if let Some(word) = expected.split('`').nth(1).filter(|w| !w.is_empty()) {
        // `unknown variant ``, expected one of `tencent-api3`, ...`: the first word.
        format!("'{word}'")
    } else if expected.starts_with(['u', 'i', 'f']) {
        "0".to_owned()
    } else {
        return false;
    };
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let Some(placeholder) = line.checked_sub(1).and_then(|i| lines.get_mut(i)) else { return false };
    let Some((key, old)) = placeholder.rsplit_once(": ") else { return false };
    if old == value {
        return false;
    }
    *placeholder = format!("{key}: {value}");
    *text = lines.join("\n");
    true
}

/// Gives the block map whose first key is at `line`:`column` (where yaml_serde reports a
/// missing key) the key `key` with an empty value, on a new line before that first key, so
/// the rest of the file can be checked. Returns the new line's number. A flow map (`{...}`)
/// or a first key holding a `- ` list item is left alone.
fn add_missing_key(text: &mut String, line: usize, column: usize, key: &str) -> Option<usize> {
    if !lines_as_serde_sees_them(text) {
        return None;
    }
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let first = lines.get(line.checked_sub(1)?)?;
    let at = first.char_indices().nth(column.checked_sub(1)?).map(|(i, _)| i)?;
    let (before, rest) = first.split_at(at);
    // Before the first key: indentation, and `- ` markers of the list items holding the map.
    let plain = before.chars().all(|c| c == ' ' || c == '-') && !rest.starts_with(['{', '[', '-']);
    if !plain || !rest.contains(':') {
        return None;
    }
    let indent = " ".repeat(before.chars().count());
    let moved = format!("{indent}{rest}");
    lines[line - 1] = format!("{before}{key}: ''");
    lines.insert(line, moved);
    *text = lines.join("\n");
    Some(line)
}

/// Comments out the key whose value at `line`:`column` is wrong, if the key starts its line
/// (not a list item's first key); returns the key.
fn comment_out_key_of_value(text: &mut String, line: usize, column: usize) -> Option<String> {
    let first = text.lines().nth(line.checked_sub(1)?)?;
    let indent = first.len() - first.trim_start_matches(' ').len();
    if first[indent..].starts_with("- ") {
        if column == indent + 1 {
            // The list itself is wrong (`summary:` over `- ` items where one value or a map
            // belongs): it goes with its key.
            return comment_out_key_of_list(text, line);
        }
        // A wrong list item (`- at_least_one` where a map belongs) is set aside whole; a
        // list has no required items, so nothing is missing afterwards.
        return (column > indent + 2 && comment_out_lines(text, line, indent)).then(String::new);
    }
    let (key, _) = first[indent..].split_once(':')?;
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !plain || column <= indent + key.len() + 1 {
        return None;
    }
    let key = key.to_owned();
    comment_out_key(text, line, indent + 1).then_some(key)
}

/// Comments out the block list whose first item starts `line` (1-based), and its
/// key, if the key starts the line above it (comments and blank lines aside); returns the
/// key. The list may be indented as much as its key. In YAML that parses, that line holds
/// the list's key and nothing else, unless the list is an item of another list (`-` alone
/// on the line above, or `- key:`), which is left alone.
fn comment_out_key_of_list(text: &mut String, line: usize) -> Option<String> {
    if !lines_as_serde_sees_them(text) {
        return None;
    }
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let at = (0..line.checked_sub(1)?).rev().find(|&i| {
        let content = lines[i].trim_start();
        !content.is_empty() && !content.starts_with('#')
    })?;
    let above = &lines[at];
    let key_indent = above.len() - above.trim_start_matches(' ').len();
    let (key, _) = above[key_indent..].split_once(':')?;
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let key = key.to_owned();
    // The key's block: lines indented more, and items of a list as indented as the key.
    let mut end = at + 1;
    while let Some(next) = lines.get(end) {
        let content = next.trim_start_matches(' ');
        let item = next.len() - content.len() == key_indent && (content == "-" || content.starts_with("- "));
        if !(next.trim().is_empty() || next.len() - content.len() > key_indent || item) {
            break;
        }
        end += 1;
    }
    lines[at..end].iter_mut().for_each(|line| line.insert(0, '#'));
    *text = lines.join("\n");
    Some(key)
}

/// Comments out the key starting at `line`:`column` (1-based) and the more indented lines
/// below it, if the key is the first thing on its line. Returns whether it did.
fn comment_out_key(text: &mut String, line: usize, column: usize) -> bool {
    let Some(first) = text.lines().nth(line.wrapping_sub(1)) else { return false };
    let indent = first.len() - first.trim_start_matches(' ').len();
    if indent + 1 != column || first.trim_start().starts_with('-') {
        return false;
    }
    comment_out_lines(text, line, indent)
}

/// Whether `text` is YAML, whatever serde makes of it; the error if not.
fn parses(text: &str) -> Result<(), yaml_serde::Error> {
    yaml_serde::from_str::<serde::de::IgnoredAny>(text).map(drop)
}

/// Whether `lines()` numbers the lines of `text` as yaml_serde does. yaml_serde also breaks
/// lines at a lone CR, NEL, LS and PS, which `lines()` does not; with any of them the line
/// numbers could disagree, so recovery stands aside.
pub(super) fn lines_as_serde_sees_them(text: &str) -> bool {
    // Recovery asks before each edit: a search for each character costs a small part of
    // copying the text without its CR LFs and looking for any of four in each character.
    let lone_cr = text.match_indices('\r').any(|(at, _)| !text[at + 1..].starts_with('\n'));
    !lone_cr && !['\u{85}', '\u{2028}', '\u{2029}'].iter().any(|&c| text.contains(c))
}

/// Comments out `line` (1-based) and the lines below it indented more than `indent`.
fn comment_out_lines(text: &mut String, line: usize, indent: usize) -> bool {
    if !lines_as_serde_sees_them(text) {
        return false;
    }
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if line == 0 || line > lines.len() {
        return false;
    }
    let end = block_end(&lines, line, indent);
    for commented in &mut lines[line - 1..end] {
        commented.insert(0, '#');
    }
    *text = lines.join("\n");
    true
}
