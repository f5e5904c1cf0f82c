//! `tests/oracle/load/results.json` as written by `scripts/record-load-results`:
//! per input (a fixture file or a crafted case) its sha256 and every tool run.

use serde_json::Value;

/// The recorded file.
pub const RESULTS: &str = include_str!("../oracle/load/results.json");

/// One tool run, as recorded.
#[derive(Debug, Clone)]
pub struct Run {
    /// `docker`, `containerd`, `podman`, `skopeo`, `umoci`.
    pub tool: String,
    /// The command, with `F` for the input.
    pub command: String,
    /// Exit status (124: timed out).
    pub exit: i64,
    /// stdout and stderr, tidied and trimmed.
    pub message: String,
    /// Images in the store afterwards (docker, podman, ctr); skopeo: 1 if copied.
    pub images: Option<u64>,
    /// Their names (`<none>` left out).
    pub names: Vec<String>,
    /// ctr: `--all-platforms` was given.
    pub all_platforms: bool,
    /// ctr: blobs in the namespace afterwards.
    pub blobs: Option<u64>,
    /// ctr: the exit statuses of repeated runs when they differed (`{"0": 1, "1": 2}`).
    pub outcomes: Option<String>,
}

/// One input and its runs.
#[derive(Debug, Clone)]
pub struct Input {
    /// `tests/fixtures/NAME` or `case:NAME`.
    pub input: String,
    /// sha256 of the bytes the tools were given.
    pub sha256: String,
    /// The runs.
    pub runs: Vec<Run>,
}

/// The exact versions the results were recorded with.
#[derive(Debug, Clone)]
pub struct Versions {
    pub docker: String,
    pub containerd: String,
    pub podman: String,
    pub skopeo: String,
    pub umoci: String,
}

fn s(v: &Value, k: &str) -> String {
    v[k].as_str().unwrap_or_default().to_string()
}

fn run(v: &Value) -> Run {
    Run {
        tool: s(v, "tool"),
        command: s(v, "command"),
        exit: v["exit"].as_i64().expect("exit"),
        message: s(v, "message"),
        images: v["images"].as_u64(),
        names: v["names"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default(),
        all_platforms: v["all_platforms"].as_bool().unwrap_or(false),
        blobs: v["blobs"].as_u64(),
        outcomes: v.get("outcomes").map(Value::to_string),
    }
}

/// The versions and inputs of [`RESULTS`].
pub fn load() -> (Versions, Vec<Input>) {
    let doc: Value = serde_json::from_str(RESULTS).expect("results.json parses");
    assert_eq!(doc["schema"], "ocilens.load-oracle/v1");
    let v = &doc["versions"];
    let versions = Versions {
        docker: s(v, "docker"),
        containerd: s(v, "containerd"),
        podman: s(v, "podman"),
        skopeo: s(v, "skopeo"),
        umoci: s(v, "umoci"),
    };
    let inputs = doc["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| Input {
            input: s(i, "input"),
            sha256: s(i, "sha256"),
            runs: i["runs"]
                .as_array()
                .expect("runs")
                .iter()
                .map(run)
                .collect(),
        })
        .collect();
    (versions, inputs)
}
