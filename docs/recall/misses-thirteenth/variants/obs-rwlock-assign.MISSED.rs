use std::sync::RwLock;
struct State { value: u64 }
pub struct Watchable { state: RwLock<State> }
impl Watchable {
    pub fn set(&self, value: u64) -> bool {
        if self.state.read().unwrap().value != value {
            let mut state = self.state.write().unwrap();
            state.value = value;
            true
        } else { false }
    }
}
