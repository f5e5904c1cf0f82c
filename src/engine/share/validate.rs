//! The hostile-JSON pre-pass of [`super::decode`]: one walk over the inflated
//! JSON that builds nothing and checks the depth ([`MAX_DEPTH`]), string
//! lengths ([`MAX_STRING`]) and item counts ([`MAX_ITEMS`]) before the JSON
//! is read into typed structures.

use super::clip::short;
use super::{LinkError, MAX_DEPTH, MAX_ITEMS, MAX_STRING};
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;

/// Walks JSON checking depth, string length and item counts; builds nothing.
#[derive(Clone, Copy)]
struct Checker {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Checker {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Checker {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<(), E> {
        if s.len() > MAX_STRING {
            return Err(E::custom(format!(
                "a string of {} bytes, over {MAX_STRING}",
                s.len()
            )));
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.deeper::<A::Error>()?;
        let mut n = 0usize;
        while seq.next_element_seed(inner)?.is_some() {
            n += 1;
            if n > MAX_ITEMS {
                return Err(serde::de::Error::custom(format!(
                    "an array of over {MAX_ITEMS} items"
                )));
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.deeper::<A::Error>()?;
        let mut n = 0usize;
        while map.next_key_seed(inner)?.is_some() {
            map.next_value_seed(inner)?;
            n += 1;
            if n > MAX_ITEMS {
                return Err(serde::de::Error::custom(format!(
                    "an object of over {MAX_ITEMS} members"
                )));
            }
        }
        Ok(())
    }
}

impl Checker {
    fn deeper<E: serde::de::Error>(self) -> Result<Checker, E> {
        let depth = self.depth + 1;
        if depth > MAX_DEPTH {
            return Err(E::custom(format!("nested deeper than {MAX_DEPTH}")));
        }
        Ok(Checker { depth })
    }
}

pub(super) fn check_json(json: &[u8]) -> Result<(), LinkError> {
    let bad = |e: serde_json::Error| LinkError::BadJson(short(&e.to_string(), 200));
    let mut de = serde_json::Deserializer::from_slice(json);
    Checker { depth: 0 }.deserialize(&mut de).map_err(bad)?;
    de.end().map_err(bad)
}
