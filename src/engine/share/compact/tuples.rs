//! The report structs a link stores as arrays rather than objects: the
//! tool as `[name, version]`, a layer's changes as `[added, modified,
//! removed]`, and a config's healthcheck as a 5-tuple (`with` modules for
//! [`super`]).

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

/// A config's [`Healthcheck`](crate::engine::model::config::Healthcheck) as
/// `[test, interval, timeout, start_period, retries]`.
pub(super) mod healthcheck {
    use crate::engine::model::config::Healthcheck;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    type Tuple = (
        Vec<String>,
        Option<u64>,
        Option<u64>,
        Option<u64>,
        Option<u64>,
    );

    pub(in crate::engine::share) fn serialize<S: Serializer>(
        h: &Option<Healthcheck>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        h.as_ref()
            .map(|h| {
                let t: Tuple = (
                    h.test.clone(),
                    h.interval,
                    h.timeout,
                    h.start_period,
                    h.retries,
                );
                t
            })
            .serialize(s)
    }

    pub(in crate::engine::share) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Healthcheck>, D::Error> {
        let t: Option<Tuple> = Deserialize::deserialize(d)?;
        Ok(t.map(
            |(test, interval, timeout, start_period, retries)| Healthcheck {
                test,
                interval,
                timeout,
                start_period,
                retries,
            },
        ))
    }
}
