//! The image config: rootfs type, platform, Env and created.

use super::common::*;
use ocilens::engine::finding::Code;
use serde_json::json;

fn rootfs_type() -> Vec<u8> {
    layout_as_is(with_config(|c| c["rootfs"]["type"] = json!("layer")))
}
fn platform_missing() -> Vec<u8> {
    layout_as_is(with_config(|c| {
        c.as_object_mut().unwrap().remove("os");
    }))
}
fn platform_mismatch() -> Vec<u8> {
    let mut i = img();
    i.platform = Some(json!({"architecture": "arm64", "os": "linux", "variant": "v8"}));
    layout_as_is(i)
}
fn env_invalid() -> Vec<u8> {
    layout_as_is(with_config(|c| {
        c["config"] = json!({"Env": ["PATH=/usr/bin", "NOEQUALS"]})
    }))
}
fn created_invalid() -> Vec<u8> {
    layout_as_is(with_config(|c| c["created"] = json!("yesterday")))
}

crafted! {
    rootfs_type: B "rootfs.type", [Code::ConfigRootfsType, OCI];
    platform_missing: B "config without os", [Code::ConfigPlatformMissing, OCI];
    platform_mismatch: B "index platform vs config", [Code::ConfigPlatformMismatch, OCI];
    env_invalid: C "Env entry without =", [Code::ConfigEnvInvalid, OCI];
    created_invalid: C "created not RFC 3339", [Code::ConfigCreatedInvalid, OCI];
}
