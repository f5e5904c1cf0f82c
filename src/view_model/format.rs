//! Formatting of sizes, rates, durations, digests, modes and times for
//! display. Pure functions: every input, however odd (`u64::MAX`, NaN,
//! negative times), gives a string and never panics.

use crate::engine::report::Status;
use crate::engine::tree::entry::Kind;

mod size_input;
pub use size_input::parse_size;

/// SI unit symbols after bytes, each 1000 times the previous one.
const UNITS: [&str; 6] = ["kB", "MB", "GB", "TB", "PB", "EB"];

/// `n / d` rounded half up (`d > 0`).
fn div_round(n: u128, d: u128) -> u128 {
    (n + d / 2) / d
}

/// A byte count in SI units (1000-based) with three significant digits:
/// `"0 B"`, `"999 B"`, `"1.00 kB"`, `"12.3 MB"`, `"123 MB"`, `"1.10 GB"`.
/// Rounding that reaches 1000 moves to the next unit (`999_999` → `"1.00 MB"`);
/// `u64::MAX` is `"18.4 EB"`.
pub fn bytes(n: u64) -> String {
    if n < 1000 {
        return format!("{n} B");
    }
    let n = u128::from(n);
    let mut d: u128 = 1;
    for unit in UNITS {
        d *= 1000;
        for (decimals, scale) in [(2u32, 100u128), (1, 10), (0, 1)] {
            let scaled = div_round(n * scale, d);
            if scaled < 1000 {
                return match decimals {
                    2 => format!("{}.{:02} {unit}", scaled / 100, scaled % 100),
                    1 => format!("{}.{} {unit}", scaled / 10, scaled % 10),
                    _ => format!("{scaled} {unit}"),
                };
            }
        }
    }
    // unreachable for u64 (its maximum is 18.4 EB); kept total anyway
    format!("{} EB", div_round(n, d))
}

/// A transfer rate: [`bytes`] of the rounded rate and `"/s"`, e.g. `"123 MB/s"`.
/// NaN and negative rates show as `"0 B/s"`.
pub fn rate(bytes_per_sec: f64) -> String {
    let b = if bytes_per_sec.is_nan() || bytes_per_sec <= 0.0 {
        0
    } else {
        // float-to-int casts saturate (infinity → u64::MAX)
        bytes_per_sec.round() as u64
    };
    format!("{}/s", bytes(b))
}

/// A duration: one decimal under 10 s (`"0.4 s"`, `"9.9 s"`), whole seconds
/// under a minute (`"12 s"`), then `"3 min 05 s"` and `"1 h 02 min"` (seconds
/// dropped). NaN and negative durations show as `"0.0 s"`, infinity as `"∞"`.
pub fn duration(secs: f64) -> String {
    if secs.is_nan() || secs <= 0.0 {
        return "0.0 s".to_string();
    }
    if secs.is_infinite() {
        return "∞".to_string();
    }
    if secs < 9.95 {
        return format!("{secs:.1} s");
    }
    // saturating cast; rounding keeps 59.6 s from showing as "59 s" then "1 min 00 s"
    let total = secs.round() as u64;
    if total < 60 {
        format!("{total} s")
    } else if total < 3600 {
        format!("{} min {:02} s", total / 60, total % 60)
    } else {
        format!("{} h {:02} min", total / 3600, (total % 3600) / 60)
    }
}

/// Estimated time left, from the average rate so far. `None` until enough is
/// known: nothing done yet, less than half a second elapsed, or an elapsed
/// time that is not a finite number. Done (or past) the total gives `"0.0 s"`.
pub fn eta(done: u64, total: u64, elapsed_secs: f64) -> Option<String> {
    if done == 0 || !elapsed_secs.is_finite() || elapsed_secs < 0.5 {
        return None;
    }
    let left = total.saturating_sub(done);
    let secs = left as f64 * elapsed_secs / done as f64;
    Some(duration(secs))
}

/// A digest shortened for display: the algorithm, `:` and the first 12
/// characters of the encoded part (`"sha256:0123456789ab"`). A string without
/// `:` is returned unchanged. Counts characters, so any input is safe.
pub fn short_digest(d: &str) -> String {
    match d.split_once(':') {
        Some((alg, enc)) => {
            let mut s = String::with_capacity(alg.len() + 13);
            s.push_str(alg);
            s.push(':');
            s.extend(enc.chars().take(12));
            s
        }
        None => d.to_string(),
    }
}

/// An `ls -l` style mode: the type character (`-` file or hard link, `d`,
/// `l`, `c`, `b`, `p`, `?` other) and the nine permission characters, with
/// setuid/setgid as `s`/`S` and sticky as `t`/`T` (`"drwxr-xr-x"`,
/// `"-rwsr-xr-x"`, `"drwxrwxrwt"`). Bits above `0o7777` are ignored.
/// Whiteouts and opaque markers have no meaningful mode and show as
/// `"whiteout"` and `"opaque"`.
pub fn mode(kind: Kind, mode: u32) -> String {
    let t = match kind {
        Kind::Whiteout => return "whiteout".to_string(),
        Kind::Opaque => return "opaque".to_string(),
        Kind::File | Kind::Hardlink => '-',
        Kind::Dir => 'd',
        Kind::Symlink => 'l',
        Kind::CharDevice => 'c',
        Kind::BlockDevice => 'b',
        Kind::Fifo => 'p',
        Kind::Other => '?',
    };
    let bit = |b: u32, c: char| if mode & b != 0 { c } else { '-' };
    let exec =
        |x: u32, special: u32, set: char, unset: char| match (mode & x != 0, mode & special != 0) {
            (true, true) => set,
            (false, true) => unset,
            (true, false) => 'x',
            (false, false) => '-',
        };
    [
        t,
        bit(0o400, 'r'),
        bit(0o200, 'w'),
        exec(0o100, 0o4000, 's', 'S'),
        bit(0o040, 'r'),
        bit(0o020, 'w'),
        exec(0o010, 0o2000, 's', 'S'),
        bit(0o004, 'r'),
        bit(0o002, 'w'),
        exec(0o001, 0o1000, 't', 'T'),
    ]
    .iter()
    .collect()
}

/// Civil date (year, month 1–12, day 1–31) of a day count since 1970-01-01
/// (proleptic Gregorian; Howard Hinnant's `civil_from_days`). Exact for the
/// whole range `i64::MIN / 86400 ..= i64::MAX / 86400`.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A modification time (seconds since the epoch) in UTC, to the minute:
/// `"2023-11-14 22:13"`. Times before 1970 work (`-1` → `"1969-12-31 23:59"`);
/// years outside 0–9999 are printed in full (with a sign below 0).
pub fn mtime(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        sod / 3600,
        (sod % 3600) / 60
    )
}

/// Progress in percent, `0.0..=100.0`; a total of 0 counts as complete (100).
pub fn percent(done: u64, total: u64) -> f64 {
    if total == 0 {
        return 100.0;
    }
    (done as f64 / total as f64 * 100.0).clamp(0.0, 100.0)
}

/// A share in `[0, 1]` as a percentage with one decimal (`"82.4 %"`);
/// a share just below 1 is `"> 99.9 %"`, never `"100.0 %"`, and one just
/// above 0 is `"< 0.1 %"`, never `"0.0 %"`.
pub fn share(share: f64) -> String {
    if !share.is_finite() {
        return "—".into();
    }
    let tenths = (share * 1000.0).round();
    if share < 1.0 && tenths >= 1000.0 {
        "> 99.9 %".into()
    } else if share > 0.0 && tenths <= 0.0 {
        "< 0.1 %".into()
    } else {
        format!("{:.1} %", tenths / 10.0)
    }
}

/// An image's platform, `os/architecture[/variant]`: the index's, else the config's.
pub fn platform(im: &crate::engine::report::Image) -> Option<String> {
    if let Some(p) = &im.manifest.platform {
        return Some(p.display());
    }
    let c = &im.config;
    let (os, arch) = (c.os.as_ref()?, c.architecture.as_ref()?);
    Some(match &c.variant {
        Some(v) => format!("{os}/{arch}/{v}"),
        None => format!("{os}/{arch}"),
    })
}

/// How a verification mark reads, on the page and in the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkText {
    /// What is shown: `"✓"`, `"✗"`, `"missing"`, `"?"` or `"…"`.
    pub symbol: &'static str,
    /// What it means, in a word or two (the page's tooltip and `data-mark`).
    pub title: &'static str,
    /// Good, bad, unknown or pending (the page's colour).
    pub tone: &'static str,
}

/// The mark of a verification status; `None` is "not checked (yet)".
pub fn mark_text(s: Option<Status>) -> MarkText {
    let (symbol, title, tone) = match s {
        Some(Status::Verified) => ("✓", "verified", "ok"),
        Some(Status::Mismatch) => ("✗", "mismatch", "bad"),
        Some(Status::Missing) => ("missing", "missing", "bad"),
        Some(Status::Unverifiable) => ("?", "unverifiable", "unknown"),
        None => ("…", "not checked yet", "pending"),
    };
    MarkText {
        symbol,
        title,
        tone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mark_has_its_own_symbol_and_title() {
        let all = [
            Some(Status::Verified),
            Some(Status::Mismatch),
            Some(Status::Missing),
            Some(Status::Unverifiable),
            None,
        ]
        .map(mark_text);
        assert_eq!(all.map(|m| m.symbol), ["✓", "✗", "missing", "?", "…"]);
        assert_eq!(
            all.map(|m| m.title),
            [
                "verified",
                "mismatch",
                "missing",
                "unverifiable",
                "not checked yet"
            ]
        );
        assert_eq!(
            all.map(|m| m.tone),
            ["ok", "bad", "bad", "unknown", "pending"]
        );
    }

    #[test]
    fn bytes_small_and_units() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(1), "1 B");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1000), "1.00 kB");
        assert_eq!(bytes(1234), "1.23 kB");
        assert_eq!(bytes(1235), "1.24 kB"); // half up
        assert_eq!(bytes(12_345), "12.3 kB");
        assert_eq!(bytes(123_456), "123 kB");
        assert_eq!(bytes(12_345_678), "12.3 MB");
        assert_eq!(bytes(123_000_000), "123 MB");
        assert_eq!(bytes(1_100_000_000), "1.10 GB");
        assert_eq!(bytes(1_000_000_000_000), "1.00 TB");
        assert_eq!(bytes(2_500_000_000_000_000), "2.50 PB");
        assert_eq!(bytes(1_000_000_000_000_000_000), "1.00 EB");
    }

    #[test]
    fn bytes_rounding_carries() {
        assert_eq!(bytes(9_994), "9.99 kB");
        assert_eq!(bytes(9_995), "10.0 kB");
        assert_eq!(bytes(99_949), "99.9 kB");
        assert_eq!(bytes(99_950), "100 kB");
        assert_eq!(bytes(999_499), "999 kB");
        assert_eq!(bytes(999_500), "1.00 MB");
        assert_eq!(bytes(999_999), "1.00 MB");
        assert_eq!(bytes(999_999_999), "1.00 GB");
    }

    #[test]
    fn bytes_max() {
        assert_eq!(bytes(u64::MAX), "18.4 EB");
        assert_eq!(bytes(u64::MAX - 1), "18.4 EB");
    }

    #[test]
    fn rate_values() {
        assert_eq!(rate(123_000_000.0), "123 MB/s");
        assert_eq!(rate(0.0), "0 B/s");
        assert_eq!(rate(0.4), "0 B/s");
        assert_eq!(rate(999.6), "1.00 kB/s");
        assert_eq!(rate(-5.0), "0 B/s");
        assert_eq!(rate(f64::NAN), "0 B/s");
        assert_eq!(rate(f64::INFINITY), "18.4 EB/s");
        assert_eq!(rate(1e30), "18.4 EB/s");
    }

    #[test]
    fn duration_values() {
        assert_eq!(duration(0.0), "0.0 s");
        assert_eq!(duration(0.04), "0.0 s");
        assert_eq!(duration(0.4), "0.4 s");
        assert_eq!(duration(9.94), "9.9 s");
        assert_eq!(duration(9.96), "10 s");
        assert_eq!(duration(12.0), "12 s");
        assert_eq!(duration(59.4), "59 s");
        assert_eq!(duration(59.6), "1 min 00 s");
        assert_eq!(duration(185.0), "3 min 05 s");
        assert_eq!(duration(3599.0), "59 min 59 s");
        assert_eq!(duration(3600.0), "1 h 00 min");
        assert_eq!(duration(3720.0), "1 h 02 min");
        assert_eq!(duration(3779.0), "1 h 02 min");
        assert_eq!(duration(100.0 * 3600.0), "100 h 00 min");
    }

    #[test]
    fn duration_odd_inputs() {
        assert_eq!(duration(-1.0), "0.0 s");
        assert_eq!(duration(f64::NAN), "0.0 s");
        assert_eq!(duration(f64::INFINITY), "∞");
        assert_eq!(duration(f64::NEG_INFINITY), "0.0 s");
        assert_eq!(
            duration(1e300),
            format!("{} h {:02} min", u64::MAX / 3600, (u64::MAX % 3600) / 60)
        );
    }

    #[test]
    fn eta_values() {
        assert_eq!(eta(0, 100, 10.0), None);
        assert_eq!(eta(10, 100, 0.4), None);
        assert_eq!(eta(10, 100, f64::NAN), None);
        assert_eq!(eta(10, 100, f64::INFINITY), None);
        assert_eq!(eta(50, 100, 10.0).as_deref(), Some("10 s"));
        assert_eq!(eta(1, 100, 1.0).as_deref(), Some("1 min 39 s"));
        assert_eq!(eta(100, 100, 3.0).as_deref(), Some("0.0 s"));
        assert_eq!(eta(200, 100, 3.0).as_deref(), Some("0.0 s"));
        assert_eq!(eta(10, 0, 1.0).as_deref(), Some("0.0 s"));
        assert!(eta(1, u64::MAX, 1e9).is_some());
    }

    #[test]
    fn short_digest_values() {
        assert_eq!(
            short_digest("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
            "sha256:0123456789ab"
        );
        assert_eq!(short_digest("sha256:abc"), "sha256:abc");
        assert_eq!(short_digest("sha256:"), "sha256:");
        assert_eq!(short_digest("nocolon"), "nocolon");
        assert_eq!(short_digest(""), "");
        assert_eq!(short_digest("a:b:cdefghijklmnop"), "a:b:cdefghijkl");
        // multi-byte characters are never split
        assert_eq!(short_digest("x:ééééééééééééééé"), "x:éééééééééééé");
    }

    #[test]
    fn mode_values() {
        assert_eq!(mode(Kind::Dir, 0o755), "drwxr-xr-x");
        assert_eq!(mode(Kind::File, 0o644), "-rw-r--r--");
        assert_eq!(mode(Kind::File, 0o4755), "-rwsr-xr-x");
        assert_eq!(mode(Kind::File, 0o4644), "-rwSr--r--");
        assert_eq!(mode(Kind::File, 0o2755), "-rwxr-sr-x");
        assert_eq!(mode(Kind::File, 0o2745), "-rwxr-Sr-x");
        assert_eq!(mode(Kind::Dir, 0o1777), "drwxrwxrwt");
        assert_eq!(mode(Kind::Dir, 0o1776), "drwxrwxrwT");
        assert_eq!(mode(Kind::File, 0o7777), "-rwsrwsrwt");
        assert_eq!(mode(Kind::File, 0o7000), "---S--S--T");
        assert_eq!(mode(Kind::Symlink, 0o777), "lrwxrwxrwx");
        assert_eq!(mode(Kind::Hardlink, 0o644), "-rw-r--r--");
        assert_eq!(mode(Kind::CharDevice, 0o666), "crw-rw-rw-");
        assert_eq!(mode(Kind::BlockDevice, 0o660), "brw-rw----");
        assert_eq!(mode(Kind::Fifo, 0o600), "prw-------");
        assert_eq!(mode(Kind::Other, 0), "?---------");
        assert_eq!(mode(Kind::Whiteout, 0o644), "whiteout");
        assert_eq!(mode(Kind::Opaque, 0), "opaque");
        // file-type bits from a raw st_mode are ignored
        assert_eq!(mode(Kind::File, 0o100_644), "-rw-r--r--");
        assert_eq!(mode(Kind::File, u32::MAX), "-rwsrwsrwt");
    }

    #[test]
    fn mtime_values() {
        assert_eq!(mtime(0), "1970-01-01 00:00");
        assert_eq!(mtime(1_700_000_000), "2023-11-14 22:13");
        assert_eq!(mtime(951_782_400), "2000-02-29 00:00"); // leap day of a 400-year leap year
        assert_eq!(mtime(4_107_542_400), "2100-03-01 00:00"); // 2100 is not a leap year
        assert_eq!(mtime(253_402_300_799), "9999-12-31 23:59");
        assert_eq!(mtime(-1), "1969-12-31 23:59");
        assert_eq!(mtime(-86_400), "1969-12-31 00:00");
        assert_eq!(mtime(-86_401), "1969-12-30 23:59");
        assert_eq!(mtime(-2_208_988_800), "1900-01-01 00:00");
        assert_eq!(mtime(-62_167_219_200), "0000-01-01 00:00");
        assert_eq!(mtime(-62_167_219_201), "-001-12-31 23:59");
    }

    #[test]
    fn mtime_extremes_do_not_panic() {
        assert_eq!(mtime(i64::MAX), "292277026596-12-04 15:30");
        assert_eq!(mtime(i64::MIN), "-292277022657-01-27 08:29");
    }

    #[test]
    fn mtime_matches_day_by_day_walk() {
        // walk 1970-01-01 .. 2100 a day at a time against a simple calendar
        let (mut y, mut m, mut d) = (1970i64, 1i64, 1i64);
        for day in 0..(130 * 366) {
            assert_eq!(
                mtime(day * 86_400 + 3_661),
                format!("{y:04}-{m:02}-{d:02} 01:01")
            );
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let len = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            d += 1;
            if d > len {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }

    #[test]
    fn percent_values() {
        assert_eq!(percent(0, 0), 100.0);
        assert_eq!(percent(5, 0), 100.0);
        assert_eq!(percent(0, 10), 0.0);
        assert_eq!(percent(5, 10), 50.0);
        assert_eq!(percent(10, 10), 100.0);
        assert_eq!(percent(20, 10), 100.0);
        assert_eq!(percent(u64::MAX, u64::MAX), 100.0);
        assert_eq!(percent(1, u64::MAX), 1.0 / u64::MAX as f64 * 100.0);
        let p = percent(u64::MAX / 2, u64::MAX);
        assert!((p - 50.0).abs() < 1e-9);
    }

    #[test]
    fn shares() {
        assert_eq!(share(0.0), "0.0 %");
        assert_eq!(share(1.0), "100.0 %");
        assert_eq!(share(0.8237), "82.4 %");
        assert_eq!(share(0.99996), "> 99.9 %");
        assert_eq!(share(0.00001), "< 0.1 %");
        assert_eq!(share(f64::NAN), "—");
    }
}
