//! Disagreements between a real tool and ocilens's verdict that are not
//! bugs in the rules, each with its reason. `tests/load_oracle.rs` fails
//! when a disagreement is not listed here, and when a listed one no longer
//! happens (so the list cannot go stale).

/// One documented disagreement.
pub struct Exception {
    /// The recorded input (`tests/fixtures/NAME` or `case:NAME`).
    pub input: &'static str,
    /// The column's label (`observe::COLUMNS`).
    pub column: &'static str,
    /// Why the tool and the rules differ here, and why the rule stays.
    pub reason: &'static str,
}

/// The documented disagreements.
pub const EXCEPTIONS: &[Exception] = &[
    Exception {
        input: "case:platform not saved (moby#49473)",
        column: "ctr images import F",
        reason: PLATFORM_NOT_SAVED,
    },
    Exception {
        input: "case:verdicts: platforms listed, not saved",
        column: "ctr images import F",
        reason: PLATFORM_NOT_SAVED,
    },
    Exception {
        input: "case:scale: index DAG 10 deep, fan-out 10",
        column: "ctr images import F",
        reason: DAG_TIMEOUT,
    },
    Exception {
        input: "case:scale: index DAG 10 deep, fan-out 10",
        column: "ctr images import --all-platforms F",
        reason: DAG_TIMEOUT,
    },
    Exception {
        input: "case:scale: 2 000 nested directories",
        column: "ctr images import F",
        reason: DEEP_TIMEOUT,
    },
    Exception {
        input: "case:scale: 2 000 nested directories",
        column: "ctr images import --all-platforms F",
        reason: DEEP_TIMEOUT,
    },
];

/// Why ctr on 2 000 nested directories reads as fails where the rules say ok.
const DEEP_TIMEOUT: &str = "ctr was killed by the recording's timeout (120 s, in all six \
     runs) while unpacking, it did not refuse the layer: the path stays under PATH_MAX (2 000 \
     levels of `d/`, 4 000 bytes) and podman and umoci unpack it (umoci in more than 120 s: \
     re-recorded with --timeout 600, it passes). containerd resolves every entry's path inside \
     the root one component at a time, so the time grows with the square of the depth; where \
     it crosses the harness's timeout is the machine's and the timeout's, not the image's. Six \
     ctr runs at 600 s did not fit the recording session.";

/// Why ctr on the index DAG reads as fails where the rules say warns or ok.
const DAG_TIMEOUT: &str = "ctr was killed by the recording's timeout (120 s, every one of \
     its six runs), it did not refuse the file: a DAG 10 deep with a fan-out of 10 has 10^10 \
     paths to its one manifest, and containerd's image handlers (images.Dispatch, as far as \
     the source reads) keep no set of the descriptors already walked. How long that takes is a property of the \
     harness (its timeout, the machine), not an answer of ctr that a rule could give; the \
     report counts no paths either. The rule stays on what ctr does with the image it would \
     reach (the platform index).";

/// Why plain `ctr images import` of an index with a platform whose blobs
/// are absent reads as ok but the rule warns.
const PLATFORM_NOT_SAVED: &str = "ctr imports the host's platform and skips the one whose \
     blobs the file lacks, with exit 0: nothing that is in the file is lost, so the run reads \
     as ok. The rule warns on purpose: the index promises a platform that no import can give, \
     and the issue asks to say which importers skip it (the --all-platforms run fails).";
