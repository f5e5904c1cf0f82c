//! One line of plain words for each way a file cannot be shown, for the
//! CLI's message and the page's preview panel.

use super::listing::NoListing;
use super::read::ReadOutcome;
use super::resolve::Resolved;
use super::Located;
use crate::engine::tree::entry::Kind;

/// What a node is, in words.
pub fn node_name(kind: Kind) -> &'static str {
    match kind {
        Kind::File => "a regular file",
        Kind::Dir => "a directory",
        Kind::Symlink => "a symbolic link",
        Kind::Hardlink => "a hard link",
        Kind::CharDevice => "a character device",
        Kind::BlockDevice => "a block device",
        Kind::Fifo => "a named pipe (FIFO)",
        Kind::Whiteout => "a whiteout",
        Kind::Opaque => "an opaque-directory marker",
        Kind::Other => "an entry of an unknown type",
    }
}

fn shown(path: &str) -> String {
    format!("/{path}")
}

impl Resolved {
    /// Why there are no bytes to show (or where they are, for a file).
    pub fn describe(&self) -> String {
        match self {
            Resolved::File { file, .. } => format!(
                "{} is a regular file of {} bytes in layer {}",
                shown(&file.path),
                file.size,
                file.layer
            ),
            Resolved::NotRegular { path, node, layer } => {
                let from = layer.map_or(String::new(), |l| format!(" (layer {l})"));
                format!("{} is {}{from}, not a regular file", shown(path), node_name(*node))
            }
            Resolved::Whiteout { path, layer } => format!(
                "layer {layer} holds a whiteout for {}: it deletes the path, it has no copy of it",
                shown(path)
            ),
            Resolved::NotFound {
                path,
                removed_by,
                links,
            } => {
                let via = match links.as_slice() {
                    [] => String::new(),
                    l => format!(" (the symlink {} dangles)", l.join(", then ")),
                };
                match removed_by {
                    Some(l) => format!(
                        "{} is not in the image{via}: a whiteout or opaque directory in layer {l} removes it (ask for a lower layer with --layer)",
                        shown(path)
                    ),
                    None => format!("{} is not in the image{via}", shown(path)),
                }
            }
            Resolved::NotInLayer { path, layer, present_in } if present_in.is_empty() => {
                format!("{} is in no layer (asked for layer {layer})", shown(path))
            }
            Resolved::NotInLayer { path, layer, present_in } => {
                let list: Vec<String> = present_in.iter().map(u32::to_string).collect();
                format!(
                    "layer {layer} has no entry {}; layer(s) {} do",
                    shown(path),
                    list.join(", ")
                )
            }
            Resolved::NotADirectory { path } => {
                format!("{} is not a directory, so nothing is under it", shown(path))
            }
            Resolved::SymlinkLoop { path, hops } => format!(
                "too many symbolic links ({hops}) at {}: a loop, or a chain longer than Linux follows (40)",
                shown(path)
            ),
            Resolved::DanglingHardlink { path, target } => format!(
                "{} is a hard link to {}, which neither its layer nor a lower one holds",
                shown(path),
                shown(target)
            ),
            Resolved::NoSuchLayer { layer, layers } => {
                format!("the image has {layers} layer(s); there is no layer {layer}")
            }
        }
    }
}

impl Located {
    /// Why there is no file to read (or where it is).
    pub fn describe(&self) -> String {
        match self {
            Located::File { target, .. } => format!(
                "/{} in layer {} ({} bytes)",
                target.file.path, target.file.layer, target.file.size
            ),
            Located::Not { resolved } => resolved.describe(),
            Located::LayerUnreadable { layer, why } => {
                format!("layer {layer} could not be listed: {why}")
            }
        }
    }
}

impl NoListing {
    /// Why there is no listing.
    pub fn describe(&self) -> String {
        match self {
            NoListing::NoSuchImage { image, images } => {
                format!("the archive holds {images} image(s); there is no image {image}")
            }
            NoListing::NoTree => "the report carries no file tree".to_string(),
        }
    }
}

impl ReadOutcome {
    /// How the read ended, in words.
    pub fn describe(&self) -> String {
        match self {
            ReadOutcome::Done { bytes, size, .. } => format!("{bytes} of {size} bytes"),
            ReadOutcome::Cancelled { bytes } => format!("cancelled after {bytes} bytes"),
            ReadOutcome::TooLarge { size, max } => {
                format!("the file is {size} bytes, over the {max}-byte cap")
            }
            ReadOutcome::Missing { what } => {
                format!("{what} is not where the listing said (the archive changed?)")
            }
            ReadOutcome::Sparse { path } => {
                format!("/{path} is a GNU sparse file; ocilens does not rebuild its holes")
            }
            ReadOutcome::Truncated { bytes, size } => {
                format!("the layer ends after {bytes} of the file's {size} bytes")
            }
            ReadOutcome::Damaged { detail, bytes } => {
                format!("the layer's compressed data is damaged after {bytes} bytes: {detail}")
            }
        }
    }
}
