//! Recognising a blob from its first bytes (formats.md section 3).

use super::Compression;

/// How many leading bytes [`sniff`] and [`describe`] look at.
pub const SNIFF_LEN: usize = 512;

/// What the first bytes of a blob say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A compressed stream.
    Compressed(Compression),
    /// An uncompressed tar archive.
    Tar,
    /// No bytes at all.
    Empty,
    /// None of the above; see [`describe`].
    Unknown,
}

/// Identifies a blob from its first bytes (up to [`SNIFF_LEN`] are looked at).
///
/// | Bytes | Result |
/// |---|---|
/// | `1F 8B 08` | gzip (deflate) |
/// | `28 B5 2F FD` | zstd frame |
/// | `50..=5F 2A 4D 18` | zstd skippable frame (zstd:chunked starts with frames, but any may come first) |
/// | `FD 37 7A 58 5A 00` | xz |
/// | `BZh` + `1`..`9` | bzip2 |
/// | `ustar` at offset 257 | tar (POSIX ustar, GNU) |
/// | a 512-byte header whose checksum is valid | tar (v7) |
/// | a 512-byte block of zeros | tar (the end-of-archive marker: an empty archive) |
///
/// A tar header needs the full 512 bytes (`ustar` needs 262); pass at least that much.
pub fn sniff(prefix: &[u8]) -> Sniffed {
    let prefix = prefix.get(..SNIFF_LEN).unwrap_or(prefix);
    if prefix.is_empty() {
        return Sniffed::Empty;
    }
    if let Some(c) = compression(prefix) {
        return Sniffed::Compressed(c);
    }
    if is_tar(prefix) {
        return Sniffed::Tar;
    }
    Sniffed::Unknown
}

fn compression(p: &[u8]) -> Option<Compression> {
    if p.starts_with(&[0x1F, 0x8B, 0x08]) {
        return Some(Compression::Gzip);
    }
    if p.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        return Some(Compression::Zstd);
    }
    if p.first().is_some_and(|b| b & 0xF0 == 0x50) && p.get(1..4) == Some(&[0x2A, 0x4D, 0x18][..]) {
        return Some(Compression::Zstd);
    }
    if p.starts_with(&[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) {
        return Some(Compression::Xz);
    }
    if p.starts_with(b"BZh") && p.get(3).is_some_and(|b| (b'1'..=b'9').contains(b)) {
        return Some(Compression::Bzip2);
    }
    None
}

/// `ustar` magic at 257 (POSIX.1-1988 and GNU), or a v7 header with a valid checksum, or
/// an all-zero first block.
fn is_tar(p: &[u8]) -> bool {
    if p.get(257..262) == Some(&b"ustar"[..]) {
        return true;
    }
    let Some(block) = p.get(..512) else {
        return false;
    };
    if block.iter().all(|&b| b == 0) {
        return true;
    }
    header_checksum_ok(block)
}

/// The header checksum (offset 148, 8 bytes of octal): the sum of all 512 bytes with the
/// checksum field counted as spaces. Some old tars summed signed bytes; accept both.
fn header_checksum_ok(block: &[u8]) -> bool {
    let Some(stored) = block.get(148..156).and_then(parse_octal) else {
        return false;
    };
    let (mut unsigned, mut signed) = (0u64, 0i64);
    for (i, &b) in block.iter().enumerate() {
        let b = if (148..156).contains(&i) { b' ' } else { b };
        unsigned += u64::from(b);
        signed += i64::from(b as i8);
    }
    stored == unsigned || i64::try_from(stored).is_ok_and(|s| s == signed)
}

/// An octal number padded with leading spaces or NULs, ended by a NUL or a space.
fn parse_octal(field: &[u8]) -> Option<u64> {
    let mut digits = field
        .iter()
        .skip_while(|&&b| b == b' ' || b == 0)
        .take_while(|&&b| b != b' ' && b != 0)
        .peekable();
    digits.peek()?;
    digits.try_fold(0u64, |n, &b| {
        if (b'0'..=b'7').contains(&b) {
            n.checked_mul(8)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

/// A short phrase for what `prefix` looks like, for "this is not an image" messages:
/// "empty", "gzip-compressed data", "a tar archive", "a zip archive", "an ELF binary",
/// "JSON", "HTML", "a PNG image", "a PDF document", "text" or "binary data".
pub fn describe(prefix: &[u8]) -> &'static str {
    let prefix = prefix.get(..SNIFF_LEN).unwrap_or(prefix);
    match sniff(prefix) {
        Sniffed::Empty => return "empty",
        Sniffed::Tar => return "a tar archive",
        Sniffed::Compressed(Compression::Gzip) => return "gzip-compressed data",
        Sniffed::Compressed(Compression::Zstd) => return "zstd-compressed data",
        Sniffed::Compressed(Compression::Xz) => return "xz-compressed data",
        Sniffed::Compressed(Compression::Bzip2) => return "bzip2-compressed data",
        Sniffed::Compressed(Compression::None) | Sniffed::Unknown => {}
    }
    if prefix.starts_with(b"PK\x03\x04") || prefix.starts_with(b"PK\x05\x06") {
        return "a zip archive";
    }
    if prefix.starts_with(b"\x7FELF") {
        return "an ELF binary";
    }
    if prefix.starts_with(b"\x89PNG\r\n\x1A\n") {
        return "a PNG image";
    }
    if prefix.starts_with(b"%PDF-") {
        return "a PDF document";
    }
    let text = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let body = text.get(start..).unwrap_or(&[]);
    if matches!(body.first(), Some(b'{' | b'[')) {
        return "JSON";
    }
    if starts_with_ignore_case(body, b"<!doctype html") || starts_with_ignore_case(body, b"<html") {
        return "HTML";
    }
    if is_text(text) {
        return "text";
    }
    "binary data"
}

fn starts_with_ignore_case(s: &[u8], prefix: &[u8]) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// UTF-8 (a sequence cut at the end of the prefix is fine) without control characters
/// other than tab, newline, carriage return and form feed.
fn is_text(p: &[u8]) -> bool {
    let valid = match std::str::from_utf8(p) {
        Ok(s) => s,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(p.get(..e.valid_up_to()).unwrap_or(&[])).unwrap_or("")
        }
        Err(_) => return false,
    };
    !valid
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v7_header(name: &str) -> Vec<u8> {
        let mut h = vec![0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..108].copy_from_slice(b"0000644\0");
        h[124..136].copy_from_slice(b"00000000005\0");
        h[156] = b'0';
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        h
    }

    #[test]
    fn every_magic() {
        let cases: [(&[u8], Sniffed); 10] = [
            (
                &[0x1F, 0x8B, 0x08, 0, 0],
                Sniffed::Compressed(Compression::Gzip),
            ),
            (
                &[0x28, 0xB5, 0x2F, 0xFD, 0x04],
                Sniffed::Compressed(Compression::Zstd),
            ),
            (
                &[0x50, 0x2A, 0x4D, 0x18, 4, 0],
                Sniffed::Compressed(Compression::Zstd),
            ),
            (
                &[0x5F, 0x2A, 0x4D, 0x18],
                Sniffed::Compressed(Compression::Zstd),
            ),
            (
                &[0xFD, b'7', b'z', b'X', b'Z', 0, 0],
                Sniffed::Compressed(Compression::Xz),
            ),
            (b"BZh91AY&SY", Sniffed::Compressed(Compression::Bzip2)),
            (b"BZh1", Sniffed::Compressed(Compression::Bzip2)),
            (b"BZh0", Sniffed::Unknown),
            (&[0x1F, 0x8B, 0x07], Sniffed::Unknown),
            (&[], Sniffed::Empty),
        ];
        for (bytes, want) in cases {
            assert_eq!(sniff(bytes), want, "{bytes:02X?}");
        }
        assert_eq!(sniff(&[0x60, 0x2A, 0x4D, 0x18]), Sniffed::Unknown);
        assert_eq!(sniff(&[0x28, 0xB5, 0x2F]), Sniffed::Unknown);
    }

    #[test]
    fn tar_by_ustar_magic_checksum_or_zero_block() {
        let mut ustar = vec![0u8; 300];
        ustar[257..263].copy_from_slice(b"ustar\0");
        assert_eq!(sniff(&ustar), Sniffed::Tar);
        let mut gnu = v7_header("etc/passwd");
        gnu[257..265].copy_from_slice(b"ustar  \0");
        assert_eq!(sniff(&gnu), Sniffed::Tar);

        let v7 = v7_header("etc/passwd");
        assert_eq!(sniff(&v7), Sniffed::Tar);
        let mut longer = v7.clone();
        longer.extend_from_slice(b"hello");
        assert_eq!(sniff(&longer), Sniffed::Tar, "only 512 bytes are looked at");
        let mut bad = v7.clone();
        bad[0] ^= 1;
        assert_eq!(sniff(&bad), Sniffed::Unknown, "checksum no longer matches");
        assert_eq!(
            sniff(&v7[..511]),
            Sniffed::Unknown,
            "a v7 header needs 512 bytes"
        );
        assert_eq!(sniff(&[0u8; 512]), Sniffed::Tar);
        assert_eq!(sniff(&[0u8; 100]), Sniffed::Unknown);
    }

    #[test]
    fn octal_fields() {
        assert_eq!(parse_octal(b"0001750\0"), Some(0o1750));
        assert_eq!(parse_octal(b"  1750 \0"), Some(0o1750));
        assert_eq!(parse_octal(b"\0\0\0\0\0\0\0\0"), None);
        assert_eq!(parse_octal(b"00019\0  "), None);
    }

    #[test]
    fn descriptions() {
        let cases: [(&[u8], &str); 17] = [
            (b"", "empty"),
            (b"PK\x03\x04\x14\0", "a zip archive"),
            (b"\x7FELF\x02\x01\x01", "an ELF binary"),
            (b"  \n{\"schemaVersion\": 2}", "JSON"),
            (b"[{\"Config\":", "JSON"),
            (b"\xEF\xBB\xBF{}", "JSON"),
            (b"<!DOCTYPE html><html>", "HTML"),
            (b"\n  <html lang=en>", "HTML"),
            (b"\x89PNG\r\n\x1A\n\0\0", "a PNG image"),
            (b"%PDF-1.7", "a PDF document"),
            (b"hello, world\nsecond line\t\r\n", "text"),
            ("caf\u{e9} na\u{ef}ve".as_bytes(), "text"),
            (b"caf\xC3", "text"),
            (b"\0\x01\x02\x03binary", "binary data"),
            (b"\xFF\xFE\xFD", "binary data"),
            (&[0x1F, 0x8B, 0x08], "gzip-compressed data"),
            (&[0x28, 0xB5, 0x2F, 0xFD], "zstd-compressed data"),
        ];
        for (bytes, want) in cases {
            assert_eq!(describe(bytes), want, "{bytes:02X?}");
        }
        assert_eq!(describe(&v7_header("a")), "a tar archive");
    }
}
