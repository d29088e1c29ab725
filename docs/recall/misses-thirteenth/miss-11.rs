// vector b8ad55691c shape: two lock temporaries of one static mutex in the arguments of a metrics macro.
use std::sync::Mutex;
use std::thread;
use std::time::Duration;

#[derive(Default)]
pub struct GroupInfo {
    kind: Option<String>,
    id: Option<String>,
}

static GROUP_INFO: [Mutex<GroupInfo>; 4] = [
    Mutex::new(GroupInfo { kind: None, id: None }),
    Mutex::new(GroupInfo { kind: None, id: None }),
    Mutex::new(GroupInfo { kind: None, id: None }),
    Mutex::new(GroupInfo { kind: None, id: None }),
];

pub fn report_loop() {
    thread::spawn(|| loop {
        for idx in 0..4 {
            // both temporaries live until the end of the statement
            metrics::gauge!(
                "component_bytes_allocated",
                1.0,
                "component_kind" => GROUP_INFO[idx].lock().unwrap().kind.clone().unwrap_or_default(),
                "component_id" => GROUP_INFO[idx].lock().unwrap().id.clone().unwrap_or_default());
        }
        thread::sleep(Duration::from_millis(5000));
    });
}
