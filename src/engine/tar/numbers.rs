//! Numeric header fields: octal (as POSIX), GNU base-256 and PAX decimal.

/// A parsed field as an unsigned value; None when negative or too large.
pub(super) fn to_u64(v: i128) -> Option<u64> {
    u64::try_from(v).ok()
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

/// An octal field; None on a non-octal digit or overflow.
pub(super) fn parse_octal(f: &[u8]) -> Option<u64> {
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

/// A PAX decimal value; None when empty, non-decimal or over `u64`.
pub(super) fn parse_dec(v: &[u8]) -> Option<u64> {
    if v.is_empty() {
        return None;
    }
    v.iter().try_fold(0u64, |acc, &c| match c {
        b'0'..=b'9' => acc.checked_mul(10)?.checked_add(u64::from(c - b'0')),
        _ => None,
    })
}
