use diesel::prelude::*;

pub mod seeds;

pub(crate) fn establish() -> PgConnection {
    todo!()
}
