//! Safe links and truncation for untrusted strings (annotations, labels,
//! foreign-layer URLs, history): only a plain absolute `http`/`https` URL
//! with a host may ever become an `<a href>` (reliability plan §6).
//!
//! The URL is checked by hand, conservatively: anything a browser might read
//! differently from this parser (backslashes, whitespace, control and
//! invisible formatting characters, credentials, percent-encoded hosts) is
//! refused rather than interpreted.

/// Longest URL, in bytes, that is turned into a link.
pub const MAX_HREF_LEN: usize = 8192;

/// Invisible formatting characters (Unicode category Cf, bidi controls,
/// zero-width characters, BOM): they make a URL display differently from
/// what it opens.
fn is_format_char(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Characters never accepted anywhere in a link.
fn is_forbidden(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || is_format_char(c)
        // browsers read `\` as `/` in http(s) URLs; quotes and angle brackets
        // are never needed unencoded
        || matches!(c, '\\' | '"' | '<' | '>' | '`')
}

/// Whether `host` (without port) is an acceptable host: a bracketed IPv6
/// literal, or a name/IPv4 address of letters, digits, `-`, `.` and `_`
/// (non-ASCII letters and digits allowed for internationalised names) with
/// at least one letter or digit.
fn valid_host(host: &str) -> bool {
    if let Some(inner) = host.strip_prefix('[') {
        let Some(inner) = inner.strip_suffix(']') else {
            return false;
        };
        return inner.contains(':')
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    }
    !host.is_empty()
        && host.chars().any(char::is_alphanumeric)
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))
}

/// Whether `port` (the text after `:`) is a decimal port 0–65535.
fn valid_port(port: &str) -> bool {
    !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| p <= 65_535)
}

/// `Some(url)` only if `s` (trimmed) is an absolute `http` or `https` URL with
/// a non-empty host: `scheme://host[:port][/path][?query][#fragment]`.
///
/// Refused (`None`): any other scheme (`javascript:`, `data:`, `vbscript:`,
/// `file:`, entity or percent tricks such as `&#x6a;avascript:`),
/// scheme-relative and relative URLs (`//evil`), a missing `//` (`http:/x`),
/// an empty or malformed host (`https://`, `https://:80`), credentials
/// (`user:pass@`, any `@` before the path), a port that is not 0–65535, and
/// any whitespace, control character, invisible formatting character
/// (bidi overrides, zero-width characters), backslash, `"`, `<`, `>` or `` ` ``
/// inside, and URLs longer than [`MAX_HREF_LEN`] bytes.
///
/// The returned URL has its scheme in lower case and is otherwise `s`
/// trimmed, unchanged.
pub fn safe_href(s: &str) -> Option<String> {
    let s = s.trim();
    if s.len() > MAX_HREF_LEN || s.chars().any(is_forbidden) {
        return None;
    }
    let (scheme, rest) = s.split_once(':')?;
    let scheme = if scheme.eq_ignore_ascii_case("http") {
        "http"
    } else if scheme.eq_ignore_ascii_case("https") {
        "https"
    } else {
        return None;
    };
    let after = rest.strip_prefix("//")?;
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = after.get(..end)?;
    if authority.contains('@') {
        return None;
    }
    let host = match authority.rfind(':') {
        // a colon inside an IPv6 literal is not a port separator
        Some(i) if !authority.get(i..)?.contains(']') => {
            if !valid_port(authority.get(i + 1..)?) {
                return None;
            }
            authority.get(..i)?
        }
        _ => authority,
    };
    if !valid_host(host) {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    out.push_str(scheme);
    out.push(':');
    out.push_str(rest);
    Some(out)
}

/// Truncates `s` to its first `max` characters (Unicode scalar values, never
/// splitting one) and appends `"…"` when anything was cut. Returns the text
/// to show and whether it was truncated; a string of at most `max`
/// characters is returned whole.
pub fn truncate(s: &str, max: usize) -> (String, bool) {
    match s.char_indices().nth(max) {
        Some((cut, _)) => {
            let mut out = String::with_capacity(cut + '…'.len_utf8());
            out.push_str(s.get(..cut).unwrap_or_default());
            out.push('…');
            (out, true)
        }
        None => (s.to_string(), false),
    }
}

/// A page of ocilens's own documentation (`docs/`).
///
/// The convention for linking to it: the page ships these files
/// (`index.html` copies each into `dist/docs/`), and links to them by a
/// relative URL from [`doc_href`], so the link is same-origin, works under
/// any sub-path of a static host and offline, and is never built from a
/// string of the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doc {
    /// `docs/efficiency.md`: the waste model.
    Efficiency,
}

impl Doc {
    /// Every doc the page links to.
    pub const ALL: &'static [Doc] = &[Doc::Efficiency];

    /// The file name under `docs/`.
    pub fn file(self) -> &'static str {
        match self {
            Doc::Efficiency => "efficiency.md",
        }
    }
}

/// The relative URL of `doc`, at `anchor` (a GitHub-style heading anchor,
/// lower case, spaces as `-`) when given.
pub fn doc_href(doc: Doc, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) => format!("docs/{}#{a}", doc.file()),
        None => format!("docs/{}", doc.file()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile payloads (reliability plan §6): none may become a link.
    const HOSTILE: &[&str] = &[
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "  javascript:alert(1)  ",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java\rscript:alert(1)",
        "\u{0}javascript:alert(1)",
        "java\u{0}script:alert(1)",
        "&#x6a;avascript:alert(1)",
        "&#106;avascript:alert(1)",
        "javascript&#58;alert(1)",
        "%6aavascript:alert(1)",
        "javascript://example.com/%0aalert(1)",
        "javascript:http://example.com",
        "jav&#x09;ascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,x",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "file:///etc/passwd",
        "file://host/share",
        "//evil.example",
        "//evil.example/path",
        "\\\\evil.example",
        "/relative/path",
        "relative/path",
        "example.com",
        "www.example.com/x",
        "http:/x",
        "http:x",
        "https:",
        "https:/",
        "https://",
        "https:///path",
        "https://?q",
        "https://#f",
        "https://user:pass@example.com/",
        "https://user@example.com/",
        "https://@example.com/",
        "https://good.example@evil.example/",
        "https://good.example\\@evil.example/",
        "https://evil.example\\good.example",
        "http:\\\\evil.example",
        "https://exa mple.com/",
        "https://example.com/a b",
        "https://example.com/\tx",
        "https://exa\tmple.com/",
        "https://exa\nmple.com/",
        "https://example.com/\u{0}",
        "https://example.com/\u{1b}[31m",
        "https://example.com/\u{202e}gpj.exe",
        "https://exam\u{200d}ple.com/",
        "https://example.com/\u{200b}",
        "\u{feff}https://example.com/\u{feff}x",
        "https://example.com/\"onmouseover=\"alert(1)",
        "https://example.com/<script>",
        "https://example.com/`x`",
        "https://%65vil.example/",
        "https://[::1/",
        "https://[]/",
        "https://[::1]x/",
        "https://[zz::1]/",
        "https://example.com:99999/",
        "https://example.com:/",
        "https://example.com:-1/",
        "https://example.com:8o/",
        "https://:80/",
        "https://./",
        "https://../",
        "https://-/",
        "ftp://example.com/",
        "ws://example.com/",
        "blob:https://example.com/uuid",
        "about:blank",
        "httpx://example.com/",
        "xhttp://example.com/",
        "http",
        "",
        "   ",
        ":",
        "://example.com",
    ];

    #[test]
    fn hostile_payloads_are_refused() {
        assert!(HOSTILE.len() >= 30);
        for p in HOSTILE {
            assert_eq!(safe_href(p), None, "accepted {p:?}");
        }
    }

    #[test]
    fn huge_and_odd_strings_are_refused() {
        let long = format!("https://example.com/{}", "a".repeat(1 << 20));
        assert_eq!(safe_href(&long), None);
        let combining = format!("https://example.com/{}", "\u{301}".repeat(10_000));
        assert_eq!(safe_href(&combining), None); // longer than MAX_HREF_LEN
        let lossy = String::from_utf8_lossy(b"https://example.com/\xff\xfe").into_owned();
        // U+FFFD is a visible replacement character, not forbidden
        assert_eq!(safe_href(&lossy).as_deref(), Some(lossy.as_str()));
        let edge = format!("https://e.com/{}", "a".repeat(MAX_HREF_LEN - 14));
        assert_eq!(edge.len(), MAX_HREF_LEN);
        assert!(safe_href(&edge).is_some());
        assert_eq!(safe_href(&format!("{edge}a")), None);
    }

    #[test]
    fn good_urls_are_accepted() {
        let good = [
            "http://example.com",
            "https://example.com",
            "https://example.com/",
            "https://example.com:8443/path/to?x=1&y=2#frag",
            "https://example.com?q",
            "https://example.com#top",
            "http://127.0.0.1:5000/v2/",
            "https://[::1]:8080/x",
            "https://[::1]",
            "https://[2001:db8::1]/path",
            "https://[::ffff:192.0.2.1]:443/",
            "https://registry-1.docker.io/v2/library/alpine/manifests/latest",
            "https://github.com/opencontainers/image-spec/blob/main/annotations.md",
            "https://my_host.internal:0/",
            "https://example.com:65535/",
            "https://例え.jp/パス",
            "https://example.com/a%20b?c=%3Cd%3E",
            "https://example.com/@user",
            "https://example.com/path:with:colons",
            "https://example.com/it's",
        ];
        for g in good {
            assert_eq!(safe_href(g).as_deref(), Some(g), "refused {g:?}");
        }
    }

    #[test]
    fn scheme_is_lowercased_and_outer_whitespace_trimmed() {
        assert_eq!(
            safe_href("HTTPS://Example.com/A").as_deref(),
            Some("https://Example.com/A")
        );
        assert_eq!(safe_href("HtTp://x.y").as_deref(), Some("http://x.y"));
        assert_eq!(
            safe_href("  https://x.y/z \n").as_deref(),
            Some("https://x.y/z")
        );
        assert_eq!(
            safe_href("\thttps://x.y/z\t").as_deref(),
            Some("https://x.y/z")
        );
    }

    #[test]
    fn every_accepted_href_has_http_scheme_and_host() {
        // the `safe_link` property over every test input and some mutations
        let mut inputs: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
        for base in ["https://a.b/c", "http://[::1]:1/", "HTTP://x:1?y#z"] {
            for i in 0..=base.len() {
                for ins in ["@", ":", "/", "\\", " ", "[", "]", "\u{0}", "%", "#"] {
                    if let (Some(a), Some(b)) = (base.get(..i), base.get(i..)) {
                        inputs.push(format!("{a}{ins}{b}"));
                    }
                }
            }
        }
        for s in &inputs {
            if let Some(h) = safe_href(s) {
                assert!(
                    h.starts_with("http://") || h.starts_with("https://"),
                    "{h:?}"
                );
                let after = h.split_once("//").map(|(_, a)| a).unwrap_or_default();
                let auth = after.split(['/', '?', '#']).next().unwrap_or_default();
                assert!(!auth.is_empty() && !auth.contains('@'), "{h:?}");
                assert!(
                    !h.chars()
                        .any(|c| c.is_whitespace() || c.is_control() || c == '\\'),
                    "{h:?}"
                );
            }
        }
    }

    #[test]
    fn truncate_by_chars() {
        assert_eq!(truncate("hello", 10), ("hello".to_string(), false));
        assert_eq!(truncate("hello", 5), ("hello".to_string(), false));
        assert_eq!(truncate("hello", 4), ("hell…".to_string(), true));
        assert_eq!(truncate("hello", 0), ("…".to_string(), true));
        assert_eq!(truncate("", 0), (String::new(), false));
        assert_eq!(truncate("héllo wörld", 7), ("héllo w…".to_string(), true));
        assert_eq!(truncate("日本語テキスト", 3), ("日本語…".to_string(), true));
        assert_eq!(truncate("a😀b", 2), ("a😀…".to_string(), true));
    }

    #[test]
    fn truncate_large_inputs() {
        let big = "x".repeat(1 << 20);
        let (shown, cut) = truncate(&big, 200);
        assert!(cut);
        assert_eq!(shown.chars().count(), 201);
        let marks = format!("e{}", "\u{301}".repeat(10_000));
        let (shown, cut) = truncate(&marks, 100);
        assert!(cut);
        assert_eq!(shown.chars().count(), 101);
        assert_eq!(truncate(&marks, usize::MAX), (marks.clone(), false));
    }

    /// Every doc linked from the page exists and is shipped with it.
    #[test]
    fn docs_are_shipped() {
        let root = env!("CARGO_MANIFEST_DIR");
        let index = std::fs::read_to_string(format!("{root}/index.html")).unwrap_or_default();
        for &doc in Doc::ALL {
            let file = doc.file();
            assert!(
                std::path::Path::new(&format!("{root}/docs/{file}")).is_file(),
                "docs/{file} is missing"
            );
            let copy = format!(
                r#"<link data-trunk rel="copy-file" href="docs/{file}" data-target-path="docs" />"#
            );
            assert!(
                index.contains(&copy),
                "index.html does not ship docs/{file}"
            );
            assert_eq!(doc_href(doc, None), format!("docs/{file}"));
            assert_eq!(
                doc_href(doc, Some("the-model")),
                format!("docs/{file}#the-model")
            );
            assert_eq!(
                safe_href(&doc_href(doc, None)),
                None,
                "relative, not external"
            );
        }
    }
}
