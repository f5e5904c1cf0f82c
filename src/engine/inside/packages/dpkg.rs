//! dpkg's database: `var/lib/dpkg/status` (and the per-package files of
//! `status.d/` that distroless images carry instead), RFC 822-style stanzas
//! separated by blank lines (deb-status(5)); and `info/<package>.list`, one
//! path per line, each file and directory the package installed.

use super::Pkg;

/// Most packages read from one status file.
pub const MAX_PACKAGES: usize = 100_000;
/// Longest field value kept (name, version, architecture).
const MAX_FIELD: usize = 4096;

/// Whether a `Status:` value means the package's files are on disk:
/// everything but `not-installed` and `config-files` (deb-status(5)).
fn installed(status: Option<&str>) -> bool {
    match status.and_then(|s| s.split_whitespace().nth(2)) {
        Some(state) => !matches!(state, "not-installed" | "config-files"),
        // distroless `status.d/` stanzas may have no Status field
        None => status.is_none(),
    }
}

fn field(v: &str) -> String {
    let v = v.trim();
    let mut end = v.len().min(MAX_FIELD);
    while !v.is_char_boundary(end) {
        end -= 1;
    }
    v.get(..end).unwrap_or_default().to_string()
}

/// The installed packages of a status file, or why it could not be read.
/// Packages come without files: the `.list` files give them.
pub fn parse_status(bytes: &[u8]) -> Result<Vec<Pkg>, String> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    let mut stanza: [Option<&str>; 4] = [None; 4];
    let flush = |s: &mut [Option<&str>; 4], out: &mut Vec<Pkg>| {
        let [name, version, arch, status] = std::mem::take(s);
        if let Some(name) = name.filter(|_| installed(status)) {
            out.push(Pkg {
                name: field(name),
                version: field(version.unwrap_or_default()),
                arch: field(arch.unwrap_or_default()),
                files: None,
            });
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut stanza, &mut out);
            if out.len() > MAX_PACKAGES {
                return Err(format!("more than {MAX_PACKAGES} packages"));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue; // continuation of a multi-line field
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let slot = match key.to_ascii_lowercase().as_str() {
            "package" => 0,
            "version" => 1,
            "architecture" => 2,
            "status" => 3,
            _ => continue,
        };
        if let Some(s) = stanza.get_mut(slot) {
            *s = Some(value.trim());
        }
    }
    flush(&mut stanza, &mut out);
    if bytes.iter().take(4096).any(|&b| b == 0) {
        return Err("the file holds NUL bytes: not a status file".into());
    }
    Ok(out)
}

/// The paths of a `.list` file (canonical: no leading `/`, `/.` dropped).
pub fn parse_list(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| l.trim_start_matches('/'))
        .filter(|l| !l.is_empty() && *l != ".")
        .map(str::to_string)
        .collect()
}

/// The package a `.list` file belongs to: `info/<name>[:<arch>].list`.
pub fn list_owner(file_name: &str) -> Option<&str> {
    file_name.strip_suffix(".list").filter(|n| !n.is_empty())
}
