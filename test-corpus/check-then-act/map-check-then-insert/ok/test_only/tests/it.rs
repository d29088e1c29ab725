#[test]
fn syncs() {
    let s = racy::Store::default();
    s.sync_now(1);
    racy::init_service(&s);
}
