//! Configuration: `racelint.toml`, `.racelint.toml`, or the `[workspace.metadata.racelint]` /
//! `[package.metadata.racelint]` table of a `Cargo.toml`, found by walking up from the linted
//! path (or named with `--config`).
//!
//! ```toml
//! select = ["lock-order", "fs-toctou"]     # rule ids or categories; default: all
//! ignore = ["async-sleep-poll"]
//! exclude = ["generated/**", "vendor"]     # globs, relative to the config's directory
//!
//! [severity]                               # rule or category -> error | warning | note | off
//! fs-toctou = "error"
//!
//! [per-file-ignores]                       # glob -> rules or categories
//! "tests/**" = ["check-then-act"]
//!
//! [rules.store-get-then-save]              # options of one rule, read by that rule
//! read-verbs = ["fetch_post"]            # also write-verbs, insert-verbs, check-verbs
//! ```
//!
//! Every rule id and category is checked; an unknown key or name is an error that names the
//! file, the line and the valid choices.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::rules;

/// The names of the config files looked for in each directory, in order.
pub const CONFIG_FILES: [&str; 2] = ["racelint.toml", ".racelint.toml"];

/// A configuration error: the message already names the file and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// A severity override: a level, or `off` to disable the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Set(Severity),
    Off,
}

/// A rule id, a category or `all`: what `select`, `ignore` and suppressions name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    All,
    Category(String),
    Rule(String),
}

impl Selector {
    pub fn parse(name: &str) -> Option<Selector> {
        let name = name.trim();
        if name.eq_ignore_ascii_case("all") {
            Some(Selector::All)
        } else if rules::meta(name).is_some() {
            Some(Selector::Rule(name.to_string()))
        } else if rules::categories().contains(&name) {
            Some(Selector::Category(name.to_string()))
        } else {
            None
        }
    }
    /// The name as written in a config (`all`, a category or a rule id).
    pub fn name(&self) -> &str {
        match self {
            Selector::All => "all",
            Selector::Category(c) => c,
            Selector::Rule(r) => r,
        }
    }
    /// 0 for `all`, 1 for a category, 2 for a rule id: the more specific selector wins.
    fn specificity(&self) -> u8 {
        match self {
            Selector::All => 0,
            Selector::Category(_) => 1,
            Selector::Rule(_) => 2,
        }
    }
    pub fn matches(&self, rule: &str, category: &str) -> bool {
        match self {
            Selector::All => true,
            Selector::Category(c) => c == category,
            Selector::Rule(r) => r == rule,
        }
    }
}

/// The valid choices, for error messages.
pub fn valid_selectors() -> String {
    let ids: Vec<&str> = rules::RULES.iter().map(|r| r.id).collect();
    format!(
        "valid categories: {}; valid rule ids: {}",
        rules::categories().join(", "),
        ids.join(", ")
    )
}

/// Every name a selector may take: the rule ids, the categories and `all`.
pub fn selector_names() -> impl Iterator<Item = &'static str> {
    rules::RULES
        .iter()
        .map(|r| r.id)
        .chain(rules::categories())
        .chain(["all"])
}

/// Parse a comma-separated `--select` / `--ignore` list.
pub fn parse_selector_list(flag: &str, list: &[String]) -> Result<Vec<Selector>, ConfigError> {
    let mut out = Vec::new();
    for item in list {
        for name in item.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match Selector::parse(name) {
                Some(s) => out.push(s),
                None => {
                    return Err(ConfigError(format!(
                        "{flag}: unknown rule or category `{name}`{} ({}; or `all`)",
                        crate::suggest::did_you_mean(name, selector_names()),
                        valid_selectors()
                    )));
                }
            }
        }
    }
    Ok(out)
}

#[derive(Debug, Clone)]
struct PatternSet {
    patterns: Vec<(String, GlobMatcher)>,
}

impl PatternSet {
    fn new() -> Self {
        PatternSet {
            patterns: Vec::new(),
        }
    }
    /// A pattern without `/` matches any path component (like `.gitignore`); one with `/`
    /// matches the path relative to the config directory, `*` not crossing `/`.
    /// A pattern that names no path (``, `/`, `./`) is refused: it would match every file.
    fn build(pattern: &str) -> Result<GlobMatcher, String> {
        let p = pattern.trim_start_matches("./").trim_end_matches('/');
        if p.trim_start_matches('/').is_empty() || p == "." {
            return Err(
                "it names no path and would match every file; name a directory or a glob \
                 relative to the config's directory"
                    .to_string(),
            );
        }
        let p = if p.contains('/') {
            p.trim_start_matches('/').to_string()
        } else {
            format!("**/{p}")
        };
        Ok(GlobBuilder::new(&p)
            .literal_separator(true)
            .build()
            .map_err(|e| e.to_string())?
            .compile_matcher())
    }
    /// Whether `rel` (relative, `/`-separated) or one of its ancestors matches.
    fn matches(&self, rel: &str) -> Option<&str> {
        if self.patterns.is_empty() {
            return None;
        }
        let rel = rel.trim_start_matches("./");
        let mut prefix = rel;
        loop {
            for (p, m) in &self.patterns {
                if m.is_match(prefix) {
                    return Some(p);
                }
            }
            match prefix.rfind('/') {
                Some(i) => prefix = &prefix[..i],
                None => return None,
            }
        }
    }
}

/// A loaded configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from (`None` for the defaults).
    pub source: Option<PathBuf>,
    /// The directory that `exclude` and `per-file-ignores` globs are relative to (absolute).
    pub root: PathBuf,
    pub select: Vec<Selector>,
    pub ignore: Vec<Selector>,
    pub severity: Vec<(Selector, Level)>,
    exclude: PatternSet,
    per_file_ignores: Vec<(String, GlobMatcher, Vec<Selector>)>,
    /// `[rules.<id>]` tables, checked against and parsed as each rule's options type.
    pub rule_settings: std::sync::Arc<crate::rules::RuleSettings>,
    /// The same tables as written (for `racelint config`).
    pub rule_tables: BTreeMap<String, toml::Table>,
}

impl Config {
    /// The defaults: every rule at its default severity.
    pub fn default_for(root: &Path) -> Config {
        Config {
            source: None,
            root: root.to_path_buf(),
            select: Vec::new(),
            ignore: Vec::new(),
            severity: Vec::new(),
            exclude: PatternSet::new(),
            per_file_ignores: Vec::new(),
            rule_settings: Default::default(),
            rule_tables: BTreeMap::new(),
        }
    }

    /// The path of `abs` relative to the config root, `/`-separated, when it is under it.
    fn rel(&self, abs: &Path) -> Option<String> {
        abs.strip_prefix(&self.root)
            .ok()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
    }

    /// The `exclude` pattern matching this file or directory, if any.
    pub fn excluded(&self, abs: &Path, display: &str) -> Option<&str> {
        match self.rel(abs) {
            Some(rel) if !rel.is_empty() => self.exclude.matches(&rel),
            Some(_) => None,
            None => self.exclude.matches(display),
        }
    }

    /// Whether `rule` is enabled for the file at `abs`, given the command line's selectors
    /// (`cli_select` replaces the config's `select` when not empty; `cli_ignore` adds to
    /// `ignore`). The most specific matching selector wins; on a tie, ignore wins.
    pub fn enabled(
        &self,
        rule: &str,
        category: &str,
        abs: Option<&Path>,
        display: &str,
        cli_select: &[Selector],
        cli_ignore: &[Selector],
    ) -> bool {
        let select: &[Selector] = if cli_select.is_empty() {
            &self.select
        } else {
            cli_select
        };
        let best_select = if select.is_empty() {
            Some(0)
        } else {
            select
                .iter()
                .filter(|s| s.matches(rule, category))
                .map(Selector::specificity)
                .max()
        };
        let Some(sel) = best_select else {
            return false;
        };
        let best_ignore = self
            .ignore
            .iter()
            .chain(cli_ignore)
            .filter(|s| s.matches(rule, category))
            .map(Selector::specificity)
            .max();
        if let Some(ign) = best_ignore
            && ign >= sel
        {
            return false;
        }
        if matches!(self.level(rule, category), Some(Level::Off)) {
            return false;
        }
        if !self.per_file_ignores.is_empty() {
            let rel = abs.and_then(|a| self.rel(a));
            let path = rel.as_deref().unwrap_or(display);
            for (_, m, sels) in &self.per_file_ignores {
                if m.is_match(path) && sels.iter().any(|s| s.matches(rule, category)) {
                    return false;
                }
            }
        }
        true
    }

    /// The configured level of a rule (a rule entry beats a category entry).
    pub fn level(&self, rule: &str, category: &str) -> Option<Level> {
        self.severity
            .iter()
            .filter(|(s, _)| s.matches(rule, category))
            .max_by_key(|(s, _)| s.specificity())
            .map(|&(_, l)| l)
    }

    /// The effective severity of a rule whose default is `default`.
    pub fn severity_of(&self, rule: &str, category: &str, default: Severity) -> Severity {
        match self.level(rule, category) {
            Some(Level::Set(s)) => s,
            _ => default,
        }
    }
}

/// The keys of a config table ([`RawConfig`]).
pub const CONFIG_KEYS: [&str; 7] = [
    "select",
    "ignore",
    "severity",
    "exclude",
    "per-file-ignores",
    "rules",
    "test-code",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, toml::Table>,
    /// `"skip"` (default) or `"lint"`: whether findings in test code are reported.
    test_code: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct Manifest {
    package: Option<ManifestSection>,
    workspace: Option<ManifestSection>,
}

#[derive(Deserialize)]
struct ManifestSection {
    metadata: Option<ManifestMetadata>,
}

#[derive(Deserialize)]
struct ManifestMetadata {
    racelint: Option<RawConfig>,
}

/// `file:line:column` of a byte offset in `text`.
fn position(file: &Path, text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    format!("{}:{line}:{column}", file.display())
}

fn toml_error(file: &Path, text: &str, e: &toml::de::Error) -> ConfigError {
    let at = match e.span() {
        Some(r) => position(file, text, r.start),
        None => file.display().to_string(),
    };
    let msg = e.message().trim_end();
    let mut msg = msg.replace("unknown field", "unknown key");
    // `unknown key `selct`, expected one of ...`: name the one that was probably meant
    if let Some(rest) = msg.strip_prefix("unknown key `")
        && let Some(end) = rest.find('`')
    {
        let key = &rest[..end];
        if let Some(c) = crate::suggest::closest(key, CONFIG_KEYS) {
            msg = format!(
                "unknown key `{key}` (did you mean `{c}`?){}",
                &rest[end + 1..]
            );
        }
    }
    ConfigError(format!("{at}: {msg}"))
}

/// Load a config file: a `racelint.toml` or a `Cargo.toml` (its `racelint` metadata table).
/// Returns `Ok(None)` for a `Cargo.toml` without one.
pub fn load(file: &Path) -> Result<Option<Config>, ConfigError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| ConfigError(format!("{}: cannot read config: {e}", file.display())))?;
    let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let root = abs
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let is_manifest = file.file_name().is_some_and(|n| n == "Cargo.toml");
    let raw = if is_manifest {
        // a Cargo.toml is only our business when it has a racelint table: one that cargo
        // itself would reject, or that has none, is skipped
        let Ok(table) = text.parse::<toml::Table>() else {
            return Ok(None);
        };
        let has_table = |section: &str| {
            table
                .get(section)
                .and_then(|s| s.get("metadata"))
                .and_then(|m| m.get("racelint"))
                .is_some()
        };
        if !has_table("package") && !has_table("workspace") {
            return Ok(None);
        }
        let m: Manifest = toml::from_str(&text).map_err(|e| toml_error(file, &text, &e))?;
        let pkg = m.package.and_then(|p| p.metadata).and_then(|m| m.racelint);
        let ws = m
            .workspace
            .and_then(|p| p.metadata)
            .and_then(|m| m.racelint);
        match pkg.or(ws) {
            Some(r) => r,
            None => return Ok(None),
        }
    } else {
        toml::from_str::<RawConfig>(&text).map_err(|e| toml_error(file, &text, &e))?
    };
    let mut cfg = Config::default_for(&root);
    cfg.source = Some(file.to_path_buf());
    let bad = |s: &Spanned<String>, what: &str| {
        ConfigError(format!(
            "{}: unknown {what} `{}`{} ({}; or `all`)",
            position(file, &text, s.span().start),
            s.get_ref(),
            crate::suggest::did_you_mean(s.get_ref(), selector_names()),
            valid_selectors()
        ))
    };
    let selector = |s: &Spanned<String>| {
        Selector::parse(s.get_ref()).ok_or_else(|| bad(s, "rule or category"))
    };
    for s in &raw.select {
        cfg.select.push(selector(s)?);
    }
    for s in &raw.ignore {
        cfg.ignore.push(selector(s)?);
    }
    for (k, v) in &raw.severity {
        let sel = selector(k)?;
        let level = match v.get_ref().as_str() {
            "off" => Level::Off,
            other => match Severity::parse(other) {
                Some(s) => Level::Set(s),
                None => {
                    return Err(ConfigError(format!(
                        "{}: unknown severity `{other}` for `{}` (valid: error, warning, note, off)",
                        position(file, &text, v.span().start),
                        k.get_ref()
                    )));
                }
            },
        };
        cfg.severity.push((sel, level));
    }
    for p in &raw.exclude {
        let m = PatternSet::build(p.get_ref()).map_err(|e| {
            ConfigError(format!(
                "{}: invalid glob `{}`: {e}",
                position(file, &text, p.span().start),
                p.get_ref()
            ))
        })?;
        cfg.exclude.patterns.push((p.get_ref().clone(), m));
    }
    for (glob, list) in &raw.per_file_ignores {
        let m = PatternSet::build(glob.get_ref()).map_err(|e| {
            ConfigError(format!(
                "{}: invalid glob `{}`: {e}",
                position(file, &text, glob.span().start),
                glob.get_ref()
            ))
        })?;
        let mut sels = Vec::new();
        for s in list {
            sels.push(selector(s)?);
        }
        cfg.per_file_ignores.push((glob.get_ref().clone(), m, sels));
    }
    let mut settings = crate::rules::RuleSettings::default();
    for (id, table) in &raw.rules {
        let at = position(file, &text, id.span().start);
        let Some(rule) = rules::meta(id.get_ref()) else {
            return Err(ConfigError(format!(
                "{at}: unknown rule `{}` in `[rules]`{} (valid rule ids: {})",
                id.get_ref(),
                crate::suggest::did_you_mean(id.get_ref(), rules::RULES.iter().map(|r| r.id)),
                rules::RULES
                    .iter()
                    .map(|r| r.id)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        settings
            .insert(rule, table)
            .map_err(|e| ConfigError(format!("{at}: in `[rules.{}]`: {e}", rule.id)))?;
        cfg.rule_tables.insert(rule.id.to_string(), table.clone());
    }
    if let Some(t) = &raw.test_code {
        settings.test_code = crate::rules::TestCode::parse(t.get_ref()).ok_or_else(|| {
            ConfigError(format!(
                "{}: `test-code = \"{}\"`: expected \"skip\" or \"lint\"",
                position(file, &text, t.span().start),
                t.get_ref()
            ))
        })?;
    }
    cfg.rule_settings = std::sync::Arc::new(settings);
    Ok(Some(cfg))
}

/// `racelint config`: where `cfg` comes from and what it does, written as a config file that
/// gives the same run (every rule's effective severity under `[severity]`, `off` for a rule
/// that does not run).
pub fn describe(cfg: &Config) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let list = |names: Vec<&str>| {
        let items: Vec<String> = names.into_iter().map(quote).collect();
        format!("[{}]", items.join(", "))
    };
    let mut out = String::new();
    match &cfg.source {
        Some(f) => out.push_str(&format!("# config file: {}\n", f.display())),
        None => out.push_str("# config file: none found; the defaults apply\n"),
    }
    out.push_str(&format!(
        "# paths in `exclude` and `per-file-ignores` are relative to {}\n",
        cfg.root.display()
    ));
    let select: Vec<&str> = if cfg.select.is_empty() {
        vec!["all"]
    } else {
        cfg.select.iter().map(Selector::name).collect()
    };
    out.push_str(&format!("select = {}\n", list(select)));
    out.push_str(&format!(
        "ignore = {}\n",
        list(cfg.ignore.iter().map(Selector::name).collect())
    ));
    out.push_str(&format!(
        "exclude = {}\n",
        list(
            cfg.exclude
                .patterns
                .iter()
                .map(|(p, _)| p.as_str())
                .collect()
        )
    ));
    let test_code = match cfg.rule_settings.test_code {
        rules::TestCode::Skip => "skip",
        rules::TestCode::Lint => "lint",
    };
    out.push_str(&format!("test-code = {}\n", quote(test_code)));
    out.push_str("\n[severity]   # every rule's effective severity; `off`: not run\n");
    for r in rules::RULES {
        let on = cfg.enabled(r.id, r.category, None, "", &[], &[]);
        let level = if on {
            cfg.severity_of(r.id, r.category, r.severity).as_str()
        } else {
            "off"
        };
        out.push_str(&format!("{} = {}\n", r.id, quote(level)));
    }
    if !cfg.per_file_ignores.is_empty() {
        out.push_str("\n[per-file-ignores]\n");
        for (glob, _, sels) in &cfg.per_file_ignores {
            out.push_str(&format!(
                "{} = {}\n",
                quote(glob),
                list(sels.iter().map(Selector::name).collect())
            ));
        }
    }
    for (id, table) in &cfg.rule_tables {
        out.push_str(&format!("\n[rules.{id}]\n"));
        out.push_str(&toml::to_string(table).unwrap_or_default());
    }
    out
}

/// Find the config that applies to `path` (a file or a directory): walk up from it and take
/// the first `racelint.toml`, `.racelint.toml`, or `Cargo.toml` with a `racelint` metadata
/// table. `None` when there is none up to the filesystem root.
/// The directory of the config file a run over `first` uses: `--config FILE` when given, else
/// the one [`discover`] finds. The project root of the baseline and the cache.
pub fn config_dir(first: &Path, config: Option<&Path>) -> Option<PathBuf> {
    let file = match config {
        Some(c) => Some(c.to_path_buf()),
        None => discover(first).ok().flatten().and_then(|c| c.source),
    };
    file.and_then(|f| std::path::absolute(f).ok())
        .and_then(|f| f.parent().map(Path::to_path_buf))
}

/// The top of the git work tree holding `path` (the nearest directory with a `.git`).
pub fn git_top(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    abs.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

pub fn discover(path: &Path) -> Result<Option<Config>, ConfigError> {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let start = if abs.is_dir() {
        abs.clone()
    } else {
        abs.parent().map(Path::to_path_buf).unwrap_or(abs.clone())
    };
    let mut dir: Option<&Path> = Some(&start);
    while let Some(d) = dir {
        for name in CONFIG_FILES {
            let f = d.join(name);
            if f.is_file() {
                return load(&f);
            }
        }
        let manifest = d.join("Cargo.toml");
        if manifest.is_file()
            && let Some(cfg) = load(&manifest)?
        {
            return Ok(Some(cfg));
        }
        dir = d.parent();
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn tmp() -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "racelint-config-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn loads_and_selects() {
        let d = tmp();
        let f = write(
            &d,
            "racelint.toml",
            "select = [\"lock-order\"]\nignore = [\"double-lock\"]\n[severity]\nguard-across-await = \"error\"\n[per-file-ignores]\n\"tests/**\" = [\"lock-order\"]\n[rules.store-get-then-save]\nread-verbs = [\"fetch_post\"]\n",
        );
        let c = load(&f).unwrap().unwrap();
        let on = |r: &str, file: &str| {
            let meta = rules::meta(r).unwrap();
            c.enabled(r, meta.category, Some(&d.join(file)), file, &[], &[])
        };
        assert!(on("guard-across-await", "src/a.rs"));
        assert!(!on("double-lock", "src/a.rs"));
        assert!(!on("fs-toctou", "src/a.rs"));
        assert!(!on("guard-across-await", "tests/a.rs"));
        assert_eq!(
            c.severity_of("guard-across-await", "lock-order", Severity::Warning),
            Severity::Error
        );
        let verbs = c
            .rule_settings
            .get::<crate::model::data::StoreVerbs>(rules::meta("store-get-then-save").unwrap())
            .expect("parsed at load");
        assert!(verbs.is_read("fetch_post") && verbs.is_read("get"));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn unknown_key_and_rule_name_the_line() {
        let d = tmp();
        let f = write(&d, "racelint.toml", "select = []\nselct = [\"x\"]\n");
        let e = load(&f).unwrap_err().0;
        assert!(e.contains("racelint.toml:2:1"), "{e}");
        assert!(e.contains("selct") && e.contains("select"), "{e}");
        let f = write(
            &d,
            "racelint.toml",
            "\nignore = [\"lock-order\", \"nope\"]\n",
        );
        let e = load(&f).unwrap_err().0;
        assert!(e.contains("racelint.toml:2:25"), "{e}");
        assert!(e.contains("double-lock"), "{e}");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn every_rule_checks_its_options_at_load() {
        let d = tmp();
        let f = write(
            &d,
            "racelint.toml",
            "select = []\n\n[rules.double-lock]\nno-such-option = 1\n",
        );
        let e = load(&f).unwrap_err().0;
        assert!(e.contains("racelint.toml:3:"), "{e}");
        assert!(
            e.contains("`no-such-option`") && e.contains("takes no options"),
            "{e}"
        );
        let f = write(
            &d,
            "racelint.toml",
            "[rules.kv-get-then-set]\nread-verb = [\"get_it\"]\n",
        );
        let e = load(&f).unwrap_err().0;
        assert!(e.contains("racelint.toml:1:"), "{e}");
        assert!(
            e.contains("`read-verbs`") && e.contains("`check-verbs`"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn an_exclude_naming_no_path_is_an_error() {
        let d = tmp();
        for pattern in ["", "/", "./", "."] {
            let f = write(
                &d,
                "racelint.toml",
                &format!("select = []\nexclude = [\"x\", \"{pattern}\"]\n"),
            );
            let e = load(&f).unwrap_err().0;
            assert!(e.contains("racelint.toml:2:17"), "{e}");
            assert!(e.contains("would match every file"), "{e}");
        }
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn cargo_metadata_and_excludes() {
        let d = tmp();
        write(
            &d,
            "Cargo.toml",
            "[package]\nname = \"x\"\n[package.metadata.racelint]\nexclude = [\"generated\", \"src/skip_*.rs\"]\n",
        );
        std::fs::create_dir_all(d.join("src")).unwrap();
        let c = discover(&d.join("src")).unwrap().unwrap();
        assert!(c.excluded(&d.join("src/generated/a.rs"), "x").is_some());
        assert!(c.excluded(&d.join("src/skip_me.rs"), "x").is_some());
        assert!(c.excluded(&d.join("src/keep.rs"), "x").is_none());
        // a manifest without a racelint table, or one that does not parse, is not a config
        write(&d, "Cargo.toml", "[package]\nname = \"x\"\n");
        assert!(load(&d.join("Cargo.toml")).unwrap().is_none());
        write(&d, "Cargo.toml", "[package\n");
        assert!(load(&d.join("Cargo.toml")).unwrap().is_none());
        let _ = std::fs::remove_dir_all(&d);
    }
}
