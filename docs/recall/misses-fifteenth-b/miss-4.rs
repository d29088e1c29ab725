// #4 openobserve 917c11b6e4: lease a batch of pending jobs with SeaORM. The candidates are
// SELECTed by `status = 0`, then `update_many()` sets `status = 1` on those ids without
// testing `status` again: two agents lease the same job.
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use crate::jobs::{Column, Entity};

pub async fn lease<C: ConnectionTrait>(conn: &C, limit: u64, me: &str) -> Result<Vec<String>, DbErr> {
    let ids: Vec<String> = Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::Status.eq(0i32))
        .limit(limit)
        .into_tuple::<String>()
        .all(conn)
        .await?;
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Entity::update_many()
        .col_expr(Column::Status, Expr::value(1i32))
        .col_expr(Column::ClaimedBy, Expr::value(me))
        .filter(Column::Id.is_in(ids.clone()))
        .exec(conn)
        .await?;
    Ok(ids)
}
