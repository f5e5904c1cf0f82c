//! CI thresholds of `ocilens inspect` (as dive's `.dive-ci`, over the waste
//! model of docs/efficiency.md): `--fail-on error|warning`,
//! `--max-wasted-bytes N`, `--max-wasted-ratio R`, `--min-efficiency S`.
//! Each breach is one line naming the threshold and by how much.

use ocilens::engine::report::Report;
use ocilens::view_model::format;

/// Which findings fail the run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FailOn {
    /// Error findings (the default).
    #[default]
    Error,
    /// Warning or error findings.
    Warning,
}

/// The thresholds given on the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Thresholds {
    /// `--fail-on`.
    pub fail_on: FailOn,
    /// `--max-wasted-bytes`: at most this many wasted bytes per image.
    pub max_wasted_bytes: Option<u64>,
    /// `--max-wasted-ratio`: at most this share of an image's bytes wasted.
    pub max_wasted_ratio: Option<f64>,
    /// `--min-efficiency`: at least this score per image.
    pub min_efficiency: Option<f64>,
}

/// The options that take a value.
pub const OPTIONS: [&str; 4] = [
    "--fail-on",
    "--max-wasted-bytes",
    "--max-wasted-ratio",
    "--min-efficiency",
];

impl Thresholds {
    /// Sets option `name` (one of [`OPTIONS`]) to `value`; `Err` says why not.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        match name {
            "--fail-on" => {
                self.fail_on = match value {
                    "error" => FailOn::Error,
                    "warning" => FailOn::Warning,
                    _ => return Err(format!("--fail-on takes error or warning, not {value:?}")),
                }
            }
            "--max-wasted-bytes" => self.max_wasted_bytes = Some(parse_size(value)?),
            "--max-wasted-ratio" => self.max_wasted_ratio = Some(parse_fraction(name, value)?),
            "--min-efficiency" => self.min_efficiency = Some(parse_fraction(name, value)?),
            _ => return Err(format!("unknown option {name}")),
        }
        Ok(())
    }

    /// One line per breach: the findings (by `--fail-on`) and, per image,
    /// each efficiency threshold it breaks and by how much.
    pub fn breaches(&self, r: &Report) -> Vec<String> {
        let mut out = Vec::new();
        let (errors, warnings) = (r.summary.errors, r.summary.warnings);
        if self.fail_on == FailOn::Warning && errors + warnings > 0 {
            out.push(format!(
                "--fail-on warning: {errors} error(s) and {warnings} warning(s)"
            ));
        }
        for (i, img) in r.images.iter().enumerate() {
            let Some(e) = &img.efficiency else { continue };
            if let Some(max) = self.max_wasted_bytes.filter(|&m| e.wasted_bytes > m) {
                out.push(format!(
                    "--max-wasted-bytes {}: image {i} wastes {} ({} bytes), {} bytes over",
                    format::bytes(max),
                    format::bytes(e.wasted_bytes),
                    e.wasted_bytes,
                    e.wasted_bytes - max
                ));
            }
            let ratio = ratio(e.wasted_bytes, e.total_bytes);
            if let Some(max) = self.max_wasted_ratio.filter(|&m| ratio > m) {
                out.push(format!(
                    "--max-wasted-ratio {max}: image {i} wastes {ratio:.4} of its bytes, {:.4} over",
                    ratio - max
                ));
            }
            if let Some(min) = self.min_efficiency.filter(|&m| e.score < m) {
                out.push(format!(
                    "--min-efficiency {min}: image {i} scores {:.4}, {:.4} under",
                    e.score,
                    min - e.score
                ));
            }
        }
        out
    }
}

/// `wasted / total`, 0 when there are no bytes.
fn ratio(wasted: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        wasted as f64 / total as f64
    }
}

/// A number from 0 to 1.
fn parse_fraction(name: &str, value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{name} takes a number from 0 to 1, not {value:?}")),
    }
}

/// A byte count with an optional suffix ([`format::parse_size`]).
pub fn parse_size(value: &str) -> Result<u64, String> {
    format::parse_size(value).ok_or_else(|| {
        format!(
            "--max-wasted-bytes takes a size such as 1048576, 512K, 1.5MiB or 20MB, not {value:?}"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_size_names_the_option() {
        assert_eq!(parse_size("1.5MiB"), Ok(1_572_864));
        assert!(parse_size("1X").unwrap_err().contains("--max-wasted-bytes"));
    }

    #[test]
    fn fractions_are_from_0_to_1() {
        let mut t = Thresholds::default();
        assert!(t.set("--max-wasted-ratio", "0.25").is_ok());
        assert_eq!(t.max_wasted_ratio, Some(0.25));
        assert!(t.set("--min-efficiency", "1.5").is_err());
        assert!(t.set("--min-efficiency", "x").is_err());
        assert!(t.set("--fail-on", "info").is_err());
        assert!(t.set("--fail-on", "warning").is_ok());
        assert_eq!(t.fail_on, FailOn::Warning);
    }
}
