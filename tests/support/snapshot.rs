//! Report snapshots for refactoring: with `OCILENS_REPORT_DIR` set, the
//! crafted and fixture tests write every report they make (seekable, one
//! pass, and the page's path) to that folder, one JSON file each.
//! `scripts/report-snapshot` collects them with the CLI's output, so two
//! commits can be compared byte for byte.
//!
//! The page's path is what the browser does: the index pass, each blob job
//! verified on its own with its result sent through JSON (as `postMessage`
//! does), then `finish`; a compressed input is read in one pass. The report
//! then crosses JSON once more on its way to the page and the download.

use ocilens::engine::plan::BlobResult;
use ocilens::engine::report::Report;
use ocilens::engine::{finish, index, inspect_stream, verify_blob, NullSink, Options};
use std::collections::HashMap;
use std::io::{Cursor, Read, Seek, SeekFrom};

/// The report as the page gets it.
pub fn page_path(bytes: &[u8], o: &Options) -> Report {
    let compressed = matches!(
        ocilens::engine::codec::sniff(bytes.get(..512).unwrap_or(bytes)),
        ocilens::engine::codec::Sniffed::Compressed(c)
            if c != ocilens::engine::codec::Compression::None
    );
    let report = if compressed {
        inspect_stream(Cursor::new(bytes), o, &mut NullSink).expect("readable")
    } else {
        let mut r = Cursor::new(bytes);
        let idx = index(&mut r, o, &mut NullSink).expect("readable");
        let mut results = HashMap::new();
        // the page verifies largest first; the order must not matter
        let mut jobs = idx.structure.jobs.clone();
        jobs.sort_by_key(|j| std::cmp::Reverse(j.size));
        for job in &jobs {
            r.seek(SeekFrom::Start(job.offset)).expect("seek");
            let reader = std::io::BufReader::new((&mut r).take(job.size));
            let result = verify_blob(job, reader, &o.limits, &mut NullSink).expect("verified");
            let json = serde_json::to_string(&result).expect("serialises");
            let result: BlobResult = serde_json::from_str(&json).expect("round trip");
            results.insert(result.entry.clone(), result);
        }
        finish(idx, &results, o, &mut NullSink)
    };
    let json = serde_json::to_string(&report).expect("serialises");
    serde_json::from_str(&json).expect("round trip")
}

/// Writes `report` as `<dir>/<name>.<mode>.json` when `OCILENS_REPORT_DIR` is set.
pub fn record(name: &str, mode: &str, report: &Report) {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(dir) = std::env::var_os("OCILENS_REPORT_DIR") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("snapshot folder");
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let mut json = serde_json::to_string_pretty(report).expect("serialises");
        json.push('\n');
        std::fs::write(dir.join(format!("{safe}.{mode}.json")), json).expect("snapshot written");
    }
    #[cfg(target_arch = "wasm32")]
    let _ = (name, mode, report);
}
