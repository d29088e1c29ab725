// Near misses of the refusal (ok/refuses_second_init.rs): when the value is already there the
// call succeeds or skips, not fails, so any caller may fill it on first use and two can race; a value taken
// under a second guard and then used is lost to a racer that took it first.

use std::sync::{Arc, Mutex, OnceLock};

pub struct Client;

fn connect() -> Client {
    Client
}

static CLIENT: Mutex<Option<Arc<Client>>> = Mutex::new(None);
static NAME: OnceLock<String> = OnceLock::new();

// An `Ok` return is no refusal: the second caller is told it worked, and two first callers
// both install, the second overwriting the first.
pub fn install(c: Client) -> Result<(), String> {
    if CLIENT.lock().unwrap().is_some() { //~ lazy-init-race
        return Ok(());
    }
    *CLIENT.lock().unwrap() = Some(Arc::new(c));
    Ok(())
}

// Logging and returning is no failure either: the second caller skips, the first two both fill.
pub fn set_name(name: String) {
    if NAME.get().is_some() { //~ lazy-init-race
        println!("name already set");
        return;
    }
    NAME.set(name).unwrap();
}

pub struct Worker {
    job: Mutex<Option<String>>,
}

impl Worker {
    // The taken value is used: the racer that took it first leaves `None`, and this unwrap panics.
    pub fn run_job(&self) -> usize {
        if self.job.lock().unwrap().is_some() { //~ lazy-init-race
            let j = self.job.lock().unwrap().take().unwrap();
            return j.len();
        }
        0
    }
}

pub fn spawn_all(w: Arc<Worker>) {
    let w2 = w.clone();
    std::thread::spawn(move || {
        let _ = install(connect());
        set_name("a".into());
        w2.run_job();
    });
    w.run_job();
}

static OWNER_PID: OnceLock<u32> = OnceLock::new();

// One `Some` arm fails, but a guarded one serves the value: no refusal, and two first callers
// both find `None`; the second `set` panics.
pub fn check_owner() {
    let pid = std::process::id();
    match OWNER_PID.get() { //~ lazy-init-race
        Some(p) if *p == pid => {}
        Some(p) => panic!("created by pid {p}, used after fork in {pid}"),
        None => {
            OWNER_PID.set(pid).expect("record the owner pid");
        }
    }
}

pub fn threads() {
    for _ in 0..2 {
        std::thread::spawn(check_owner);
    }
}

static NODE: OnceLock<String> = OnceLock::new();

// A once-cell's refusal is no exemption: a concurrent second caller passes the check and its
// `set(..).unwrap()` panics instead of getting the refusal's answer.
// `if let Some(_)` that panics: "must only be called once at start-up".
pub fn start_node(name: String) {
    if let Some(old) = NODE.get() { //~ lazy-init-race
        panic!("node {old} started twice");
    }
    NODE.set(name).expect("start_node called once");
}

// A `match` whose `Some` arm is the error.
pub fn init_node_checked(name: String) -> Result<(), String> {
    match NODE.get() { //~ lazy-init-race
        Some(_) => Err("already started".into()),
        None => {
            NODE.set(name).unwrap();
            Ok(())
        }
    }
}

pub fn start_all() {
    std::thread::spawn(|| {
        start_node("a".into());
        let _ = init_node_checked("b".into());
    });
}
