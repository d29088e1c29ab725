mod client;

#[tokio::main]
async fn main() {
    let seed: std::net::SocketAddr = "127.0.0.1:1".parse().unwrap();
    client::start_many(seed, vec![1, 2]).await;
    client::start_two(seed).await;
    let lent = std::sync::Arc::new(client::LentClient::new(seed));
    let other = lent.clone();
    tokio::spawn(async move { client::start_with(&other, 3).await });
    client::start_with(&lent, 4).await.unwrap();
    client::start_refreshing(seed).await.unwrap();
}
