//! The image-level findings from what the layers hold: `secret.*` for the
//! secrets of file bodies (still visible, or deleted by a later layer but
//! shipped) and of `history[].created_by`, then the `runtime.*` lint
//! ([`super::runtime`]). Called once per image after its layers are merged.

use super::secrets::{named, scan, SecretKind};
use super::LayerInside;
use crate::engine::finding::{Code, Finding, Location};
use crate::engine::report::secret::{build_args, mask, mask_build_arg};
use crate::engine::report::{Image, ImageKind};
use crate::engine::tree::entry::{Kind, LayerEntry};

/// One walked layer of the image, in merge order.
pub struct Walked<'a> {
    /// Its index in the manifest.
    pub index: u32,
    /// What its bodies held.
    pub inside: &'a LayerInside,
    /// Where its findings point (entry, blob, image, layer).
    pub location: Location,
}

/// Every `secret.*` and `runtime.*` finding of image `image_no`. `merged`
/// is the merged file system sorted by path (its entries' `layer` numbers
/// the `layers` slice); `all_walked` says whether every layer of the image
/// was walked (else the file-system checks of the runtime lint are skipped).
pub fn findings(
    img: &Image,
    image_no: u32,
    layers: &[Walked<'_>],
    merged: &[LayerEntry],
    all_walked: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if img.kind != ImageKind::Image {
        return out;
    }
    file_secrets(layers, merged, &mut out);
    history_secrets(img, image_no, &mut out);
    super::runtime::lint(img, image_no, layers, merged, all_walked, &mut out);
    out
}

/// The entry at canonical `path` in the sorted merged file system.
pub fn lookup<'m>(merged: &'m [LayerEntry], path: &str) -> Option<&'m LayerEntry> {
    merged
        .binary_search_by(|e| e.path.as_str().cmp(path))
        .ok()
        .and_then(|i| merged.get(i))
}

fn code_of(kind: SecretKind) -> Code {
    match kind {
        SecretKind::PrivateKey => Code::SecretPrivateKey,
        SecretKind::AwsKey | SecretKind::GoogleApiKey => Code::SecretCloudKey,
        SecretKind::GithubToken
        | SecretKind::GitlabToken
        | SecretKind::SlackToken
        | SecretKind::NpmToken
        | SecretKind::KubeToken => Code::SecretToken,
        SecretKind::RegistryAuth => Code::SecretRegistryAuth,
        SecretKind::Password => Code::SecretPassword,
    }
}

fn file_secrets(layers: &[Walked<'_>], merged: &[LayerEntry], out: &mut Vec<Finding>) {
    for (no, layer) in layers.iter().enumerate() {
        let no = u32::try_from(no).unwrap_or(u32::MAX);
        let s = &layer.inside.secrets;
        for h in &s.hits {
            let visible = lookup(merged, &h.path).is_some_and(|e| {
                e.layer == Some(no) && matches!(e.kind, Kind::File | Kind::Hardlink)
            });
            let loc = layer.location.clone().with_path(h.path.clone());
            let more = match h.count {
                0 | 1 => String::new(),
                n => format!(" ({n} values)"),
            };
            let f = if visible {
                Finding::new(
                    code_of(h.kind),
                    loc,
                    format!("`{}` holds {}: {}{more}", h.path, h.kind.label(), h.masked),
                )
            } else {
                Finding::new(
                    Code::SecretDeletedButShipped,
                    loc,
                    format!(
                        "`{}` holds {} ({}{more}); a later layer deletes or replaces it, but layer {} still ships it",
                        h.path,
                        h.kind.label(),
                        h.masked,
                        layer.index
                    ),
                )
            };
            out.push(f.expected_found("no secret in any layer", h.masked.clone()));
        }
        if s.capped {
            out.push(Finding::new(
                Code::SecretToken,
                layer.location.clone(),
                format!(
                    "more than {} files with secrets in this layer; the rest are not listed",
                    super::secrets::MAX_HITS
                ),
            ));
        }
    }
}

/// The secrets of each `created_by`: build arguments with secret names or
/// values, and values of a key's shape anywhere in it. One finding per entry.
fn history_secrets(img: &Image, image_no: u32, out: &mut Vec<Finding>) {
    for (i, h) in img.config.history.iter().enumerate() {
        let Some(text) = h.created_by.as_deref() else {
            continue;
        };
        let mut shown: Vec<String> = build_args(text)
            .into_iter()
            .filter_map(|(_, arg)| mask_build_arg(arg))
            .collect();
        let in_args = |start: usize| build_args(text).iter().any(|(r, _)| r.contains(&start));
        for hit in scan::scan_all(text.as_bytes()) {
            if !in_args(hit.start) {
                let v = text.get(hit.start..hit.end).unwrap_or_default();
                shown.push(format!("{} {}", hit.kind.label(), mask(v)));
            }
        }
        // `ENV NAME=value` entries are `runtime.secret-env`'s (they stay in `Env`)
        if shown.is_empty() {
            continue;
        }
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        let mut loc = Location::default()
            .with_image(image_no)
            .with_history(index)
            .with_path(format!("history[{i}].created_by"));
        loc.blob = img.config.digest.clone();
        out.push(Finding::new(
            Code::SecretInHistory,
            loc,
            format!("history[{i}].created_by holds {}", shown.join(", ")),
        ));
    }
}

/// Whether `NAME=value` (an `Env` entry) holds a secret; its masked form.
pub fn secret_env(entry: &str) -> Option<String> {
    let (name, value) = entry.split_once('=')?;
    let by_name = named::strong_secret_name(name) && named::literal_value(value);
    (by_name || !scan::scan_all(value.as_bytes()).is_empty())
        .then(|| format!("{name}={}", mask(value)))
}
