//! The method names that make a call a store read, write, insert or existence check.
//! Configurable in `racelint.toml` under `[rules.store-get-then-save]`:
//!
//! ```toml
//! [rules.store-get-then-save]
//! read-verbs = ["fetch_post"]      # added to the defaults
//! write-verbs = ["commit"]
//! insert-verbs = ["register"]
//! check-verbs = ["is_taken"]
//! ```

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreVerbs {
    /// Calls that fetch a record or value (`get`, `find`, `load`, ...).
    pub read: Vec<String>,
    /// Calls that write a record or value back (`save`, `update`, `set`, ...).
    pub write: Vec<String>,
    /// Calls that create a record (`insert`, `create`, ...).
    pub insert: Vec<String>,
    /// Calls that test for existence and return a bool (`exists`, `contains`, ...).
    pub exists: Vec<String>,
}

const READ: &[&str] = &[
    "get",
    "find",
    "fetch",
    "load",
    "read",
    "select",
    "query_one",
    "find_by_id",
    "find_one",
    "get_by_id",
    "find_by_key",
    "get_one",
    "load_by_id",
    "fetch_by_id",
    "find_by",
    "get_by",
    "find_by_*",
    "get_by_*",
    "fetch_by_*",
    "load_by_*",
    "select_by_*",
    "find_one_by_*",
    "retrieve",
    "lookup",
    "hget",
];

const WRITE: &[&str] = &[
    "save",
    "update",
    "put",
    "set",
    "store",
    "upsert",
    "write",
    "replace",
    "persist",
    "hset",
    "set_ex",
    "pset_ex",
    "update_one",
    "replace_one",
    "save_changes",
];

const INSERT: &[&str] = &[
    "insert",
    "insert_one",
    "create",
    "add",
    "save",
    "put",
    "set",
    "store",
    "persist",
    "set_ex",
    "hset",
    "sadd",
];

const EXISTS: &[&str] = &[
    "exists",
    "contains",
    "contains_key",
    "has",
    "has_key",
    "key_exists",
    "hexists",
    "sismember",
    "is_member",
    "exists_by_id",
    "exists_by_*",
    "is_taken",
];

/// A verb is a method name, or a prefix ending in `*` (`find_by_*`).
fn matches_any(list: &[String], m: &str) -> bool {
    list.iter().any(|v| {
        // a verb or prefix other than `*` matches only a name with its first byte: the
        // cheap test first (the lists hold some 70 verbs, asked for every method call)
        if let (Some(&v0), Some(&m0)) = (v.as_bytes().first(), m.as_bytes().first())
            && v0 != m0
            && v0 != b'*'
        {
            return false;
        }
        matches_verb(v, m)
    })
}

fn matches_verb(v: &str, m: &str) -> bool {
    match v.strip_suffix('*') {
        Some(prefix) => m.starts_with(prefix) && m.len() > prefix.len(),
        None => v == m,
    }
}

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl Default for StoreVerbs {
    fn default() -> Self {
        StoreVerbs {
            read: owned(READ),
            write: owned(WRITE),
            insert: owned(INSERT),
            exists: owned(EXISTS),
        }
    }
}

impl StoreVerbs {
    /// The option keys [`StoreVerbs::from_table`] reads.
    pub const KEYS: &'static [&'static str] =
        &["read-verbs", "write-verbs", "insert-verbs", "check-verbs"];

    /// The defaults extended by the `read-verbs`, `write-verbs`, `insert-verbs` and
    /// `check-verbs` arrays of a rule's options table. Other keys are errors.
    pub fn from_table(table: &toml::Table) -> Result<StoreVerbs, String> {
        let mut out = StoreVerbs::default();
        for (key, val) in table {
            let list = match key.as_str() {
                "read-verbs" => &mut out.read,
                "write-verbs" => &mut out.write,
                "insert-verbs" => &mut out.insert,
                "check-verbs" => &mut out.exists,
                other => {
                    return Err(format!(
                        "unknown option `{other}`: expected one of `read-verbs`, `write-verbs`, `insert-verbs`, `check-verbs`"
                    ));
                }
            };
            let Some(arr) = val.as_array() else {
                return Err(format!(
                    "`{key}` must be an array of method names, found {}",
                    val.type_str()
                ));
            };
            for item in arr {
                let Some(s) = item.as_str() else {
                    return Err(format!(
                        "`{key}` must contain strings, found {}",
                        item.type_str()
                    ));
                };
                let name = s.strip_suffix('*').unwrap_or(s);
                let ok = !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !name.starts_with(|c: char| c.is_ascii_digit());
                if !ok {
                    return Err(format!("`{key}`: `{s}` is not a method name"));
                }
                if !list.iter().any(|x| x == s) {
                    list.push(s.to_string());
                }
            }
        }
        Ok(out)
    }
}

impl StoreVerbs {
    pub fn is_read(&self, m: &str) -> bool {
        matches_any(&self.read, m)
    }
    pub fn is_write(&self, m: &str) -> bool {
        matches_any(&self.write, m)
    }
    pub fn is_insert(&self, m: &str) -> bool {
        matches_any(&self.insert, m)
    }
    pub fn is_exists(&self, m: &str) -> bool {
        matches_any(&self.exists, m)
    }
    /// A count of records (`count`, `count_for_address`, `count_by_email`): compared with
    /// zero, an existence check.
    pub fn is_count(&self, m: &str) -> bool {
        m == "count" || m.strip_prefix("count_").is_some_and(|r| !r.is_empty())
    }
    /// A verb of any of the four lists, or a count.
    pub fn any(&self, m: &str) -> bool {
        self.is_read(m)
            || self.is_write(m)
            || self.is_insert(m)
            || self.is_exists(m)
            || self.is_count(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_cover_the_issue_lists() {
        let v = StoreVerbs::default();
        for r in [
            "get",
            "find",
            "fetch",
            "load",
            "read",
            "select",
            "query_one",
            "find_by_id",
        ] {
            assert!(v.is_read(r), "{r}");
        }
        for w in [
            "save", "update", "put", "set", "store", "upsert", "write", "replace", "persist",
        ] {
            assert!(v.is_write(w), "{w}");
        }
        assert!(v.is_insert("insert") && v.is_insert("create"));
        assert!(v.is_exists("exists"));
        assert!(!v.is_write("upsert_if_version"));
        assert!(v.is_read("find_by_email") && !v.is_read("find_by_"));
        let t: toml::Table = toml::from_str("insert-verbs = [\"register_*\"]").unwrap();
        assert!(
            StoreVerbs::from_table(&t)
                .unwrap()
                .is_insert("register_user")
        );
    }

    #[test]
    fn from_table_extends_the_defaults() {
        let t: toml::Table = toml::from_str(
            "read-verbs = [\"fetch_post\"]\nwrite-verbs = [\"commit\", \"save\"]\ninsert-verbs = [\"register\"]\ncheck-verbs = [\"is_taken\"]\n",
        )
        .unwrap();
        let v = StoreVerbs::from_table(&t).unwrap();
        assert!(v.is_read("fetch_post") && v.is_read("get"));
        assert!(v.is_write("commit") && v.is_write("save"));
        assert_eq!(v.write.iter().filter(|w| *w == "save").count(), 1);
        assert!(v.is_insert("register") && v.is_exists("is_taken"));
        let empty: toml::Table = toml::from_str("").unwrap();
        assert_eq!(
            StoreVerbs::from_table(&empty).unwrap(),
            StoreVerbs::default()
        );
    }

    #[test]
    fn from_table_rejects_bad_input() {
        let bad = |s: &str| {
            StoreVerbs::from_table(&toml::from_str::<toml::Table>(s).unwrap()).unwrap_err()
        };
        assert!(bad("store-verbs = [\"x\"]").contains("unknown option `store-verbs`"));
        assert!(bad("read-verbs = \"get\"").contains("must be an array"));
        assert!(bad("read-verbs = [1]").contains("must contain strings"));
        assert!(bad("read-verbs = [\"a b\"]").contains("not a method name"));
    }
}
