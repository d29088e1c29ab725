use std::sync::Mutex;
pub struct GroupInfo { kind: Option<String>, id: Option<String> }
static GROUP_INFO: [Mutex<GroupInfo>; 1] = [Mutex::new(GroupInfo { kind: None, id: None })];
fn emit(_a: String, _b: String) {}
pub fn report(idx: usize) {
    emit(
        GROUP_INFO[idx].lock().unwrap().kind.clone().unwrap_or_default(),
        GROUP_INFO[idx].lock().unwrap().id.clone().unwrap_or_default(),
    );
}
