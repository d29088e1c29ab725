sqlpage_functions! {
    fetch,
    version,
}
