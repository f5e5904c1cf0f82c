//! `ocilens packages FILE [--json] [--image N]`: the packages the image's
//! dpkg, apk and rpm databases list (docs/packages.md), as a table like
//! syft's, or as the report's `images[N].packages` JSON; and the one-line
//! summary `inspect` prints per image.

use ocilens::engine::report::{Image, Package};
use ocilens::engine::{inspect, NullSink, Options};
use ocilens::view_model::format;
use std::io::{self, BufReader, Write};
use std::process::ExitCode;

/// The usage line of `packages`.
pub const USAGE: &str =
    "  ocilens packages FILE [--json] [--image N]   the packages of the image (docs/packages.md)";

/// What `packages` asks for.
#[derive(Debug, PartialEq, Eq)]
pub struct Args {
    /// The image tarball.
    pub file: String,
    /// Print JSON rather than the table.
    pub json: bool,
    /// Which image of the archive.
    pub image: usize,
}

/// Reads `packages`'s arguments (after the word `packages`).
pub fn parse(args: &[String]) -> Result<Args, String> {
    let (mut json, mut image, mut file) = (false, 0, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--image" => {
                image = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--image needs a number")?
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s if file.is_none() => file = Some(s.to_string()),
            s => return Err(format!("unexpected argument {s}")),
        }
    }
    let file = file.ok_or("packages needs FILE")?;
    Ok(Args { file, json, image })
}

/// A value from the image with control characters escaped.
fn shown(s: &str) -> String {
    s.chars().flat_map(char::escape_debug).collect::<String>()
}

/// `inspect`'s line for one image: counts per manager and removed ones.
pub fn summary(img: &Image, out: &mut impl Write) -> io::Result<()> {
    if img.packages.is_empty() {
        return Ok(());
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for p in img.packages.iter().filter(|p| p.removed_in.is_none()) {
        match counts.iter_mut().find(|(m, _)| *m == p.manager.as_str()) {
            Some((_, n)) => *n += 1,
            None => counts.push((p.manager.as_str(), 1)),
        }
    }
    let listed: Vec<String> = counts.iter().map(|(m, n)| format!("{n} {m}")).collect();
    let removed = img
        .packages
        .iter()
        .filter(|p| p.removed_in.is_some())
        .count();
    let removed = if removed > 0 {
        format!(", {removed} removed by a later layer")
    } else {
        String::new()
    };
    let size: u64 = img.packages.iter().filter_map(|p| p.size).sum();
    writeln!(
        out,
        "  packages: {}{removed}; their files {} (ocilens packages FILE)",
        if listed.is_empty() {
            "none installed".into()
        } else {
            listed.join(", ")
        },
        format::bytes(size)
    )
}

/// The table: name, version, arch, layer, size (removed ones marked).
pub fn table(pkgs: &[Package], out: &mut impl Write) -> io::Result<()> {
    let rows: Vec<[String; 6]> = pkgs
        .iter()
        .map(|p| {
            [
                shown(&p.name),
                shown(&p.version),
                shown(&p.arch),
                match p.removed_in {
                    Some(r) => format!("{} (removed in {r})", p.layer),
                    None => p.layer.to_string(),
                },
                p.size.map(format::bytes).unwrap_or_else(|| "-".into()),
                p.manager.as_str().to_string(),
            ]
        })
        .collect();
    let head = ["NAME", "VERSION", "ARCH", "LAYER", "SIZE", "TYPE"];
    let mut widths = head.map(str::len);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[&str], out: &mut dyn Write| -> io::Result<()> {
        let parts: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        writeln!(out, "{}", parts.join("  ").trim_end())
    };
    line(&head, out)?;
    for r in &rows {
        line(&r.each_ref().map(String::as_str), out)?;
    }
    Ok(())
}

/// Runs `packages`: 0 printed, 2 the file cannot be read or has no image N.
pub fn run(args: &[String]) -> ExitCode {
    let a = match parse(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("ocilens: {e}\nusage:\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let f = match std::fs::File::open(&a.file) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("ocilens: cannot open {}: {e}", a.file);
            return ExitCode::from(2);
        }
    };
    let o = Options {
        name: a.file.clone(),
        ..Options::default()
    };
    let report = match inspect(BufReader::with_capacity(1 << 20, f), &o, &mut NullSink) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("ocilens: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(img) = report.images.get(a.image) else {
        let n = report.images.len();
        eprintln!("ocilens: no image {} (the archive has {n})", a.image);
        return ExitCode::from(2);
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let written = if a.json {
        serde_json::to_writer_pretty(&mut out, &img.packages)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
    } else if img.packages.is_empty() {
        writeln!(
            out,
            "no package database (dpkg, apk, rpm) in image {}",
            a.image
        )
    } else {
        table(&img.packages, &mut out)
    };
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("ocilens: {e}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}
