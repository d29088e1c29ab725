// Entry-point facts in a binary, positive side: the inserts below run from `main` through a
// spawned task, from a route handler passed as a value, and from a private method called by
// name. Each is reachable from production, so each is reported.

mod accounts;

use accounts::Accounts;
use sea_orm::DatabaseConnection;

#[tokio::main]
async fn main() {
    let db = DatabaseConnection::default();
    let accounts = Accounts { db: db.clone() };
    tokio::spawn(async move { accounts.signup_all(vec![]).await });
    let app = axum::Router::new().route("/tags", axum::routing::post(accounts::add_tag));
    serve(app).await;
}

async fn serve(_app: axum::Router) {}
