// A start-up constructor that a request handler calls too: two requests (or a request and
// start-up) can both find the row missing and both insert it.
mod registry;

use diesel::prelude::*;

fn main() {
    let mut conn = establish();
    let _registry = registry::Registry::new(&mut conn);
}

fn establish() -> PgConnection {
    todo!()
}

#[post("/reset")]
async fn reset(mut conn: DbConn) -> &'static str {
    let _ = registry::Registry::new(&mut conn);
    "ok"
}
