// Miss (HEAD), readur f57d97b0: src/db/sources.rs `update_source_status_atomic` (:410-476),
// called by stop_sync (scheduling/source_scheduler.rs:473). Written from scratch.
// A transaction reads the row's status with a plain SELECT, compares it with the status the
// caller expects, and then UPDATEs the row by id only. A concurrent transition of the same
// row (the cancelled sync task completing at the same moment) commits in between, and this
// UPDATE overwrites it: the row ends in the caller's state although the expectation no longer
// held. racelint reports the shape when the SELECT and the check are at the top level of the
// function (`finish`, contrast) but not when they sit in an optional-check block
// (`if let Some(expected) = expected { SELECT; check }`) and the UPDATE follows the block.
use sqlx::PgPool;

#[derive(PartialEq, Clone, Copy)]
pub enum Status { Idle, Syncing }

impl Status {
    fn parse(s: &str) -> Status { if s == "syncing" { Status::Syncing } else { Status::Idle } }
    fn as_str(self) -> &'static str { match self { Status::Syncing => "syncing", Status::Idle => "idle" } }
}

pub async fn transition(pool: &PgPool, id: i64, expected: Option<Status>, new: Status) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    if let Some(expected) = expected {
        let cur: Option<String> = sqlx::query_scalar("SELECT status FROM sources WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(cur) = cur else { return Ok(false) };
        if Status::parse(&cur) != expected {
            tx.rollback().await?;
            return Ok(false);
        }
    }
    let n = sqlx::query("UPDATE sources SET status = $1 WHERE id = $2")
        .bind(new.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(n > 0)
}

// Contrast: reported (sql-check-then-write).
pub async fn finish(pool: &PgPool, id: i64) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let cur: Option<String> = sqlx::query_scalar("SELECT status FROM sources WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(cur) = cur else { return Ok(false) };
    if Status::parse(&cur) != Status::Syncing {
        tx.rollback().await?;
        return Ok(false);
    }
    let n = sqlx::query("UPDATE sources SET status = 'idle' WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(n > 0)
}
