//! A bare file-system tarball (`rootfs-tar`): not an image, but read as one
//! layer. The index pass plans it as one job over the whole input, one pass
//! builds its result from the outer walk, and finish reports it.

use crate::engine::codec::{Compression, Content};
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::plan::{BlobJob, BlobResult, LayerContent, Part};
use crate::engine::report::{Input, Tree, TreeLayer};
use crate::engine::tree::entry::LayerEntry;
use crate::engine::tree::layer::LayerWalker;

/// The key of the tarball's result among the blob results (it is no archive entry).
pub(super) const ENTRY: &str = "";

/// The one job of a seekable tarball: the whole input, decoded and walked as a layer.
pub(super) fn job(len: u64) -> BlobJob {
    BlobJob {
        entry: ENTRY.to_string(),
        offset: 0,
        size: len,
        sha512: false,
        decode: true,
        part: Part::Whole,
    }
}

/// The result of a tarball read in one pass: `sha256` and `len` of the decoded
/// stream (`diff_id`: `sha256` when the stream was read to its end), `content`
/// what it was compressed with, `walker` the outer walk.
pub(super) fn result(
    sha256: String,
    diff_id: Option<String>,
    len: u64,
    content: Content,
    walker: LayerWalker,
) -> BlobResult {
    let tar = Some(walker.tar_facts());
    let (entries, lower_links, findings) = walker.finish();
    BlobResult {
        entry: ENTRY.to_string(),
        size: len,
        sha256: sha256.clone(),
        sha512: None,
        head: String::new(),
        content,
        layer: Some(LayerContent {
            diff_id,
            uncompressed_size: len,
            problem: None,
            is_tar: true,
            entries,
            lower_links,
            findings,
            tar,
            // the outer walk does not tap bodies yet (issue 12)
            inside: Default::default(),
        }),
    }
}

fn without_hash(mut e: LayerEntry) -> LayerEntry {
    e.hash = None;
    e
}

/// What finish reports about the tarball: the DiffID an import should record,
/// a `format.rootfs-tar` finding, the walk's findings and, when wanted, its tree.
pub(super) fn report(
    r: &BlobResult,
    input: &mut Input,
    findings: &mut Vec<Finding>,
    tree: Option<&mut Option<Tree>>,
) {
    let Some(l) = r.layer.as_ref() else { return };
    input.rootfs_diff_id = l.diff_id.clone();
    let compressed = if r.content.compression() == Some(Compression::None) {
        String::new()
    } else {
        format!(" ({}-compressed)", r.content.as_str())
    };
    findings.push(Finding::new(
        Code::FormatRootfsTar,
        Location::default(),
        format!(
            "a file-system tarball{compressed} of {} entries, not an image; an import should record DiffID {}",
            l.entries.len(),
            l.diff_id.clone().unwrap_or_else(|| "(not computable)".into())
        ),
    ));
    findings.extend(l.findings.iter().cloned());
    if let Some(tree) = tree {
        tree.get_or_insert_with(Tree::default)
            .layers
            .push(TreeLayer {
                image: 0,
                layer: 0,
                // no content hashes: a tarball has no efficiency, and the
                // one pass lists its entries before their bodies are read
                entries: l.entries.iter().cloned().map(without_hash).collect(),
            });
    }
}
