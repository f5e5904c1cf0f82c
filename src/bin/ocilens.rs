//! `ocilens`: the command-line inspector. Glue only; the work is in
//! `ocilens::engine`.

use ocilens::engine::finding::{markdown, Severity};
use ocilens::engine::report::{Report, Status};
use ocilens::engine::{inspect, Event, Options, Sink};
use std::io::{BufReader, IsTerminal, Write};
use std::process::ExitCode;

const USAGE: &str = "usage:
  ocilens inspect FILE [--json] [--tree]   inspect an image tarball
  ocilens catalogue                        print the finding codes (docs/findings.md)
  ocilens --version

exit status: 0 no error findings, 1 error findings, 2 the file could not be read";

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
                eprint!("\r\x1b[2K{short}: {} / {}", human(done), human(total));
            }
        }
    }
}

fn human(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS.get(u).copied().unwrap_or("B"))
    }
}

fn mark(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::Verified) => "✓",
        Some(Status::Mismatch) => "✗",
        Some(Status::Missing) => "missing",
        Some(Status::Unverifiable) => "?",
        None => "-",
    }
}

fn short(d: &Option<String>) -> String {
    match d {
        Some(d) => d.chars().take(19).collect(),
        None => "-".into(),
    }
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
        let platform = ocilens::view_model::format::platform(img).unwrap_or_else(|| "?".into());
        writeln!(
            out,
            "image {i} ({}, {platform}): manifest {} {} digest {} size {}",
            img.kind,
            short(&img.manifest.digest),
            img.manifest.media_type.clone().unwrap_or_default(),
            mark(img.manifest.digest_status),
            mark(img.manifest.size_status)
        )?;
        writeln!(
            out,
            "  config {} digest {} size {}",
            short(&img.config.digest),
            mark(img.config.digest_status),
            mark(img.config.size_status)
        )?;
        for l in &img.layers {
            let ch = l
                .changes
                .map(|c| format!("+{} ~{} -{}", c.added, c.modified, c.removed))
                .unwrap_or_default();
            writeln!(
                out,
                "  layer {} {} [{}] {} → {} digest {} size {} diffid {} {ch}",
                l.index,
                short(&l.digest),
                l.compression.clone().unwrap_or_else(|| "?".into()),
                l.size.map(human).unwrap_or_default(),
                l.uncompressed_size.map(human).unwrap_or_default(),
                mark(l.digest_status),
                mark(l.size_status),
                mark(l.diff_id.status),
            )?;
        }
    }
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
    }
    writeln!(out, "verdict: {}", r.summary.verdict)
}

fn run(args: &[String]) -> ExitCode {
    match args.first().map(String::as_str) {
        Some("--version") | Some("-V") => {
            println!("ocilens {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("catalogue") => {
            print!("{}", markdown());
            ExitCode::SUCCESS
        }
        Some("inspect") => {
            let mut file = None;
            let (mut json, mut tree) = (false, false);
            for a in args.iter().skip(1) {
                match a.as_str() {
                    "--json" => json = true,
                    "--tree" => tree = true,
                    s if s.starts_with('-') => {
                        eprintln!("unknown option {s}\n{USAGE}");
                        return ExitCode::from(2);
                    }
                    s => file = Some(s.to_string()),
                }
            }
            let Some(path) = file else {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            };
            let f = match std::fs::File::open(&path) {
                Ok(f) => f,
                Err(e) => {
                    eprintln!("ocilens: cannot open {path}: {e}");
                    return ExitCode::from(2);
                }
            };
            let options = Options {
                tree,
                name: std::path::Path::new(&path)
                    .file_name()
                    .map_or(path.clone(), |n| n.to_string_lossy().into_owned()),
                ..Options::default()
            };
            let mut sink = Progress {
                tty: std::io::stderr().is_terminal(),
                last: std::time::Instant::now(),
            };
            let report = match inspect(BufReader::with_capacity(1 << 20, f), &options, &mut sink) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("ocilens: {e}");
                    return ExitCode::from(2);
                }
            };
            if sink.tty {
                eprint!("\r\x1b[2K");
            }
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let written = if json {
                serde_json::to_writer_pretty(&mut out, &report)
                    .map_err(std::io::Error::from)
                    .and_then(|_| writeln!(out))
            } else {
                print_summary(&report, &mut out)
            };
            if let Err(e) = written {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    eprintln!("ocilens: {e}");
                    return ExitCode::from(2);
                }
            }
            if report.summary.errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    run(&args)
}
