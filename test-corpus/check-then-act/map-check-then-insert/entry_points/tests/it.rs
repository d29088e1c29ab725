// An integration test: it calls production functions too, which changes nothing for them.

#[test]
fn handles() {
    let names = dashmap::DashMap::new();
    racy::handle(&racy::Registry::default(), &names, 1);
}
