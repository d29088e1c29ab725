// Arguments of macros from other crates (metrics) and of the project's own macros are
// evaluated where the macro is called: two lock temporaries in one invocation are held
// together until the end of the statement (vector's allocation-tracing gauge).
use std::sync::Mutex;

#[derive(Default)]
pub struct GroupInfo {
    kind: Option<String>,
    id: Option<String>,
}

static GROUP_INFO: Mutex<GroupInfo> = Mutex::new(GroupInfo { kind: None, id: None });

macro_rules! report_pair {
    ($a:expr, $b:expr) => {
        println!("{:?} {:?}", $a, $b)
    };
}

pub fn report() {
    metrics::gauge!(
        "component_bytes_allocated",
        "component_kind" => GROUP_INFO.lock().unwrap().kind.clone().unwrap_or_default(),
        "component_id" => GROUP_INFO.lock().unwrap().id.clone().unwrap_or_default() //~ double-lock
    );
}

pub fn report_group() {
    report_pair!(GROUP_INFO.lock().unwrap().kind.clone(), GROUP_INFO.lock().unwrap().id.clone()); //~ double-lock
}
