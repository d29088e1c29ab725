#[test]
fn interns() {
    let i = internal_cache::Interner::default();
    assert_eq!(i.intern("a"), i.intern("a"));
}
