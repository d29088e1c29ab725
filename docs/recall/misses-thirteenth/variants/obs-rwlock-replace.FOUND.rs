use std::sync::RwLock;
struct State { value: u64 }
pub struct Watchable { state: RwLock<State> }
impl Watchable {
    pub fn set(&self, value: u64) -> u64 {
        if self.state.read().unwrap().value != value {
            let mut state = self.state.write().unwrap();
            let old = std::mem::replace(&mut state.value, value);
            old
        } else { 0 }
    }
}
