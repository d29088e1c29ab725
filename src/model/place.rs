//! Plain facts about where a value lives: the edition a file is read with, and the symbolic
//! place (`self.inner.state`, `COUNTER`, `m`) an expression names.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Edition {
    E2015,
    E2018,
    #[default]
    E2021,
    E2024,
}

impl Edition {
    pub fn parse(s: &str) -> Option<Edition> {
        match s.trim() {
            "2015" => Some(Edition::E2015),
            "2018" => Some(Edition::E2018),
            "2021" => Some(Edition::E2021),
            "2024" => Some(Edition::E2024),
            _ => None,
        }
    }
    /// Edition 2024 drops `if let` scrutinee temporaries before `else` and block tail
    /// temporaries before the block's locals.
    pub fn is_2024(self) -> bool {
        self == Edition::E2024
    }
}

/// Where a place expression starts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    tag = "kind",
    content = "name",
    rename_all = "kebab-case"
)]
pub enum Root {
    SelfRef,
    Local(String),
    Static(String),
    /// A call result or anything else that is not a path.
    Other(String),
}

/// [`Root`] as the cache stores it (externally tagged; see [`crate::model::stored::compact`]).
#[derive(Serialize, Deserialize)]
#[serde(remote = "Root")]
enum StoredRoot {
    SelfRef,
    Local(String),
    Static(String),
    Other(String),
}

impl Serialize for Root {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if crate::model::stored::compact() {
            StoredRoot::serialize(self, s)
        } else {
            Root::serialize(self, s)
        }
    }
}

impl<'de> Deserialize<'de> for Root {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if crate::model::stored::compact() {
            StoredRoot::deserialize(d)
        } else {
            Root::deserialize(d)
        }
    }
}

/// A symbolic place: `self.inner.state`, `COUNTER`, `accounts`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Place {
    pub root: Root,
    pub fields: Vec<String>,
    /// The expression as written (whitespace-normalised).
    pub text: String,
}
