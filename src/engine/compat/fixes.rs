//! The remedy of each finding that has one: a command, or a Containerfile
//! change, written for this input (its file name, its transport, its name).
//!
//! Templates use `{file}` (the input's file name), `{stem}` (the name
//! without `.tar` and compression suffixes), `{src}` (the input as a skopeo
//! source: `docker-archive:FILE` or `oci-archive:FILE`), `{ref}` (the
//! archive's first full name, else `NAME:TAG`), `{repo}` (its repository,
//! else `NAME`), `{dst_gzip}` and `{dst_named}` (a destination of the same
//! kind as the input, with the name), `{decompress}` and `{plain_tar}` (the
//! command that decompresses the whole archive, and where to). Only these are replaced; the rest is
//! text, so a hostile file name stays a file name (the page and the CLI show
//! it as text, never run it).

use super::rules::{
    FIX_CTR_BASE_NAME, FIX_DECOMPRESS, FIX_GZIP, FIX_NAME, FIX_ONE_IMAGE, FIX_ONE_PLATFORM,
    FIX_RECOMPRESS, FIX_TO_DOCKER_ARCHIVE, FIX_TO_OCI, FIX_TO_OCI_ARCHIVE,
};
use crate::engine::finding::Code;
use crate::engine::report::{Compression, Format, Report};

/// What the templates are filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The input's file name (`input.tar` when the report has none).
    pub file: String,
    /// The file name without `.tar` and compression suffixes.
    pub stem: String,
    /// The input's format.
    pub format: Format,
    /// The whole-archive compression.
    pub outer: Compression,
    /// The archive's first full name with a tag, if any.
    pub reference: Option<String>,
}

impl Context {
    /// The context of `report`.
    pub fn of(report: &Report) -> Context {
        let file = if report.input.name.is_empty() {
            "input.tar".to_string()
        } else {
            report.input.name.clone()
        };
        let reference = report
            .references
            .iter()
            .filter_map(|r| r.normalized.as_deref())
            .find(|n| n.rsplit('/').next().is_some_and(|last| last.contains(':')))
            .map(str::to_string);
        Context {
            stem: stem(&file),
            file,
            format: report.input.format,
            outer: report.input.outer_compression,
            reference,
        }
    }

    /// The input as a skopeo source.
    fn src(&self) -> String {
        match self.format {
            Format::DockerArchive => format!("docker-archive:{}", self.file),
            _ => format!("oci-archive:{}", self.file),
        }
    }

    /// The command that writes the decompressed archive to stdout.
    fn decompress(&self) -> &'static str {
        match self.outer {
            Compression::Gzip => "gzip -dc",
            Compression::Zstd => "zstd -dc",
            Compression::Xz => "xz -dc",
            Compression::Bzip2 => "bzip2 -dc",
            Compression::None => "cat",
        }
    }

    /// Where the decompressed archive goes: `STEM.tar`, unless that is the
    /// input's own name.
    fn plain_tar(&self) -> String {
        let plain = format!("{}.tar", self.stem);
        if plain == self.file {
            format!("{}-decompressed.tar", self.stem)
        } else {
            plain
        }
    }

    /// The name to give: the archive's own, else a placeholder.
    fn name(&self) -> &str {
        self.reference.as_deref().unwrap_or("NAME:TAG")
    }

    /// The repository of [`Context::name`].
    fn repo(&self) -> String {
        let name = self.name();
        let last_slash = name.rfind('/').map_or(0, |i| i + 1);
        match name.get(last_slash..).and_then(|tail| tail.find(':')) {
            Some(colon) => name.get(..last_slash + colon).unwrap_or(name).to_string(),
            None if self.reference.is_none() => "NAME".into(),
            None => name.to_string(),
        }
    }

    /// A destination of the input's kind (`kind` suffix in the file name).
    fn dst(&self, kind: &str) -> String {
        match self.format {
            Format::DockerArchive => {
                format!("docker-archive:{}-{kind}.tar:{}", self.stem, self.name())
            }
            _ => format!("oci-archive:{}-{kind}.tar:{}", self.stem, self.name()),
        }
    }
}

/// `file` without its directory, `.tar` and compression suffixes.
fn stem(file: &str) -> String {
    let base = file.rsplit('/').next().unwrap_or(file);
    let mut s = base;
    for suffix in [
        ".gz", ".tgz", ".zst", ".xz", ".bz2", ".tar", ".oci", ".docker",
    ] {
        s = s.strip_suffix(suffix).unwrap_or(s);
    }
    if s.is_empty() {
        "image".into()
    } else {
        s.to_string()
    }
}

/// Fills `template` for `ctx`.
pub fn render(template: &str, ctx: &Context) -> Option<String> {
    let out = template
        .replace("{dst_gzip}", &ctx.dst("gzip"))
        .replace("{dst_named}", &ctx.dst("named"))
        .replace("{src}", &ctx.src())
        .replace("{stem}", &ctx.stem)
        .replace("{file}", &ctx.file)
        .replace("{ref}", ctx.name())
        .replace("{repo}", &ctx.repo())
        .replace("{decompress}", ctx.decompress())
        .replace("{plain_tar}", &ctx.plain_tar());
    Some(out)
}

/// The remedy template of `code`, if it has one.
pub fn template(code: Code) -> Option<&'static str> {
    Some(match code {
        Code::CompatibilityZstd | Code::CompatibilityXz | Code::CompatibilityBzip2 => FIX_GZIP,
        Code::LayerCompressionMismatch => FIX_RECOMPRESS,
        Code::CompatibilityDockerZstd => {
            "docker buildx build --output type=image,oci-mediatypes=true,compression=zstd …"
        }
        Code::MediaTypeMixOciManifestDockerLayer
        | Code::MediaTypeMixDockerManifestOciLayer
        | Code::MediaTypeMixConfigFamily
        | Code::CompatibilityDockerManifestInLayout => FIX_TO_OCI,
        Code::ReferenceNone | Code::ReferenceMissingTag => FIX_NAME,
        Code::ReferenceTagOnly => FIX_CTR_BASE_NAME,
        Code::BlobMissingPlatformNotSaved => FIX_ONE_PLATFORM,
        Code::CompatibilityNoDockerManifest | Code::CompatibilityDotSlashNames => {
            FIX_TO_DOCKER_ARCHIVE
        }
        Code::CompatibilityNoOciLayout => FIX_TO_OCI_ARCHIVE,
        Code::CompatibilitySeveralImages => FIX_ONE_IMAGE,
        Code::CompatibilityCompressedArchive => FIX_DECOMPRESS,
        Code::CompatibilityPlatformIndex => FIX_ONE_PLATFORM,
        Code::DiffidCompressedDigest => {
            "xz -d ROOTFS.tar.xz && podman import ROOTFS.tar {ref} (Podman ≥ 5.4.2 imports xz correctly)"
        }
        Code::FormatRootfsTar => "podman import {file} {ref}",
        Code::FormatOciLayoutMissing => {
            "mkdir x && tar -xf {file} -C x && printf '{\"imageLayoutVersion\":\"1.0.0\"}' > x/oci-layout && tar -cf {stem}-fixed.tar -C x ."
        }
        Code::EfficiencyMetadataOnly => {
            "Containerfile: COPY --chown=USER:GROUP --chmod=MODE SRC DST (instead of a later RUN chown/chmod)"
        }
        Code::EfficiencyDeletedLater => {
            "Containerfile: RUN fetch … && use … && rm … in one RUN, or a multi-stage build (COPY --from=build /out /out)"
        }
        _ => return None,
    })
}

/// Import a compressed rootfs: `podman import` before 5.4.2 records the
/// digest of non-gzip bytes as the DiffID, so decompress it first.
const FIX_IMPORT_PLAIN: &str =
    "{decompress} {file} > {plain_tar} && podman import {plain_tar} {ref}";

/// The rendered remedy of `code` for this input.
pub fn fix(code: Code, ctx: &Context) -> Option<String> {
    let compressed_rootfs = code == Code::FormatRootfsTar
        && !matches!(ctx.outer, Compression::None | Compression::Gzip);
    let t = if compressed_rootfs {
        Some(FIX_IMPORT_PLAIN)
    } else {
        template(code)
    };
    t.and_then(|t| render(t, ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(file: &str, format: Format, reference: Option<&str>) -> Context {
        Context {
            file: file.into(),
            stem: stem(file),
            format,
            outer: Compression::None,
            reference: reference.map(str::to_string),
        }
    }

    #[test]
    fn templates_use_the_inputs_own_name_and_transport() {
        let oci = ctx(
            "skopeo-oci-zstd.tar",
            Format::OciLayout,
            Some("docker.io/ocilens/fixture:skopeo-zstd"),
        );
        assert_eq!(
            fix(Code::CompatibilityZstd, &oci).unwrap(),
            "skopeo copy --dest-compress-format gzip oci-archive:skopeo-oci-zstd.tar \
             oci-archive:skopeo-oci-zstd-gzip.tar:docker.io/ocilens/fixture:skopeo-zstd"
        );
        let untagged = ctx("docker-save-untagged.tar", Format::DockerArchive, None);
        assert_eq!(
            fix(Code::ReferenceNone, &untagged).unwrap(),
            "skopeo copy docker-archive:docker-save-untagged.tar \
             docker-archive:docker-save-untagged-named.tar:NAME:TAG"
        );
        let tag_only = ctx("umoci-layout.tar", Format::OciLayout, None);
        assert_eq!(
            fix(Code::ReferenceTagOnly, &tag_only).unwrap(),
            "ctr images import --base-name NAME umoci-layout.tar"
        );
        let named = ctx("x.tar", Format::OciLayout, Some("example.com:5000/a/b:1"));
        assert_eq!(named.repo(), "example.com:5000/a/b");
        assert_eq!(stem("dir/a.tar.gz"), "a");
        assert_eq!(stem(".tar"), "image");
        assert!(fix(Code::TarSparse, &named).is_none());
    }
}
