//! The two report structs a link stores as arrays rather than objects: the
//! tool as `[name, version]` and a layer's changes as `[added, modified,
//! removed]` (`with` modules for [`super`]).

/// [`Tool`](crate::engine::report::Tool) as `[name, version]`.
pub(super) mod tool {
    use crate::engine::report::Tool;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(in crate::engine::share) fn serialize<S: Serializer>(
        t: &Tool,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        (&t.name, &t.version).serialize(s)
    }

    pub(in crate::engine::share) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Tool, D::Error> {
        let (name, version) = Deserialize::deserialize(d)?;
        Ok(Tool { name, version })
    }
}

/// A layer's [`Changes`](crate::engine::tree::merge::Changes) as
/// `[added, modified, removed]`.
pub(super) mod changes {
    use crate::engine::tree::merge::Changes;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(in crate::engine::share) fn serialize<S: Serializer>(
        c: &Option<Changes>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        c.map(|c| (c.added, c.modified, c.removed)).serialize(s)
    }

    pub(in crate::engine::share) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Changes>, D::Error> {
        let c: Option<(u64, u64, u64)> = Deserialize::deserialize(d)?;
        Ok(c.map(|(added, modified, removed)| Changes {
            added,
            modified,
            removed,
        }))
    }
}
