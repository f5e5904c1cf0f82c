//! An image's efficiency in a link: the totals, the score, the bytes by kind
//! and the counts; never the items or the duplicate groups (they name paths
//! and can be long; the counts say how many there were).

use super::{Deserialize, Serialize};
use crate::engine::report::{Efficiency, KindBytes};

#[derive(Serialize, Deserialize)]
#[serde(remote = "Efficiency")]
pub(super) struct EfficiencyDef {
    /// `t`: regular-file bytes over all layers.
    #[serde(rename = "t")]
    total_bytes: u64,
    /// `f`: regular-file bytes in the final file system.
    #[serde(rename = "f")]
    final_bytes: u64,
    /// `w`: wasted bytes.
    #[serde(rename = "w")]
    wasted_bytes: u64,
    /// `s`: the score.
    #[serde(rename = "s")]
    score: f64,
    /// `k`: the wasted bytes by kind, `[overwritten, metadata-only, deleted, opaque-hidden]`.
    #[serde(rename = "k", with = "kind_bytes")]
    by_kind: KindBytes,
    /// Never in a link.
    #[serde(skip)]
    items: Vec<crate::engine::report::WasteItem>,
    /// `n`: how many wasted copies.
    #[serde(rename = "n", default)]
    items_total: u64,
    /// Never in a link.
    #[serde(skip)]
    duplicates: Vec<crate::engine::report::Duplicate>,
    /// `dn`: how many duplicate groups.
    #[serde(rename = "dn", default)]
    duplicates_total: u64,
    /// `db`: the bytes one copy per group would save.
    #[serde(rename = "db", default)]
    duplicate_bytes: u64,
}

/// [`KindBytes`] as `[overwritten, metadata-only, deleted, opaque-hidden]`.
mod kind_bytes {
    use crate::engine::report::KindBytes;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<S: Serializer>(k: &KindBytes, s: S) -> Result<S::Ok, S::Error> {
        (k.overwritten, k.metadata_only, k.deleted, k.opaque_hidden).serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<KindBytes, D::Error> {
        let (overwritten, metadata_only, deleted, opaque_hidden) = Deserialize::deserialize(d)?;
        Ok(KindBytes {
            overwritten,
            metadata_only,
            deleted,
            opaque_hidden,
        })
    }
}

/// `Option<Efficiency>` through [`EfficiencyDef`].
pub(super) mod option_efficiency {
    use super::{Efficiency, EfficiencyDef};
    use serde::{Deserialize, Deserializer, Serializer};

    #[derive(Deserialize)]
    struct Present(#[serde(with = "EfficiencyDef")] Efficiency);

    pub(in crate::engine::share) fn serialize<S: Serializer>(
        e: &Option<Efficiency>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match e {
            Some(e) => EfficiencyDef::serialize(e, s),
            None => s.serialize_none(),
        }
    }

    pub(in crate::engine::share) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Efficiency>, D::Error> {
        Ok(Option::<Present>::deserialize(d)?.map(|e| e.0))
    }
}
