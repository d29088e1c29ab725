// Probe (written from scratch) for a missed bug in drifting-in-space/plane.
// Fix commit: cb6fa492 "Fix controller race" (parent of cb6fa492).
//
// What goes wrong: a node (drone/proxy) registers with a controller by upserting its row
// (`controller = me`). When its websocket closes, the connection task marks it offline with
// `UPDATE node SET controller = NULL WHERE id = $1 AND controller = $2`. A node that
// reconnects quickly (to the same controller) registers again before the old connection's
// cleanup runs; the old cleanup then matches the new registration and clears it, so a live
// node looks offline. The fix stores `last_connection_start_time` at registration and adds it
// to the cleanup's WHERE clause (a fencing token).
//
// What racelint would need: a "release" write whose WHERE identifies the owner only by values
// that a newer registration of the same key repeats (id and controller name), while the
// registration is an upsert on that key from another task: the cleanup of connection N can
// undo connection N+1. Expected: a finding at the cleanup UPDATE in `mark_offline` (line 38).
use sqlx::PgPool;

pub async fn register(pool: &PgPool, name: &str, controller: &str) -> sqlx::Result<i32> {
    let row: (i32,) = sqlx::query_as(
        "insert into node (name, controller) values ($1, $2) \
         on conflict (name) do update set controller = $2 returning id",
    )
    .bind(name)
    .bind(controller)
    .fetch_one(pool)
    .await?;
    Ok(row.0)
}

pub async fn mark_offline(pool: &PgPool, id: i32, controller: &str) -> sqlx::Result<()> {
    sqlx::query("update node set controller = null where id = $1 and controller = $2")
        .bind(id)
        .bind(controller)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn connection(pool: PgPool, name: String, controller: String) -> sqlx::Result<()> {
    let id = register(&pool, &name, &controller).await?;
    // ... serve the socket until it closes ...
    mark_offline(&pool, id, &controller).await
}
