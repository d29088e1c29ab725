// Reduction (written from scratch) of graph-node's db-check-then-insert findings
// (store/postgres/src/copy.rs:160, primary.rs:1075; 1452 and 1489 go through a helper).
//
// graph-node's diesel code imports each table under a short alias (`use copy_state as cs;`,
// `use subgraph_deployment_assignment as a;`) and checks for a row before inserting. The
// migrations (`migrations/*/up.sql`) declare the key (`dst int primary key`). racelint reads the
// migrations and, for `start_plain` below (table named in full), reports at note severity:
// "the primary key `copy_state(dst)` makes the second insert fail". For `start_aliased` (the
// same code through `cs::`) it reports a warning that "the row is created twice", because
// the insert target `cs` is not resolved to `copy_state`. With the repository's .sql files
// present, graph-node's four findings all stay warnings with that wrong consequence.
// Expected now: warning at line 42 (aliased), note at line 61 (plain); wanted: note at both.
//
// What racelint would need: resolve `use <table> as <alias>` (diesel's `table!` modules) to
// the table before looking up its unique keys (the same alias gap as `use critical_section as
// cs` in fp-rtic-1).
use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

diesel::table! {
    subgraphs.copy_state (dst) {
        src -> Integer,
        dst -> Integer,
        target_block -> Integer,
    }
}

pub async fn start_aliased(conn: &mut AsyncPgConnection, src: i32, dst: i32, block: i32) -> QueryResult<i32> {
    use copy_state as cs;
    let found = cs::table
        .filter(cs::dst.eq(dst))
        .select(cs::target_block)
        .first::<i32>(conn)
        .await
        .optional()?;
    match found {
        Some(b) => Ok(b),
        None => {
            diesel::insert_into(cs::table)
                .values((cs::src.eq(src), cs::dst.eq(dst), cs::target_block.eq(block)))
                .execute(conn)
                .await?;
            Ok(block)
        }
    }
}

pub async fn start_plain(conn: &mut AsyncPgConnection, src: i32, dst: i32, block: i32) -> QueryResult<i32> {
    let found = copy_state::table
        .filter(copy_state::dst.eq(dst))
        .select(copy_state::target_block)
        .first::<i32>(conn)
        .await
        .optional()?;
    match found {
        Some(b) => Ok(b),
        None => {
            diesel::insert_into(copy_state::table)
                .values((copy_state::src.eq(src), copy_state::dst.eq(dst), copy_state::target_block.eq(block)))
                .execute(conn)
                .await?;
            Ok(block)
        }
    }
}
