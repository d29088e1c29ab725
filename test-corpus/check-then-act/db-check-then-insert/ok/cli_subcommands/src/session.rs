use tokio::sync::mpsc;

pub async fn serve() {
    let (tx, mut rx) = mpsc::channel::<String>(8);
    tokio::spawn(async move {
        while let Some(command) = rx.recv().await {
            handle(command);
        }
    });
    let _ = tx;
}

fn handle(command: String) {
    println!("{command}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles() {
        handle("x".into());
    }
}
