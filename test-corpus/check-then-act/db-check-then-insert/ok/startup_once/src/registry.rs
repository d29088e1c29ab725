use diesel::prelude::*;

// `new` and `init` have other definitions (`Cache::new`, `Cache::init`): the qualified calls
// `registry::Registry::new(..)` from `main` and `Self::init(..)` / `Registry::ensure_root(..)`
// from it still name these, which run once.
pub(crate) struct Registry;

impl Registry {
    pub(crate) fn new(conn: &mut PgConnection) -> Registry {
        Self::init(conn);
        Registry
    }

    fn init(conn: &mut PgConnection) {
        Registry::ensure_root(conn, "root");
    }

    fn ensure_root(conn: &mut PgConnection, name: &str) {
        let found = users::table
            .filter(users::name.eq(name))
            .first::<User>(conn)
            .optional()
            .unwrap();
        if found.is_none() {
            diesel::insert_into(users::table)
                .values(users::name.eq(name))
                .execute(conn)
                .unwrap();
        }
    }
}

pub(crate) struct Cache;

impl Cache {
    pub(crate) fn new() -> Cache {
        Cache
    }
    pub(crate) fn init(&self) {}
}
