use std::sync::Mutex;
pub struct GroupInfo { kind: Option<String>, id: Option<String> }
static GROUP_INFO: [Mutex<GroupInfo>; 1] = [Mutex::new(GroupInfo { kind: None, id: None })];
pub fn report(idx: usize) {
    println!("{:?} {:?}", GROUP_INFO[idx].lock().unwrap().kind, GROUP_INFO[idx].lock().unwrap().id);
}
