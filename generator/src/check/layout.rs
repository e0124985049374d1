//! Rules on the tree's layout: the files a folder must hold beside the one checked. Each
//! problem is placed on the file that is there, at its start.

use std::path::{Path, PathBuf};

use super::slash_path;
use crate::diag::{Diagnostic, Source};

/// A `vendor.yaml` with no service folder beside it: it would be a module holding only its
/// common codes, with a feature.
pub(super) fn vendor_without_services(vendor_file: &Source) -> Diagnostic {
    vendor_file.whole_file(
        "this vendor has no services: no folder beside its `vendor.yaml` holds a `service.yaml`",
        "add a service as `<service>/<version>/service.yaml` beside it (README: a new service version or vendor), or \
         remove the folder",
    )
}

/// A service whose vendor folder (`vendor_dir`) has no `vendor.yaml`.
pub(super) fn service_without_vendor_file(service_file: &Source, vendor_dir: &Path) -> Diagnostic {
    service_file.whole_file(
        format!("no vendor file for this service: `{}` is missing", slash_path(&vendor_dir.join("vendor.yaml"))),
        "every vendor folder needs a `vendor.yaml` (see specs/README.md)",
    )
}

/// A service version folder (`service_dir`) with no action file: it would be an empty module
/// and docs page, reachable by its feature.
pub(super) fn version_without_actions(service_file: &Source, service_dir: &Path) -> Diagnostic {
    // `<vendor>/<service>/<version>`, as `new` takes it, whichever tree this is.
    let parts: Vec<_> = service_dir.components().rev().take(3).collect();
    let folder = slash_path(&parts.into_iter().rev().collect::<PathBuf>());
    service_file.whole_file(
        "this service version has no actions: no action file is beside its `service.yaml`",
        format!(
            "add each action's spec beside it (`cargo xtask new {folder}/<Action>` writes a skeleton), or remove the \
             folder"
        ),
    )
}

/// An action file whose folder has no `service.yaml`.
pub(super) fn action_without_service_file(action_file: &Source) -> Diagnostic {
    action_file.whole_file(
        format!(
            "no service file for this action: `{}` is missing",
            slash_path(&action_file.rel.with_file_name("service.yaml"))
        ),
        "add the service file (vendor, service, version, name, summary, protocol, endpoint, region)",
    )
}
