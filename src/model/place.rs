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
#[serde(tag = "kind", content = "name", rename_all = "kebab-case")]
pub enum Root {
    SelfRef,
    Local(String),
    Static(String),
    /// A call result or anything else that is not a path.
    Other(String),
}

/// A symbolic place: `self.inner.state`, `COUNTER`, `accounts`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Place {
    pub root: Root,
    pub fields: Vec<String>,
    /// The expression as written (whitespace-normalised).
    pub text: String,
}
