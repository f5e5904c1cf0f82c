//! The error catalogue: real messages of the tools, each quoted from the
//! tool's source or from the GitHub thread where a user pasted it, with the
//! finding codes that cause it. `docs/errors.md` is generated from this table
//! (`ocilens errors-catalogue`) and a test keeps the two in step.
//!
//! A pattern's fragments are written normalised (lower case, single spaces,
//! no quotes or backslashes; see [`super::matcher::normalise`]); a test
//! checks that, and that every entry's `message` and `example` match it.
//!
//! Two files, by family: `containers` (umoci and the containers/image tools:
//! podman, skopeo, buildah) and `runtimes` (docker, containerd, k3s, the
//! registry, crane, trivy, dive, syft, and Go's own messages).

mod containers;
mod runtimes;

use super::Entry;

/// Every entry, in catalogue order (by family, then tool).
pub fn entries() -> impl Iterator<Item = &'static Entry> + Clone {
    containers::ENTRIES.iter().chain(runtimes::ENTRIES.iter())
}

/// How many entries there are.
pub fn len() -> usize {
    containers::ENTRIES.len() + runtimes::ENTRIES.len()
}
