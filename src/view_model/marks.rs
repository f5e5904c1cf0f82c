//! Verification marks filled in as blobs complete, before the report
//! arrives: string comparisons of digests the workers computed (the page
//! never hashes anything itself).

use crate::engine::plan::BlobResult;
use crate::engine::report::{Image, Status};
use crate::engine::verify::layer::digest_status;

/// Applies one blob's result to every layer stored in that archive entry.
pub fn apply(images: &mut [Image], r: &BlobResult) {
    for img in images.iter_mut() {
        for l in img
            .layers
            .iter_mut()
            .filter(|l| l.entry.as_deref() == Some(r.entry.as_str()))
        {
            l.compression = Some(r.content);
            match l.digest.as_deref() {
                Some(d) => {
                    l.check.digest_status =
                        Some(digest_status(Some(d), r).unwrap_or(Status::Unverifiable));
                    if let Some(s) = l.size {
                        l.check.size_status = Some(if s == r.size {
                            Status::Verified
                        } else {
                            Status::Mismatch
                        });
                    }
                }
                None => l.digest = Some(r.sha256.clone()),
            }
            if let Some(c) = &r.layer {
                l.uncompressed_size = Some(c.uncompressed_size);
                l.diff_id.computed = c.diff_id.clone();
                l.diff_id.status = match (&l.diff_id.declared, &c.diff_id) {
                    (Some(a), Some(b)) if a == b => Some(Status::Verified),
                    (Some(_), Some(_)) => Some(Status::Mismatch),
                    (Some(_), None) => Some(Status::Unverifiable),
                    (None, _) => None,
                };
                l.files = Some(c.entries.len() as u64);
            }
        }
    }
}
