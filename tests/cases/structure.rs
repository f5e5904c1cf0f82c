//! Archive structure: formats, documents, descriptors, blobs, names.
use crate::support::compress::*;
use crate::support::image::*;
use crate::support::tar_writer::set_checksum;
use crate::{case, Case};
use ocilens::engine::report::{Compression, Content, Format, RefSource, Report, Status};
use serde_json::{json, Value};

const OCI: &str = "compatibility.oci-manifest";

fn files() -> Vec<u8> {
    rootfs_tar(&[
        ("etc/hostname", b"ocilens\n"),
        ("usr/bin/tool", b"#!/bin/sh\necho hi\n"),
    ])
}
fn img() -> OciImage {
    OciImage::new(vec![Layer::tar_gzip(files())]).with_ref_name("example.com/app:1.0")
}
fn layout(i: OciImage) -> Vec<u8> {
    OciLayoutBuilder::new().image(i).build()
}
fn with_manifest(f: impl Fn(&mut Value)) -> OciImage {
    let mut i = img();
    let mut m = i.manifest_value();
    f(&mut m);
    i.manifest = Some(m);
    i
}
fn with_config(f: impl Fn(&mut Value)) -> OciImage {
    let mut i = img();
    let mut c = i.config_value();
    f(&mut c);
    i.config = Some(c);
    i
}
fn layer_digest(i: &OciImage) -> String {
    i.layers[0].digest()
}
/// Offset of the tar header of the entry whose name starts with `name`.
fn header_offset(tar: &[u8], name: &str) -> usize {
    (0..tar.len() / 512)
        .map(|b| b * 512)
        .find(|&o| tar[o..].starts_with(name.as_bytes()) && &tar[o + 257..o + 262] == b"ustar")
        .expect("entry")
}
fn strip_end(mut t: Vec<u8>) -> Vec<u8> {
    while t.len() >= 512 && t[t.len() - 512..].iter().all(|&b| b == 0) {
        t.truncate(t.len() - 512);
    }
    t
}
fn docker_archive(tags: &[&str]) -> DockerArchiveBuilder {
    let mut i = DockerImage::new(vec![files()]);
    for t in tags {
        i = i.with_repo_tag(t);
    }
    DockerArchiveBuilder::new().image(i)
}

fn good_oci() -> Vec<u8> {
    layout(img().with_ref_name("example.com/app:1.0"))
}
fn check_good_oci(r: &Report) {
    assert_eq!(r.input.format, Format::OciLayout);
    let l = &r.images[0].layers[0];
    assert_eq!(l.check.digest_status, Some(Status::Verified));
    assert_eq!(l.check.size_status, Some(Status::Verified));
    assert_eq!(l.diff_id.status, Some(Status::Verified));
    assert_eq!(l.compression, Some(Content::Gzip));
    assert_eq!(
        r.references[0].normalized.as_deref(),
        Some("example.com/app:1.0")
    );
    assert_eq!(r.summary.errors, 0);
}
fn good_docker() -> Vec<u8> {
    docker_archive(&["kimai/kimai2:apache"]).build()
}
fn check_good_docker(r: &Report) {
    assert_eq!(r.input.format, Format::DockerArchive);
    assert!(r.references.iter().any(|x| x.source == RefSource::RepoTags
        && x.normalized.as_deref() == Some("docker.io/kimai/kimai2:apache")));
    assert_eq!(r.images[0].layers[0].diff_id.status, Some(Status::Verified));
}
fn good_docker25() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(img().with_repo_tag("app:1"))
        .docker_manifest_json(true)
        .build()
}
fn good_dot_slash_metadata_last() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(
            img()
                .with_ref_name("1.0")
                .with_image_name("docker.io/library/app:1.0"),
        )
        .dot_slash_prefix(true)
        .metadata_last(true)
        .nested_index(true)
        .build()
}
fn good_symlinked() -> Vec<u8> {
    docker_archive(&["app:1"]).symlinked_layers(true).build()
}

// archive
fn truncated() -> Vec<u8> {
    let t = OciLayoutBuilder::new()
        .image(img())
        .metadata_last(false)
        .build();
    let mut cut = t.clone();
    let o = header_offset(&t, &format!("blobs/sha256/{}", &layer_digest(&img())[7..]));
    cut.truncate(o + 512 + 40);
    cut
}
fn bad_header() -> Vec<u8> {
    let mut t = good_oci();
    let o = header_offset(&t, "index.json");
    t[o + 148] ^= 0x01;
    t
}
fn no_end_marker() -> Vec<u8> {
    strip_end(good_oci())
}
fn trailing() -> Vec<u8> {
    let mut t = good_oci();
    t.extend_from_slice(&[b'x'; 700]);
    t
}
/// A non-fatal outer tar issue (a bad `mtime` in `index.json`'s header: the walk goes on),
/// then garbage after the end marker: both must be reported.
fn bad_mtime_then_trailing() -> Vec<u8> {
    let mut t = good_oci();
    let o = header_offset(&t, "index.json");
    let mut h: [u8; 512] = t[o..o + 512].try_into().unwrap();
    h[136..148].copy_from_slice(b"9999999999x\0");
    set_checksum(&mut h);
    t[o..o + 512].copy_from_slice(&h);
    t.extend_from_slice(&[b'x'; 700]);
    t
}
fn duplicate_entry() -> Vec<u8> {
    let i = img();
    OciLayoutBuilder::new()
        .image(i.clone())
        .extra_entry("index.json", OciLayoutBuilder::new().image(i).index_blob())
        .build()
}
fn dangling_symlink() -> Vec<u8> {
    // `<id>/layer.tar -> ../<diffid>.tar` with the target missing
    let i = DockerImage::new(vec![files()]).with_repo_tag("app:1");
    let hex = i.real_diff_ids()[0][7..].to_string();
    let id = i.layer_ids()[0].clone();
    let b = DockerArchiveBuilder::new().image(i).symlinked_layers(true);
    let mut m = b.generated_manifest();
    m[0]["Layers"] = json!([format!("{id}/layer.tar")]);
    b.manifest_override(m)
        .omit_path(&format!("{hex}.tar"))
        .build()
}
fn bad_blob_name() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(img())
        .extra_entry("blobs/sha256/not-a-digest", b"x".to_vec())
        .build()
}
fn unreferenced() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(img())
        .extra_blob(b"left over".to_vec())
        .build()
}
fn corrupt_outer_gzip() -> Vec<u8> {
    let g = gzip(&good_oci());
    g[..g.len() / 2].to_vec()
}

// format
fn zip() -> Vec<u8> {
    b"PK\x03\x04\x14\x00\x00\x00\x08\x00some zip bytes".to_vec()
}
fn notes_tar() -> Vec<u8> {
    rootfs_tar(&[("notes.txt", b"hello"), ("more/notes.md", b"# hi")])
}
fn gzip_text() -> Vec<u8> {
    gzip(b"just some text, not a tar")
}
fn rootfs() -> Vec<u8> {
    files()
}
fn check_rootfs(r: &Report) {
    assert_eq!(r.input.format, Format::RootfsTar);
    assert_eq!(
        r.input.rootfs_diff_id.as_deref(),
        Some(digest(&files()).as_str())
    );
}
fn rootfs_xz() -> Vec<u8> {
    xz(&files())
}
fn check_rootfs_xz(r: &Report) {
    assert_eq!(r.input.outer_compression, Compression::Xz);
    assert_eq!(
        r.input.rootfs_diff_id.as_deref(),
        Some(digest(&files()).as_str())
    );
}
fn no_oci_layout() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(img())
        .omit_path("oci-layout")
        .build()
}
fn bad_layout_version() -> Vec<u8> {
    let mut b = OciLayoutBuilder::new().image(img());
    b.oci_layout_bytes = Some(br#"{"imageLayoutVersion":"2.0.0"}"#.to_vec());
    b.build()
}
fn no_index() -> Vec<u8> {
    OciLayoutBuilder::new()
        .image(img())
        .omit_path("index.json")
        .build()
}
fn disagree() -> Vec<u8> {
    let b = OciLayoutBuilder::new()
        .image(img().with_repo_tag("app:1"))
        .docker_manifest_json(true);
    let mut m = b.generated_docker_manifest();
    m[0]["Layers"] = json!([]);
    b.replace_path("manifest.json", to_json(&m)).build()
}
fn schema1() -> Vec<u8> {
    layout(with_manifest(|m| {
        *m = json!({"schemaVersion": 1, "name": "x", "tag": "y", "fsLayers": [], "history": []});
    }))
}
fn artifact() -> Vec<u8> {
    let mut i = OciImage::new(vec![Layer::new(
        "application/vnd.example.sbom+json",
        b"{}".to_vec(),
        "",
    )]);
    i.config_media_type = "application/vnd.oci.empty.v1+json".into();
    i.config_bytes = Some(b"{}".to_vec());
    layout(i.with_manifest_field("artifactType", json!("application/vnd.example.sbom")))
}
fn attestation() -> Vec<u8> {
    let base = img();
    let mut att = OciImage::new(vec![Layer::new(
        "application/vnd.in-toto+json",
        b"{\"_type\":\"x\"}".to_vec(),
        "",
    )]);
    att.config_bytes = Some(b"{\"architecture\":\"unknown\",\"os\":\"unknown\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".to_vec());
    att.platform = Some(json!({"architecture": "unknown", "os": "unknown"}));
    att.descriptor_extra.insert(
        "annotations".into(),
        json!({"vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": base.manifest_digest()}),
    );
    OciLayoutBuilder::new()
        .image(base.with_ref_name("example.com/app:1"))
        .image(att)
        .build()
}

// json
fn index_bytes(b: &[u8]) -> Vec<u8> {
    let mut l = OciLayoutBuilder::new().image(img());
    l.index_bytes = Some(b.to_vec());
    l.build()
}
fn json_invalid() -> Vec<u8> {
    index_bytes(b"{\"schemaVersion\": 2, \"manifests\": [")
}
fn json_bom() -> Vec<u8> {
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend(OciLayoutBuilder::new().image(img()).index_blob());
    index_bytes(&b)
}
fn json_duplicate() -> Vec<u8> {
    let idx = String::from_utf8(OciLayoutBuilder::new().image(img()).index_blob()).unwrap();
    index_bytes(idx.replacen("{", "{\"schemaVersion\":2,", 1).as_bytes())
}
fn missing_config() -> Vec<u8> {
    layout(with_manifest(|m| {
        m.as_object_mut().unwrap().remove("config");
    }))
}
fn manifests_null() -> Vec<u8> {
    OciLayoutBuilder::new().image(img()).index_override(json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": null})).build()
}
fn negative_size() -> Vec<u8> {
    layout(with_manifest(|m| m["layers"][0]["size"] = json!(-1)))
}
fn exponent_size() -> Vec<u8> {
    layout(with_manifest(|m| m["layers"][0]["size"] = json!(1e3)))
}
fn schema_version_3() -> Vec<u8> {
    layout(with_manifest(|m| m["schemaVersion"] = json!(3)))
}
fn no_layers() -> Vec<u8> {
    layout(OciImage::new(vec![]))
}
fn bad_annotation() -> Vec<u8> {
    layout(with_manifest(|m| {
        m["annotations"] = json!({"org.example.n": 1})
    }))
}

// blob-missing
fn missing_config_blob() -> Vec<u8> {
    let i = img();
    OciLayoutBuilder::new()
        .image(i.clone())
        .omit_blob(&i.config_digest())
        .build()
}
fn missing_layer_blob() -> Vec<u8> {
    let i = img();
    OciLayoutBuilder::new()
        .image(i.clone())
        .omit_blob(&layer_digest(&i))
        .build()
}
fn missing_manifest_blob() -> Vec<u8> {
    let i = img();
    OciLayoutBuilder::new()
        .image(i.clone())
        .omit_blob(&i.manifest_digest())
        .build()
}
fn platform_not_saved() -> Vec<u8> {
    let amd = img().with_platform("amd64", "linux");
    let mut arm = OciImage::new(vec![Layer::tar_gzip(rootfs_tar(&[("etc/arch", b"arm64")]))])
        .with_platform("arm64", "linux");
    arm.architecture = "arm64".into();
    OciLayoutBuilder::new().image(amd).absent_image(arm).build()
}
fn foreign_layer() -> Vec<u8> {
    let i = OciImage::new(vec![
        Layer::tar_gzip(files()),
        Layer::docker_gzip(rootfs_tar(&[("Files/base.dll", b"MZ")]))
            .with_media_type("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"),
    ]);
    let mut i = i;
    i.layers[1]
        .descriptor_extra
        .insert("urls".into(), json!(["https://example.com/base.tar.gz"]));
    let d = i.layers[1].digest();
    OciLayoutBuilder::new().image(i).omit_blob(&d).build()
}

// blob-digest and blob-size
fn flipped_byte() -> Vec<u8> {
    let i = img();
    let mut blob = i.layers[0].blob.clone();
    let mid = blob.len() / 2;
    blob[mid] ^= 0xff;
    OciLayoutBuilder::new()
        .image(i.clone())
        .replace_blob(&layer_digest(&i), blob)
        .build()
}
fn flipped_config() -> Vec<u8> {
    let i = img();
    let c = String::from_utf8(i.config_blob())
        .unwrap()
        .replace("linux", "linuy")
        .into_bytes();
    OciLayoutBuilder::new()
        .image(i.clone())
        .replace_blob(&i.config_digest(), c)
        .build()
}
fn sha512_digest() -> Vec<u8> {
    use sha2::Digest as _;
    let mut i = img();
    let blob = i.layers[0].blob.clone();
    let d = format!("sha512:{}", hex::encode(sha2::Sha512::digest(&blob)));
    i.layers[0] = i.layers[0].clone().with_digest(&d);
    layout(i)
}
fn check_sha512(r: &Report) {
    let l = &r.images[0].layers[0];
    assert!(l.digest.as_deref().unwrap().starts_with("sha512:"));
    assert_eq!(l.check.digest_status, Some(Status::Verified));
    assert_eq!(
        l.entry.as_deref().map(|e| e.starts_with("blobs/sha512/")),
        Some(true)
    );
}
fn sha512_wrong() -> Vec<u8> {
    let mut i = img();
    let d = format!("sha512:{}", "ab".repeat(64));
    let blob = i.layers[0].blob.clone();
    i.layers[0] = i.layers[0].clone().with_digest(&d).with_blob(blob);
    layout(i)
}
fn malformed_digest() -> Vec<u8> {
    let mut i = img();
    let d = layer_digest(&i).to_uppercase().replace("SHA256", "sha256");
    i.layers[0] = i.layers[0].clone().with_digest(&d);
    layout(i)
}
fn unsupported_digest() -> Vec<u8> {
    let mut i = img();
    i.layers[0] = i.layers[0]
        .clone()
        .with_digest("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564");
    layout(i)
}
fn unsafe_digest() -> Vec<u8> {
    layout(with_manifest(|m| {
        m["layers"][0]["digest"] = json!("sha256:../../../etc/passwd")
    }))
}
fn embedded_data() -> Vec<u8> {
    layout(with_manifest(|m| m["config"]["data"] = json!("e30=")))
}
fn size_short() -> Vec<u8> {
    let mut i = img();
    let s = i.layers[0].size();
    i.layers[0] = i.layers[0].clone().with_size(s + 10);
    layout(i)
}
fn size_long() -> Vec<u8> {
    let mut i = img();
    let s = i.layers[0].size();
    i.layers[0] = i.layers[0].clone().with_size(s - 10);
    layout(i)
}

// media types
fn mixed_oci_docker() -> Vec<u8> {
    layout(OciImage::new(vec![
        Layer::tar_gzip(files()),
        Layer::docker_gzip(rootfs_tar(&[("app/run", b"x")])),
    ]))
}
fn mixed_docker_oci() -> Vec<u8> {
    layout(OciImage::docker(vec![Layer::tar_gzip(files())]))
}
fn config_family() -> Vec<u8> {
    let mut i = img();
    i.config_media_type = "application/vnd.docker.container.image.v1+json".into();
    layout(i)
}
fn descriptor_mismatch() -> Vec<u8> {
    let mut i = img();
    i.descriptor_media_type = Some("application/vnd.docker.distribution.manifest.v2+json".into());
    i.manifest_media_type = Some("application/vnd.oci.image.manifest.v1+json".into());
    layout(i)
}
fn ambiguous() -> Vec<u8> {
    layout(with_manifest(|m| m["manifests"] = json!([])))
}
fn shape_mismatch() -> Vec<u8> {
    let mut b = OciLayoutBuilder::new().image(img()).nested_index(true);
    let mut idx = b.generated_index();
    idx["manifests"][0]["mediaType"] = json!("application/vnd.oci.image.manifest.v1+json");
    b = b.index_override(idx);
    b.build()
}
fn no_media_type() -> Vec<u8> {
    let mut i = img();
    i.manifest_media_type = None;
    layout(i)
}
fn invalid_media_type() -> Vec<u8> {
    let mut i = img();
    i.layers[0] = i.layers[0].clone().with_media_type("gzip layer");
    layout(i)
}
fn unknown_layer_type() -> Vec<u8> {
    let mut i = img();
    i.layers[0] = i.layers[0]
        .clone()
        .with_media_type("application/vnd.oci.image.layer.v1.tar+brotli");
    layout(i)
}

// references
fn ref_missing_tag() -> Vec<u8> {
    layout(img().with_ref_name("docker.io/kimai/kimai2"))
}
fn ref_invalid() -> Vec<u8> {
    docker_archive(&["kimai/Kimai2:apache"]).build()
}
fn ref_tag_only() -> Vec<u8> {
    layout(img().with_ref_name("apache"))
}
fn ref_ambiguous() -> Vec<u8> {
    let other = OciImage::new(vec![Layer::tar_gzip(rootfs_tar(&[("etc/other", b"2")]))]);
    OciLayoutBuilder::new()
        .image(img().with_ref_name("example.com/app:1"))
        .image(other.with_ref_name("example.com/app:1"))
        .build()
}
fn ref_disagree() -> Vec<u8> {
    let b = docker_archive(&["app:1"]);
    b.replace_path("repositories", to_json(&json!({"other": {"2": "abc"}})))
        .build()
}
fn ref_none() -> Vec<u8> {
    docker_archive(&[]).write_repositories(false).build()
}
fn ref_digest_mismatch() -> Vec<u8> {
    layout(img().with_image_name(&format!("example.com/app@sha256:{}", "0".repeat(64))))
}

// config
fn rootfs_type() -> Vec<u8> {
    layout(with_config(|c| c["rootfs"]["type"] = json!("layer")))
}
fn platform_missing() -> Vec<u8> {
    layout(with_config(|c| {
        c.as_object_mut().unwrap().remove("os");
    }))
}
fn platform_mismatch() -> Vec<u8> {
    let mut i = img();
    i.platform = Some(json!({"architecture": "arm64", "os": "linux", "variant": "v8"}));
    layout(i)
}
fn env_invalid() -> Vec<u8> {
    layout(with_config(|c| {
        c["config"] = json!({"Env": ["PATH=/usr/bin", "NOEQUALS"]})
    }))
}
fn created_invalid() -> Vec<u8> {
    layout(with_config(|c| c["created"] = json!("yesterday")))
}

// compatibility
fn docker_in_layout() -> Vec<u8> {
    layout(OciImage::docker(vec![Layer::docker_gzip(files())]))
}
fn subject() -> Vec<u8> {
    let base = img();
    let d = base.manifest_digest();
    let mut sig = img();
    sig.ref_name = None;
    let sig = sig.with_manifest_field("subject", json!({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": d, "size": base.manifest_blob().len()}));
    OciLayoutBuilder::new().image(base).image(sig).build()
}

// limits
fn big_config() -> Vec<u8> {
    layout(with_config(|c| c["comment"] = json!("x".repeat(9 << 20))))
}
fn deep_json() -> Vec<u8> {
    let idx = format!(
        "{{\"schemaVersion\":2,\"manifests\":[],\"x\":{}{}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    index_bytes(idx.as_bytes())
}
fn deep_index() -> Vec<u8> {
    let base = img();
    let mut b = OciLayoutBuilder::new().image(base.clone());
    let mut child = json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [base.descriptor()]});
    for _ in 0..17 {
        let blob = to_json(&child);
        b = b.extra_blob(blob.clone());
        child = json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{
            "mediaType": "application/vnd.oci.image.index.v1+json", "digest": digest(&blob), "size": blob.len()}]});
    }
    b.index_override(child).build()
}

pub static CASES: &[Case] = &[
    Case {
        check: Some(check_good_oci),
        ..case("good oci layout", good_oci, &[OCI])
    },
    Case {
        check: Some(check_good_docker),
        ..case("good docker-archive", good_docker, &[])
    },
    case(
        "good docker 25+ save (layout + manifest.json)",
        good_docker25,
        &[OCI, "compatibility.resynthesized-manifest"],
    ),
    case(
        "good containerd-style: ./ prefixes, metadata last, nested index",
        good_dot_slash_metadata_last,
        &[OCI],
    ),
    case(
        "good symlinked layers (skopeo/podman docker-archive)",
        good_symlinked,
        &[],
    ),
    case(
        "truncated archive",
        truncated,
        &[
            "archive.truncated",
            "blob-size.short",
            "blob-digest.mismatch",
            "layer-compression.corrupt",
            "diffid.unverifiable",
            OCI,
        ],
    ),
    case(
        "corrupt outer header",
        bad_header,
        &["archive.bad-header", "format.index-missing"],
    ),
    case(
        "no end marker",
        no_end_marker,
        &["archive.no-end-marker", OCI],
    ),
    case(
        "trailing data after end marker",
        trailing,
        &["archive.trailing-data", OCI],
    ),
    case(
        "non-fatal outer header issue then trailing data",
        bad_mtime_then_trailing,
        &["archive.bad-header", "archive.trailing-data", OCI],
    ),
    case(
        "two index.json",
        duplicate_entry,
        &["archive.duplicate-entry", OCI],
    ),
    case(
        "dangling layer symlink",
        dangling_symlink,
        &["archive.bad-symlink"],
    ),
    case(
        "misnamed blob",
        bad_blob_name,
        &["archive.bad-blob-name", OCI],
    ),
    case(
        "unreferenced blob",
        unreferenced,
        &["archive.unreferenced-blob", OCI],
    ),
    case(
        "outer gzip cut in half",
        corrupt_outer_gzip,
        &["archive.corrupt-compression"],
    ),
    case("zip file", zip, &["format.not-an-image"]),
    case("tar of notes", notes_tar, &["format.not-an-image"]),
    case("gzip of text", gzip_text, &["format.not-an-image"]),
    Case {
        check: Some(check_rootfs),
        ..case("rootfs tarball", rootfs, &["format.rootfs-tar"])
    },
    Case {
        check: Some(check_rootfs_xz),
        ..case(
            "xz rootfs tarball (podman import input)",
            rootfs_xz,
            &["format.rootfs-tar"],
        )
    },
    case(
        "oci-layout missing",
        no_oci_layout,
        &["format.oci-layout-missing", OCI],
    ),
    case(
        "oci-layout version",
        bad_layout_version,
        &["format.oci-layout-version", OCI],
    ),
    case(
        "index.json missing",
        no_index,
        &["format.index-missing", "archive.unreferenced-blob"],
    ),
    case(
        "manifest.json disagrees with index.json (moby#47065)",
        disagree,
        &[
            "format.descriptions-disagree",
            OCI,
            "compatibility.resynthesized-manifest",
            "diffid.count",
            "diffid.history-count",
        ],
    ),
    case(
        "schema1 manifest",
        schema1,
        &["format.schema1", "archive.unreferenced-blob"],
    ),
    case("artifact", artifact, &["format.artifact"]),
    case(
        "attestation manifest",
        attestation,
        &["format.attestation", OCI],
    ),
    case(
        "index not JSON",
        json_invalid,
        &["json.invalid", "archive.unreferenced-blob"],
    ),
    case(
        "index with BOM",
        json_bom,
        &["json.not-utf8", "archive.unreferenced-blob"],
    ),
    case(
        "duplicate key",
        json_duplicate,
        &["json.duplicate-key", OCI],
    ),
    case(
        "manifest without config",
        missing_config,
        &["json.missing-field", "archive.unreferenced-blob", OCI],
    ),
    case(
        "manifests: null (moby#47210)",
        manifests_null,
        &["json.wrong-type", "archive.unreferenced-blob"],
    ),
    case("negative size", negative_size, &["json.bad-number", OCI]),
    case(
        "size with exponent",
        exponent_size,
        &["json.bad-number", OCI],
    ),
    case(
        "schemaVersion 3",
        schema_version_3,
        &["json.schema-version", OCI],
    ),
    case(
        "no layers",
        no_layers,
        &["json.no-layers", OCI, "reference.none"],
    ),
    case(
        "non-string annotation",
        bad_annotation,
        &["json.bad-annotation", OCI],
    ),
    case(
        "config blob missing",
        missing_config_blob,
        &["blob-missing.config", OCI],
    ),
    case(
        "layer blob missing",
        missing_layer_blob,
        &["blob-missing.layer", OCI],
    ),
    case(
        "manifest blob missing",
        missing_manifest_blob,
        &["blob-missing.manifest", "archive.unreferenced-blob"],
    ),
    case(
        "platform not saved (moby#49473)",
        platform_not_saved,
        &["blob-missing.platform-not-saved", OCI],
    ),
    case(
        "foreign layer",
        foreign_layer,
        &[
            "blob-missing.foreign",
            "compatibility.nondistributable",
            OCI,
            "reference.none",
        ],
    ),
    case(
        "flipped byte in a layer",
        flipped_byte,
        &[
            "blob-digest.mismatch",
            "layer-compression.corrupt",
            "diffid.unverifiable",
            OCI,
        ],
    ),
    case(
        "flipped byte in the config",
        flipped_config,
        &["blob-digest.mismatch", OCI],
    ),
    Case {
        check: Some(check_sha512),
        ..case("sha512 digest verifies", sha512_digest, &[OCI])
    },
    case(
        "sha512 digest that does not match",
        sha512_wrong,
        &["blob-digest.mismatch", OCI],
    ),
    case(
        "upper-case digest",
        malformed_digest,
        &["blob-digest.malformed", "archive.bad-blob-name", OCI],
    ),
    case(
        "unsupported digest algorithm",
        unsupported_digest,
        &["blob-digest.unsupported-algorithm", OCI],
    ),
    case(
        "digest escaping blobs/ (CVE-2024-3727)",
        unsafe_digest,
        &["blob-digest.unsafe-path", "archive.unreferenced-blob", OCI],
    ),
    case(
        "embedded data differs",
        embedded_data,
        &["blob-digest.embedded-data", OCI],
    ),
    case(
        "size too large (short blob)",
        size_short,
        &["blob-size.short", OCI],
    ),
    case(
        "size too small (long blob)",
        size_long,
        &["blob-size.long", OCI],
    ),
    case(
        "OCI manifest with a Docker layer (Trillian/Kaniko)",
        mixed_oci_docker,
        &[
            "media-type-mix.oci-manifest-docker-layer",
            OCI,
            "reference.none",
        ],
    ),
    case(
        "schema2 manifest with an OCI layer",
        mixed_docker_oci,
        &[
            "media-type-mix.docker-manifest-oci-layer",
            "media-type-mix.index-family",
            "compatibility.docker-manifest-in-layout",
            "reference.none",
        ],
    ),
    case(
        "OCI manifest with a Docker config",
        config_family,
        &["media-type-mix.config-family", OCI],
    ),
    case(
        "descriptor says Docker, document says OCI",
        descriptor_mismatch,
        &[
            "descriptor-media-type.mismatch",
            "media-type-mix.index-family",
            "compatibility.docker-manifest-in-layout",
            "media-type-mix.config-family",
            "media-type-mix.docker-manifest-oci-layer",
        ],
    ),
    case(
        "manifest and index at once (CVE-2021-41190)",
        ambiguous,
        &["descriptor-media-type.ambiguous-document", OCI],
    ),
    case(
        "index typed as a manifest",
        shape_mismatch,
        &[
            "descriptor-media-type.shape-mismatch",
            "descriptor-media-type.mismatch",
            OCI,
        ],
    ),
    case(
        "manifest without mediaType",
        no_media_type,
        &["descriptor-media-type.document-missing", OCI],
    ),
    case(
        "invalid media type",
        invalid_media_type,
        &[
            "descriptor-media-type.invalid",
            "descriptor-media-type.unknown-layer-type",
            OCI,
        ],
    ),
    case(
        "unknown layer type",
        unknown_layer_type,
        &["descriptor-media-type.unknown-layer-type", OCI],
    ),
    case(
        "name without tag (Incus kimai)",
        ref_missing_tag,
        &["reference.missing-tag", OCI],
    ),
    case("upper-case repository", ref_invalid, &["reference.invalid"]),
    case(
        "tag-only ref.name",
        ref_tag_only,
        &["reference.tag-only", OCI],
    ),
    case(
        "one name, two images",
        ref_ambiguous,
        &["reference.ambiguous", OCI],
    ),
    case(
        "RepoTags vs repositories",
        ref_disagree,
        &["reference.disagree"],
    ),
    case("no name at all", ref_none, &["reference.none"]),
    case(
        "pinned digest that is not the manifest's",
        ref_digest_mismatch,
        &["reference.digest-mismatch", OCI],
    ),
    case("rootfs.type", rootfs_type, &["config.rootfs-type", OCI]),
    case(
        "config without os",
        platform_missing,
        &["config.platform-missing", OCI],
    ),
    case(
        "index platform vs config",
        platform_mismatch,
        &["config.platform-mismatch", OCI],
    ),
    case(
        "Env entry without =",
        env_invalid,
        &["config.env-invalid", OCI],
    ),
    case(
        "created not RFC 3339",
        created_invalid,
        &["config.created-invalid", OCI],
    ),
    case(
        "Docker manifest inside a layout",
        docker_in_layout,
        &[
            "compatibility.docker-manifest-in-layout",
            "media-type-mix.index-family",
            "reference.none",
        ],
    ),
    case(
        "referrer with subject",
        subject,
        &["compatibility.subject", OCI],
    ),
    case(
        "config over 8 MiB",
        big_config,
        &["limits.json-document", OCI],
    ),
    case(
        "JSON nested 200 deep",
        deep_json,
        &["limits.json-depth", "archive.unreferenced-blob"],
    ),
    case(
        "indexes nested 18 deep",
        deep_index,
        &["limits.index-depth", "archive.unreferenced-blob"],
    ),
];
