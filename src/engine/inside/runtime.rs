//! The runtime lint: how the image would run, from its config and its merged
//! file system. `runtime.user-root`, `runtime.entrypoint-missing`,
//! `runtime.arch-mismatch`, `runtime.secret-env`, `runtime.privileged-port`.
//!
//! The program a container starts is the first element of `Entrypoint`, else
//! of `Cmd` (a shell-form command is `["/bin/sh", "-c", "…"]`, so it is
//! `/bin/sh`). A path is resolved in the merged file system, following
//! symbolic links inside the image (at most [`MAX_HOPS`]); a bare name is
//! looked up in each directory of `PATH` from `Env` (runc's default when
//! unset); a relative path is taken from `WorkingDir`.

use super::elf;
use super::image::{lookup, secret_env, Walked};
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::report::Image;
use crate::engine::tree::entry::{Kind, LayerEntry};

/// Symbolic links followed before giving up (Linux's `MAXSYMLINKS` is 40).
pub const MAX_HOPS: usize = 40;

/// The `PATH` runc and Docker use when `Env` has none.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Adds the runtime findings of one image to `out`.
pub fn lint(
    img: &Image,
    image_no: u32,
    layers: &[Walked<'_>],
    merged: &[LayerEntry],
    all_walked: bool,
    out: &mut Vec<Finding>,
) {
    let c = &img.config;
    if c.digest.is_none() && c.entry.is_none() {
        return;
    }
    let at = |path: &str| {
        let mut loc = Location::default()
            .with_image(image_no)
            .with_path(path.to_string());
        loc.blob = c.digest.clone();
        loc
    };
    let root = is_root(c.user.as_deref());
    if root {
        let shown = c
            .user
            .as_deref()
            .filter(|u| !u.is_empty())
            .unwrap_or("unset");
        out.push(Finding::new(
            Code::RuntimeUserRoot,
            at("config.User"),
            format!("the container runs as root (User: {shown})"),
        ));
    }
    for (i, e) in c.env.iter().enumerate() {
        if let Some(masked) = secret_env(e) {
            out.push(Finding::new(
                Code::RuntimeSecretEnv,
                at(&format!("config.Env[{i}]")),
                format!("Env holds a secret: {masked}"),
            ));
        }
    }
    if !root {
        for p in &c.exposed_ports {
            let port = p.split('/').next().and_then(|n| n.parse::<u32>().ok());
            if port.is_some_and(|n| n < 1024) {
                out.push(Finding::new(
                    Code::RuntimePrivilegedPort,
                    at("config.ExposedPorts"),
                    format!(
                        "port {p} is below 1024 and the user is {}",
                        c.user.as_deref().unwrap_or_default()
                    ),
                ));
            }
        }
    }
    if !all_walked || layers.is_empty() {
        return;
    }
    let (field, argv) = if c.entrypoint.is_empty() {
        ("config.Cmd", &c.cmd)
    } else {
        ("config.Entrypoint", &c.entrypoint)
    };
    let Some(program) = argv.first().filter(|p| !p.is_empty()) else {
        return;
    };
    let path_var = c
        .env
        .iter()
        .rev()
        .find_map(|e| e.strip_prefix("PATH="))
        .unwrap_or(DEFAULT_PATH);
    let Some(found) = find_program(merged, program, path_var, c.working_dir.as_deref()) else {
        let how = if program.contains('/') {
            "is not in the image"
        } else {
            "is in no directory of PATH"
        };
        out.push(
            Finding::new(
                Code::RuntimeEntrypointMissing,
                at(field),
                format!("`{program}`, the program the container starts, {how}"),
            )
            .expected_found("an executable file", format!("no `{program}`")),
        );
        return;
    };
    arch(img, field, program, &found, layers, at(field), out);
}

/// Whether `User` means root.
pub fn is_root(user: Option<&str>) -> bool {
    let u = user.unwrap_or_default().trim();
    let name = u.split(':').next().unwrap_or_default();
    matches!(name, "" | "0" | "root")
}

/// Where the program resolves to: the file's entry and its resolved path.
pub struct Program<'m> {
    /// The regular file (or hard link) it resolves to.
    pub entry: &'m LayerEntry,
    /// Its canonical path.
    pub path: String,
}

/// Resolves `program` as runc's exec would.
pub fn find_program<'m>(
    merged: &'m [LayerEntry],
    program: &str,
    path_var: &str,
    working_dir: Option<&str>,
) -> Option<Program<'m>> {
    if program.contains('/') {
        let full = if program.starts_with('/') {
            program.to_string()
        } else {
            format!("{}/{program}", working_dir.unwrap_or("/"))
        };
        return resolve_file(merged, &full);
    }
    path_var
        .split(':')
        .filter(|d| !d.is_empty())
        .find_map(|d| resolve_file(merged, &format!("{d}/{program}")))
}

/// `path` (absolute, in the image) resolved to a regular file or hard link.
fn resolve_file<'m>(merged: &'m [LayerEntry], path: &str) -> Option<Program<'m>> {
    let p = resolve(merged, path)?;
    let e = lookup(merged, &p)?;
    match e.kind {
        Kind::File => Some(Program { entry: e, path: p }),
        Kind::Hardlink => {
            let target = e.link.as_deref().map(|t| t.trim_start_matches('/'))?;
            let t = lookup(merged, target).filter(|t| t.kind == Kind::File)?;
            Some(Program {
                entry: t,
                path: target.to_string(),
            })
        }
        _ => None,
    }
}

/// `path` with every symbolic link (of any component) followed inside the
/// image, as canonical path components joined by `/`; `None` after
/// [`MAX_HOPS`] links. `..` stops at the root, as in a container.
pub fn resolve(merged: &[LayerEntry], path: &str) -> Option<String> {
    resolve_links(merged, path, true)
}

/// [`resolve`] as `lstat` sees a path: the parents' symbolic links
/// followed, not the last component's.
pub fn resolve_parents(merged: &[LayerEntry], path: &str) -> Option<String> {
    resolve_links(merged, path, false)
}

fn resolve_links(merged: &[LayerEntry], path: &str, follow_last: bool) -> Option<String> {
    let mut todo: Vec<String> = components(path).rev().map(String::from).collect();
    let mut done: Vec<String> = Vec::new();
    let mut hops = 0;
    while let Some(c) = todo.pop() {
        match c.as_str() {
            "." => continue,
            ".." => {
                done.pop();
                continue;
            }
            _ => {}
        }
        done.push(c);
        if todo.is_empty() && !follow_last {
            break;
        }
        let here = done.join("/");
        let Some(e) = lookup(merged, &here) else {
            continue;
        };
        if e.kind != Kind::Symlink {
            continue;
        }
        hops += 1;
        if hops > MAX_HOPS {
            return None;
        }
        let target = e.link.as_deref().unwrap_or_default();
        done.pop();
        if target.starts_with('/') {
            done.clear();
        }
        todo.extend(components(target).rev().map(String::from));
    }
    Some(done.join("/"))
}

fn components(p: &str) -> impl DoubleEndedIterator<Item = &str> {
    p.split('/').filter(|c| !c.is_empty())
}

/// `runtime.arch-mismatch` when the program is an ELF file for another CPU.
fn arch(
    img: &Image,
    field: &str,
    program: &str,
    found: &Program<'_>,
    layers: &[Walked<'_>],
    loc: Location,
    out: &mut Vec<Finding>,
) {
    let Some(arch) = img.config.architecture.as_deref() else {
        return;
    };
    let Some(want) = elf::machines_of(arch) else {
        return;
    };
    let layer = found
        .entry
        .layer
        .and_then(|no| layers.get(usize::try_from(no).ok()?));
    let Some(m) = layer.and_then(|l| l.inside.elf.machines.get(&found.path)) else {
        return;
    };
    if want.contains(m) {
        return;
    }
    let mut loc = loc;
    loc.layer = layer.map(|l| l.index);
    out.push(
        Finding::new(
            Code::RuntimeArchMismatch,
            loc,
            format!(
                "`{program}` ({field}, resolved to `/{}`) is an ELF binary for {}, but the config says {arch}",
                found.path,
                elf::machine_name(*m)
            ),
        )
        .expected_found(arch.to_string(), elf::machine_name(*m)),
    );
}

#[cfg(test)]
mod tests;
