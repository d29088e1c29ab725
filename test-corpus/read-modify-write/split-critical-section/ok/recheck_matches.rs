// The state read under the first guard is tested again under the second with `matches!`
// before it is replaced: only a still-loading state is overwritten.

use std::sync::{Arc, Mutex};

#[derive(Clone)]
enum Load {
    Pending(u32),
    Done(Result<u64, String>),
}

pub struct Reader {
    state: Arc<Mutex<Load>>,
}

async fn fetch(id: u32) -> Result<u64, String> {
    Ok(u64::from(id))
}

impl Reader {
    pub async fn wait(&self) -> Result<u64, String> {
        let id = {
            let state = self.state.lock().unwrap();
            match &*state {
                Load::Pending(id) => *id,
                Load::Done(r) => return r.clone(),
            }
        };
        let result = fetch(id).await;
        let mut state = self.state.lock().unwrap();
        if matches!(*state, Load::Pending(_)) {
            *state = Load::Done(result.clone());
        }
        result
    }
}

pub fn finish(slot: &Mutex<Load>, id: u32) {
    let pending = match &*slot.lock().unwrap() {
        Load::Pending(p) => *p,
        Load::Done(_) => return,
    };
    let value = u64::from(pending) * 2;
    let mut g = slot.lock().unwrap();
    if !matches!(&*g, Load::Done(_)) {
        *g = Load::Done(Ok(value + u64::from(id)));
    }
}
