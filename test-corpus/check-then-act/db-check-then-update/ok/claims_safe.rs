// Claims that cannot hand one job to two workers: the update tests the state again and its
// row count is checked; the rows are locked (`lock_exclusive`, `SKIP LOCKED`,
// `.for_update().skip_locked()`) in the transaction that updates; or the rows were found by
// key, not by state, or the write leaves the state alone.
use diesel::prelude::*;
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QuerySelect, Set, TransactionTrait,
};

pub mod jobs {
    pub use super::entity::{ActiveModel, Column, Entity, Model};
}

pub async fn lease_conditional(db: &DatabaseConnection, me: &str) -> Result<Option<String>, DbErr> {
    let Some(job) = jobs::Entity::find()
        .filter(jobs::Column::Status.eq(0i32))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let res = jobs::Entity::update_many()
        .col_expr(jobs::Column::Status, Expr::value(1i32))
        .col_expr(jobs::Column::ClaimedBy, Expr::value(me))
        .filter(jobs::Column::Id.eq(job.id.clone()))
        .filter(jobs::Column::Status.eq(0i32))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Ok(None);
    }
    Ok(Some(job.id))
}

pub async fn lease_locked(db: &DatabaseConnection) -> Result<Option<String>, DbErr> {
    let txn = db.begin().await?;
    let Some(job) = jobs::Entity::find()
        .filter(jobs::Column::Status.eq(0i32))
        .lock_exclusive()
        .one(&txn)
        .await?
    else {
        return Ok(None);
    };
    let id = job.id.clone();
    let mut am: jobs::ActiveModel = job.into();
    am.status = Set(1);
    am.update(&txn).await?;
    txn.commit().await?;
    Ok(Some(id))
}

pub async fn lease_skip_locked(db: &DatabaseConnection, n: u64) -> Result<Vec<String>, DbErr> {
    let txn = db.begin().await?;
    let ids: Vec<String> = jobs::Entity::find()
        .select_only()
        .column(jobs::Column::Id)
        .filter(jobs::Column::Status.eq(0i32))
        .limit(n)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .into_tuple::<String>()
        .all(&txn)
        .await?;
    jobs::Entity::update_many()
        .col_expr(jobs::Column::Status, Expr::value(1i32))
        .filter(jobs::Column::Id.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(ids)
}

/// Found by its id: no state selected it.
pub async fn finish(db: &DatabaseConnection, id: String) -> Result<(), DbErr> {
    let Some(job) = jobs::Entity::find()
        .filter(jobs::Column::Id.eq(id))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let mut am: jobs::ActiveModel = job.into();
    am.status = Set(2);
    am.update(db).await?;
    Ok(())
}

/// Selected by state, but only a heartbeat column is written.
pub async fn touch_pending(db: &DatabaseConnection, now: i64) -> Result<(), DbErr> {
    let ids: Vec<String> = jobs::Entity::find()
        .select_only()
        .column(jobs::Column::Id)
        .filter(jobs::Column::Status.eq(0i32))
        .into_tuple::<String>()
        .all(db)
        .await?;
    jobs::Entity::update_many()
        .col_expr(jobs::Column::SeenAt, Expr::value(now))
        .filter(jobs::Column::Id.is_in(ids))
        .exec(db)
        .await?;
    Ok(())
}

diesel::table! {
    tasks (id) {
        id -> Integer,
        status -> Text,
    }
}

#[derive(Queryable)]
pub struct Task {
    pub id: i32,
    pub status: String,
}

pub fn claim_task(conn: &mut PgConnection) -> QueryResult<Option<i32>> {
    conn.transaction(|tx| {
        let task = tasks::table
            .filter(tasks::status.eq("pending"))
            .for_update()
            .skip_locked()
            .first::<Task>(tx)
            .optional()?;
        let Some(task) = task else {
            return Ok(None);
        };
        diesel::update(tasks::table.find(task.id))
            .set(tasks::status.eq("running"))
            .execute(tx)?;
        Ok(Some(task.id))
    })
}

pub fn claim_task_conditional(conn: &mut PgConnection) -> QueryResult<bool> {
    let task = tasks::table
        .filter(tasks::status.eq("pending"))
        .first::<Task>(conn)?;
    let n = diesel::update(tasks::table.find(task.id).filter(tasks::status.eq("pending")))
        .set(tasks::status.eq("running"))
        .execute(conn)?;
    Ok(n == 1)
}
