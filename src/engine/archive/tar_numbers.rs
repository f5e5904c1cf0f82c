//! Numeric header fields: octal (as POSIX), GNU base-256, PAX decimal, and
//! the header checksum.

use super::field;

pub(super) fn to_u64(v: i128) -> Option<u64> {
    u64::try_from(v).ok()
}

pub(super) fn pax_or_field(pax: Option<u64>, b: &[u8; 512], off: usize, len: usize) -> Option<u64> {
    pax.or_else(|| parse_numeric(field(b, off, len)).and_then(to_u64))
}

/// The chksum field "shall be the ASCII representation of the octal value of the simple sum
/// of all octets in the header logical record ... the chksum field is treated as if it were
/// all <space> characters". Signed sums (old Sun tar) are accepted too.
pub(super) fn checksum_ok(b: &[u8; 512]) -> bool {
    let Some(stored) = parse_octal(field(b, 148, 8)) else {
        return false;
    };
    let chk = field(b, 148, 8);
    let unsigned: u64 = b.iter().map(|&c| u64::from(c)).sum::<u64>()
        - chk.iter().map(|&c| u64::from(c)).sum::<u64>()
        + 8 * u64::from(b' ');
    let signed: i64 = b.iter().map(|&c| i64::from(c as i8)).sum::<i64>()
        - chk.iter().map(|&c| i64::from(c as i8)).sum::<i64>()
        + 8 * i64::from(b' ');
    stored == unsigned || i64::try_from(stored) == Ok(signed)
}

/// Octal (leading spaces skipped, ended by NUL, space or the field's end, as GNU tar) or GNU
/// base-256: high bit set, bit 0x40 of the first byte = negative (two's complement).
pub(super) fn parse_numeric(f: &[u8]) -> Option<i128> {
    let Some(&first) = f.first().filter(|&&c| c & 0x80 != 0) else {
        return parse_octal(f).map(i128::from);
    };
    let inv = if first & 0x40 != 0 { 0xff } else { 0 };
    let mut acc: u64 = 0;
    for (i, &c) in f.iter().enumerate() {
        let x = if i == 0 { (c ^ inv) & 0x7f } else { c ^ inv };
        if acc >> 56 != 0 {
            return None;
        }
        acc = acc << 8 | u64::from(x);
    }
    match inv {
        0 => Some(i128::from(acc)),
        _ => Some(-i128::from(acc) - 1),
    }
}

fn parse_octal(f: &[u8]) -> Option<u64> {
    let start = f.iter().position(|&c| c != b' ').unwrap_or(f.len());
    let digits = f.get(start..).unwrap_or(&[]);
    let end = digits
        .iter()
        .position(|&c| c == 0 || c == b' ')
        .unwrap_or(digits.len());
    digits.get(..end)?.iter().try_fold(0u64, |acc, &c| match c {
        b'0'..=b'7' => acc.checked_mul(8)?.checked_add(u64::from(c - b'0')),
        _ => None,
    })
}

pub(super) fn parse_dec(v: &[u8]) -> Option<u64> {
    if v.is_empty() {
        return None;
    }
    v.iter().try_fold(0u64, |acc, &c| match c {
        b'0'..=b'9' => acc.checked_mul(10)?.checked_add(u64::from(c - b'0')),
        _ => None,
    })
}
