// Probe (written from scratch) for a missed bug in graphprotocol/graph-node.
// Fix commit: 1910a1168 "Address race condition in caching eth calls" (parent 56813670).
//
// What goes wrong: a contract call's result is looked up in a call cache; on a miss the RPC
// is made and, "so as not to block the handler", the result is written to the cache in a
// fire-and-forget `spawn_blocking`. The handlers that run next look the same call up in the
// same cache (declared calls are pre-fetched exactly so the handlers find them). When the
// spawned write has not run yet they miss it: the call is made again, and the result source
// differs between runs (nondeterministic indexing). The fix enters the result into the
// in-memory buffer synchronously and spawns only the slow database write.
//
// What racelint would need: a write that the caller hands to a detached task (spawn without
// join) followed, in the caller's own continuation, by a read of the same store that expects
// the write to be there (read-your-writes through a detached task). Expected: a finding at
// the spawn (line 45) with the later lookup (line 56).
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct CallCache {
    buffer: Mutex<HashMap<Vec<u8>, Vec<u8>>>,
}

impl CallCache {
    pub fn get(&self, call: &[u8]) -> Option<Vec<u8>> {
        self.buffer.lock().unwrap().get(call).cloned()
    }
    pub fn set(&self, call: Vec<u8>, result: Vec<u8>) {
        self.buffer.lock().unwrap().insert(call, result);
    }
}

async fn rpc(call: &[u8]) -> Vec<u8> {
    call.to_vec()
}

pub async fn contract_call(cache: &Arc<CallCache>, call: Vec<u8>) -> (Vec<u8>, &'static str) {
    if let Some(hit) = cache.get(&call) {
        return (hit, "cache");
    }
    let result = rpc(&call).await;
    let for_cache = result.clone();
    let cache2 = cache.clone();
    // detached: the handler does not wait for the cache write
    let _ = tokio::task::spawn_blocking(move || cache2.set(call, for_cache));
    (result, "rpc")
}

pub async fn run_block(cache: Arc<CallCache>, declared: Vec<Vec<u8>>) {
    // prefetch the declared calls so that handlers find them in the cache
    for call in &declared {
        contract_call(&cache, call.clone()).await;
    }
    for call in declared {
        // handler: expects "cache"; gets "rpc" again when the spawned write is late
        let (_value, _source) = contract_call(&cache, call).await;
    }
}
