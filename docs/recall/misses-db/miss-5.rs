// miss-5: "replace the set" race: delete all rows of a key, then insert the new set, in a
// READ COMMITTED transaction. Two concurrent calls for the same community both delete
// (the second delete does not see the first one's new rows) and both insert -> duplicate
// rows, or a unique violation on (community_id, language_id).
// Expected: a check-then-act finding (db-check-then-insert-like) at line 29: insert after a
// delete of the same key, with no lock on the parent row. racelint reports nothing.
use diesel::prelude::*;

mod schema {
    diesel::table! { community_language (id) { id -> Int4, community_id -> Int4, language_id -> Int4, } }
}
use schema::community_language as cl;

#[derive(Insertable)]
#[diesel(table_name = cl)]
pub struct Form {
    community_id: i32,
    language_id: i32,
}

pub fn set_languages(conn: &mut PgConnection, community: i32, langs: Vec<i32>) -> QueryResult<()> {
    conn.transaction(|conn| {
        diesel::delete(cl::table.filter(cl::community_id.eq(community))).execute(conn)?;
        let forms: Vec<Form> = langs
            .into_iter()
            .map(|language_id| Form { community_id: community, language_id })
            .collect();
        // EXPECTED: finding here (concurrent callers both insert the same set)
        diesel::insert_into(cl::table)
            .values(&forms)
            .execute(conn)?;
        Ok(())
    })
}
