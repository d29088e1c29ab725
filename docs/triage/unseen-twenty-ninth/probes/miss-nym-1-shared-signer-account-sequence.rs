// Probe (written from scratch) for a missed bug in nymtech/nym.
// Fix commit: 4ad40727 "naively resolve gateway credential spending race condition (#4229)"
// (parent bd371189).
//
// What goes wrong: the gateway spawns one handler task per client websocket connection; all
// of them share one credential verifier (`Arc`) that owns one signing chain client. Spending a
// credential signs and broadcasts a transaction from the gateway's account: the client asks
// the chain for the account's current sequence number, signs with it and broadcasts. Two
// clients spending at once read the same sequence; the chain accepts the first transaction
// and rejects the second ("account sequence mismatch"), so that client's credential is
// refused. The fix puts the signing client behind a `tokio::sync::RwLock` and takes the write
// guard for the whole spend.
//
// What is missing: a read of a remote counter (the account sequence, fetched over HTTP)
// whose value is then used in the write to the same remote store, reached through `&self` by
// concurrent tasks. racelint knows this shape for key-value stores (`contrast_kv_counter`,
// reported: kv-get-then-set), not for a chain client's "query sequence, sign, broadcast".
use redis::aio::MultiplexedConnection;
use redis::AsyncCommands;
use std::sync::Arc;

pub struct ChainClient {
    http: reqwest::Client,
    node: String,
    account: String,
}

impl ChainClient {
    async fn account_sequence(&self) -> reqwest::Result<u64> {
        self.http
            .get(format!("{}/accounts/{}", self.node, self.account))
            .send()
            .await?
            .json::<u64>()
            .await
    }

    async fn broadcast(&self, body: String) -> reqwest::Result<()> {
        self.http.post(format!("{}/txs", self.node)).body(body).send().await?;
        Ok(())
    }

    pub async fn spend_credential(&self, serial: &str) -> reqwest::Result<()> {
        let sequence = self.account_sequence().await?;
        let signed = format!("{{\"seq\":{sequence},\"msg\":\"spend {serial}\"}}");
        self.broadcast(signed).await
    }
}

pub struct CredentialVerifier {
    client: ChainClient,
}

impl CredentialVerifier {
    pub async fn release_funds(&self, serial: &str) -> reqwest::Result<()> {
        self.client.spend_credential(serial).await
    }
}

pub fn serve(verifier: Arc<CredentialVerifier>, clients: Vec<String>) {
    for serial in clients {
        let verifier = verifier.clone();
        tokio::spawn(async move {
            let _ = verifier.release_funds(&serial).await;
        });
    }
}

// Contrast: reported (kv-get-then-set).
pub async fn contrast_kv_counter(conn: &mut MultiplexedConnection, account: &str) -> redis::RedisResult<()> {
    let seq: u64 = conn.get(account).await?;
    conn.set(account, seq + 1).await?;
    Ok(())
}
