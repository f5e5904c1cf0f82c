//! The media types step: what each descriptor claims against what the bytes are.

use super::util::{p, Ctx, Out, Para, LIST_MAX};
use crate::engine::model::media_type::{family, layer_type, Family};
use crate::engine::report::{Compression, Content, Image, LayerInfo, Status};

/// What a compression means for a layer, in words.
fn compression_words(c: Compression) -> &'static str {
    match c {
        Compression::None => "plain tar",
        c => c.as_str(),
    }
}

/// What the bytes of a layer are, in words.
fn content_words(c: Content) -> &'static str {
    match c.compression() {
        Some(c) => compression_words(c),
        None => c.as_str(),
    }
}

pub(super) fn media_types_step(c: &Ctx, o: &mut Out) {
    let Some(img) = c.img else {
        let inp = &c.r.input;
        if c.rootfs() {
            o.push(
                p().t("A file-system tarball has no media types. This one is ")
                    .v(compression_words(inp.outer_compression))
                    .t(". Whatever the compression of the file, an import must record the DiffID of the tar inside."),
            );
        } else {
            o.push(p().t("There is no image here, so no media types to check."));
        }
        return;
    };
    o.push(p().t("A media type is a claim written next to a digest; the bytes may say otherwise. ocilens reads the first bytes of each layer (gzip starts with ")
        .v("1f 8b")
        .t(", zstd with ")
        .v("28 b5 2f fd")
        .t(", xz with ")
        .v("fd 37 7a 58 5a 00")
        .t("; a tar has ")
        .v("ustar")
        .t(" at offset 257) and compares them with the claim."));
    if c.docker_archive() {
        docker_layers(img, o);
        return;
    }
    o.push(families(img));
    let mut mismatches = 0usize;
    for l in img.layers.iter().take(LIST_MAX * 2) {
        let (para, mark) = layer_claim(l, o);
        mismatches += usize::from(mark == Some(Status::Mismatch));
        o.push(para);
    }
    o.fact("mismatches", mismatches);
    if mismatches > 0 {
        o.push(p().t("Where claim and bytes disagree, a tool that trusts the media type fails to read the layer (umoci: “unexpected EOF”), while one that sniffs the bytes copes. The DiffID, too, must be the sha256 of the tar after decompressing, whatever the label says."));
    }
}

/// A docker-archive has no media types: what its layers are, and whether
/// that is the plain tar it must be.
fn docker_layers(img: &Image, o: &mut Out) {
    let mut kinds: Vec<Content> = img.layers.iter().filter_map(|l| l.compression).collect();
    kinds.sort_unstable_by_key(|k| k.as_str());
    kinds.dedup();
    let mut para = p().t("A docker-archive has no media types: `manifest.json` gives only paths, and its layers must be plain tar. Here they are");
    for (n, k) in kinds.iter().enumerate() {
        para = para.t(if n == 0 { " " } else { ", " }).v(content_words(*k));
    }
    let ok = kinds.iter().all(|k| *k == Content::Tar);
    o.push(para.t(". ").m(Some(if ok {
        Status::Verified
    } else {
        Status::Mismatch
    })));
}

/// The families of the manifest, config and layer media types.
fn families(img: &Image) -> Para {
    let m = &img.manifest;
    let mt = m.media_type.as_deref().or(m.document_media_type.as_deref());
    let mut fams: Vec<Family> = mt.into_iter().map(family).collect();
    let mut para = p().t("The manifest is ").v(mt.unwrap_or("(no media type)"));
    if let Some(t) = &img.config.media_type {
        fams.push(family(t));
        para = para.t(" and its config ").v(t);
    }
    fams.extend(
        img.layers
            .iter()
            .filter_map(|l| l.media_type.as_deref())
            .map(family),
    );
    let oci = fams.contains(&Family::Oci);
    let docker = fams.contains(&Family::Docker);
    para.t(match (oci, docker) {
        (true, true) => ". The image mixes Docker and OCI types, which some tools reject.",
        (false, true) => ": Docker types throughout.",
        (true, false) => ": OCI types throughout.",
        (false, false) => ".",
    })
}

/// One layer: the compression its type names against what its bytes are,
/// with the mark (`None` when either side is unknown).
fn layer_claim(l: &LayerInfo, o: &mut Out) -> (Para, Option<Status>) {
    let expected = l
        .media_type
        .as_deref()
        .map(layer_type)
        .and_then(|t| t.compression);
    let sniffed = l.compression;
    let mark = match (expected, sniffed) {
        (Some(e), Some(s)) if s != Content::Unknown => Some(if s.compression() == Some(e) {
            Status::Verified
        } else {
            Status::Mismatch
        }),
        _ => None,
    };
    o.fact(
        &format!("layer-{}-media-type", l.index),
        l.media_type.as_deref().unwrap_or(""),
    );
    o.fact(
        &format!("layer-{}-compression", l.index),
        sniffed.map_or("", Content::as_str),
    );
    let para = p()
        .t(format!("layer {}: declared ", l.index))
        .v(l.media_type.as_deref().unwrap_or("(none)"))
        .t(" (")
        .t(expected.map_or("a type ocilens does not know", compression_words))
        .t("); the bytes are ")
        .v(sniffed.map_or("not read yet", content_words))
        .t(" ")
        .m(mark);
    (para, mark)
}
