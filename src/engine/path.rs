//! Canonical paths inside a layer: relative to the image root, no `.`,
//! no empty components, `..` resolved lexically and clamped at the root.
//!
//! > Paths … MUST be relative to the root of the filesystem … `..` MUST NOT
//! > escape it (image-spec `layer.md`; containerd `TestBreakouts`).

/// A cleaned entry name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanPath {
    /// Canonical path, `""` for the root.
    pub path: String,
    /// The name had a `..` component.
    pub dotdot: bool,
    /// A `..` would have climbed above the root.
    pub escapes: bool,
    /// The name started with `/`.
    pub absolute: bool,
}

/// Cleans `raw` relative to the root.
pub fn clean(raw: &str) -> CleanPath {
    clean_from(&[], raw)
}

/// Cleans `raw` relative to the directory `base` (components).
pub fn clean_from(base: &[&str], raw: &str) -> CleanPath {
    let absolute = raw.starts_with('/');
    let mut parts: Vec<&str> = if absolute { Vec::new() } else { base.to_vec() };
    let mut dotdot = false;
    let mut escapes = false;
    for c in raw.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                dotdot = true;
                if parts.pop().is_none() {
                    escapes = true;
                }
            }
            other => parts.push(other),
        }
    }
    CleanPath {
        path: parts.join("/"),
        dotdot,
        escapes,
        absolute,
    }
}

/// The parent directory of a canonical path (`""` for top-level names).
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(p, _)| p)
}

/// The last component of a canonical path.
pub fn base_name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, b)| b)
}

/// Whether `path` lies under directory `dir` (not equal).
pub fn is_under(path: &str, dir: &str) -> bool {
    dir.is_empty() && !path.is_empty()
        || path.len() > dir.len()
            && path.starts_with(dir)
            && path.as_bytes().get(dir.len()) == Some(&b'/')
}

/// Whether a name holds bidi controls or zero-width characters.
pub fn is_confusable(name: &str) -> bool {
    name.chars().any(|c| {
        matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning() {
        assert_eq!(clean("./a//b/./c").path, "a/b/c");
        assert!(clean("/etc/passwd").absolute);
        let c = clean("../../etc/passwd");
        assert_eq!(
            (c.path.as_str(), c.dotdot, c.escapes),
            ("etc/passwd", true, true)
        );
        let d = clean("a/../b");
        assert_eq!((d.path.as_str(), d.dotdot, d.escapes), ("b", true, false));
        assert_eq!(clean("./").path, "");
        assert!(clean_from(&["usr", "bin"], "../../../x").escapes);
        assert!(!clean_from(&["usr", "bin"], "../lib/x").escapes);
        assert!(is_under("a/b", "a") && !is_under("ab", "a") && is_under("x", ""));
        assert!(is_confusable("evil\u{202E}txt.sh") && !is_confusable("plain"));
    }
}
