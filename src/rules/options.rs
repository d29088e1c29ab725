//! Rule options: each rule names the type of its `[rules.<id>]` table ([`RuleOptions`]); the
//! config checks every table against it when it is loaded (an unknown key is an error naming
//! the valid ones) and keeps the parsed values ([`RuleSettings`]), which the engine hands to
//! the rules of each file with the file's config. No options travel any other way.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The typed options of one rule, read from its `[rules.<id>]` table.
pub trait RuleOptions: Any + Send + Sync + Sized {
    /// The keys the table may hold, for error messages and `racelint rule <id>`.
    const KEYS: &'static [&'static str];
    /// Parse a table; the error names the offending key or value (the config adds the file,
    /// line and rule).
    fn from_table(table: &toml::Table) -> Result<Self, String>;
}

/// The options of a rule that takes none: any key is an error.
#[derive(Debug, Default)]
pub struct NoOptions;

impl RuleOptions for NoOptions {
    const KEYS: &'static [&'static str] = &[];
    fn from_table(table: &toml::Table) -> Result<Self, String> {
        match table.keys().next() {
            None => Ok(NoOptions),
            Some(k) => Err(format!("unknown option `{k}`: this rule takes no options")),
        }
    }
}

type Parsed = Arc<dyn Any + Send + Sync>;

/// What a rule's declaration says about its options: the valid keys and how to parse them.
#[derive(Clone, Copy)]
pub struct OptionsSpec {
    pub keys: &'static [&'static str],
    parse: fn(&toml::Table) -> Result<Parsed, String>,
}

impl std::fmt::Debug for OptionsSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OptionsSpec")
            .field("keys", &self.keys)
            .finish()
    }
}

fn parse_as<T: RuleOptions>(table: &toml::Table) -> Result<Parsed, String> {
    T::from_table(table).map(|v| Arc::new(v) as Parsed)
}

impl OptionsSpec {
    pub const fn of<T: RuleOptions>() -> OptionsSpec {
        OptionsSpec {
            keys: T::KEYS,
            parse: parse_as::<T>,
        }
    }
    /// Parse one `[rules.<id>]` table. The error lists the valid keys.
    pub fn parse(&self, table: &toml::Table) -> Result<Arc<dyn Any + Send + Sync>, String> {
        (self.parse)(table).map_err(|e| {
            // name the option that was probably meant
            let e = match table
                .keys()
                .find(|k| !self.keys.contains(&k.as_str()))
                .and_then(|k| Some((k, crate::suggest::closest(k, self.keys.iter().copied())?)))
            {
                Some((k, c)) => e.replacen(
                    &format!("`{k}`"),
                    &format!("`{k}` (did you mean `{c}`?)"),
                    1,
                ),
                None => e,
            };
            if self.keys.is_empty() || e.contains("expected one of") {
                e
            } else {
                let keys: Vec<String> = self.keys.iter().map(|k| format!("`{k}`")).collect();
                format!("{e} (valid options: {})", keys.join(", "))
            }
        })
    }
}

/// What a config says to the rules: the parsed `[rules.<id>]` tables and the test-code
/// policy, which applies to every rule.
#[derive(Clone, Default)]
pub struct RuleSettings {
    by_rule: BTreeMap<&'static str, Parsed>,
    /// The tables as given, for [`RuleSettings::fingerprint`].
    raw: BTreeMap<&'static str, String>,
    pub test_code: TestCode,
}

/// Whether findings in test code are reported (`test-code = "skip"` or `"lint"` in the config).
/// Test code: `#[test]` / `#[bench]` functions, `#[cfg(test)]` items, and files under
/// `tests/`, `benches/`, `examples/`, `fuzz/`, test-support directories, `*_test.rs`,
/// `build.rs` ([`crate::model::test_code`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TestCode {
    /// Drop findings in test code (the default: a race between test threads rarely matters,
    /// and a finding there is noise in CI).
    #[default]
    Skip,
    /// Report them like any other.
    Lint,
}

impl TestCode {
    pub fn parse(s: &str) -> Option<TestCode> {
        match s {
            "skip" => Some(TestCode::Skip),
            "lint" => Some(TestCode::Lint),
            _ => None,
        }
    }
    pub fn lints(self) -> bool {
        self == TestCode::Lint
    }
}

impl std::fmt::Debug for RuleSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSettings")
            .field("rules", &self.by_rule.keys().collect::<Vec<_>>())
            .field("test_code", &self.test_code)
            .finish()
    }
}

impl RuleSettings {
    /// Parse `table` as the options of `rule` and keep them.
    pub fn insert(
        &mut self,
        rule: &'static super::RuleMeta,
        table: &toml::Table,
    ) -> Result<(), String> {
        let parsed = rule.options.parse(table)?;
        self.by_rule.insert(rule.id, parsed);
        self.raw.insert(rule.id, table.to_string());
        Ok(())
    }
    /// Everything that changes what the per-file analysis produces, as text (a part of the
    /// cache's key): each rule's table and the test-code policy.
    pub fn fingerprint(&self) -> String {
        let mut out = format!("test-code={:?}\n", self.test_code);
        for (id, table) in &self.raw {
            out.push_str(&format!("[{id}]\n{table}\n"));
        }
        out
    }
    /// The options configured for `rule`, if its table was given.
    pub fn get<T: RuleOptions>(&self, rule: &super::RuleMeta) -> Option<&T> {
        self.by_rule.get(rule.id)?.downcast_ref::<T>()
    }
    pub fn is_empty(&self) -> bool {
        self.by_rule.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_rejects_an_unknown_option_and_names_the_valid_ones() {
        let mut t = toml::Table::new();
        t.insert("no-such-option".into(), toml::Value::Integer(1));
        for r in super::super::RULES {
            let e = r.options.parse(&t).expect_err(r.id);
            assert!(e.contains("`no-such-option`"), "{}: {e}", r.id);
            for k in r.options.keys {
                assert!(e.contains(&format!("`{k}`")), "{}: {e}", r.id);
            }
        }
    }

    #[test]
    fn settings_hand_back_the_parsed_type() {
        let rule = super::super::meta("store-get-then-save").unwrap();
        let mut t = toml::Table::new();
        t.insert(
            "read-verbs".into(),
            toml::Value::Array(vec!["fetch_post".into()]),
        );
        let mut s = RuleSettings::default();
        s.insert(rule, &t).unwrap();
        let verbs = s
            .get::<crate::model::data::StoreVerbs>(rule)
            .expect("parsed");
        assert!(verbs.is_read("fetch_post") && verbs.is_read("get"));
        assert!(s.get::<NoOptions>(rule).is_none());
        let other = super::super::meta("double-lock").unwrap();
        assert!(s.get::<NoOptions>(other).is_none());
    }
}
