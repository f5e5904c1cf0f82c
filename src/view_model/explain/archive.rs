//! The archive step: the files of the archive and the names it carries.

use super::util::{has_doc, nbytes, p, plural, Ctx, Out, LIST_MAX};
use crate::engine::report::{Compression, DocumentRole, Format};
use std::collections::HashSet;

pub(super) fn archive_step(c: &Ctx, o: &mut Out) {
    let inp = &c.r.input;
    o.fact("format", inp.format);
    o.fact("outer-compression", inp.outer_compression);
    let mut first = p()
        .t("You dropped ")
        .v(&inp.name)
        .t(format!(", {}", nbytes(inp.size)));
    if inp.outer_compression != Compression::None {
        first = first
            .t(", compressed as a whole with ")
            .v(inp.outer_compression.as_str())
            .t(": ocilens reads the tar inside as it decompresses it");
    }
    o.push(first.t(". It is a tar archive; here is what its files are."));
    match inp.format {
        Format::OciLayout | Format::OciLayoutDockerManifest => oci_files(c, o),
        Format::DockerArchive => docker_files(c, o),
        Format::RootfsTar => {
            let entries = c.tree_layer(0).map_or(0, <[_]>::len);
            o.push(
                p().t("This file is not an image: it is a bare file-system tarball of ")
                    .t(plural(entries, "entry", "entries"))
                    .t(", the kind of file `podman import` and `docker import` take."),
            );
            if let Some(d) = &inp.rootfs_diff_id {
                o.fact("rootfs-diffid", d);
                o.push(
                    p().t("An import wraps it into a one-layer image: it writes a config whose ")
                        .t("`rootfs.diff_ids` records the sha256 of the uncompressed tar, here ")
                        .v(d)
                        .t(", and a manifest naming that config and the layer."),
                );
            }
        }
        _ => o.push(p().t(
            "ocilens could not read this file as an image: it has no `oci-layout` or \
             `index.json` (an OCI layout), no `manifest.json` (a docker-archive), and it \
             does not look like a file system.",
        )),
    }
    references(c, o);
}

fn oci_files(c: &Ctx, o: &mut Out) {
    let r = c.r;
    match r
        .documents
        .iter()
        .find(|d| d.role == DocumentRole::OciLayout)
    {
        Some(doc) => {
            let version = doc
                .content
                .get("imageLayoutVersion")
                .and_then(|v| v.as_str())
                .unwrap_or("(none)");
            o.push(
                p().v(&doc.entry)
                    .t(" marks the archive as an OCI image layout (image-spec image-layout.md); it says ")
                    .v(format!("imageLayoutVersion: {version}"))
                    .t("."),
            );
        }
        None => o.push(p().t(
            "There is no `oci-layout` file, although an OCI image layout should start with one.",
        )),
    }
    if has_doc(r, DocumentRole::Index) {
        o.push(
            p().v("index.json")
                .t(" is the entry point: it lists the images of the layout by digest (next step)."),
        );
    }
    let mut blobs: HashSet<&str> = r
        .documents
        .iter()
        .map(|d| d.entry.as_str())
        .filter(|e| e.starts_with("blobs/"))
        .collect();
    for img in &r.images {
        blobs.extend(img.layers.iter().filter_map(|l| l.entry.as_deref()));
    }
    blobs.retain(|e| e.starts_with("blobs/"));
    o.fact("blobs", blobs.len());
    o.push(
        p().v("blobs/")
            .t(format!(
                " holds everything else, {} here, each named after the sha256 of its own bytes \
                 (",
                plural(blobs.len(), "file", "files")
            ))
            .v("blobs/sha256/<hex>")
            .t("). Manifests, configs and layers all live there; only the documents that point to them say which is which."),
    );
    if r.input.format == Format::OciLayoutDockerManifest || has_doc(r, DocumentRole::ManifestJson) {
        o.push(
            p().t("This archive also has a Docker ")
                .v("manifest.json")
                .t(", so it describes its images twice: `docker load` reads `manifest.json`, OCI tools read `index.json`. ocilens checks that both descriptions agree."),
        );
    }
}

fn docker_files(c: &Ctx, o: &mut Out) {
    let r = c.r;
    o.push(p().t(
        "This is a docker-archive, the format of `docker save`: there is no `oci-layout` and no `index.json`.",
    ));
    o.push(
        p().v("manifest.json")
            .t(format!(
                " lists the images ({} here): for each, its `Config` file, its `RepoTags` and its `Layers`, as file paths in order.",
                r.images.len()
            )),
    );
    if has_doc(r, DocumentRole::Repositories) {
        o.push(p().v("repositories").t(
            " is the older map from names to layer IDs (`{\"repo\": {\"tag\": \"<id>\"}}`), kept for old readers.",
        ));
    } else {
        o.push(
            p().t("There is no `repositories` file (an untagged save, or a tool that skips it)."),
        );
    }
    if let Some(img) = c.img {
        if let Some(e) = &img.config.entry {
            o.push(
                p().v(e)
                    .t(" is the image config; its file name is its own sha256, which Docker calls the image ID."),
            );
        }
        if let Some(e) = img.layers.iter().find_map(|l| l.entry.as_ref()) {
            o.push(
                p().t(
                    "Each layer is a plain, uncompressed tar at the path `Layers` gives, such as ",
                )
                .v(e)
                .t("."),
            );
        }
    }
}

fn references(c: &Ctx, o: &mut Out) {
    let refs: Vec<_> =
        c.r.references
            .iter()
            .filter(|x| x.image.is_none_or(|n| n as usize == c.i))
            .collect();
    o.fact("references", refs.len());
    if refs.is_empty() {
        if c.img.is_some() {
            o.push(p().t("The archive carries no name for this image."));
        }
        return;
    }
    let mut para = p().t("It names the image: ");
    for (n, x) in refs.iter().take(LIST_MAX).enumerate() {
        if n > 0 {
            para = para.t(", ");
        }
        para = para
            .v(&x.as_written)
            .t(" (from ")
            .v(x.source.as_str())
            .t(")");
    }
    if refs.len() > LIST_MAX {
        para = para.t(format!(" and {} more", refs.len() - LIST_MAX));
    }
    o.push(para.t("."));
}
