//! The compact form of a report in a link: short keys, members left out when
//! empty or when the finding catalogue already knows them. The conversions
//! are in `convert`.

use super::Focus;
use crate::engine::finding::{Check, Code, Severity};
use crate::engine::model::descriptor::Platform;
use crate::engine::report::{
    Compression, Content, Format, ImageKind, ImageSource, IndexNodeKind, RefSource, Status,
};
use crate::engine::tree::entry::{Change, Kind};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Serialize, Deserialize)]
pub(super) struct Compact {
    /// `schema`, when not [`SCHEMA`](crate::engine::report::SCHEMA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) s: Option<String>,
    /// `tool`: name, version.
    pub(super) t: (String, String),
    pub(super) i: CInput,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) r: Vec<CRef>,
    /// The index tree in preorder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) x: Vec<CNode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) m: Vec<CImage>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) d: Vec<CDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) tr: Option<CTree>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) f: Vec<CFinding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) o: Option<Focus>,
    #[serde(default, skip_serializing_if = "CDropped::is_none")]
    pub(super) dr: CDropped,
}

#[derive(Serialize, Deserialize, Default, PartialEq)]
pub(super) struct CDropped {
    #[serde(default, skip_serializing_if = "is_false")]
    pub(super) t: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(super) h: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(super) a: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(super) d: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(super) m: bool,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub(super) f: u32,
}

impl CDropped {
    fn is_none(&self) -> bool {
        *self == CDropped::default()
    }
}

#[derive(Serialize, Deserialize)]
pub(super) struct CInput {
    pub(super) n: String,
    pub(super) z: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) h: Option<String>,
    pub(super) f: Format,
    pub(super) o: Compression,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) r: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CRef {
    pub(super) w: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) n: Option<String>,
    pub(super) s: RefSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) t: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) i: Option<u32>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CNode {
    /// Depth: 0 for the root.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub(super) p: u32,
    pub(super) k: IndexNodeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) t: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) d: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) z: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) pl: Option<Platform>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) a: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) e: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) ds: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) ss: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) i: Option<u32>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CImage {
    pub(super) k: ImageKind,
    pub(super) s: ImageSource,
    pub(super) m: CManifest,
    pub(super) c: CConfig,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) l: Vec<CLayer>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CManifest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) d: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) t: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) dt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) z: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) pl: Option<Platform>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) a: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) sj: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) e: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) ds: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) ss: Option<Status>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) d: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) t: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) e: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) os: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) v: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) cr: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) di: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) h: Vec<CHistory>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) en: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) lb: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) ds: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) ss: Option<Status>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CHistory {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) c: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) b: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) m: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(super) e: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) l: Option<u32>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CLayer {
    pub(super) n: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) t: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) d: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) z: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) e: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) c: Option<Content>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) u: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) ds: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) ss: Option<Status>,
    /// DiffID declared, computed, status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) dd: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) dc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) dst: Option<Status>,
    /// Changes: added, modified, removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) ch: Option<(u64, u64, u64)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) fl: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) ur: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) a: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CDoc {
    pub(super) e: String,
    pub(super) r: String,
    pub(super) d: String,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub(super) c: Value,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CTree {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) l: Vec<CTreeLayer>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) m: Vec<CTreeMerged>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CTreeLayer {
    pub(super) i: u32,
    pub(super) l: u32,
    pub(super) e: Vec<CEntry>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CTreeMerged {
    pub(super) i: u32,
    pub(super) e: Vec<CEntry>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CEntry {
    pub(super) p: String,
    pub(super) k: Kind,
    pub(super) m: u32,
    pub(super) u: u64,
    pub(super) g: u64,
    pub(super) z: u64,
    pub(super) t: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) l: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) c: Option<Change>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) y: Option<u32>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CFinding {
    /// The code; one this build does not know fails the decode.
    pub(super) c: Code,
    #[serde(default, skip_serializing_if = "CWhere::is_none")]
    pub(super) w: CWhere,
    pub(super) m: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) x: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) y: Option<String>,
    /// Severity, when not the catalogue's for the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) s: Option<Severity>,
    /// Check, when not the catalogue's for the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) k: Option<Check>,
    /// Explanation, when not the catalogue's (nor the catalogue's plus a sentence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) e: Option<String>,
    /// A sentence appended to the catalogue's explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) ea: Option<String>,
    /// Spec URL, when not the catalogue's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) p: Option<String>,
}

#[derive(Serialize, Deserialize, Default, PartialEq)]
pub(super) struct CWhere {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) e: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) b: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) i: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) l: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) p: Option<String>,
}

impl CWhere {
    fn is_none(&self) -> bool {
        *self == CWhere::default()
    }
}
