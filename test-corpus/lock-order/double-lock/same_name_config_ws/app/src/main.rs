#[tokio::main]
async fn main() {
    let bridge = plugin_a::start().await;
    let b = bridge.clone();
    let t = tokio::spawn(async move { b.resize(4).await });
    let mut p = plugin_b::Plugin::new();
    p.reload(30).await;
    t.await.unwrap();
    println!("{}", bridge.total().await);
}
