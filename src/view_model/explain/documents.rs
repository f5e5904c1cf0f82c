//! The JSON document steps: the index, a manifest and the config.

use super::util::{nbytes, p, plural, worst, Ctx, Out, LIST_MAX};
use crate::engine::model::media_type::DOCKER_MANIFEST;
use crate::engine::report::{
    Image, ImageKind, ImageSource, IndexNode, IndexNodeKind, ManifestInfo,
};
use crate::view_model::links::truncate;

pub(super) fn index_step(c: &Ctx, o: &mut Out) {
    let Some(root) = &c.r.index else {
        o.fact("index", "none");
        o.push(p().t(if c.docker_archive() {
            "This archive has no index: a docker-archive lists its images in `manifest.json` \
             instead, by file path rather than by digest, so ocilens computes the digests itself."
        } else if c.rootfs() {
            "There is no index: a file-system tarball is not an image and names none."
        } else {
            "No index was found in this archive."
        }));
        return;
    };
    o.fact("index-descriptors", root.children.len());
    o.push(
        p().v(root.entry.as_deref().unwrap_or("index.json"))
            .t(" is an image index: a list of descriptors. A descriptor points to a blob by three values, its ")
            .v("mediaType")
            .t(", its ")
            .v("digest")
            .t(" and its ")
            .v("size")
            .t("; a reader opens ")
            .v("blobs/<algorithm>/<hex>")
            .t(" and checks that the bytes hash to the digest (descriptor.md: “the digest of the targeted content”). Change one byte and the name no longer fits, so an index pins exactly one manifest."),
    );
    let mut nested = 0usize;
    list_descriptors(root, 0, o, &mut nested);
    o.fact("index-nested", nested);
    if let Some(img) = c.img {
        let mut para = p().t("This walk follows ");
        if let Some(pl) = c.platform() {
            para = para.v(pl).t(", ");
        }
        o.push(para.t("manifest ").od(img.manifest.digest.as_ref()).t("."));
    }
}

/// One paragraph per descriptor of `node`, nested indexes followed.
fn list_descriptors(node: &IndexNode, depth: usize, o: &mut Out, nested: &mut usize) {
    if depth > 16 {
        return;
    }
    let indent = "\u{2003}".repeat(depth);
    for child in node.children.iter().take(LIST_MAX) {
        let mut para = p()
            .t(format!("{indent}↳ "))
            .v(child.media_type.as_deref().unwrap_or("(no mediaType)"))
            .t(" ")
            .od(child.digest.as_ref());
        if let Some(s) = child.size {
            para = para.t(format!(", {}", nbytes(s)));
        }
        if let Some(pl) = &child.platform {
            para = para.t(", platform ").v(pl.display());
        }
        if let Some(n) = child.annotations.get("org.opencontainers.image.ref.name") {
            para = para.t(", ref.name ").v(n);
        }
        o.push(
            para.t(": ")
                .st(worst(&[child.check.digest_status, child.check.size_status])),
        );
        if child.kind == IndexNodeKind::Index {
            *nested += 1;
            o.push(p().t(format!(
                "{indent}\u{2003}It is itself an index (a multi-platform list) of {}:",
                plural(child.children.len(), "manifest", "manifests")
            )));
            list_descriptors(child, depth + 1, o, nested);
        }
    }
    if node.children.len() > LIST_MAX {
        o.push(p().t(format!(
            "{indent}… and {} more.",
            node.children.len() - LIST_MAX
        )));
    }
}

pub(super) fn manifest_step(c: &Ctx, o: &mut Out) {
    let Some(img) = c.img else {
        o.push(p().t(if c.rootfs() {
            "There is no manifest yet. An import writes one naming a config and the single layer, each by media type, digest and size."
        } else {
            "There is no image here, so no manifest."
        }));
        return;
    };
    let m = &img.manifest;
    o.fact("layer-count", img.layers.len());
    let legacy = m.digest.is_none() && img.source == ImageSource::DockerManifest;
    if legacy {
        legacy_manifest(img, o);
    } else {
        manifest_document(m, o);
    }
    if let Some(pl) = c.platform() {
        o.push(p().t("It is for platform ").v(pl).t("."));
    }
    if let Some(at) = &m.artifact_type {
        o.push(
            p().t("It is an artifact: `artifactType` ")
                .v(at)
                .t(". Its layers are files of any kind, not file-system tars."),
        );
    }
    if let Some(s) = &m.subject {
        o.push(
            p().t("It points at another manifest with `subject`: ")
                .d(s)
                .t("."),
        );
    }
    if !legacy {
        list_blobs(img, o);
    }
    o.push(p().t("Order matters: the first layer is the base and each next one is unpacked over the ones before (manifest.md: “The array MUST have the base layer at index 0”)."));
    annotations(m, o);
}

/// A docker-archive's `manifest.json` entry, which stands in for a manifest.
fn legacy_manifest(img: &Image, o: &mut Out) {
    let mut para = p()
        .t("In a docker-archive, the manifest of this image is its entry in ")
        .v("manifest.json")
        .t(": ")
        .v("Config")
        .t(" ")
        .v(img.config.entry.as_deref().unwrap_or("(none)"))
        .t(" and ")
        .v("Layers");
    for l in img.layers.iter().take(LIST_MAX) {
        para = para.t(" ").v(l.entry.as_deref().unwrap_or("(missing)"));
    }
    if img.layers.len() > LIST_MAX {
        para = para.t(format!(" and {} more", img.layers.len() - LIST_MAX));
    }
    o.push(para.t(
        ". There is no manifest blob and no digest for it: `docker push` writes a real manifest, and computes its digest, on upload.",
    ));
}

/// A manifest blob: its digest, size, media type and how the two type fields agree.
fn manifest_document(m: &ManifestInfo, o: &mut Out) {
    if let Some(d) = &m.digest {
        o.fact("manifest-digest", d);
    }
    let mt = m.media_type.as_deref().or(m.document_media_type.as_deref());
    if let Some(t) = mt {
        o.fact("manifest-media-type", t);
    }
    let mut para = p().t("The manifest ").od(m.digest.as_ref());
    if let Some(s) = m.size {
        para = para.t(format!(" ({})", nbytes(s)));
    }
    o.push(
        para.t(" is a JSON document of type ")
            .v(mt.unwrap_or("(none)"))
            .t(": ")
            .st(worst(&[m.check.digest_status, m.check.size_status]))
            .t("."),
    );
    if mt == Some(DOCKER_MANIFEST) {
        o.push(p().t("It is a Docker schema2 manifest; an OCI image manifest has the same shape (a config and layers) under `application/vnd.oci.*` types."));
    }
    match (&m.media_type, &m.document_media_type) {
        (Some(_), None) => o.push(p().t("The document has no `mediaType` field of its own (OCI says it SHOULD); its type comes from the descriptor that points to it.")),
        (Some(a), Some(b)) if a != b => o.push(
            p().t("The descriptor says ").v(a).t(", the document says ").v(b).t("."),
        ),
        _ => {}
    }
}

/// The first four annotations of a manifest.
fn annotations(m: &ManifestInfo, o: &mut Out) {
    if m.annotations.is_empty() {
        return;
    }
    let mut para = p().t("Annotations: ");
    for (n, (k, v)) in m.annotations.iter().take(4).enumerate() {
        if n > 0 {
            para = para.t(", ");
        }
        let v = if v.is_empty() {
            "\"\"".to_string()
        } else {
            truncate(v, 120).0
        };
        para = para.v(k).t(" = ").v(v);
    }
    o.push(para.t("."));
}

/// The config and layers a manifest names, one paragraph each.
fn list_blobs(img: &Image, o: &mut Out) {
    let cf = &img.config;
    o.push(p().t(format!(
        "It names one config and {}, each by media type, digest and size:",
        plural(img.layers.len(), "layer", "layers")
    )));
    o.push(
        p().t("config: ")
            .v(cf.media_type.as_deref().unwrap_or("(no media type)"))
            .t(" ")
            .od(cf.digest.as_ref())
            .t(" ")
            .m(worst(&[cf.check.digest_status, cf.check.size_status])),
    );
    for l in img.layers.iter().take(LIST_MAX) {
        let mut para = p()
            .t(format!("layer {}: ", l.index))
            .v(l.media_type.as_deref().unwrap_or("(no media type)"))
            .t(" ")
            .od(l.digest.as_ref());
        if let Some(s) = l.size {
            para = para.t(format!(", {} ", nbytes(s)));
        }
        o.push(para.m(worst(&[l.check.digest_status, l.check.size_status])));
    }
    if img.layers.len() > LIST_MAX {
        o.push(p().t(format!(
            "… and {} more layers.",
            img.layers.len() - LIST_MAX
        )));
    }
}

pub(super) fn config_step(c: &Ctx, o: &mut Out) {
    let Some(img) = c.img else {
        if let (true, Some(d)) = (c.rootfs(), &c.r.input.rootfs_diff_id) {
            o.push(
                p().t("There is no config yet. An import writes one with `rootfs.diff_ids` = [")
                    .v(d)
                    .t("] and one `history` entry."),
            );
        } else {
            o.push(p().t("There is no image here, so no config."));
        }
        return;
    };
    let cf = &img.config;
    o.fact("diff-ids", cf.diff_ids.len());
    o.fact("history", cf.history.len());
    if let Some(d) = &cf.digest {
        o.fact("config-digest", d);
    }
    let mut para = p().t("The config ").od(cf.digest.as_ref());
    if let Some(t) = &cf.media_type {
        para = para.t(" (").v(t).t(")");
    }
    para = para
        .t(", ")
        .st(worst(&[cf.check.digest_status, cf.check.size_status]))
        .t(", holds how to run the image and how it was built");
    if let Some(pl) = c.platform() {
        para = para.t(": ").v(pl);
    }
    if let Some(t) = &cf.created {
        para = para.t(", created ").v(t);
    }
    if !cf.env.is_empty() {
        para = para.t(format!(
            ", {}",
            plural(cf.env.len(), "`Env` entry", "`Env` entries")
        ));
    }
    if !cf.labels.is_empty() {
        para = para.t(format!(", {}", plural(cf.labels.len(), "label", "labels")));
    }
    o.push(para.t("."));
    if c.docker_archive() {
        if let Some(e) = &cf.entry {
            o.push(
                p().t("Its file name ")
                    .v(e)
                    .t(" is its own sha256: Docker calls it the image ID."),
            );
        }
    }
    if cf.diff_ids.is_empty() {
        o.push(p().t(if img.kind == ImageKind::Artifact {
            "It has no `rootfs.diff_ids`: an artifact's config needs none."
        } else {
            "It has no `rootfs.diff_ids`, so nothing says what the layers should unpack to."
        }));
    } else {
        o.push(p().t(format!(
            "`rootfs.diff_ids` lists {}, one per layer, in the order of the manifest's layers. image-spec config.md: “A layer DiffID is the digest over the layer's uncompressed tar archive.”",
            plural(cf.diff_ids.len(), "DiffID", "DiffIDs")
        )));
        for (k, d) in cf.diff_ids.iter().enumerate().take(LIST_MAX) {
            let status = img.layers.get(k).and_then(|l| l.diff_id.status);
            o.push(p().t(format!("[{k}] ")).v(d).t(" ").m(status));
        }
        if cf.diff_ids.len() > LIST_MAX {
            o.push(p().t(format!("… and {} more.", cf.diff_ids.len() - LIST_MAX)));
        }
        if cf.diff_ids.len() != img.layers.len() {
            o.push(p().t(format!(
                "But the manifest has {}: the two lists must be the same length.",
                plural(img.layers.len(), "layer", "layers")
            )));
        }
    }
    history(c, img, o);
}

fn history(c: &Ctx, img: &Image, o: &mut Out) {
    let h = &img.config.history;
    let empty = h.iter().filter(|x| x.empty_layer).count();
    o.fact("empty-layers", empty);
    if h.is_empty() {
        o.push(p().t(
            "`history` is empty (it is optional), so nothing records how the layers were made.",
        ));
        return;
    }
    let made = h.len() - empty;
    let n = img.config.diff_ids.len();
    o.push(p().t(format!(
        "`history` has {}, one per build step; {} `empty_layer` (a setting such as `CMD` or `LABEL`, no files), leaving {}{}",
        plural(h.len(), "entry", "entries"),
        plural(empty, "is", "are"),
        plural(made, "step that made a layer", "steps that made layers"),
        if made == n {
            format!(", matching the {}.", plural(n, "DiffID", "DiffIDs"))
        } else {
            format!(", but there are {}: tools that pair them up get confused.", plural(n, "DiffID", "DiffIDs"))
        }
    )));
    let Some(l) = c.layer else { return };
    if let Some(by) = h
        .iter()
        .find(|x| x.layer == Some(l.index))
        .and_then(|x| x.created_by.as_deref().or(x.comment.as_deref()))
    {
        o.push(
            p().t(format!("Layer {} was made by ", l.index))
                .v(truncate(by, 160).0)
                .t("."),
        );
    }
}
