//! `ocilens explain-error "TEXT" [FILE] [--json]`: which catalogued tool
//! message the text is, the findings that cause it, and with FILE which of
//! this image's findings explain it. The work is
//! `ocilens::engine::errors`; this is arguments, output and exit status.

use ocilens::engine::errors::{explain, explain_in, Explanation, Match};
use ocilens::engine::{inspect, NullSink, Options};
use std::io::{BufReader, Read, Write};
use std::process::ExitCode;

/// The usage lines of `explain-error` and `errors-catalogue`.
pub const USAGE: &str = "  ocilens explain-error TEXT [FILE] [--json]   which tool message TEXT is, and (with FILE) what
                                           in this image causes it (TEXT - reads stdin)
  ocilens errors-catalogue                 print the error messages (docs/errors.md)";

/// The most text read from standard input (the matcher is linear; this only
/// bounds memory).
const STDIN_CAP: u64 = 16 << 20;

/// What `explain-error` asks for.
#[derive(Debug, PartialEq, Eq)]
pub struct Args {
    /// The pasted text, or `-` for standard input.
    pub text: String,
    /// The image to point into.
    pub file: Option<String>,
    /// Print `ocilens.explain-error/v1` JSON.
    pub json: bool,
}

/// Reads the arguments after the word `explain-error`.
pub fn parse(args: &[String]) -> Result<Args, String> {
    let mut json = false;
    let mut words = Vec::new();
    let mut only_words = false;
    for a in args {
        match a.as_str() {
            "--" if !only_words => only_words = true,
            "--json" if !only_words => json = true,
            s if !only_words && s.starts_with("--") => {
                return Err(format!("unknown option {s}"));
            }
            s => words.push(s.to_string()),
        }
    }
    let mut words = words.into_iter();
    let text = words
        .next()
        .ok_or_else(|| "explain-error needs the TEXT of the error".to_string())?;
    let file = words.next();
    if words.next().is_some() {
        return Err("explain-error takes TEXT and at most one FILE (quote the text)".into());
    }
    Ok(Args { text, file, json })
}

fn read_text(text: &str) -> std::io::Result<String> {
    if text != "-" {
        return Ok(text.to_string());
    }
    let mut bytes = Vec::new();
    std::io::stdin().take(STDIN_CAP).read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn explain_file(text: &str, path: &str) -> Result<Explanation, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
    let options = Options {
        name: std::path::Path::new(path)
            .file_name()
            .map_or(path.to_string(), |n| n.to_string_lossy().into_owned()),
        ..Options::default()
    };
    let report = inspect(
        BufReader::with_capacity(1 << 20, f),
        &options,
        &mut NullSink,
    )
    .map_err(|e| e.to_string())?;
    Ok(explain_in(text, &report))
}

fn print_match(m: &Match, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{}: {}", m.tool, m.message)?;
    writeln!(out, "  {}", m.explanation)?;
    let codes: Vec<&str> = m.codes.iter().map(|c| c.as_str()).collect();
    if !codes.is_empty() {
        writeln!(out, "  caused by: {}", codes.join(", "))?;
    }
    if let Some(i) = &m.in_image {
        if i.applies {
            writeln!(out, "  in this image:")?;
            for p in &i.findings {
                writeln!(out, "    {} {}: {}", p.severity.as_str(), p.code, p.message)?;
            }
            for f in &i.facts {
                writeln!(out, "    {f}")?;
            }
        } else {
            writeln!(
                out,
                "  none of this image's findings explains it; what else causes it: {}",
                m.other_causes
            )?;
        }
    } else {
        writeln!(out, "  what else causes it: {}", m.other_causes)?;
    }
    writeln!(out, "  source: {}", m.source)
}

fn print(e: &Explanation, out: &mut impl Write) -> std::io::Result<()> {
    if let Some(advice) = &e.advice {
        return writeln!(out, "{advice}");
    }
    if let Some(img) = &e.image {
        let applies = e
            .matches
            .iter()
            .filter(|m| m.in_image.as_ref().is_some_and(|i| i.applies))
            .count();
        writeln!(
            out,
            "{} ({}, {} findings): {applies} of {} matching message(s) explained by this image\n",
            img.name,
            img.format.as_str(),
            img.findings,
            e.matches.len()
        )?;
    }
    for (i, m) in e.matches.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        print_match(m, out)?;
    }
    Ok(())
}

/// Runs `explain-error`: 0 recognised, 1 not recognised, 2 trouble.
pub fn run(args: &[String]) -> ExitCode {
    let a = match parse(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("ocilens: {e}\nusage:\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let text = match read_text(&a.text) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("ocilens: cannot read standard input: {e}");
            return ExitCode::from(2);
        }
    };
    let answer = match &a.file {
        None => explain(&text),
        Some(path) => match explain_file(&text, path) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("ocilens: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = if a.json {
        serde_json::to_writer_pretty(&mut out, &answer)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
    } else {
        print(&answer, &mut out)
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("ocilens: {e}");
            return ExitCode::from(2);
        }
    }
    if answer.recognised {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn text_then_file_with_json_anywhere() {
        assert_eq!(
            parse(&args(&["--json", "boom", "a.tar"])),
            Ok(Args {
                text: "boom".into(),
                file: Some("a.tar".into()),
                json: true
            })
        );
        assert_eq!(
            parse(&args(&["--", "--json"])),
            Ok(Args {
                text: "--json".into(),
                file: None,
                json: false
            })
        );
        assert!(parse(&args(&[])).is_err());
        assert!(parse(&args(&["a", "b", "c"])).is_err());
        assert!(parse(&args(&["--jsn", "a"])).unwrap_err().contains("--jsn"));
    }
}
