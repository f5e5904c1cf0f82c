//! The efficiency part of the `inspect` summary: where an image's bytes go
//! (docs/efficiency.md) and its 10 largest wasted copies.

use ocilens::engine::report::{Efficiency, WasteKind};
use ocilens::view_model::format;
use std::io::{self, Write};

/// How many wasted copies the summary lists.
pub const LISTED: usize = 10;

/// `path` with control characters escaped (a path from the image must not
/// drive the terminal).
fn shown(path: &str) -> String {
    path.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The end of a layer's line: ` wasted N` when it wastes any bytes.
pub fn wasted(bytes: Option<u64>) -> String {
    match bytes {
        Some(w) if w > 0 => format!(" wasted {}", format::bytes(w)),
        _ => String::new(),
    }
}

/// Writes the efficiency lines of one image (none for an artifact).
pub fn print(e: Option<&Efficiency>, out: &mut impl Write) -> io::Result<()> {
    let Some(e) = e else { return Ok(()) };
    let kinds: Vec<String> = WasteKind::ALL
        .iter()
        .filter(|k| e.by_kind.get(**k) > 0)
        .map(|k| format!("{} {}", k.as_str(), format::bytes(e.by_kind.get(*k))))
        .collect();
    let kinds = if kinds.is_empty() {
        String::new()
    } else {
        format!(" ({})", kinds.join(", "))
    };
    writeln!(
        out,
        "  efficiency {:.1} %: {} of {} in the final file system, {} wasted{kinds} (docs/efficiency.md)",
        e.score * 100.0,
        format::bytes(e.final_bytes),
        format::bytes(e.total_bytes),
        format::bytes(e.wasted_bytes),
    )?;
    if e.duplicates_total > 0 {
        writeln!(
            out,
            "  duplicates: {} group(s) of identical files; one copy each would save {}",
            e.duplicates_total,
            format::bytes(e.duplicate_bytes)
        )?;
    }
    if e.items.is_empty() {
        return Ok(());
    }
    let listed = e.items.len().min(LISTED);
    writeln!(
        out,
        "  largest waste ({listed} of {} wasted copies):",
        e.items_total
    )?;
    for i in e.items.iter().take(LISTED) {
        writeln!(
            out,
            "    {:>9}  {:<13}  layer {} (hidden by layer {})  {}",
            format::bytes(i.bytes),
            i.kind.as_str(),
            i.layer,
            i.by_layer,
            shown(&i.path)
        )?;
    }
    Ok(())
}
