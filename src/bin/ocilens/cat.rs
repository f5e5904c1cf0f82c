//! `ocilens cat FILE PATH [--layer N] [--image I]`: one file of the image to
//! stdout. The work is `ocilens::engine::extract::cat`; this is arguments,
//! progress on a terminal, messages and the exit status.

use ocilens::engine::extract::{self, Cat, CatRequest, Phase, ReadOutcome, Selector, Watch};
use ocilens::engine::Options;
use ocilens::view_model::format;
use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

/// The usage line of `cat`.
pub const USAGE: &str =
    "  ocilens cat FILE PATH [--layer N] [--image I]  write one file of the image to stdout";

/// What `cat` asks for.
#[derive(Debug, PartialEq, Eq)]
pub struct Args {
    /// The image tarball.
    pub file: String,
    /// What to read.
    pub request: CatRequest,
}

fn number(flag: &str, v: Option<&String>) -> Result<u32, String> {
    v.and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("{flag} needs a number"))
}

/// Reads `cat`'s arguments (after the word `cat`).
pub fn parse(args: &[String]) -> Result<Args, String> {
    let (mut image, mut selector) = (0, Selector::Merged);
    let mut words = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--layer" => selector = Selector::Layer(number(a, it.next())?),
            "--image" => image = number(a, it.next())?,
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s => words.push(s.to_string()),
        }
    }
    let [file, path] =
        <[String; 2]>::try_from(words).map_err(|_| "cat needs FILE and PATH".to_string())?;
    Ok(Args {
        file,
        request: CatRequest {
            image,
            selector,
            path,
        },
    })
}

/// A progress line on stderr when it is a terminal.
struct Progress {
    tty: bool,
    last: std::time::Instant,
}

impl Watch for Progress {
    fn progress(&mut self, phase: Phase, done: u64, total: u64) {
        if self.tty && (self.last.elapsed().as_millis() >= 100 || done == total) {
            self.last = std::time::Instant::now();
            let what = match phase {
                Phase::Seeking => "decoding the layer",
                Phase::Copying => "writing the file",
            };
            let (d, t) = (format::bytes(done), format::bytes(total));
            eprint!("\r\x1b[2K{what}: {d} / {t}");
        }
    }
    fn cancelled(&mut self) -> bool {
        false
    }
}

/// Runs `cat` with its arguments: 0 written, 1 the layer is damaged, 2 no
/// such file (or not a regular file) or the archive cannot be read.
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
    let mut watch = Progress {
        tty: std::io::stderr().is_terminal(),
        last: std::time::Instant::now(),
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let result = extract::cat(f, &a.request, &o, &mut out, &mut watch);
    let flushed = out.flush();
    if watch.tty {
        eprint!("\r\x1b[2K");
    }
    match (result, flushed) {
        (Err(e), _) => fail(2, &e.to_string()),
        (Ok(_), Err(e)) => fail(2, &format!("writing to stdout: {e}")),
        (Ok(Cat::NoListing(n)), _) => fail(2, &n.describe()),
        (Ok(Cat::Located(l)), _) => fail(2, &l.describe()),
        (Ok(Cat::Read { outcome, .. }), _) => match outcome {
            ReadOutcome::Done { .. } => ExitCode::SUCCESS,
            o @ (ReadOutcome::Truncated { .. } | ReadOutcome::Damaged { .. }) => {
                fail(1, &o.describe())
            }
            o => fail(2, &o.describe()),
        },
    }
}

fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("ocilens: {message}");
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn cat_takes_file_path_and_flags_in_any_order() {
        let a = parse(&args(&[
            "--layer",
            "2",
            "img.tar",
            "/etc/passwd",
            "--image",
            "1",
        ]))
        .unwrap();
        assert_eq!(a.file, "img.tar");
        assert_eq!(
            a.request,
            CatRequest {
                image: 1,
                selector: Selector::Layer(2),
                path: "/etc/passwd".into()
            }
        );
        assert_eq!(
            parse(&args(&["a.tar", "x"])).unwrap().request.selector,
            Selector::Merged
        );
        assert!(parse(&args(&["a.tar"])).is_err());
        assert!(parse(&args(&["a.tar", "x", "--layer"])).is_err());
        assert!(parse(&args(&["a.tar", "x", "--layer", "one"])).is_err());
        assert!(parse(&args(&["a.tar", "x", "--lyer", "1"])).is_err());
    }
}
