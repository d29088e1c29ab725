// #4 variant: SeaORM, one row found by `status = 0` with `.one()`, then `update_many()` by id
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::jobs::{Column, Entity};

pub async fn lease(db: &DatabaseConnection, me: &str) -> Result<Option<String>, DbErr> {
    let Some(job) = Entity::find().filter(Column::Status.eq(0i32)).one(db).await? else {
        return Ok(None);
    };
    Entity::update_many()
        .col_expr(Column::Status, Expr::value(1i32))
        .col_expr(Column::ClaimedBy, Expr::value(me))
        .filter(Column::Id.eq(job.id.clone()))
        .exec(db)
        .await?;
    Ok(Some(job.id))
}
