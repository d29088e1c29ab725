// Lazy initialisers imported with `use` that run more than once at a time: one `main` calls
// and a task spawned per connection calls too, one a `Drop` impl (run by the runtime, any
// number of times) calls through its own `use`.
mod conn;
mod geo;

use geo::{load_db, load_names};

#[tokio::main]
async fn main() {
    load_db("geo.mmdb").await;
    load_names("names.txt");
    let listener = tokio::net::TcpListener::bind("0.0.0.0:80").await.unwrap();
    loop {
        let (socket, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            load_db("geo.mmdb").await;
            drop(socket);
        });
    }
}
