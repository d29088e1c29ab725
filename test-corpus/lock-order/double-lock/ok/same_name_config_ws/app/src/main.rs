#[tokio::main]
async fn main() {
    let bridge = plugin_a::start().await;
    let b = bridge.clone();
    let t = tokio::spawn(async move { b.total().await });
    let mut p = plugin_b::Plugin::new();
    p.init().await;
    p.reload(30).await;
    let p = std::sync::Arc::new(p);
    let q = p.clone();
    let u = tokio::spawn(async move { q.describe().await });
    println!("{} {} {}", bridge.total().await, t.await.unwrap(), u.await.unwrap() + p.describe().await);
}
