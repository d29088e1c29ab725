mod client;
mod stats;

#[tokio::main]
async fn main() {
    let seed = std::env::args().nth(1).and_then(|a| a.parse().ok());
    client::start_node(1, seed).await.unwrap();
    let mut s = stats::Stats::new();
    s.roll();
}
