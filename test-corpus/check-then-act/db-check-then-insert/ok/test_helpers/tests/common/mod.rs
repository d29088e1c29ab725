// a helper module shared by the integration tests

pub async fn user(f: &racy::Fixtures) {
    f.seed_fixture_user("a@b.c".into()).await.unwrap();
}
