//! Positions of keys and values in a YAML file, by key path.
//!
//! yaml_serde gives positions only for its own errors; semantic checks need them too. This
//! walks the YAML event stream once and records where each key and value starts; [`walk`]
//! hands the same stream, with paths, to other readers.

use std::collections::HashMap;
use std::fmt;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};
use yaml_rust2::ScanError;

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// A path to a node, such as `request[1].limits.max_items`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct KeyPath(pub Vec<Segment>);

impl KeyPath {
    /// The root of the document.
    pub fn root() -> Self {
        KeyPath(Vec::new())
    }

    /// This path extended by a key.
    pub fn key(&self, key: &str) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Key(key.to_owned()));
        next
    }

    /// This path extended by an index.
    pub fn index(&self, index: usize) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Index(index));
        next
    }

    /// The path one step up, unless this is the root.
    pub fn parent(&self) -> Option<Self> {
        let mut parent = self.clone();
        parent.0.pop().map(|_| parent)
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => write!(f, "{key}")?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Spot {
    key: Option<(usize, usize)>,
    value: Option<(usize, usize)>,
}

/// Key and value positions (1-based line and column) of a YAML document.
#[derive(Debug, Default)]
pub struct Locator {
    spots: HashMap<KeyPath, Spot>,
}

impl Locator {
    /// Indexes `text`. A file that does not parse yields an empty index; yaml_serde
    /// reports the syntax error with its own position.
    pub fn index(text: &str) -> Self {
        let mut spots: HashMap<KeyPath, Spot> = HashMap::new();
        // Syntax errors are reported by the yaml_serde pass.
        let _ = walk(text, |node| {
            let position = (node.line, node.column);
            if node.key {
                if node.first_key {
                    // The parser marks a block mapping's start at its first `:`, so the first
                    // key's position stands in for the mapping's.
                    let map = node.path.parent().unwrap_or_default();
                    spots.entry(map).or_default().value = Some(position);
                }
                spots.entry(node.path.clone()).or_default().key = Some(position);
            } else {
                spots.entry(node.path.clone()).or_default().value = Some(position);
            }
        });
        Locator { spots }
    }

    /// Where the value at `path` starts, or its nearest recorded ancestor.
    pub fn value_position(&self, path: &KeyPath) -> (usize, usize) {
        self.find(path, |spot| spot.value.or(spot.key))
    }

    /// Where the key of `path` starts, or its nearest recorded ancestor.
    pub fn key_position(&self, path: &KeyPath) -> (usize, usize) {
        self.find(path, |spot| spot.key.or(spot.value))
    }

    fn find(&self, path: &KeyPath, pick: impl Fn(&Spot) -> Option<(usize, usize)>) -> (usize, usize) {
        let mut current = Some(path.clone());
        while let Some(path) = current {
            if let Some(position) = self.spots.get(&path).and_then(&pick) {
                return position;
            }
            current = path.parent();
        }
        (1, 1)
    }
}

/// The start of a node of a YAML document, as [`walk`] hands it out.
#[derive(Debug)]
pub struct Node<'a> {
    /// The node's path; for a mapping key, the path of the key's value.
    pub path: &'a KeyPath,
    /// Whether the node is a mapping key.
    pub key: bool,
    /// Whether it is the first key of its mapping.
    pub first_key: bool,
    /// The text and style of a scalar; `None` for a collection or an alias.
    pub scalar: Option<(&'a str, TScalarStyle)>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Calls `visit` with the start of every node of `text`, in order, until the end or the
/// first syntax error, which it returns.
pub fn walk(text: &str, visit: impl FnMut(Node<'_>)) -> Result<(), ScanError> {
    let mut walker = Walker { frames: Vec::new(), path: KeyPath::root(), visit };
    Parser::new_from_str(text).load(&mut walker, false)
}

enum Frame {
    /// `fresh` until the first key is seen.
    Mapping {
        pending_key: Option<String>,
        fresh: bool,
    },
    Sequence {
        next: usize,
    },
}

struct Walker<F> {
    frames: Vec<Frame>,
    path: KeyPath,
    visit: F,
}

impl<F: FnMut(Node<'_>)> Walker<F> {
    /// Called for every node start; returns false when the node is a mapping key.
    fn begin_node(&mut self, scalar: Option<(&str, TScalarStyle)>, mark: Marker) -> bool {
        let (line, column) = (mark.line(), mark.col() + 1);
        let mut node = |path: &KeyPath, key: bool, first_key: bool| {
            (self.visit)(Node { path, key, first_key, scalar, line, column });
        };
        match self.frames.last_mut() {
            Some(Frame::Mapping { pending_key, fresh }) => match pending_key {
                None => {
                    let key = scalar.map_or("?", |(text, _)| text).to_owned();
                    self.path.0.push(Segment::Key(key.clone()));
                    node(&self.path, true, std::mem::take(fresh));
                    self.path.0.pop();
                    *pending_key = Some(key);
                    false
                }
                Some(key) => {
                    self.path.0.push(Segment::Key(key.clone()));
                    node(&self.path, false, false);
                    true
                }
            },
            Some(Frame::Sequence { next }) => {
                self.path.0.push(Segment::Index(*next));
                node(&self.path, false, false);
                true
            }
            None => {
                node(&self.path, false, false);
                true
            }
        }
    }

    /// A node with no children: a scalar or an alias.
    fn scalar(&mut self, scalar: Option<(&str, TScalarStyle)>, mark: Marker) {
        if self.begin_node(scalar, mark) {
            self.end_value();
        }
    }

    /// Called when a value node is complete.
    fn end_value(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Mapping { pending_key, .. }) => {
                *pending_key = None;
                self.path.0.pop();
            }
            Some(Frame::Sequence { next }) => {
                *next += 1;
                self.path.0.pop();
            }
            None => {}
        }
    }
}

impl<F: FnMut(Node<'_>)> MarkedEventReceiver for Walker<F> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, style, ..) => self.scalar(Some((&value, style)), mark),
            Event::Alias(_) => self.scalar(None, mark),
            Event::MappingStart(..) => {
                self.begin_node(None, mark);
                self.frames.push(Frame::Mapping { pending_key: None, fresh: true });
            }
            Event::SequenceStart(..) => {
                self.begin_node(None, mark);
                self.frames.push(Frame::Sequence { next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.frames.pop();
                self.end_value();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_values_by_path() {
        let text = "action: X\nrequest:\n  - name: A\n    type: strin\n  - name: B\n    limits: {max_items: 4}\n";
        let locator = Locator::index(text);
        let root = KeyPath::root();
        assert_eq!(locator.key_position(&root.key("action")), (1, 1));
        assert_eq!(locator.value_position(&root.key("action")), (1, 9));
        let second = root.key("request").index(1);
        assert_eq!(locator.value_position(&root.key("request").index(0).key("type")), (4, 11));
        assert_eq!(locator.key_position(&second.key("limits").key("max_items")), (6, 14));
        assert_eq!(second.key("limits").key("max_items").to_string(), "request[1].limits.max_items");
        // A path that does not exist falls back to its nearest ancestor.
        assert_eq!(locator.value_position(&second.key("nothing")), (5, 5));
    }

    #[test]
    fn an_alias_is_a_value_and_the_keys_after_it_keep_their_places() {
        let locator = Locator::index("a: &x 1\nb: *x\nc: 2\n");
        let root = KeyPath::root();
        assert_eq!(locator.value_position(&root.key("b")), (2, 4));
        assert_eq!(locator.key_position(&root.key("c")), (3, 1));
    }
}
