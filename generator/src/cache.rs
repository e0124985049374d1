//! What the last run rendered from each service folder, so a run can skip the folders that
//! have not changed since.
//!
//! A service folder's output depends only on its own spec files, its vendor's file, the
//! target and the generator itself. The cache maps a hash of all of those (the folder's
//! key) to the files the folder rendered and a hash of each file's contents. A folder whose
//! key is known and whose files are all still on disk with those contents is neither
//! checked nor rendered again; any difference, a hand-edited or deleted output included,
//! makes it a miss, rendered as if there were no cache. The cache lives in the build
//! folder (never in the tree it describes), is replaced only after a run's files are in
//! place, and a missing, unreadable or garbled cache is an empty one.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use crate::render::Target;

/// First line of a cache file; a file with another first line is ignored.
const FORMAT: &str = "cloudbind-gen cache 1";

/// One rendered file: its path relative to the workspace root and a hash of its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative to the workspace root.
    pub path: PathBuf,
    /// The hash of the contents, as the cache compares them.
    pub hash: u128,
}

impl Output {
    /// The record of a file at `path` holding `contents`.
    pub fn of(path: &Path, contents: &[u8]) -> Self {
        Output { path: path.to_path_buf(), hash: content_hash(contents) }
    }
}

/// The files a service folder rendered, by the folder's key.
#[derive(Debug)]
pub struct Cache {
    file: PathBuf,
    /// Hash of the generator's identity; part of every key.
    generator: u128,
    previous: HashMap<u128, Vec<Output>>,
    /// Entries seen in this run (reused or rendered), to be saved.
    current: BTreeMap<u128, Vec<Output>>,
}

impl Cache {
    /// The cache stored in `file` for the generator identified by `generator` (the bytes of
    /// its executable, say: any change to the generator must change them). A missing or
    /// unreadable file is an empty cache.
    pub fn open(file: PathBuf, generator: &[u8]) -> Cache {
        let previous = std::fs::read_to_string(&file).ok().and_then(|text| parse(&text)).unwrap_or_default();
        Cache { file, generator: xxh3_128(generator), previous, current: BTreeMap::new() }
    }

    /// The cache of the running executable, stored next to it (in cargo's build folder,
    /// `target/<profile>/cloudbind-gen.cache`, for `cargo xtask`).
    pub fn beside_current_exe() -> io::Result<Cache> {
        let exe = std::env::current_exe()?;
        let bytes = std::fs::read(&exe)?;
        Ok(Cache::open(exe.with_file_name("cloudbind-gen.cache"), &bytes))
    }

    /// The key of a service folder rendered for `target`: its spec files (paths relative to
    /// the workspace root) and what reading each gave, with the generator and the target. A
    /// file that could not be read for another reason than its absence has no key.
    pub fn key(&self, target: &Target, files: &[(&Path, &io::Result<Vec<u8>>)]) -> io::Result<u128> {
        let mut hasher = Xxh3::new();
        hasher.update(&self.generator.to_le_bytes());
        hasher.update(format!("{target:?}").as_bytes());
        for (path, read) in files {
            let bytes = match read {
                Ok(bytes) => Some(bytes),
                Err(error) if error.kind() == io::ErrorKind::NotFound => None,
                Err(error) => return Err(io::Error::new(error.kind(), error.to_string())),
            };
            // Lengths first, so no two lists of files hash the same bytes.
            let path = path.to_string_lossy();
            hasher.update(&(path.len() as u64).to_le_bytes());
            hasher.update(path.as_bytes());
            match bytes {
                Some(bytes) => {
                    hasher.update(&(bytes.len() as u64).to_le_bytes());
                    hasher.update(bytes);
                }
                None => hasher.update(&u64::MAX.to_le_bytes()),
            }
        }
        Ok(hasher.digest128())
    }

    /// What the last run rendered for `key`, if anything.
    pub fn outputs(&self, key: u128) -> Option<&[Output]> {
        self.previous.get(&key).map(Vec::as_slice)
    }

    /// Records what the folder with `key` renders now, to be saved.
    pub fn record(&mut self, key: u128, outputs: Vec<Output>) {
        self.current.insert(key, outputs);
    }

    /// How many folders this run recorded.
    pub fn recorded(&self) -> usize {
        self.current.len()
    }

    /// Replaces the stored cache with this run's entries (folders no longer in the tree are
    /// forgotten). Call it only once the run's files are in place.
    pub fn save(&self) -> io::Result<()> {
        let mut text = format!("{FORMAT}\n");
        for (key, outputs) in &self.current {
            let _ = writeln!(text, "{key:032x} {}", outputs.len());
            for output in outputs {
                let _ = writeln!(text, "{:032x} {}", output.hash, output.path.display());
            }
        }
        // Renamed into place, so a run never reads half a cache. The temporary sibling is the
        // cache's own, in the build folder: one that a run killed while saving left behind is
        // written over (`output::write_atomically` keeps off files without the header).
        let temp = crate::output::temp_path(&self.file);
        let folder = self.file.parent().map_or(Ok(()), std::fs::create_dir_all);
        let saved = folder.and_then(|()| std::fs::write(&temp, text)).and_then(|()| std::fs::rename(&temp, &self.file));
        saved.map_err(|error| {
            let _ = std::fs::remove_file(&temp);
            crate::output::at(&self.file)(error)
        })
    }
}

/// The hash a file's contents are recorded with.
pub fn content_hash(contents: &[u8]) -> u128 {
    xxh3_128(contents)
}

/// Reads a saved cache; `None` if it is not one this version wrote.
fn parse(text: &str) -> Option<HashMap<u128, Vec<Output>>> {
    let mut lines = text.lines();
    if lines.next()? != FORMAT {
        return None;
    }
    let mut entries = HashMap::new();
    while let Some(line) = lines.next() {
        let (key, count) = line.split_once(' ')?;
        let key = u128::from_str_radix(key, 16).ok()?;
        let count: usize = count.parse().ok()?;
        let mut outputs = Vec::with_capacity(count.min(1024));
        for _ in 0..count {
            let (hash, path) = lines.next()?.split_once(' ')?;
            outputs.push(Output { path: PathBuf::from(path), hash: u128::from_str_radix(hash, 16).ok()? });
        }
        entries.insert(key, outputs);
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TARGET: Target<'static> = Target { specs: "specs", out: "out", crate_name: "c", standalone_runtime: None };

    #[test]
    fn a_saved_cache_reads_back() {
        let temp = tempfile::tempdir().expect("temp dir");
        // A folder the save makes, as for a target folder `gen` has not built in yet.
        let file = temp.path().join("new/c.cache");
        let mut cache = Cache::open(file.clone(), b"generator");
        let outputs = vec![
            Output { path: PathBuf::from("out/src/a.rs"), hash: 7 },
            Output { path: PathBuf::from("out/docs/a b.md"), hash: u128::MAX },
        ];
        cache.record(42, outputs.clone());
        cache.save().unwrap();
        let reopened = Cache::open(file, b"generator");
        assert_eq!(reopened.outputs(42), Some(outputs.as_slice()));
        assert_eq!(reopened.outputs(43), None);
    }

    #[test]
    fn a_temporary_file_a_killed_save_left_is_written_over() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path();
        let file = dir.join("c.cache");
        std::fs::write(dir.join(".c.cache.gen-tmp"), format!("{FORMAT}\n2a 1\n")).unwrap();
        let mut cache = Cache::open(file.clone(), b"generator");
        cache.record(42, vec![Output { path: PathBuf::from("out/a.rs"), hash: 7 }]);
        cache.save().unwrap();
        assert_eq!(Cache::open(file, b"generator").outputs(42).map(<[Output]>::len), Some(1));
        assert!(!dir.join(".c.cache.gen-tmp").exists());
    }

    #[test]
    fn garbled_or_foreign_caches_are_empty() {
        for text in
            ["", "something else\n", "cloudbind-gen cache 1\nzz 1\n", "cloudbind-gen cache 1\n2a 2\n07 out/a.rs\n"]
        {
            assert_eq!(parse(text).map(|entries| entries.len()).unwrap_or(0), 0, "{text:?}");
        }
    }

    #[test]
    fn keys_change_with_the_generator_the_target_and_every_byte() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path();
        std::fs::write(dir.join("a.yaml"), "a: 1\n").unwrap();
        std::fs::write(dir.join("b.yaml"), "b: 2\n").unwrap();
        let paths = [Path::new("a.yaml"), Path::new("b.yaml")];
        // What a checker reading the folder gives the key.
        let read = || paths.map(|path| std::fs::read(dir.join(path)));
        let key_of = |cache: &Cache, target: &Target, contents: &[io::Result<Vec<u8>>]| {
            let files: Vec<_> = paths.iter().copied().zip(contents).collect();
            cache.key(target, &files)
        };
        let cache = Cache::open(dir.join("none"), b"one");
        let key = key_of(&cache, &TARGET, &read()).unwrap();
        assert_eq!(key_of(&cache, &TARGET, &read()).unwrap(), key, "keys are stable");
        let other_generator = Cache::open(dir.join("none"), b"two");
        assert_ne!(key_of(&other_generator, &TARGET, &read()).unwrap(), key);
        let other_target = Target { crate_name: "d", ..TARGET };
        assert_ne!(key_of(&cache, &other_target, &read()).unwrap(), key);
        assert_ne!(key_of(&cache, &TARGET, &read()[..1]).unwrap(), key);
        std::fs::write(dir.join("b.yaml"), "b: 3\n").unwrap();
        assert_ne!(key_of(&cache, &TARGET, &read()).unwrap(), key);
        std::fs::remove_file(dir.join("b.yaml")).unwrap();
        let missing = key_of(&cache, &TARGET, &read()).unwrap();
        assert_ne!(missing, key);
        std::fs::write(dir.join("b.yaml"), "").unwrap();
        assert_ne!(key_of(&cache, &TARGET, &read()).unwrap(), missing, "an empty file is not a missing one");
        let unreadable = [Ok(b"a: 1\n".to_vec()), Err(io::Error::from(io::ErrorKind::PermissionDenied))];
        assert!(key_of(&cache, &TARGET, &unreadable).is_err(), "a file that cannot be read has no key");
    }
}
