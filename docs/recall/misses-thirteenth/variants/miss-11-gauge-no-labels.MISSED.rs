use std::sync::Mutex;
pub struct GroupInfo { kind: Option<String>, id: Option<String> }
static GROUP_INFO: [Mutex<GroupInfo>; 1] = [Mutex::new(GroupInfo { kind: None, id: None })];
pub fn report(idx: usize) {
    metrics::gauge!("bytes", 1.0, GROUP_INFO[idx].lock().unwrap().kind.clone().unwrap_or_default(), GROUP_INFO[idx].lock().unwrap().id.clone().unwrap_or_default());
}
