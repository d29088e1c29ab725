// A "fill if empty" update whose count is ignored, followed only by inserts that change
// nothing when the row exists: two requests both running them leave the same rows behind.
use diesel::prelude::*;

pub fn record_block(conn: &mut PgConnection, slot: i64, root: String) -> QueryResult<()> {
    diesel::update(canonical_slots::table)
        .set(canonical_slots::beacon_block.eq(&root))
        .filter(canonical_slots::slot.eq(slot))
        .filter(canonical_slots::beacon_block.is_null())
        .execute(conn)?;
    diesel::insert_into(beacon_blocks::table)
        .values((beacon_blocks::slot.eq(slot), beacon_blocks::root.eq(&root)))
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(())
}

pub async fn first_login(pool: &sqlx::PgPool, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET first_seen = now() WHERE id = $1 AND first_seen IS NULL")
        .bind(id)
        .execute(pool)
        .await?;
    sqlx::query("INSERT INTO audit (user_id, kind) VALUES ($1, 'first') ON CONFLICT DO NOTHING")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}
