//! Shared helpers of the workspace tests (the tests themselves are the `[[test]]` targets).

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// Copies every spec tree the generator reads (`specs/`, the hostile-names fixture) into
/// `dest`, so a test can break or regenerate a tree without touching the real one.
pub fn copy_specs(dest: &Path) {
    for target in cloudbind_gen::render::TARGETS {
        copy_dir(&workspace_root().join(target.specs), &dest.join(target.specs));
    }
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create directory");
    for entry in std::fs::read_dir(from).expect("read directory") {
        let path = entry.expect("directory entry").path();
        let target = to.join(path.file_name().expect("file name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
}

/// The smallest PNG `imagesize` reads: signature and IHDR with the given dimensions.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

/// The smallest GIF header with the given dimensions.
pub fn gif(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = b"GIF89a".to_vec();
    bytes.extend(width.to_le_bytes());
    bytes.extend(height.to_le_bytes());
    bytes.extend([0; 8]);
    bytes
}

/// Standard padded base64.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The response body of example `index` of `action`, exactly as its spec records it from the
/// vendor page, so tests read the page's facts from one place.
pub fn seed_body(action: &str, index: usize) -> String {
    let ir = cloudbind_gen::load_ir(&workspace_root()).unwrap_or_else(|e| panic!("{e}"));
    let found = ir.vendors.iter().flat_map(|v| &v.services).flat_map(|s| &s.actions).find(|a| a.name == action);
    let action = found.unwrap_or_else(|| panic!("no action {action} in the specs"));
    action.examples.get(index).unwrap_or_else(|| panic!("{} has no example {index}", action.name)).body.clone()
}
