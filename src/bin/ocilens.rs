//! `ocilens`: the command-line inspector. Glue only; the work is in
//! `ocilens::engine`.

use ocilens::engine::finding::{markdown, Severity};
use ocilens::engine::report::{Report, Status};
use ocilens::engine::{inspect_parallel, Event, Options, Sink};
use ocilens::view_model::format;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use thresholds::Thresholds;

#[path = "ocilens/cat.rs"]
mod cat;
#[path = "ocilens/diff.rs"]
mod diff;
#[path = "ocilens/efficiency.rs"]
mod efficiency;
#[path = "ocilens/explain_error.rs"]
mod explain_error;
#[path = "ocilens/packages.rs"]
mod packages;
#[path = "ocilens/thresholds.rs"]
mod thresholds;
#[path = "ocilens/verdicts.rs"]
mod verdicts;

const USAGE: &str = "usage:
  ocilens inspect FILE [--json] [--tree] [THRESHOLDS]   inspect an image tarball
  ocilens cat FILE PATH [--layer N] [--image I]  write one file of the image to stdout
  ocilens diff A B [--json] [--image N] [--platform os/arch]
                                           compare two images: what changed and why the
                                           digests differ (docs/diff.md; exit 0 same
                                           files, 1 they differ, 2 trouble)
  ocilens packages FILE [--json] [--image N]   the packages of the image (docs/packages.md)
  ocilens catalogue                        print the finding codes (docs/findings.md)
  ocilens compatibility                    print the compatibility rules (docs/compatibility.md)
  ocilens explain-error TEXT [FILE] [--json]   which tool message TEXT is, and (with FILE)
                                           what in this image causes it (docs/errors.md;
                                           exit 0 recognised, 1 not, 2 trouble)
  ocilens errors-catalogue                 print the error messages (docs/errors.md)
  ocilens --version

thresholds (CI; docs/efficiency.md):
  --fail-on error|warning     fail on error findings (default) or on warnings too
  --max-wasted-bytes N        fail when an image wastes more than N bytes
                              (suffixes K M G KiB MiB GiB = 1024^n, KB MB GB = 1000^n)
  --max-wasted-ratio R        fail when more than R (0 to 1) of an image's bytes are wasted
  --min-efficiency S          fail when an image's efficiency score is under S (0 to 1)

exit status: 0 no error findings and no threshold breached, 1 error findings or a
threshold breached (one line on stderr says which), 2 the file could not be read";

struct Progress {
    tty: bool,
    last: std::time::Instant,
}

impl Sink for Progress {
    fn event(&mut self, e: Event<'_>) {
        if !self.tty {
            return;
        }
        if let Event::Progress { blob, done, total } = e {
            if self.last.elapsed().as_millis() >= 100 || done == total {
                self.last = std::time::Instant::now();
                let short: String = blob
                    .chars()
                    .rev()
                    .take(40)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                eprint!(
                    "\r\x1b[2K{short}: {} / {}",
                    format::bytes(done),
                    format::bytes(total)
                );
            }
        }
    }
}

/// The mark of a status, as text.
fn mark(s: Option<Status>) -> &'static str {
    format::mark_text(s).symbol
}

/// A digest shortened as on the page; `-` when there is none.
fn short(d: &Option<String>) -> String {
    d.as_deref()
        .map_or_else(|| "-".into(), format::short_digest)
}

/// The findings, each with its explanation, spec and fix.
fn print_findings(r: &Report, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "findings: {} error(s), {} warning(s), {} info",
        r.summary.errors, r.summary.warnings, r.summary.infos
    )?;
    for f in &r.findings {
        let sev = match f.severity {
            Severity::Error => "ERROR",
            Severity::Warning => "WARN ",
            Severity::Info => "INFO ",
        };
        writeln!(out, "  {sev} {}: {}", f.code, f.message)?;
        writeln!(out, "        {}", f.explanation)?;
        writeln!(out, "        spec: {}", f.spec)?;
        if let Some(fix) = &f.fix {
            writeln!(out, "        fix: {fix}")?;
        }
    }
    Ok(())
}

fn print_summary(r: &Report, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{} ({} bytes)", r.input.name, r.input.size)?;
    writeln!(
        out,
        "format: {}, outer compression: {}",
        r.input.format, r.input.outer_compression
    )?;
    if let Some(d) = &r.input.rootfs_diff_id {
        writeln!(out, "rootfs DiffID (what an import should record): {d}")?;
    }
    if !r.references.is_empty() {
        writeln!(out, "references:")?;
        for re in &r.references {
            writeln!(
                out,
                "  {:<50} {} ({})",
                re.normalized
                    .clone()
                    .unwrap_or_else(|| "(not a full reference)".into()),
                re.as_written,
                re.source
            )?;
        }
    }
    for (i, img) in r.images.iter().enumerate() {
        let platform = format::platform(img).unwrap_or_else(|| "?".into());
        writeln!(
            out,
            "image {i} ({}, {platform}): manifest {} {} digest {} size {}",
            img.kind,
            short(&img.manifest.digest),
            img.manifest.media_type.clone().unwrap_or_default(),
            mark(img.manifest.check.digest_status),
            mark(img.manifest.check.size_status)
        )?;
        writeln!(
            out,
            "  config {} digest {} size {}",
            short(&img.config.digest),
            mark(img.config.check.digest_status),
            mark(img.config.check.size_status)
        )?;
        for l in &img.layers {
            let ch = l
                .changes
                .map(|c| format!("+{} ~{} -{}", c.added, c.modified, c.removed))
                .unwrap_or_default();
            writeln!(
                out,
                "  layer {} {} [{}] {} → {} digest {} size {} diffid {} {ch}{}",
                l.index,
                short(&l.digest),
                l.compression.map_or("?", |c| c.as_str()),
                l.size.map(format::bytes).unwrap_or_default(),
                l.uncompressed_size.map(format::bytes).unwrap_or_default(),
                mark(l.check.digest_status),
                mark(l.check.size_status),
                mark(l.diff_id.status),
                efficiency::wasted(l.wasted_bytes),
            )?;
        }
        efficiency::print(img.efficiency.as_ref(), out)?;
        packages::summary(img, out)?;
    }
    print_findings(r, out)?;
    verdicts::print(&r.compatibility, out)?;
    writeln!(out, "verdict: {}", r.summary.verdict)
}

/// What the command line asks for.
#[derive(Debug, PartialEq)]
enum Command {
    /// `--version`.
    Version,
    /// `catalogue`: the finding codes as markdown.
    Catalogue,
    /// `compatibility`: the compatibility rules as markdown.
    Compatibility,
    /// `inspect FILE [--json] [--tree]`.
    Inspect {
        /// The image tarball.
        path: String,
        /// Print the JSON report rather than the summary.
        json: bool,
        /// Include the file tree in the report.
        tree: bool,
        /// When to exit 1.
        thresholds: Thresholds,
    },
}

/// Reads the arguments; `Err` is the message for a usage error.
fn parse_args(args: &[String]) -> Result<Command, String> {
    match args.first().map(String::as_str) {
        Some("--version") | Some("-V") => Ok(Command::Version),
        Some("catalogue") => Ok(Command::Catalogue),
        Some("compatibility") => Ok(Command::Compatibility),
        Some("inspect") => {
            let mut file = None;
            let (mut json, mut tree) = (false, false);
            let mut thresholds = Thresholds::default();
            let mut rest = args.iter().skip(1);
            while let Some(a) = rest.next() {
                let (name, inline) = a
                    .split_once('=')
                    .map_or((a.as_str(), None), |(n, v)| (n, Some(v)));
                match name {
                    "--json" => json = true,
                    "--tree" => tree = true,
                    n if thresholds::OPTIONS.contains(&n) => {
                        let value = inline
                            .or_else(|| rest.next().map(String::as_str))
                            .ok_or_else(|| format!("{n} needs a value\n{USAGE}"))?;
                        thresholds.set(n, value)?;
                    }
                    s if s.starts_with('-') => return Err(format!("unknown option {s}\n{USAGE}")),
                    _ => file = Some(a.to_string()),
                }
            }
            let path = file.ok_or_else(|| USAGE.to_string())?;
            Ok(Command::Inspect {
                path,
                json,
                tree,
                thresholds,
            })
        }
        _ => Err(USAGE.to_string()),
    }
}

/// `ocilens inspect`: reads the file, prints the summary or the JSON, and
/// exits 1 when the report has error findings or breaches a threshold.
fn inspect_command(path: &str, json: bool, tree: bool, thresholds: &Thresholds) -> ExitCode {
    if let Err(e) = std::fs::File::open(path) {
        eprintln!("ocilens: cannot open {path}: {e}");
        return ExitCode::from(2);
    }
    let options = Options {
        tree,
        name: std::path::Path::new(path)
            .file_name()
            .map_or(path.to_string(), |n| n.to_string_lossy().into_owned()),
        ..Options::default()
    };
    let mut sink = Progress {
        tty: std::io::stderr().is_terminal(),
        last: std::time::Instant::now(),
    };
    let open = || std::fs::File::open(path);
    let report = match inspect_parallel(open, &options, threads(), &mut sink) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("ocilens: {e}");
            return ExitCode::from(2);
        }
    };
    if sink.tty {
        eprint!("\r\x1b[2K");
    }
    if let Err(e) = write_report(&report, json) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("ocilens: {e}");
            return ExitCode::from(2);
        }
    }
    let breaches = thresholds.breaches(&report);
    for b in &breaches {
        eprintln!("ocilens: threshold breached: {b}");
    }
    if report.summary.errors > 0 || !breaches.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Threads that verify blobs: `OCILENS_THREADS`, else one per core.
fn threads() -> usize {
    std::env::var("OCILENS_THREADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1)
        .max(1)
}

/// Writes the report to stdout: pretty JSON, or the summary.
fn write_report(report: &Report, json: bool) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        serde_json::to_writer_pretty(&mut out, report)?;
        writeln!(out)
    } else {
        print_summary(report, &mut out)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(("cat", rest)) = args.split_first().map(|(a, r)| (a.as_str(), r)) {
        return cat::run(rest);
    }
    match args.split_first().map(|(a, r)| (a.as_str(), r)) {
        Some(("explain-error", rest)) => return explain_error::run(rest),
        Some(("diff", rest)) => return diff::run(rest),
        Some(("packages", rest)) => return packages::run(rest),
        Some(("errors-catalogue", _)) => {
            print!("{}", ocilens::engine::errors::markdown());
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    match parse_args(&args) {
        Ok(Command::Version) => {
            println!("ocilens {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(Command::Catalogue) => {
            print!("{}", markdown());
            ExitCode::SUCCESS
        }
        Ok(Command::Compatibility) => {
            print!("{}", ocilens::engine::compat::markdown());
            ExitCode::SUCCESS
        }
        Ok(Command::Inspect {
            path,
            json,
            tree,
            thresholds,
        }) => inspect_command(&path, json, tree, &thresholds),
        Err(usage) => {
            eprintln!("{usage}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn inspect_takes_a_file_and_flags_in_any_order() {
        assert_eq!(
            parse_args(&args(&["inspect", "--tree", "a.tar", "--json"])),
            Ok(Command::Inspect {
                path: "a.tar".into(),
                json: true,
                tree: true,
                thresholds: Thresholds::default(),
            })
        );
        let Ok(Command::Inspect { thresholds, .. }) = parse_args(&args(&[
            "inspect",
            "a.tar",
            "--max-wasted-bytes",
            "1MiB",
            "--min-efficiency=0.9",
            "--fail-on",
            "warning",
        ])) else {
            panic!("parses");
        };
        assert_eq!(thresholds.max_wasted_bytes, Some(1 << 20));
        assert_eq!(thresholds.min_efficiency, Some(0.9));
        assert_eq!(thresholds.fail_on, thresholds::FailOn::Warning);
        assert_eq!(parse_args(&args(&["-V"])), Ok(Command::Version));
        assert_eq!(parse_args(&args(&["catalogue"])), Ok(Command::Catalogue));
    }

    #[test]
    fn usage_errors_say_what_is_wrong() {
        let err = parse_args(&args(&["inspect", "--jsn", "a.tar"])).unwrap_err();
        assert!(err.starts_with("unknown option --jsn\nusage:"), "{err}");
        assert_eq!(parse_args(&args(&["inspect"])), Err(USAGE.to_string()));
        let err = parse_args(&args(&["inspect", "a.tar", "--max-wasted-bytes"])).unwrap_err();
        assert!(err.starts_with("--max-wasted-bytes needs a value"), "{err}");
        let err = parse_args(&args(&["inspect", "a.tar", "--max-wasted-ratio", "2"])).unwrap_err();
        assert!(err.contains("from 0 to 1"), "{err}");
        assert_eq!(parse_args(&args(&[])), Err(USAGE.to_string()));
    }
}
