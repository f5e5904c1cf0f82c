//! `ocilens diff A B [--json] [--image N] [--platform os/arch]`: compares two
//! image archives. The work is `ocilens::engine::diff::compare` over the two
//! reports; this is arguments, the short text, and the exit status of
//! `diff(1)`: 0 the file trees are the same, 1 they differ, 2 trouble.

use ocilens::engine::diff::schema::{ChangedFile, ConfigChange, Diff, PackageRef, Side};
use ocilens::engine::diff::{self, CompareOptions, Selection};
use ocilens::engine::report::Report;
use ocilens::engine::{inspect, NullSink, Options};
use ocilens::view_model::format;
use serde_json::Value;
use std::io::{BufReader, Write};
use std::process::ExitCode;

/// The usage lines of `diff`.
pub const USAGE: &str = "  ocilens diff A B [--json] [--image N] [--platform os/arch]
                                           compare two images: what changed and why the
                                           digests differ (docs/diff.md; exit 0 same
                                           files, 1 they differ, 2 trouble)";

/// Lines of each file list in the text.
const SHOWN: usize = 20;

/// What `diff` asks for.
#[derive(Debug, PartialEq, Eq)]
pub struct Args {
    /// The first archive.
    pub a: String,
    /// The second archive.
    pub b: String,
    /// Print the JSON.
    pub json: bool,
    /// The image on both sides.
    pub select: Selection,
}

/// Reads `diff`'s arguments (after the word `diff`).
pub fn parse(args: &[String]) -> Result<Args, String> {
    let (mut json, mut select, mut words) = (false, Selection::default(), Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (name, inline) = a
            .split_once('=')
            .map_or((a.as_str(), None), |(n, v)| (n, Some(v.to_string())));
        let mut value = || inline.clone().or_else(|| it.next().cloned());
        match name {
            "--json" => json = true,
            "--image" => {
                let n = value().and_then(|s| s.parse().ok());
                select.image = Some(n.ok_or("--image needs a number")?);
            }
            "--platform" => {
                let p = value().filter(|p| p.split('/').count() >= 2);
                select.platform = Some(p.ok_or("--platform needs os/arch[/variant]")?);
            }
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            _ => words.push(a.clone()),
        }
    }
    let [a, b] = <[String; 2]>::try_from(words).map_err(|_| "diff needs two files A and B")?;
    Ok(Args { a, b, json, select })
}

/// Reads one archive with its tree.
fn read(path: &str) -> Result<Report, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
    let options = Options {
        tree: true,
        name: std::path::Path::new(path)
            .file_name()
            .map_or(path.to_string(), |n| n.to_string_lossy().into_owned()),
        ..Options::default()
    };
    inspect(
        BufReader::with_capacity(1 << 20, f),
        &options,
        &mut NullSink,
    )
    .map_err(|e| e.to_string())
}

/// Runs `diff`.
pub fn run(args: &[String]) -> ExitCode {
    let a = match parse(args) {
        Ok(a) => a,
        Err(m) => {
            eprintln!("ocilens diff: {m}\nusage:\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // both archives at once, one thread each
    let (ra, rb) = std::thread::scope(|s| {
        let ta = s.spawn(|| read(&a.a));
        let rb = read(&a.b);
        (
            ta.join().unwrap_or_else(|_| Err("internal error".into())),
            rb,
        )
    });
    let (ra, rb) = match (ra, rb) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("ocilens diff: {e}");
            return ExitCode::from(2);
        }
    };
    let o = CompareOptions {
        a: a.select.clone(),
        b: a.select.clone(),
        host: Some(diff::host_platform()),
    };
    let d = match diff::compare(&ra, &rb, &o) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("ocilens diff: {e}");
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = if a.json {
        serde_json::to_writer_pretty(&mut out, &d)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        text(&d, &mut out)
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("ocilens diff: {e}");
            return ExitCode::from(2);
        }
    }
    ExitCode::from(if d.same.files { 0 } else { 1 })
}

/// A digest shortened as on the page; `-` when there is none.
fn short(d: Option<&str>) -> String {
    d.map_or_else(|| "-".into(), format::short_digest)
}

fn yes(b: bool) -> &'static str {
    if b {
        "same"
    } else {
        "differ"
    }
}

fn side_line(name: &str, s: &Side) -> String {
    format!(
        "{name}: {} ({}), image {} ({})",
        s.input.name,
        s.input.format,
        s.image,
        s.platform.as_deref().unwrap_or("?")
    )
}

/// A JSON value in at most `max` characters.
fn brief(v: &Value, max: usize) -> String {
    let s = match v {
        Value::Null => "(none)".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or_default()),
        None => s,
    }
}

/// The strings of a list value (`null` is the empty list); None when not a list of strings.
fn strings(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Null => Some(Vec::new()),
        Value::Array(xs) => xs.iter().map(|x| x.as_str().map(str::to_string)).collect(),
        _ => None,
    }
}

fn config_lines(c: &ConfigChange, out: &mut impl Write) -> std::io::Result<()> {
    if let (Some(xa), Some(xb)) = (strings(&c.a), strings(&c.b)) {
        let removed: Vec<&String> = xa.iter().filter(|x| !xb.contains(x)).collect();
        let added: Vec<&String> = xb.iter().filter(|x| !xa.contains(x)).collect();
        if removed.is_empty() && added.is_empty() {
            return writeln!(out, "  {}: same items, other order", c.field);
        }
        for x in removed {
            writeln!(out, "  {}: - {x}", c.field)?;
        }
        for x in added {
            writeln!(out, "  {}: + {x}", c.field)?;
        }
        return Ok(());
    }
    if let (Value::Array(xa), Value::Array(xb)) = (&c.a, &c.b) {
        let differ = xa.iter().zip(xb).filter(|(x, y)| x != y).count();
        return writeln!(
            out,
            "  {}: {} → {} entries, {differ} of the common ones differ",
            c.field,
            xa.len(),
            xb.len()
        );
    }
    writeln!(
        out,
        "  {}: {} → {}",
        c.field,
        brief(&c.a, 60),
        brief(&c.b, 60)
    )
}

fn changed_line(c: &ChangedFile) -> String {
    let what: Vec<&str> = c.what.iter().map(|w| w.as_str()).collect();
    let mut s = format!("  ~ {}  {}", c.path, what.join(", "));
    if c.a_size != c.b_size {
        let delta = i128::from(c.b_size) - i128::from(c.a_size);
        s.push_str(&format!(
            " ({} → {}, {delta:+} bytes)",
            format::bytes(c.a_size),
            format::bytes(c.b_size)
        ));
    }
    s
}

fn list<T>(items: &[T], line: impl Fn(&T) -> String, out: &mut impl Write) -> std::io::Result<()> {
    for x in items.iter().take(SHOWN) {
        writeln!(out, "{}", line(x))?;
    }
    if items.len() > SHOWN {
        writeln!(
            out,
            "    … and {} more (--json lists all)",
            items.len() - SHOWN
        )?;
    }
    Ok(())
}

/// The short text.
fn text(d: &Diff, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{}", side_line("a", &d.a))?;
    writeln!(out, "{}", side_line("b", &d.b))?;
    let s = &d.same;
    writeln!(
        out,
        "config digest {}: {} {}",
        yes(s.config_digest),
        short(d.a.config_digest.as_deref()),
        short(d.b.config_digest.as_deref())
    )?;
    let mdigest = |x: &Side| match &x.manifest_digest {
        Some(m) => format::short_digest(m),
        None => "(none)".into(),
    };
    writeln!(
        out,
        "manifest digest {}: {} {}",
        yes(s.manifest_digest),
        mdigest(&d.a),
        mdigest(&d.b)
    )?;
    for x in [&d.a, &d.b].into_iter().filter(|x| !x.manifest_preserved) {
        writeln!(out, "  {}: {}", x.input.name, x.preserves)?;
    }
    writeln!(
        out,
        "layer digests {}, DiffIDs {}, files {}",
        yes(s.layer_digests),
        yes(s.diff_ids),
        yes(s.files)
    )?;
    writeln!(out, "layers:")?;
    for l in &d.layers {
        let at = |p: &str, i: Option<u32>| i.map_or(String::new(), |i| format!("{p}{i}"));
        let causes: Vec<&str> = l.causes.iter().map(|c| c.as_str()).collect();
        let tail = match causes.is_empty() {
            true => String::new(),
            false => format!(": {}", causes.join(", ")),
        };
        writeln!(
            out,
            "  {:>4} {:>4}  {}{tail}",
            at("a", l.a),
            at("b", l.b),
            l.kind.as_str()
        )?;
    }
    if !d.config.is_empty() {
        writeln!(out, "config:")?;
        for c in &d.config {
            config_lines(c, out)?;
        }
    }
    let f = &d.files;
    writeln!(
        out,
        "files: {} added, {} removed, {} changed",
        f.added.len(),
        f.removed.len(),
        f.changed.len()
    )?;
    list(&f.added, |p| format!("  + {p}"), out)?;
    list(&f.removed, |p| format!("  - {p}"), out)?;
    list(&f.changed, changed_line, out)?;
    let p = &d.packages;
    if !(p.added.is_empty() && p.removed.is_empty() && p.upgraded.is_empty()) {
        writeln!(
            out,
            "packages: {} added, {} removed, {} upgraded",
            p.added.len(),
            p.removed.len(),
            p.upgraded.len()
        )?;
        let named = |x: &PackageRef| format!("{} {} ({})", x.name, x.version, x.manager);
        list(&p.added, |x| format!("  + {}", named(x)), out)?;
        list(&p.removed, |x| format!("  - {}", named(x)), out)?;
        list(
            &p.upgraded,
            |x| {
                format!(
                    "  ~ {} {} → {} ({})",
                    x.name, x.a_version, x.b_version, x.manager
                )
            },
            out,
        )?;
    }
    if !d.causes.is_empty() {
        writeln!(out, "causes:")?;
    }
    for c in &d.causes {
        writeln!(out, "  {}: {}", c.cause.as_str(), c.evidence)?;
        writeln!(out, "    why: {}", c.explanation)?;
        writeln!(out, "    fix: {}", c.fix)?;
    }
    for f in &d.findings {
        let side = f
            .side
            .map_or(String::new(), |s| format!("{s:?} ").to_lowercase());
        writeln!(out, "note: {side}{}: {}", f.code, f.message)?;
    }
    writeln!(out, "verdict: {}", d.summary.verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn diff_takes_two_files_and_flags_in_any_order() {
        let a = parse(&args(&["--json", "x.tar", "--image", "2", "y.tar"])).unwrap();
        assert_eq!(
            (a.a.as_str(), a.b.as_str(), a.json),
            ("x.tar", "y.tar", true)
        );
        assert_eq!(a.select.image, Some(2));
        let a = parse(&args(&["x", "y", "--platform=linux/arm64/v8"])).unwrap();
        assert_eq!(a.select.platform.as_deref(), Some("linux/arm64/v8"));
        assert!(parse(&args(&["x"])).unwrap_err().contains("two files"));
        assert!(parse(&args(&["x", "y", "z"])).is_err());
        assert!(parse(&args(&["x", "y", "--platform", "linux"])).is_err());
        assert!(parse(&args(&["x", "y", "--image", "one"])).is_err());
        assert!(parse(&args(&["x", "y", "--jsn"]))
            .unwrap_err()
            .contains("--jsn"));
    }
}
