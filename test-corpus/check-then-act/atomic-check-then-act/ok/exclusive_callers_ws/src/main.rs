mod gate;
mod output;
mod session;

#[tokio::main]
async fn main() {
    for id in 0..4 {
        tokio::spawn(async move {
            let mut s = session::Session::new(id);
            s.handle(id % 2 == 0).await;
        });
    }
    gate::run_batch(3);
}
