use std::sync::{Arc, RwLock};
struct State { value: u64, epoch: u64 }
struct Shared { state: RwLock<State> }
pub struct Watchable { shared: Arc<Shared> }
impl Watchable {
    pub fn set(&self, value: u64) -> Option<u64> {
        let mut ret = None;
        let changed = self.shared.state.read().unwrap().value != value;
        if changed {
            let mut state = self.shared.state.write().unwrap();
            let old = std::mem::replace(&mut state.value, value);
            state.epoch += 1;
            ret = Some(old);
        }
        ret
    }
}
