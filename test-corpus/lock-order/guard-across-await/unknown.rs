// The lock's type is not visible in this file: `.lock().unwrap()` is std's poisoning
// `LockResult`, so it is a blocking std mutex.
pub async fn flush() {
    let pending = crate::PENDING.lock().unwrap(); //~ guard-across-await
    write_all(&pending).await;
}

pub async fn with_param(queue: &Queue) {
    let q = queue.items.lock().unwrap(); //~ guard-across-await
    write_all(&q).await;
}

async fn write_all<T>(_v: &T) {}
