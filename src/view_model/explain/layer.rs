//! The layer steps: one layer from both sides (digest and DiffID) and the
//! layer stack (whiteouts, opaque directories, the merged tree).

use super::util::{nbytes, nbytes_of, p, plural, Ctx, Out, Para, LIST_MAX};
use crate::engine::report::{Compression, Content, LayerInfo, Status};
use crate::engine::tree::entry::Kind;

pub(super) fn layer_step(c: &Ctx, o: &mut Out) {
    let Some(img) = c.img else {
        rootfs_layer(c, o);
        return;
    };
    let Some(l) = c.layer else {
        o.push(p().t("This image has no layers, so there is nothing to look at from both sides."));
        return;
    };
    let k = l.index;
    o.fact("layer-index", k);
    let comp = l.compression.unwrap_or(Content::Unknown);
    o.fact("layer-compression", comp.as_str());
    let mut intro = p().t(format!("Layer {k} of {} is ", img.layers.len()));
    intro = intro.v(l.entry.as_deref().unwrap_or("(not in the archive)"));
    if let Some(t) = &l.media_type {
        intro = intro.t(", declared as ").v(t);
    }
    o.push(intro.t(". Two hashes name it: the digest of the bytes as stored, and the DiffID of the tar inside."));
    let plain = comp == Content::Tar || c.docker_archive();
    layer_digest(c, l, comp, plain, o);
    layer_diff_id(l, plain, o);
    if plain && l.digest.is_some() && l.digest == l.diff_id.computed {
        o.push(
            p().t(
                "The layer is not compressed, so both hashes cover the same bytes and are equal.",
            ),
        );
    }
    o.push(p().t("Why two? The digest names the bytes as stored and sent, so a download can be checked; the DiffID names the content whatever the compression, so a runtime can check what it unpacked. Recompress a layer and its digest changes; its DiffID does not."));
}

/// The digest side of a layer: the sha256 of the bytes as stored.
fn layer_digest(c: &Ctx, l: &LayerInfo, comp: Content, plain: bool, o: &mut Out) {
    let Some(d) = &l.digest else { return };
    o.fact("layer-digest", d);
    let adj = if plain { "" } else { "compressed " };
    let mut para = p().t("Its digest ").d(d).t(" is the sha256 of these ");
    para = match l.size {
        Some(s) => {
            o.fact("layer-size", s);
            para.t(nbytes_of(s, adj))
        }
        None => para.t(format!("{adj}bytes")),
    };
    para = if c.docker_archive() {
        para.t(" of plain tar (a docker-archive stores layers uncompressed, so this is also its DiffID)")
    } else if plain {
        para.t(", stored uncompressed")
    } else {
        para.t(" (").v(comp.as_str()).t(")")
    };
    para = if l.check.digest_status.is_some() || !c.docker_archive() {
        para.t(": ").st(l.check.digest_status)
    } else {
        para.t(": computed here")
    };
    o.push(para.t("."));
    if let Some(s @ (Status::Mismatch | Status::Unverifiable)) = l.check.size_status {
        o.push(p().t("Its declared size: ").st(Some(s)).t("."));
    }
}

/// The DiffID side of a layer: the sha256 of the tar inside, against the config's.
fn layer_diff_id(l: &LayerInfo, plain: bool, o: &mut Out) {
    let k = l.index;
    match &l.diff_id.computed {
        Some(dd) => {
            o.fact("layer-diffid", dd);
            let mut para = p().t("Its DiffID ").v(dd).t(" is the sha256 of the ");
            para = match l.uncompressed_size {
                Some(m) => {
                    o.fact("layer-tar-bytes", m);
                    para.t(nbytes(m))
                }
                None => para.t("bytes"),
            };
            para = para.t(" of tar inside, computed here");
            if l.diff_id.declared.is_some() {
                para = para
                    .t(format!("; compared with `rootfs.diff_ids[{k}]`: "))
                    .st(l.diff_id.status);
            }
            o.push(para.t("."));
        }
        None => o.push(
            p().t("Its DiffID could not be computed here (the bytes did not decode to a tar).")
                .t(" ")
                .m(l.diff_id.status),
        ),
    }
    if let Some(decl) = &l.diff_id.declared {
        o.fact("layer-diffid-declared", decl);
        if l.diff_id.computed.as_ref().is_some_and(|x| x != decl) {
            let mut para = p().t("The config declares ").v(decl).t(" instead.");
            if l.digest.as_ref() == Some(decl) && !plain {
                para = para.t(" That is the digest of the compressed blob, not of the tar inside: the mistake of podman#25593.");
            }
            o.push(para);
        }
    }
}

fn rootfs_layer(c: &Ctx, o: &mut Out) {
    let inp = &c.r.input;
    let (true, Some(d)) = (c.rootfs(), &inp.rootfs_diff_id) else {
        o.push(p().t("There is no image here, so no layer."));
        return;
    };
    o.fact("layer-diffid", d);
    o.push(p().t("There is no layer yet. Imported, this tar would be the single layer."));
    let mut para = p()
        .t("Its DiffID would be ")
        .v(d)
        .t(", computed here as the sha256 of the ");
    if inp.outer_compression == Compression::None {
        o.fact("layer-tar-bytes", inp.size);
        para = para.t(nbytes(inp.size)).t(" of tar.");
    } else {
        para = para
            .t("tar inside these ")
            .t(nbytes_of(inp.size, "compressed "))
            .t(" (")
            .v(inp.outer_compression.as_str())
            .t("), not of the compressed file itself, which is what podman#25593 recorded.");
    }
    o.push(para);
}

pub(super) fn stack_step(c: &Ctx, o: &mut Out) {
    let Some(img) = c.img else {
        if c.rootfs() {
            let n = c.tree_layer(0).map_or(0, <[_]>::len);
            o.push(p().t(format!(
                "A single tar, so nothing to stack: its {} would be the whole file system.",
                plural(n, "entry", "entries")
            )));
        } else {
            o.push(p().t("There is no image here, so no layers to stack."));
        }
        return;
    };
    o.push(p().t("The container's file system is the layers stacked in order: each layer's tar is unpacked over the ones below, adding and replacing files. A tar cannot hold an absence, so deleting needs a marker. layer.md: “A whiteout file is an empty file with a special filename that signifies a path should be deleted”: ")
        .v(".wh.<name>")
        .t(" deletes ")
        .v("<name>")
        .t(", and ")
        .v(".wh..wh..opq")
        .t(" makes its directory opaque, hiding everything lower layers put there."));
    let (mut whiteouts, mut opaques, mut listed) = (0usize, 0usize, true);
    for l in img.layers.iter().take(LIST_MAX * 2) {
        let (para, counts) = stack_line(c, l);
        match counts {
            Some((w, op)) => {
                whiteouts += w;
                opaques += op;
            }
            None => listed = false,
        }
        o.push(para.t("."));
    }
    if img.layers.len() > LIST_MAX * 2 {
        o.push(p().t(format!(
            "… and {} more layers.",
            img.layers.len() - LIST_MAX * 2
        )));
    }
    if listed && img.layers.len() <= LIST_MAX * 2 {
        o.fact("whiteouts", whiteouts);
        o.fact("opaque-dirs", opaques);
        if whiteouts == 0 && opaques == 0 {
            o.push(p().t(
                "No layer of this image deletes anything: no whiteouts, no opaque directories.",
            ));
        }
    } else if !listed {
        o.push(p().t("The file lists were not kept, so whiteouts and opaque directories are not counted here."));
    }
    let merged = c.r.tree.as_ref().and_then(|t| {
        t.merged
            .iter()
            .find(|m| m.image as usize == c.i)
            .map(|m| m.entries.len())
    });
    if let Some(n) = merged {
        o.fact("merged-entries", n);
        o.push(p().t(format!(
            "Merged, bottom to top, they give a file tree of {}: what the container sees.",
            plural(n, "entry", "entries")
        )));
    }
}

/// One layer's line in the stack: its changes, whiteouts and opaque
/// directories, and those two counts when the layer's file list was kept.
fn stack_line(c: &Ctx, l: &LayerInfo) -> (Para, Option<(usize, usize)>) {
    let mut para = p().t(format!("layer {}: ", l.index));
    para = match &l.changes {
        Some(ch) => para.t(format!(
            "{} added, {} modified, {} removed",
            ch.added, ch.modified, ch.removed
        )),
        None => para.t("not read yet"),
    };
    let Some(entries) = c.tree_layer(l.index) else {
        return (para, None);
    };
    let wh: Vec<&str> = entries
        .iter()
        .filter(|e| e.kind == Kind::Whiteout)
        .map(|e| e.path.as_str())
        .collect();
    let op = entries.iter().filter(|e| e.kind == Kind::Opaque).count();
    para = para.t(format!("; {}", plural(wh.len(), "whiteout", "whiteouts")));
    for (n, w) in wh.iter().take(3).enumerate() {
        para = para.t(if n == 0 { " (" } else { ", " }).v(*w);
    }
    if wh.len() > 3 {
        para = para.t(", …");
    }
    if !wh.is_empty() {
        para = para.t(")");
    }
    para = para.t(format!(
        ", {}",
        plural(op, "opaque directory", "opaque directories")
    ));
    (para, Some((wh.len(), op)))
}
