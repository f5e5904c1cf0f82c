//! The fuzz targets of ocilens (docs/fuzzing.md): each takes the raw bytes of
//! one input and drives one entry point of the engine's public API. A target
//! fails only by panicking (or by the allocator's abort, [`alloc`]); every
//! `Err` and every finding is a correct answer to a hostile input.
//!
//! The same functions run under AFL++ (`afl_run`, coverage-guided) and plainly
//! (`replay`, the smoke pass and the regression check).

pub mod alloc;
mod docs;
mod image;
mod streams;
mod text;

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

/// The two inputs of the `diff` target: a little-endian u32 length of the
/// first, then the first, then the second (a short length is read as all).
pub fn split_pair(data: &[u8]) -> (&[u8], &[u8]) {
    let Some((len, rest)) = data.split_first_chunk::<4>() else {
        return (data, &[]);
    };
    let n = usize::try_from(u32::from_le_bytes(*len)).unwrap_or(usize::MAX);
    rest.split_at(n.min(rest.len()))
}

/// The input of the `diff` target for the pair `(a, b)`.
pub fn join_pair(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + a.len() + b.len());
    out.extend_from_slice(&u32::try_from(a.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(a);
    out.extend_from_slice(b);
    out
}
