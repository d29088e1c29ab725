// MISS probe (redis check-then-act through set size): revolt core/presence/src/lib.rs
// delete_session SCARDs the user's session set and SREMs the user from 'online' when it is 0;
// a create_session on another socket between the two leaves a connected user offline. No rule reports it.
use redis::AsyncCommands;

pub async fn delete_session(conn: &mut redis::aio::MultiplexedConnection, user_id: &str, session_id: u32) -> bool {
    let _: () = conn.srem(user_id, session_id).await.unwrap();
    let size: usize = conn.scard(user_id).await.unwrap();
    if size == 0 {
        let _: () = conn.srem("online", user_id).await.unwrap();
        return true;
    }
    false
}

pub async fn create_session(conn: &mut redis::aio::MultiplexedConnection, user_id: &str, session_id: u32) -> bool {
    let was_empty: usize = conn.scard(user_id).await.unwrap();
    let _: () = conn.sadd(user_id, session_id).await.unwrap();
    let _: () = conn.sadd("online", user_id).await.unwrap();
    was_empty == 0
}
