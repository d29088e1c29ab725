#[test]
fn interns() {
    let i = published_cache::Interner::default();
    assert_eq!(i.intern("a"), i.intern("a"));
}
