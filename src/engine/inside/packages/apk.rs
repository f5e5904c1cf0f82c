//! apk's database: `lib/apk/db/installed`, one stanza per package separated
//! by a blank line, each line a one-letter key, `:` and the value
//! (<https://wiki.alpinelinux.org/wiki/Apk_spec>): `P:` name, `V:` version,
//! `A:` architecture, `F:` a directory and the `R:` files in it that follow.

use super::Pkg;

/// Most packages read from one database.
pub const MAX_PACKAGES: usize = 100_000;

/// The packages of an `installed` file, or why it could not be read.
pub fn parse(bytes: &[u8]) -> Result<Vec<Pkg>, String> {
    if bytes.iter().take(4096).any(|&b| b == 0) {
        return Err("the file holds NUL bytes: not an apk database".into());
    }
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    let mut cur: Option<Pkg> = None;
    let mut dir = String::new();
    let flush = |cur: &mut Option<Pkg>, out: &mut Vec<Pkg>| {
        if let Some(mut p) = cur.take().filter(|p| !p.name.is_empty()) {
            if p.files.as_ref().is_some_and(Vec::is_empty) {
                p.files = None;
            }
            out.push(p);
        }
    };
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            flush(&mut cur, &mut out);
            dir.clear();
            if out.len() > MAX_PACKAGES {
                return Err(format!("more than {MAX_PACKAGES} packages"));
            }
            continue;
        };
        let p = cur.get_or_insert_with(|| Pkg {
            files: Some(Vec::new()),
            ..Pkg::default()
        });
        match key {
            "P" => p.name = value.to_string(),
            "V" => p.version = value.to_string(),
            "A" => p.arch = value.to_string(),
            "F" => dir = value.trim_matches('/').to_string(),
            "R" => {
                let path = if dir.is_empty() {
                    value.to_string()
                } else {
                    format!("{dir}/{value}")
                };
                p.files.get_or_insert_with(Vec::new).push(path);
            }
            _ => {}
        }
    }
    flush(&mut cur, &mut out);
    Ok(out)
}
