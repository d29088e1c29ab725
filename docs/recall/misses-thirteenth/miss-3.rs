// iroh-relay c650ea83da shape: a DashMap reference from `get` is alive (if-let binding) while a
// helper removes the same key from the same map.
use dashmap::DashMap;

pub struct Client;
impl Client {
    fn try_send(&self, _data: &[u8]) -> Result<(), ()> {
        Err(())
    }
}

pub struct Clients {
    clients: DashMap<u64, Client>,
}

impl Clients {
    async fn unregister(&self, id: u64) {
        if let Some((_, _client)) = self.clients.remove(&id) {
            // notify peers ...
        }
    }

    async fn process_result(&self, dst: u64, res: Result<(), ()>) {
        if res.is_err() {
            self.unregister(dst).await;
        }
    }

    pub async fn send_packet(&self, dst: u64, data: &[u8]) {
        if let Some(client) = self.clients.get(&dst) {
            let res = client.try_send(data);
            return self.process_result(dst, res).await;
        }
    }
}
