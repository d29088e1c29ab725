use diesel::prelude::*;

mod schema;

pub use schema::init_schema;

pub(crate) fn establish() -> PgConnection {
    todo!()
}
