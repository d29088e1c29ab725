// A claim with diesel (sync): a pending job selected by its status, then its status set by
// id. Two workers both select it and both run it.
use diesel::prelude::*;

diesel::table! {
    jobs (id) {
        id -> Integer,
        status -> Text,
        worker -> Nullable<Text>,
    }
}

#[derive(Queryable)]
pub struct Job {
    pub id: i32,
    pub status: String,
    pub worker: Option<String>,
}

pub fn claim(conn: &mut PgConnection, me: &str) -> QueryResult<Option<i32>> {
    let job = jobs::table
        .filter(jobs::status.eq("pending"))
        .first::<Job>(conn)
        .optional()?;
    let Some(job) = job else {
        return Ok(None);
    };
    diesel::update(jobs::table.find(job.id))
        .set((jobs::status.eq("running"), jobs::worker.eq(me)))
        .execute(conn)?; //~ db-check-then-update
    Ok(Some(job.id))
}
