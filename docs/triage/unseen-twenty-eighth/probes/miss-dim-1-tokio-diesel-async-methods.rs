// Probe (written from scratch) for a missed bug in Dusk-Labs/dim.
// Fix commit: 53d3c511 "perform genre table db ops inside a transaction to avoid race condition
// causing multiple genre entries for a media" (parent 1323076b).
//
// What goes wrong: at start-up dim spawns one scanner task per library (core.rs:
// `tokio::spawn(scanners::start(library_id, ..))`) and each scanner matches its files
// concurrently (`join_all`). For every matched movie or episode it links the genres:
// `insert_pair(genre_id, media_id)` checks `genre_media` for the pair and inserts it when
// absent, and `InsertableGenre::insert` looks a genre up by name and inserts it when absent. The
// genre table is shared by all libraries, so two scanners meeting "Drama" at once both miss it
// and both insert it: duplicate genres, and a media linked twice. The fix runs lookup and insert
// in one transaction.
//
// dim used diesel through tokio-diesel, whose query methods are `first_async`,
// `get_result_async`, `execute_async` and `load_async` on a pool. racelint reports the same
// check-then-insert written with diesel's synchronous `first`/`execute` (`contrast_sync`,
// reported: db-check-then-insert). Missing fact: the `*_async` methods of tokio-diesel
// (`AsyncRunQueryDsl`) run the same queries as `first`/`execute`. (The genre insert itself,
// `InsertableGenre::insert`, was in addition written inside a `cfg_if! { if #[cfg(feature =
// "postgres")] { .. } else { .. } }` block, whose statements are an opaque token stream to a
// syn-based linter; that is a second, separate gap for the same commit.)
use diesel::prelude::*;

table! { tag (id) { id -> Integer, name -> Text, } }
table! { tag_item (tag_id, item_id) { tag_id -> Integer, item_id -> Integer, } }

#[derive(Insertable, Clone)]
#[table_name = "tag_item"]
pub struct NewTagItem { pub tag_id: i32, pub item_id: i32 }

pub type Pool = diesel::r2d2::Pool<diesel::r2d2::ConnectionManager<SqliteConnection>>;

pub async fn pair_exists(pool: &Pool, t: i32, i: i32) -> bool {
    tag_item::table
        .filter(tag_item::tag_id.eq(t))
        .filter(tag_item::item_id.eq(i))
        .first_async::<(i32, i32)>(pool)
        .await
        .is_ok()
}

pub async fn link(pool: &Pool, t: i32, i: i32) {
    if pair_exists(pool, t, i).await {
        return;
    }
    let _ = diesel::insert_into(tag_item::table)
        .values(NewTagItem { tag_id: t, item_id: i })
        .execute_async(pool)
        .await;
}

pub fn pair_exists_sync(conn: &SqliteConnection, t: i32, i: i32) -> bool {
    tag_item::table
        .filter(tag_item::tag_id.eq(t))
        .filter(tag_item::item_id.eq(i))
        .first::<(i32, i32)>(conn)
        .is_ok()
}

// Contrast: reported (db-check-then-insert).
pub fn contrast_sync(conn: &SqliteConnection, t: i32, i: i32) {
    if pair_exists_sync(conn, t, i) {
        return;
    }
    let _ = diesel::insert_into(tag_item::table)
        .values(NewTagItem { tag_id: t, item_id: i })
        .execute(conn);
}

// One scanner task per library, all linking into the shared tables.
pub fn scan_all(pool: Pool, libraries: Vec<i32>) {
    for lib in libraries {
        let p = pool.clone();
        tokio::spawn(async move { link(&p, 1, lib).await });
    }
}
