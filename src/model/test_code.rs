//! Test code: which files and items are tests, benches, examples, test-support code or build
//! scripts. One policy for every rule reads it ([`super::FileModel::in_test`]).

/// A test-support or dev-tool package: `test_pd`, `test-util`, `foo-test-utils`,
/// `foo_test_support`, `xtask`, a workspace's `tests` / `integration-tests` package.
pub fn is_test_crate(package: &str) -> bool {
    let p = package.replace('-', "_");
    p.starts_with("test_")
        || matches!(
            p.as_str(),
            "xtask" | "tests" | "test" | "testing" | "integration_tests"
        )
        || p.ends_with("_tests")
        || p.ends_with("_test_utils")
        || p.ends_with("_test_util")
        || p.ends_with("_test_support")
        || p.ends_with("_testing")
}

/// A file of tests, benches, examples, test-support directories, dev tools (`xtask/`), or a
/// build script.
pub fn is_test_path(path: &str) -> bool {
    let p = path.replace('\\', "/");
    let segs: Vec<&str> = p.split('/').collect();
    let file = segs.last().copied().unwrap_or("");
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    let dirs = &segs[..segs.len().saturating_sub(1)];
    file == "build.rs"
        || stem == "tests"
        || stem == "test"
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || stem.starts_with("test_")
        || dirs.iter().any(|d| {
            matches!(
                *d,
                "tests" | "test" | "testing" | "benches" | "examples" | "fuzz" | "xtask"
            ) || d.ends_with("test-support")
                || d.ends_with("test_support")
                || d.ends_with("test-utils")
                || d.ends_with("test_utils")
        })
}

/// A function named as test support (`force_override_for_testing`, `new_for_test`): the
/// naming convention for helpers kept in the build but only called by tests.
pub fn is_test_fn_name(name: &str) -> bool {
    ["_for_test", "_for_tests", "_for_testing"]
        .iter()
        .any(|s| name.ends_with(s))
}

pub fn is_test_attr(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let p = a.path();
        let last = p
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        if last == "test" || last == "bench" || (last == "proof" && p.segments.len() == 2) {
            return true;
        }
        if p.is_ident("cfg") {
            let toks = a
                .meta
                .require_list()
                .map(|l| l.tokens.to_string())
                .unwrap_or_default();
            // verification harnesses (`#[cfg(kani)]` proofs, `#[cfg(loom)]` models) are
            // checked single-threaded or by their tool, never built into the program
            return matches!(toks.trim(), "test" | "kani" | "loom" | "miri")
                || toks.contains("test ,")
                || toks.ends_with(", test");
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::is_test_crate;

    #[test]
    fn test_support_packages() {
        for p in [
            "tests",
            "integration-tests",
            "test_pd",
            "foo-test-utils",
            "xtask",
        ] {
            assert!(is_test_crate(p), "{p}");
        }
        for p in ["testament", "contest", "attest", "server", "latest"] {
            assert!(!is_test_crate(p), "{p}");
        }
    }
}
