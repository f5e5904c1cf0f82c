use super::*;

fn text_of(p: &Preview) -> (Encoding, &str, bool) {
    match p {
        Preview::Text {
            encoding,
            text,
            truncated,
        } => (*encoding, text.as_str(), *truncated),
        other => panic!("not text: {other:?}"),
    }
}

#[test]
fn text_encodings_are_detected() {
    let p = preview("héllo wörld\n".as_bytes(), 14);
    assert_eq!(text_of(&p), (Encoding::Utf8, "héllo wörld\n", false));
    let p = preview(b"\xef\xbb\xbfbom", 6);
    assert_eq!(text_of(&p), (Encoding::Utf8, "bom", false));
    let le: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("añ€".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(
        text_of(&preview(&le, le.len() as u64)),
        (Encoding::Utf16Le, "añ€", false)
    );
    let be: Vec<u8> = [0xfe, 0xff]
        .into_iter()
        .chain("añ€".encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    assert_eq!(
        text_of(&preview(&be, be.len() as u64)),
        (Encoding::Utf16Be, "añ€", false)
    );
    // not UTF-8, but text: Latin-1, one character per byte
    let p = preview(b"caf\xe9 cr\xe8me\n", 11);
    assert_eq!(text_of(&p), (Encoding::Latin1, "café crème\n", false));
}

#[test]
fn a_long_text_shows_its_first_mib_and_a_cut_character_is_dropped() {
    let mut big = "é".repeat(600_000).into_bytes(); // 1.2 MB of two-byte characters
    big.truncate(TEXT_MAX as usize + 1); // the head ends inside a character
    let p = preview(&big, 5_000_000);
    let (enc, text, truncated) = text_of(&p);
    assert_eq!((enc, truncated), (Encoding::Utf8, true));
    assert_eq!(text.len(), TEXT_MAX as usize);
    assert_eq!(wanted(5_000_000), TEXT_MAX);
    assert_eq!(wanted(10), 10);
}

#[test]
fn binary_gets_a_hex_view_of_the_first_64_kib() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let Preview::Hex { rows, shown, size } = preview(&bytes, 200_000) else {
        panic!()
    };
    assert_eq!((shown, size, rows.len()), (65_536, 200_000, 4096));
    assert_eq!(
        rows[4],
        HexRow {
            offset: "00000040".into(),
            hex: "40 41 42 43 44 45 46 47  48 49 4a 4b 4c 4d 4e 4f".into(),
            ascii: "@ABCDEFGHIJKLMNO".into(),
        }
    );
    assert_eq!(rows[0].ascii, "................");
    let short = hex_rows(b"\x7fELF\x02");
    assert_eq!(
        (short[0].hex.as_str(), short[0].ascii.as_str()),
        ("7f 45 4c 46 02", ".ELF.")
    );
    // mostly text but with control bytes: binary
    assert!(matches!(
        preview(b"ab\x01\x02\x03\x04cd", 8),
        Preview::Hex { .. }
    ));
}

#[test]
fn images_by_magic_bytes_svg_as_an_image() {
    let cases: [(&[u8], ImageFormat); 6] = [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", ImageFormat::Png),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", ImageFormat::Jpeg),
        (b"GIF89a\x01\0\x01\0", ImageFormat::Gif),
        (b"RIFF\x24\0\0\0WEBPVP8 ", ImageFormat::Webp),
        (
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            ImageFormat::Svg,
        ),
        (
            b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE svg>\n<svg>",
            ImageFormat::Svg,
        ),
    ];
    for (bytes, format) in cases {
        assert_eq!(
            preview(bytes, bytes.len() as u64),
            Preview::Image {
                format,
                complete: true
            },
            "{format:?}"
        );
    }
    assert_eq!(ImageFormat::Svg.mime(), "image/svg+xml");
    assert_eq!(
        preview(b"\x89PNG\r\n\x1a\n", 1000),
        Preview::Image {
            format: ImageFormat::Png,
            complete: false
        }
    );
    // XML that is not SVG, and a word that starts like it, are text
    assert!(matches!(
        preview(b"<?xml version=\"1.0\"?><html/>", 28),
        Preview::Text { .. }
    ));
    assert!(matches!(preview(b"<svgfoo>", 8), Preview::Text { .. }));
    assert_eq!(preview(b"", 0), Preview::Empty);
}
