mod gate;
mod output;
mod session;

use std::sync::Arc;

#[tokio::main]
async fn main() {
    for id in 0..4 {
        tokio::spawn(async move {
            let mut s = session::Session::new(id);
            s.handle(id % 2 == 0).await;
        });
    }
    let shared = Arc::new(session::Session::new(9));
    for _ in 0..2 {
        let s = shared.clone();
        tokio::spawn(async move { s.on_timeout().await });
    }
    let out = Arc::new(output::Output::new());
    let o = out.clone();
    std::thread::spawn(move || o.clear_line());
    out.clear_line();
    gate::run_batch(3);
}
