// Claims with SeaORM: rows found by their state (`status = 0`, `claimed_by IS NULL`), then
// that state changed on them by a write that does not test it again. Two agents select the
// same pending jobs before either writes, and both lease them.
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QuerySelect, Set, TransactionTrait,
};

pub mod jobs {
    pub use super::entity::{ActiveModel, Column, Entity, Model};
}

/// A batch lease: the ids of pending jobs, then all of them marked leased by id.
pub async fn lease_batch(db: &DatabaseConnection, limit: u64, me: &str) -> Result<Vec<String>, DbErr> {
    let ids: Vec<String> = jobs::Entity::find()
        .select_only()
        .column(jobs::Column::Id)
        .filter(jobs::Column::Status.eq(0i32))
        .limit(limit)
        .into_tuple::<String>()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(vec![]);
    }
    jobs::Entity::update_many()
        .col_expr(jobs::Column::Status, Expr::value(1i32))
        .col_expr(jobs::Column::ClaimedBy, Expr::value(me))
        .filter(jobs::Column::Id.is_in(ids.clone()))
        .exec(db) //~ db-check-then-update
        .await?;
    Ok(ids)
}

/// One job, found in a transaction, converted into an active model and saved.
pub async fn lease_one(db: &DatabaseConnection, me: &str) -> Result<Option<String>, DbErr> {
    let txn = db.begin().await?;
    let Some(job) = jobs::Entity::find()
        .filter(jobs::Column::Status.eq(0i32))
        .one(&txn)
        .await?
    else {
        return Ok(None);
    };
    let id = job.id.clone();
    let mut am: jobs::ActiveModel = job.into();
    am.status = Set(1);
    am.claimed_by = Set(Some(me.to_string()));
    am.update(&txn).await?; //~ db-check-then-update
    txn.commit().await?;
    Ok(Some(id))
}

pub struct JobRepo {
    db: DatabaseConnection,
}

impl JobRepo {
    /// A repository method: the job found unclaimed, then an active model literal saved.
    pub async fn take(&self, worker: &str) -> Result<Option<String>, DbErr> {
        let job = jobs::Entity::find()
            .filter(jobs::Column::ClaimedBy.is_null())
            .one(&self.db)
            .await?;
        let Some(job) = job else {
            return Ok(None);
        };
        jobs::ActiveModel {
            id: Set(job.id.clone()),
            claimed_by: Set(Some(worker.to_string())),
            ..Default::default()
        }
        .update(&self.db) //~ db-check-then-update
        .await?;
        Ok(Some(job.id))
    }
}

/// A handler: one pending job, then `update_many` by its id.
pub async fn next_job(
    axum::extract::State(db): axum::extract::State<DatabaseConnection>,
) -> Result<String, DbErr> {
    let Some(job) = jobs::Entity::find()
        .filter(jobs::Column::Status.eq(0i32))
        .one(&db)
        .await?
    else {
        return Ok(String::new());
    };
    jobs::Entity::update_many()
        .col_expr(jobs::Column::Status, Expr::value(1i32))
        .filter(jobs::Column::Id.eq(job.id.clone()))
        .exec(&db) //~ db-check-then-update
        .await?;
    Ok(job.id)
}
