//! The checks of an image config that need only the document: the fields the
//! report shows, `rootfs.type`, the platform, `Env`, the `created` dates, the
//! counts of DiffIDs and history entries against the layers, and the index's
//! platform against the config's. Pure functions over the model types.
//!
//! > The config … `rootfs.diff_ids` … in order from first to last.
//! > (image-spec `config.md`)

use crate::engine::finding::{Code, Finding, Location};
use crate::engine::model::config::{is_rfc3339, Config};
use crate::engine::model::descriptor::Platform;
use crate::engine::report::ConfigInfo;

/// Copies the config's fields into the report, numbering the history entries
/// that create a layer.
pub fn fill(config: &Config, info: &mut ConfigInfo) {
    info.os = config.os.clone();
    info.architecture = config.architecture.clone();
    info.variant = config.variant.clone();
    info.created = config.created.clone();
    info.diff_ids = config.diff_ids.clone();
    info.env = config.env.clone();
    info.labels = config.labels.clone();
    let run = config.run.clone();
    info.entrypoint = run.entrypoint;
    info.cmd = run.cmd;
    info.user = run.user;
    info.working_dir = run.working_dir;
    info.exposed_ports = run.exposed_ports;
    info.volumes = run.volumes;
    info.stop_signal = run.stop_signal;
    info.healthcheck = run.healthcheck;
    info.history = config.history.clone();
    let mut layer = 0u32;
    for h in &mut info.history {
        if !h.empty_layer {
            h.layer = Some(layer);
            layer += 1;
        }
    }
}

/// The field checks of an image's config (`loc`: the config document).
pub fn check(config: &Config, loc: &Location) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(t) = config.rootfs_type.as_deref().filter(|t| *t != "layers") {
        out.push(Finding::new(
            Code::ConfigRootfsType,
            loc.clone().with_path("$.rootfs.type"),
            format!("`rootfs.type` is `{t}`, not `layers`"),
        ));
    }
    let missing: Vec<&str> = [("os", &config.os), ("architecture", &config.architecture)]
        .iter()
        .filter(|(_, v)| v.as_deref().is_none_or(str::is_empty))
        .map(|(k, _)| *k)
        .collect();
    if !missing.is_empty() {
        out.push(Finding::new(
            Code::ConfigPlatformMissing,
            loc.clone(),
            format!("the config has no {}", missing.join(" and ")),
        ));
    }
    for (i, e) in config.env.iter().enumerate() {
        if !e.contains('=') {
            out.push(Finding::new(
                Code::ConfigEnvInvalid,
                loc.clone().with_path(format!("$.config.Env[{i}]")),
                format!("`Env` entry `{e}` has no `=`"),
            ));
        }
    }
    if let Some(c) = config.created.as_deref().filter(|c| !is_rfc3339(c)) {
        out.push(Finding::new(
            Code::ConfigCreatedInvalid,
            loc.clone().with_path("$.created"),
            format!("`created` is `{c}`, not RFC 3339"),
        ));
    }
    for (i, h) in config.history.iter().enumerate() {
        if let Some(c) = h.created.as_deref().filter(|c| !is_rfc3339(c)) {
            out.push(Finding::new(
                Code::ConfigCreatedInvalid,
                loc.clone().with_path(format!("$.history[{i}].created")),
                format!("history `created` is `{c}`, not RFC 3339"),
            ));
        }
    }
    out
}

/// Counts: DiffIDs and history entries that create layers, against the `layers`
/// of the manifest. Nothing when the config has no `rootfs`.
pub fn counts(config: &Config, layers: usize, loc: &Location) -> Vec<Finding> {
    let mut out = Vec::new();
    if !config.has_rootfs {
        return out;
    }
    if config.diff_ids.len() != layers {
        out.push(
            Finding::new(
                Code::DiffidCount,
                loc.clone().with_path("$.rootfs.diff_ids"),
                format!(
                    "the config lists {} DiffIDs for {layers} layers",
                    config.diff_ids.len()
                ),
            )
            .expected_found(layers.to_string(), config.diff_ids.len().to_string()),
        );
    }
    let non_empty = config.history.iter().filter(|h| !h.empty_layer).count();
    if !config.history.is_empty() && non_empty != layers {
        out.push(
            Finding::new(
                Code::DiffidHistoryCount,
                loc.clone().with_path("$.history"),
                format!("history has {non_empty} entries that create layers; the image has {layers} layers"),
            )
            .expected_found(layers.to_string(), non_empty.to_string()),
        );
    }
    out
}

/// The index's `platform` of a manifest against its config's `os`,
/// `architecture` and (when both say one) `variant`.
pub fn platform(index: &Platform, config: &Config, loc: &Location) -> Option<Finding> {
    let cfg = (
        config.os.clone().unwrap_or_default(),
        config.architecture.clone().unwrap_or_default(),
    );
    let variant_differs =
        index.variant.is_some() && config.variant.is_some() && index.variant != config.variant;
    if (index.os.clone(), index.architecture.clone()) == cfg && !variant_differs {
        return None;
    }
    Some(
        Finding::new(
            Code::ConfigPlatformMismatch,
            loc.clone(),
            format!(
                "the index says {}, the config says {}/{}",
                index.display(),
                cfg.0,
                cfg.1
            ),
        )
        .expected_found(index.display(), format!("{}/{}", cfg.0, cfg.1)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::config::History;

    fn codes(findings: &[Finding]) -> Vec<Code> {
        findings.iter().map(|f| f.code).collect()
    }

    fn linux_amd64() -> Config {
        Config {
            os: Some("linux".into()),
            architecture: Some("amd64".into()),
            rootfs_type: Some("layers".into()),
            has_rootfs: true,
            created: Some("2024-01-02T03:04:05Z".into()),
            ..Config::default()
        }
    }

    fn history(empty: &[bool]) -> Vec<History> {
        empty
            .iter()
            .map(|&e| History {
                empty_layer: e,
                ..History::default()
            })
            .collect()
    }

    #[test]
    fn a_good_config_has_no_findings() {
        let loc = Location::entry("blobs/sha256/c");
        assert!(check(&linux_amd64(), &loc).is_empty());
        assert!(counts(&linux_amd64(), 0, &loc).is_empty());
    }

    #[test]
    fn each_field_check_has_its_code_and_path() {
        let c = Config {
            os: None,
            architecture: Some(String::new()),
            rootfs_type: Some("tarball".into()),
            env: vec!["PATH=/bin".into(), "BROKEN".into()],
            created: Some("2024-13-45T25:61:61Z".into()),
            history: vec![History {
                created: Some("yesterday".into()),
                ..History::default()
            }],
            ..linux_amd64()
        };
        let f = check(&c, &Location::entry("cfg"));
        assert_eq!(
            codes(&f),
            [
                Code::ConfigRootfsType,
                Code::ConfigPlatformMissing,
                Code::ConfigEnvInvalid,
                Code::ConfigCreatedInvalid,
                Code::ConfigCreatedInvalid,
            ]
        );
        assert_eq!(f[1].message, "the config has no os and architecture");
        let paths: Vec<Option<&str>> = f.iter().map(|f| f.r#where.path.as_deref()).collect();
        assert_eq!(
            paths,
            [
                Some("$.rootfs.type"),
                None,
                Some("$.config.Env[1]"),
                Some("$.created"),
                Some("$.history[0].created"),
            ]
        );
    }

    #[test]
    fn counts_compare_diff_ids_and_history_with_the_layers() {
        let loc = Location::default();
        let c = Config {
            diff_ids: vec!["sha256:a".into(), "sha256:b".into()],
            history: history(&[false, true, false]),
            ..linux_amd64()
        };
        assert!(counts(&c, 2, &loc).is_empty());
        let f = counts(&c, 3, &loc);
        assert_eq!(codes(&f), [Code::DiffidCount, Code::DiffidHistoryCount]);
        assert_eq!(f[0].message, "the config lists 2 DiffIDs for 3 layers");
        // no rootfs at all: parse_config reported that already
        let none = Config {
            has_rootfs: false,
            ..c
        };
        assert!(counts(&none, 3, &loc).is_empty());
    }

    #[test]
    fn fill_numbers_the_history_entries_that_create_layers() {
        let c = Config {
            history: history(&[false, true, false]),
            ..linux_amd64()
        };
        let mut info = ConfigInfo::default();
        fill(&c, &mut info);
        let layers: Vec<Option<u32>> = info.history.iter().map(|h| h.layer).collect();
        assert_eq!(layers, [Some(0), None, Some(1)]);
        assert_eq!(info.os.as_deref(), Some("linux"));
    }

    #[test]
    fn the_platform_must_match_and_a_variant_only_when_both_say_one() {
        let loc = Location::default();
        let p = |os: &str, arch: &str, variant: Option<&str>| Platform {
            os: os.into(),
            architecture: arch.into(),
            variant: variant.map(str::to_string),
            os_version: None,
        };
        let arm = Config {
            architecture: Some("arm64".into()),
            variant: Some("v8".into()),
            ..linux_amd64()
        };
        assert!(platform(&p("linux", "arm64", None), &arm, &loc).is_none());
        assert!(platform(&p("linux", "arm64", Some("v8")), &arm, &loc).is_none());
        let v7 = platform(&p("linux", "arm64", Some("v7")), &arm, &loc).unwrap();
        assert_eq!(v7.code, Code::ConfigPlatformMismatch);
        let amd = platform(&p("linux", "amd64", None), &arm, &loc).unwrap();
        assert_eq!(
            amd.message,
            "the index says linux/amd64, the config says linux/arm64"
        );
    }
}
