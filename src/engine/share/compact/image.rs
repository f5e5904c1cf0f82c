//! The image table of a link: an image's manifest, config (with its
//! history), layers (with the DiffID's members in the layer's object) and
//! efficiency (totals only, `efficiency`).

use super::efficiency::option_efficiency;
use super::tuples::{changes, healthcheck};
use super::{is_false, CheckDef, Deserialize, Serialize};
use crate::engine::model::config::{Healthcheck, History};
use crate::engine::model::descriptor::Platform;
use crate::engine::report::{
    BlobCheck, ConfigInfo, Content, DiffIdInfo, Efficiency, Image, ImageKind, ImageSource,
    LayerInfo, ManifestInfo, Status,
};
use crate::engine::tree::merge::Changes;
use crate::engine::tree::tar_facts::TarFacts;
use std::collections::BTreeMap;

vec_of!(images, Image, ImageDef);
vec_of!(layers, LayerInfo, LayerDef);
vec_of!(history, History, HistoryDef);

#[derive(Serialize, Deserialize)]
#[serde(remote = "Image")]
struct ImageDef {
    /// `k`: the kind.
    #[serde(rename = "k")]
    kind: ImageKind,
    /// `s`: the description it comes from.
    #[serde(rename = "s")]
    source: ImageSource,
    /// `m`: the manifest.
    #[serde(rename = "m", with = "ManifestDef")]
    manifest: ManifestInfo,
    /// `c`: the config.
    #[serde(rename = "c", with = "ConfigDef")]
    config: ConfigInfo,
    /// `l`: the layers.
    #[serde(
        rename = "l",
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "layers"
    )]
    layers: Vec<LayerInfo>,
    /// `ef`: the efficiency, totals only.
    #[serde(
        rename = "ef",
        default,
        skip_serializing_if = "Option::is_none",
        with = "option_efficiency"
    )]
    efficiency: Option<Efficiency>,
    /// Not carried: a share link stays short (the packages are recomputed
    /// from the image, not from the link).
    #[serde(skip)]
    packages: Vec<crate::engine::report::Package>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "ManifestInfo")]
struct ManifestDef {
    /// `d`: the digest.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    digest: Option<String>,
    /// `t`: the descriptor's media type.
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    media_type: Option<String>,
    /// `dt`: the document's `mediaType`.
    #[serde(rename = "dt", default, skip_serializing_if = "Option::is_none")]
    document_media_type: Option<String>,
    /// `z`: the size.
    #[serde(rename = "z", default, skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    /// `pl`: the platform.
    #[serde(rename = "pl", default, skip_serializing_if = "Option::is_none")]
    platform: Option<Platform>,
    /// `a`: the annotations.
    #[serde(rename = "a", default, skip_serializing_if = "BTreeMap::is_empty")]
    annotations: BTreeMap<String, String>,
    /// `at`: the artifact type.
    #[serde(rename = "at", default, skip_serializing_if = "Option::is_none")]
    artifact_type: Option<String>,
    /// `sj`: the subject's digest.
    #[serde(rename = "sj", default, skip_serializing_if = "Option::is_none")]
    subject: Option<String>,
    /// `e`: the archive entry.
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    entry: Option<String>,
    /// `ds`, `ss`: the digest and size checks.
    #[serde(flatten, with = "CheckDef")]
    check: BlobCheck,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "ConfigInfo")]
struct ConfigDef {
    /// `d`: the digest.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    digest: Option<String>,
    /// `t`: the media type.
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    media_type: Option<String>,
    /// `e`: the archive entry.
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    entry: Option<String>,
    /// `os`
    #[serde(rename = "os", default, skip_serializing_if = "Option::is_none")]
    os: Option<String>,
    /// `ar`: the architecture.
    #[serde(rename = "ar", default, skip_serializing_if = "Option::is_none")]
    architecture: Option<String>,
    /// `v`: the variant.
    #[serde(rename = "v", default, skip_serializing_if = "Option::is_none")]
    variant: Option<String>,
    /// `cr`: created.
    #[serde(rename = "cr", default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    /// `di`: the DiffIDs.
    #[serde(rename = "di", default, skip_serializing_if = "Vec::is_empty")]
    diff_ids: Vec<String>,
    /// `h`: the history.
    #[serde(
        rename = "h",
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "history"
    )]
    history: Vec<History>,
    /// `en`: `Env`.
    #[serde(rename = "en", default, skip_serializing_if = "Vec::is_empty")]
    env: Vec<String>,
    /// `lb`: `Labels`.
    #[serde(rename = "lb", default, skip_serializing_if = "BTreeMap::is_empty")]
    labels: BTreeMap<String, String>,
    /// `ep`: `Entrypoint`.
    #[serde(rename = "ep", default, skip_serializing_if = "Vec::is_empty")]
    entrypoint: Vec<String>,
    /// `cm`: `Cmd`.
    #[serde(rename = "cm", default, skip_serializing_if = "Vec::is_empty")]
    cmd: Vec<String>,
    /// `us`: `User`.
    #[serde(rename = "us", default, skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    /// `wd`: `WorkingDir`.
    #[serde(rename = "wd", default, skip_serializing_if = "Option::is_none")]
    working_dir: Option<String>,
    /// `xp`: the `ExposedPorts` keys.
    #[serde(rename = "xp", default, skip_serializing_if = "Vec::is_empty")]
    exposed_ports: Vec<String>,
    /// `vo`: the `Volumes` keys.
    #[serde(rename = "vo", default, skip_serializing_if = "Vec::is_empty")]
    volumes: Vec<String>,
    /// `sg`: `StopSignal`.
    #[serde(rename = "sg", default, skip_serializing_if = "Option::is_none")]
    stop_signal: Option<String>,
    /// `hc`: `Healthcheck`.
    #[serde(
        rename = "hc",
        default,
        skip_serializing_if = "Option::is_none",
        with = "healthcheck"
    )]
    healthcheck: Option<Healthcheck>,
    /// `ds`, `ss`: the digest and size checks.
    #[serde(flatten, with = "CheckDef")]
    check: BlobCheck,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "History")]
struct HistoryDef {
    /// `c`: created.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    /// `b`: created by.
    #[serde(rename = "b", default, skip_serializing_if = "Option::is_none")]
    created_by: Option<String>,
    /// `m`: the comment.
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    /// `e`: an empty layer.
    #[serde(rename = "e", default, skip_serializing_if = "is_false")]
    empty_layer: bool,
    /// `l`: the layer it created.
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    layer: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "LayerInfo")]
struct LayerDef {
    /// `n`: the position in the manifest.
    #[serde(rename = "n")]
    index: u32,
    /// `t`: the media type.
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    media_type: Option<String>,
    /// `d`: the digest.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    digest: Option<String>,
    /// `z`: the size.
    #[serde(rename = "z", default, skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    /// `e`: the archive entry.
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    entry: Option<String>,
    /// `c`: the sniffed compression.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    compression: Option<Content>,
    /// `u`: the decoded size.
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    uncompressed_size: Option<u64>,
    /// `ds`, `ss`: the digest and size checks.
    #[serde(flatten, with = "CheckDef")]
    check: BlobCheck,
    /// The DiffID's members, in the layer's object.
    #[serde(flatten, with = "DiffIdDef")]
    diff_id: DiffIdInfo,
    /// `ch`: the changes, `[added, modified, removed]`.
    #[serde(
        rename = "ch",
        default,
        skip_serializing_if = "Option::is_none",
        with = "changes"
    )]
    changes: Option<Changes>,
    /// `fl`: the entries listed.
    #[serde(rename = "fl", default, skip_serializing_if = "Option::is_none")]
    files: Option<u64>,
    /// `wb`: the wasted bytes.
    #[serde(rename = "wb", default, skip_serializing_if = "Option::is_none")]
    wasted_bytes: Option<u64>,
    /// Not shared: the tar facts only serve a comparison made where both
    /// files are read.
    #[serde(skip)]
    tar: Option<TarFacts>,
    /// `ur`: the URLs.
    #[serde(rename = "ur", default, skip_serializing_if = "Vec::is_empty")]
    urls: Vec<String>,
    /// `a`: the annotations.
    #[serde(rename = "a", default, skip_serializing_if = "BTreeMap::is_empty")]
    annotations: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "DiffIdInfo")]
struct DiffIdDef {
    /// `dd`: the declared DiffID.
    #[serde(rename = "dd", default, skip_serializing_if = "Option::is_none")]
    declared: Option<String>,
    /// `dc`: the computed DiffID.
    #[serde(rename = "dc", default, skip_serializing_if = "Option::is_none")]
    computed: Option<String>,
    /// `dst`: their comparison.
    #[serde(rename = "dst", default, skip_serializing_if = "Option::is_none")]
    status: Option<Status>,
}
