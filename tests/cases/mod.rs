//! The crafted cases, one file a theme. Each file ends with one `crafted!`
//! block listing its cases:
//!
//! ```text
//! crafted! {
//!     /// CVE-2025-62518 (TARmageddon)
//!     tar_pax_conflict: F "tar: PAX size vs header size (CVE-2025-62518)",
//!         [Code::TarPaxConflict, OCI], check = check_tar_pax_conflict;
//!     entries_layer: H "limits: entries per layer", [Code::LimitsEntriesPerLayer, OCI],
//!         check = check_entries, options = |o| o.limits.entries_per_layer = 3;
//! }
//! ```
//!
//! The identifier names both the function that builds the input and the
//! case's `#[test]` (`cases::tar::tests::tar_pax_conflict`); the letter is
//! its category of the bad-input corpus (reliability-plan.md §4,
//! [`harness::Category`]: a case without one does not compile); the string is
//! the case's name, which its report snapshots are named after; then come the
//! exact codes it must produce, and optionally a check of the seekable report
//! and a change to the options (in this order). The block also makes the
//! file's `pub const CASES`, which `every_code_has_a_case` reads.
//!
//! The `#[test]`s go through `case_tests!`, which the including crate
//! defines before `mod cases;`: `tests/crafted.rs` keeps them, while
//! `tests/load_oracle.rs` and `examples/write_cases.rs`, which only need
//! the inputs, drop them (so the cases do not run twice).

/// A theme's cases: its `CASES` list and one `#[test]` per case (see the
/// module documentation).
macro_rules! crafted {
    (@some) => {
        None
    };
    (@some $e:expr) => {
        Some($e)
    };
    ($(
        $(#[$attr:meta])*
        $build:ident: $category:ident $name:literal, [$($code:expr),* $(,)?]
            $(, check = $check:expr)? $(, options = $options:expr)?;
    )*) => {
        /// The cases of this theme.
        pub const CASES: &[$crate::cases::harness::Case] = &[$(
            $crate::cases::harness::Case {
                name: $name,
                category: $crate::cases::harness::Category::$category,
                build: $build,
                codes: &[$($code),*],
                check: crafted!(@some $($check)?),
                options: crafted!(@some $($options)?),
            },
        )*];

        case_tests! {
            /// One `#[test]` per case, named after the function that builds its input.
            mod tests {
                #[cfg(target_arch = "wasm32")]
                use wasm_bindgen_test::wasm_bindgen_test as test;
                $(
                    $(#[$attr])*
                    #[test]
                    fn $build() {
                        $crate::cases::harness::run(super::CASES, $name);
                    }
                )*
            }
        }
    };
}

mod common;
pub mod harness;

pub mod archive;
pub mod blobs;
pub mod bombs;
pub mod breakouts;
pub mod compat;
pub mod compression;
pub mod config;
pub mod diffid;
pub mod digests;
pub mod efficiency;
pub mod facts;
pub mod format;
pub mod json;
pub mod json_hostile;
pub mod layers;
pub mod limits;
pub mod media_types;
pub mod packages;
pub mod paths;
pub mod references;
pub mod rendering;
pub mod runtime;
pub mod scale;
pub mod secrets;
pub mod share_links;
pub mod tar;
pub mod tar_headers;
pub mod whiteouts;

/// Every case of every theme.
pub fn all() -> impl Iterator<Item = &'static harness::Case> {
    [
        archive::CASES,
        blobs::CASES,
        bombs::CASES,
        breakouts::CASES,
        compat::CASES,
        compression::CASES,
        config::CASES,
        diffid::CASES,
        digests::CASES,
        efficiency::CASES,
        facts::CASES,
        format::CASES,
        json::CASES,
        json_hostile::CASES,
        layers::CASES,
        limits::CASES,
        media_types::CASES,
        packages::CASES,
        paths::CASES,
        references::CASES,
        rendering::CASES,
        runtime::CASES,
        scale::CASES,
        secrets::CASES,
        tar::CASES,
        tar_headers::CASES,
        whiteouts::CASES,
    ]
    .into_iter()
    .flatten()
}
