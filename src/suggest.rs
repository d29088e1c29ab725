//! "Did you mean": the known name closest to a misspelt one (rule ids, categories, config
//! keys, rule options), for error messages and the unknown-rule suggestion of suppressions.

/// The candidate closest to a misspelt `name`, when one is close enough to be what was meant
/// (Jaro-Winkler similarity of at least 0.8, as clap suggests subcommands).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// `; did you mean `x`?` for a misspelt name, or nothing.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(name, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_close_name_and_nothing_for_a_far_one() {
        let names = [
            "double-lock",
            "lock-order",
            "lock-order-inversion",
            "select",
        ];
        assert_eq!(closest("doubel-lock", names), Some("double-lock"));
        assert_eq!(closest("lock-ordr", names), Some("lock-order"));
        assert_eq!(closest("selct", names), Some("select"));
        assert_eq!(closest("zzz", names), None);
        assert_eq!(did_you_mean("zzz", names), "");
        assert_eq!(
            did_you_mean("lock_order", names),
            "; did you mean `lock-order`?"
        );
    }
}
