//! The table of targets: name, what it drives, entry.

use super::{docs, image, streams, text};

/// One target: its name (the corpus folder under `fuzz/corpus/`) and entry.
pub struct Target {
    /// The name used by `scripts/fuzz`, `afl_run` and `replay`.
    pub name: &'static str,
    /// What it drives.
    pub about: &'static str,
    /// Runs one input.
    pub run: fn(&[u8]),
}

/// Every target, in the order `scripts/fuzz` runs them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "outer_tar",
        about: "the outer tar: tar reader over a seekable input, then the index pass",
        run: image::outer_tar,
    },
    Target {
        name: "layer_tar",
        about: "a layer tar into the tree: tar reader, layer walker, merge of two layers",
        run: streams::layer_tar,
    },
    Target {
        name: "gzip",
        about: "the gzip decoder (all members) with the production caps",
        run: streams::gzip,
    },
    Target {
        name: "zstd",
        about: "the zstd decoder (all frames, window cap)",
        run: streams::zstd,
    },
    Target {
        name: "xz",
        about: "the xz decoder (all streams, memory cap)",
        run: streams::xz,
    },
    Target {
        name: "bzip2",
        about: "the bzip2 decoder (all streams)",
        run: streams::bzip2,
    },
    Target {
        name: "json_docs",
        about: "JSON parse, then index, manifest, config, manifest.json and repositories",
        run: docs::json_docs,
    },
    Target {
        name: "reference",
        about: "image references: parse, normalise, and the normal form parses to itself",
        run: docs::reference,
    },
    Target {
        name: "inspect",
        about: "the whole inspect over a seekable input (Cursor), tree on, report serialised",
        run: image::inspect,
    },
    Target {
        name: "inspect_stream",
        about: "the whole inspect_stream over a non-seekable input",
        run: image::inspect_stream,
    },
    Target {
        name: "share_link",
        about: "the report and comparison link decoders; a decoded report re-encodes and decodes",
        run: text::share_link,
    },
    Target {
        name: "diff",
        about: "diff of two inputs (u32 LE length of the first, then both), each inspected",
        run: image::diff,
    },
    Target {
        name: "explain_error",
        about: "the error-message matcher (explain, find, normalise)",
        run: text::explain_error,
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}
