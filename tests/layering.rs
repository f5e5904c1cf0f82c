//! The engine is a stack with no arrows back up: every module under
//! `src/engine/` may import only from its own layer or a layer below
//! (`src/engine/mod.rs` documents the table). This test reads every
//! `use crate::engine::…`, `use super::…` and inline `crate::engine::…` /
//! `super::…` path of every file under `src/engine/`, resolves it to a module,
//! and fails naming the file, the line and the two layers when a module reaches
//! upward: into a higher layer, into the facade (`engine/mod.rs`), or out of
//! the engine (`crate::protocol`, `crate::view_model`, …).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an integration test fails loudly on purpose (clippy.toml covers only #[test] fns)"
)]
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Module path (under `engine`) → layer; the longest matching prefix wins.
const LAYERS: &[(&str, u8)] = &[
    // L0: errors, findings, limits and the byte helpers everything uses
    ("error", 0),
    ("finding", 0),
    ("limits", 0),
    ("io", 0),
    ("sink", 0),
    // L0 too: how far to read ahead from a slow source (the page's `File`)
    ("readahead", 0),
    // L1: formats and primitives
    ("tar", 1),
    ("codec", 1),
    ("model", 1),
    ("path", 1),
    ("hashing", 1),
    // L2: the types that cross the worker boundary, the layer tree, the report
    ("plan", 2),
    ("tree", 2),
    ("report", 2),
    // L2 too: the error-message catalogue (it reads a report's findings)
    ("errors", 2),
    // L2 too: what is inside the layers (package databases, secrets, ELF
    // machines), tapped during the layer walk and carried by plan and report
    ("inside", 2),
    // L3: reading the archive's structure, verifying blobs and the whole
    ("archive", 3),
    ("verify", 3),
    // L3 too: the compatibility rules, evaluated over a report
    ("compat", 3),
    // L3 too: two reports compared (a pure function over reports and trees)
    ("diff", 3),
    // L4: the pipelines, share links and file contents
    ("pipeline", 4),
    ("share", 4),
    // L4 too: file contents (listing over the index pass, resolve, read)
    ("extract", 4),
];

/// `engine/mod.rs` itself: the facade over every layer.
const FACADE: u8 = 5;
/// Anything in the crate outside `engine` (the protocol, the view model, the web layer).
const OUTSIDE: u8 = 6;

fn layer_name(layer: u8) -> &'static str {
    match layer {
        FACADE => "the facade",
        OUTSIDE => "outside the engine",
        _ => "",
    }
}

/// The layer of a module path under `engine` (`["archive", "resolver"]`).
fn layer_of(module: &[String]) -> Option<u8> {
    if module.is_empty() {
        return Some(FACADE);
    }
    LAYERS
        .iter()
        .filter(|(prefix, _)| {
            let p: Vec<&str> = prefix.split("::").collect();
            p.len() <= module.len() && p.iter().zip(module).all(|(a, b)| a == b)
        })
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|&(_, layer)| layer)
}

/// Where a path points: a module path under `engine`, or outside it.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Engine(Vec<String>),
    Outside(String),
}

/// Resolves `crate::engine::a::b`, `super::super::a`, `self::a` from `module`.
/// `None` for paths that are not crate-relative (`std::…`, `serde::…`).
fn resolve(module: &[String], path: &[&str]) -> Option<Target> {
    let (first, rest) = path.split_first()?;
    let mut base: Vec<String> = match *first {
        "crate" => {
            return match rest.split_first() {
                Some((&"engine", tail)) => Some(Target::Engine(
                    tail.iter().map(|s| (*s).to_string()).collect(),
                )),
                Some((other, _)) => Some(Target::Outside(format!("crate::{other}"))),
                None => None,
            }
        }
        "super" => {
            let mut m = module.to_vec();
            m.pop()?;
            m
        }
        "self" => module.to_vec(),
        _ => return None,
    };
    let mut tail = rest;
    while let Some((&"super", more)) = tail.split_first() {
        base.pop()?;
        tail = more;
    }
    base.extend(tail.iter().map(|s| (*s).to_string()));
    Some(Target::Engine(base))
}

/// Expands a `use` tree (`crate::engine::{a::b, c::{d, e}}`) into its paths.
fn expand(tree: &str) -> Vec<Vec<String>> {
    fn go(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
        let tree = tree.trim();
        if let Some(open) = tree.find('{') {
            let head = tree[..open].trim_end_matches("::").trim();
            let mut p = prefix.to_vec();
            p.extend(
                head.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        go(&p, &inner[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            go(&p, &inner[start..], out);
            return;
        }
        let item = tree.split(" as ").next().unwrap_or("").trim();
        if item.is_empty() {
            return;
        }
        let mut p = prefix.to_vec();
        p.extend(
            item.split("::")
                .filter(|s| !s.is_empty() && *s != "*" && *s != "self")
                .map(str::to_string),
        );
        out.push(p);
    }
    let mut out = Vec::new();
    go(&[], tree, &mut out);
    out
}

/// One upward import.
#[derive(Debug)]
struct Violation {
    file: String,
    line: usize,
    from: (String, u8),
    to: (String, u8),
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |(m, l): &(String, u8)| match layer_name(*l) {
            "" => format!("`{m}` (layer {l})"),
            name => format!("`{m}` ({name})"),
        };
        write!(
            f,
            "{}:{}: {} imports {}",
            self.file,
            self.line,
            show(&self.from),
            show(&self.to)
        )
    }
}

/// The module path of a file under `src/engine/` (`archive/mod.rs` → `archive`).
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" {
            parts.push(stem.to_string());
        }
    }
    parts
}

/// Every crate-relative path in the file, with its line number and the module it is written in.
fn paths_in(module: &[String], text: &str) -> Vec<(usize, Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    // inline `mod name {` blocks open at an indentation and close at the same one
    let mut inline: Vec<(usize, String)> = Vec::new();
    let mut statement: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if inline
            .last()
            .is_some_and(|(at, _)| *at == indent && trimmed == "}")
        {
            inline.pop();
            continue;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let here: Vec<String> = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(_, m)| m.clone()))
            .collect();
        let bare = trimmed
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("pub ");
        if let Some(name) = bare.strip_prefix("mod ").and_then(|r| r.strip_suffix(" {")) {
            inline.push((indent, name.trim().to_string()));
            continue;
        }
        if statement.is_none() && bare.starts_with("use ") {
            statement = Some((n, String::new()));
        }
        if let Some((start, text)) = statement.as_mut() {
            text.push_str(trimmed);
            text.push(' ');
            if trimmed.ends_with(';') {
                let tree = text
                    .trim()
                    .trim_end_matches(';')
                    .split_once("use ")
                    .map(|(_, t)| t.to_string())
                    .unwrap_or_default();
                for p in expand(&tree) {
                    out.push((*start, here.clone(), p));
                }
                statement = None;
            }
            continue;
        }
        // inline paths in code: `crate::engine::path::parent(..)`, `super::path::x`
        let bytes = trimmed.as_bytes();
        for start in ["crate::", "super::"]
            .iter()
            .flat_map(|pat| trimmed.match_indices(pat).map(|(i, _)| i))
        {
            let before = start.checked_sub(1).map(|b| bytes[b]);
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':') {
                continue;
            }
            let end = trimmed[start..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(trimmed.len(), |e| start + e);
            let p: Vec<String> = trimmed[start..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            out.push((n, here.clone(), p));
        }
    }
    out
}

/// The upward imports of one file's text.
fn check_file(file: &str, module: &[String], text: &str, seen: &mut usize) -> Vec<Violation> {
    let mut out = Vec::new();
    let own = layer_of(module).unwrap_or(FACADE);
    for (line, here, path) in paths_in(module, text) {
        let refs: Vec<&str> = path.iter().map(String::as_str).collect();
        let Some(target) = resolve(&here, &refs) else {
            continue;
        };
        *seen += 1;
        let (name, layer) = match target {
            Target::Outside(name) => (name, OUTSIDE),
            Target::Engine(m) => {
                // `super::Item` inside the module's own file is the module itself
                let layer = layer_of(&m).unwrap_or(FACADE);
                (m.join("::"), layer)
            }
        };
        if layer > own {
            out.push(Violation {
                file: file.to_string(),
                line,
                from: (module.join("::"), own),
                to: (name, layer),
            });
        }
    }
    out
}

fn engine_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("reads src/engine")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn engine_modules_import_only_from_their_layer_or_below() {
    let root = engine_dir();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut seen = 0;
    let mut violations = Vec::new();
    for path in &files {
        let rel = path.strip_prefix(&root).expect("under src/engine");
        if rel == Path::new("mod.rs") {
            continue; // the facade may import from every layer
        }
        let text = std::fs::read_to_string(path).expect("reads a source file");
        let shown = format!("src/engine/{}", rel.display());
        violations.extend(check_file(&shown, &module_of(rel), &text, &mut seen));
    }
    assert!(
        seen > 200,
        "only {seen} engine imports found: is the parser still reading `use` lines?"
    );
    let mut msg = String::new();
    for v in &violations {
        writeln!(msg, "  {v}").unwrap();
    }
    assert!(
        violations.is_empty(),
        "{} upward import(s) in the engine (a module may import only from its own layer or \
         below; see src/engine/mod.rs):\n{msg}",
        violations.len()
    );
}

#[test]
fn every_engine_module_has_a_layer_and_every_layer_a_module() {
    let root = engine_dir();
    let mut top: Vec<String> = std::fs::read_dir(&root)
        .expect("reads src/engine")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "rs"))
        .map(|p| {
            p.file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .filter(|m| m != "mod")
        .collect();
    top.sort();
    top.dedup();
    for m in &top {
        assert!(
            LAYERS.iter().any(|(prefix, _)| prefix == m),
            "src/engine/{m} is in no layer: add it to LAYERS here and to the table in src/engine/mod.rs"
        );
    }
    for (prefix, _) in LAYERS {
        let rel: PathBuf = prefix.split("::").collect();
        let exists = root.join(&rel).is_dir() || root.join(&rel).with_extension("rs").is_file();
        assert!(
            exists,
            "LAYERS names `{prefix}`, which is no module under src/engine/ any more"
        );
    }
}

#[test]
fn an_upward_import_is_named_with_both_layers() {
    let text = "\
//! A layer walker.

use super::entry::Kind;
use crate::engine::finding::Code;
use crate::engine::{codec::Content, pipeline::Options};

fn f() {
    let p = crate::engine::path::parent(\"a\");
    let q = super::super::share::encode(p);
    let r = crate::view_model::format::bytes(1);
}

#[cfg(test)]
mod tests {
    use super::*;
}
";
    let module = vec!["tree".to_string(), "layer".to_string()];
    let mut seen = 0;
    let v = check_file("src/engine/tree/layer.rs", &module, text, &mut seen);
    let shown: Vec<String> = v.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "src/engine/tree/layer.rs:5: `tree::layer` (layer 2) imports `pipeline::Options` (layer 4)",
            "src/engine/tree/layer.rs:9: `tree::layer` (layer 2) imports `share::encode` (layer 4)",
            "src/engine/tree/layer.rs:10: `tree::layer` (layer 2) imports `crate::view_model` (outside the engine)",
        ]
    );
    // entry, finding, codec, pipeline, path, share, view_model, and the test module's `super::*`
    assert_eq!(seen, 8);
}
