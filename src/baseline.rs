//! Baselines and fingerprints: identities of findings that survive code moving around.
//!
//! A finding's key is its rule, its file, the function or method around it, and the text of
//! its primary line with whitespace collapsed: never a line number, so inserting lines above
//! a finding does not change it. `--write-baseline FILE` records today's findings;
//! `--baseline FILE` then reports only findings not in it and counts the entries that no
//! longer match anything (fixed, so the file can be pruned).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::engine::Report;
use crate::source::SourceFile;

/// The identity of a finding, independent of line numbers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub rule: String,
    pub file: String,
    /// The function or method around the finding (`Bank::transfer`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The primary line's text, whitespace collapsed.
    pub snippet: String,
}

/// The text of the line holding `offset`, trimmed, with runs of whitespace collapsed to one
/// space.
pub fn normalized_line(src: &SourceFile, offset: usize) -> String {
    let idx = src.line_index(offset.min(src.text.len()));
    src.line_text(idx)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn key(report: &Report, d: &Diagnostic) -> Key {
    let snippet = report
        .sources
        .get(&d.file)
        .map(|s| normalized_line(s, d.span.start))
        .unwrap_or_default();
    Key {
        rule: d.rule.to_string(),
        file: d.file.clone(),
        item: report.enclosing_item(&d.file, d.span).map(str::to_string),
        snippet,
    }
}

/// 128-bit FNV-1a, as 32 hex digits: stable across platforms and releases.
pub fn hash_hex(parts: &[&str]) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    for p in parts {
        for &byte in p.as_bytes().iter().chain(std::iter::once(&0xffu8)) {
            a ^= byte as u64;
            a = a.wrapping_mul(0x0000_0100_0000_01b3);
            b ^= byte as u64;
            b = b.wrapping_mul(0x0000_0100_0000_01b3).rotate_left(5);
        }
    }
    format!("{a:016x}{b:016x}")
}

/// One fingerprint per diagnostic of the report (same order): a hash of the key and of the
/// finding's rank among findings with the same key, so that fingerprints are unique.
pub fn fingerprints(report: &Report) -> Vec<String> {
    let mut seen: HashMap<Key, usize> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let k = key(report, d);
            let n = seen.entry(k.clone()).or_insert(0);
            *n += 1;
            let rank = n.to_string();
            hash_hex(&[
                &k.rule,
                &k.file,
                k.item.as_deref().unwrap_or(""),
                &k.snippet,
                &rank,
            ])
        })
        .collect()
}

/// A baseline file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub tool: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    #[serde(flatten)]
    pub key: Key,
    /// How many findings have this key.
    #[serde(default = "one")]
    pub count: usize,
    /// The message when it was recorded (informative only; not matched).
    #[serde(default)]
    pub message: String,
}

fn one() -> usize {
    1
}

/// What applying a baseline did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Findings hidden because the baseline has them.
    pub matched: usize,
    /// Baseline entries (counted with multiplicity) of linted files that matched nothing.
    pub fixed: usize,
}

impl Baseline {
    /// Today's findings.
    pub fn from_report(report: &Report) -> Baseline {
        let mut grouped: BTreeMap<Key, Entry> = BTreeMap::new();
        for d in &report.diagnostics {
            let k = key(report, d);
            grouped
                .entry(k.clone())
                .and_modify(|e| e.count += 1)
                .or_insert(Entry {
                    key: k,
                    count: 1,
                    message: d.message.clone(),
                });
        }
        Baseline {
            version: 1,
            tool: "racelint".into(),
            entries: grouped.into_values().collect(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        s.push('\n');
        s
    }

    pub fn parse(text: &str) -> Result<Baseline, String> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if b.version != 1 {
            return Err(format!("unsupported baseline version {}", b.version));
        }
        Ok(b)
    }

    /// Remove from `report` the findings the baseline has (each entry absorbs up to `count`
    /// findings); count the entries of linted files left unmatched.
    pub fn apply(&self, report: &mut Report) -> Outcome {
        let mut left: HashMap<&Key, usize> = HashMap::new();
        for e in &self.entries {
            *left.entry(&e.key).or_insert(0) += e.count;
        }
        let keys: Vec<Key> = report.diagnostics.iter().map(|d| key(report, d)).collect();
        let mut keep = Vec::with_capacity(keys.len());
        let mut matched = 0;
        for k in &keys {
            match left.get_mut(k) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    matched += 1;
                    keep.push(false);
                }
                _ => keep.push(true),
            }
        }
        let mut i = 0;
        report.diagnostics.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        let errored: std::collections::HashSet<&str> =
            report.errors.iter().map(|e| e.file.as_str()).collect();
        let fixed = left
            .iter()
            .filter(|(k, _)| report.scanned.contains(&k.file) && !errored.contains(k.file.as_str()))
            .map(|(_, n)| *n)
            .sum();
        Outcome { matched, fixed }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable() {
        assert_eq!(hash_hex(&["a", "b"]), hash_hex(&["a", "b"]));
        assert_ne!(hash_hex(&["a", "b"]), hash_hex(&["ab", ""]));
        assert_eq!(hash_hex(&[]).len(), 32);
    }

    #[test]
    fn normalises_whitespace() {
        let s = SourceFile::new("a.rs", "fn f() {\n\t let   x =  1;\n}\n".into());
        assert_eq!(normalized_line(&s, 12), "let x = 1;");
    }
}
