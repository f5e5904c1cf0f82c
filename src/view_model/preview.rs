//! The preview of one file: what the panel shows for the first bytes the
//! worker streamed. Text up to [`TEXT_MAX`] with its encoding detected
//! (UTF-8, UTF-16 LE/BE by their byte-order mark, else Latin-1 when the bytes
//! look like text); an image by its magic bytes (PNG, JPEG, GIF, WebP, SVG),
//! shown through a `blob:` URL as an `<img>` (SVG too: never inlined into the
//! page, so its scripts never run); otherwise a hex view of the first
//! [`HEX_MAX`] bytes. Pure and tested natively; the component only renders.

/// Most bytes shown as text (and asked of the worker for a preview).
pub const TEXT_MAX: u64 = 1 << 20;

/// Most bytes shown in the hex view.
pub const HEX_MAX: usize = 64 << 10;

/// Bytes per hex row.
pub const HEX_ROW: usize = 16;

/// Largest image shown (the whole file is needed for a `blob:` URL).
pub const IMAGE_MAX: u64 = 32 << 20;

/// A text encoding, as detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (with or without a byte-order mark).
    Utf8,
    /// UTF-16, little-endian (byte-order mark `FF FE`).
    Utf16Le,
    /// UTF-16, big-endian (byte-order mark `FE FF`).
    Utf16Be,
    /// ISO-8859-1: every byte is one character.
    Latin1,
}

impl Encoding {
    /// The name shown.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Latin1 => "Latin-1 (ISO-8859-1)",
        }
    }
}

/// An image format, by magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// `89 50 4E 47 0D 0A 1A 0A`
    Png,
    /// `FF D8 FF`
    Jpeg,
    /// `GIF87a` / `GIF89a`
    Gif,
    /// `RIFF….WEBP`
    Webp,
    /// XML text whose root is `<svg`.
    Svg,
}

impl ImageFormat {
    /// The MIME type of its `blob:` URL.
    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Gif => "image/gif",
            ImageFormat::Webp => "image/webp",
            ImageFormat::Svg => "image/svg+xml",
        }
    }
}

/// One row of the hex view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HexRow {
    /// Offset, eight hex digits.
    pub offset: String,
    /// The bytes in hex, a gap after the eighth.
    pub hex: String,
    /// The bytes as ASCII, `.` for the unprintable.
    pub ascii: String,
}

/// What the panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preview {
    /// An empty file.
    Empty,
    /// Text.
    Text {
        /// As detected.
        encoding: Encoding,
        /// The decoded text (a byte-order mark removed).
        text: String,
        /// The file is longer than what is shown.
        truncated: bool,
    },
    /// An image, to show from a `blob:` URL of the whole file.
    Image {
        /// Its format.
        format: ImageFormat,
        /// Whether the bytes at hand are the whole file (else ask for it,
        /// up to [`IMAGE_MAX`]).
        complete: bool,
    },
    /// Neither: the first bytes in hex.
    Hex {
        /// Rows of [`HEX_ROW`] bytes.
        rows: Vec<HexRow>,
        /// Bytes shown.
        shown: u64,
        /// The file's size.
        size: u64,
    },
}

/// The preview of a file of `size` bytes whose first bytes are `head`.
pub fn preview(head: &[u8], size: u64) -> Preview {
    if size == 0 || head.is_empty() {
        return Preview::Empty;
    }
    let complete = head.len() as u64 >= size;
    if let Some(format) = image_format(head) {
        return Preview::Image { format, complete };
    }
    let cut = head.get(..TEXT_MAX as usize).unwrap_or(head);
    let truncated = (cut.len() as u64) < size;
    match text(cut, truncated) {
        Some((encoding, text)) => Preview::Text {
            encoding,
            text,
            truncated,
        },
        None => {
            let shown = head.get(..HEX_MAX).unwrap_or(head);
            Preview::Hex {
                rows: hex_rows(shown),
                shown: shown.len() as u64,
                size,
            }
        }
    }
}

/// The image format `head` starts with, if any.
pub fn image_format(head: &[u8]) -> Option<ImageFormat> {
    match head {
        [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, ..] => Some(ImageFormat::Png),
        [0xff, 0xd8, 0xff, ..] => Some(ImageFormat::Jpeg),
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some(ImageFormat::Gif),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(ImageFormat::Webp),
        _ if is_svg(head) => Some(ImageFormat::Svg),
        _ => None,
    }
}

/// XML whose first element is `<svg`: after an optional byte-order mark,
/// white space, an `<?xml …?>` declaration, comments and a doctype.
fn is_svg(head: &[u8]) -> bool {
    let start = head.get(..4096).unwrap_or(head);
    let Some(s) = utf8(start, true) else {
        return false;
    };
    let mut rest = s.trim_start_matches('\u{feff}').trim_start();
    loop {
        if rest.starts_with("<svg") {
            return rest
                .get(4..5)
                .is_some_and(|c| c.starts_with(|ch: char| ch.is_whitespace() || ch == '>'));
        }
        let close = if rest.starts_with("<?") {
            "?>"
        } else if rest.starts_with("<!--") {
            "-->"
        } else if rest.starts_with("<!") {
            ">"
        } else {
            return false;
        };
        match rest.find(close) {
            Some(i) => rest = rest.get(i + close.len()..).unwrap_or("").trim_start(),
            None => return false,
        }
    }
}

/// Decodes `bytes` as text when they are text; `cut` says the file goes on
/// (a UTF-8 sequence or UTF-16 unit split at the end is then not an error).
fn text(bytes: &[u8], cut: bool) -> Option<(Encoding, String)> {
    match bytes {
        [0xef, 0xbb, 0xbf, rest @ ..] => utf8(rest, cut).map(|t| (Encoding::Utf8, t)),
        [0xff, 0xfe, rest @ ..] => Some((Encoding::Utf16Le, utf16(rest, u16::from_le_bytes))),
        [0xfe, 0xff, rest @ ..] => Some((Encoding::Utf16Be, utf16(rest, u16::from_be_bytes))),
        _ if looks_binary(bytes) => None,
        _ => utf8(bytes, cut).map(|t| (Encoding::Utf8, t)).or_else(|| {
            Some((
                Encoding::Latin1,
                bytes.iter().map(|&b| char::from(b)).collect(),
            ))
        }),
    }
}

/// Valid UTF-8 (a sequence cut at the end of a truncated head is dropped).
fn utf8(bytes: &[u8], cut: bool) -> Option<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_string()),
        Err(e) if cut && e.error_len().is_none() => {
            let valid = bytes.get(..e.valid_up_to())?;
            std::str::from_utf8(valid).ok().map(str::to_string)
        }
        Err(_) => None,
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| {
        unit([
            c.first().copied().unwrap_or(0),
            c.get(1).copied().unwrap_or(0),
        ])
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// A NUL byte, or more than one in twenty bytes a control character other
/// than tab, line feed, carriage return, form feed and escape: binary.
fn looks_binary(bytes: &[u8]) -> bool {
    let controls = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b) || b == 0x7f)
        .count();
    bytes.contains(&0) || controls * 20 > bytes.len()
}

/// The hex view of `bytes`.
pub fn hex_rows(bytes: &[u8]) -> Vec<HexRow> {
    bytes
        .chunks(HEX_ROW)
        .enumerate()
        .map(|(i, row)| {
            let hex: Vec<String> = row.iter().map(|b| format!("{b:02x}")).collect();
            let (left, right) = hex.split_at(hex.len().min(8));
            let mut hex = left.join(" ");
            if !right.is_empty() {
                hex.push_str("  ");
                hex.push_str(&right.join(" "));
            }
            HexRow {
                offset: format!("{:08x}", i * HEX_ROW),
                hex,
                ascii: row
                    .iter()
                    .map(|&b| {
                        if b.is_ascii_graphic() || b == b' ' {
                            char::from(b)
                        } else {
                            '.'
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

/// How many bytes to ask the worker for, for a preview of a file of `size`
/// bytes: the head; an image asks again for the whole file ([`Preview::Image`]).
pub fn wanted(size: u64) -> u64 {
    size.min(TEXT_MAX)
}

#[cfg(test)]
mod tests;
