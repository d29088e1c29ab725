// A `static` declared inside a function body is one cell for the whole process, like a
// module-level one: every thread that calls the function shares it.
use std::sync::OnceLock;

pub struct Runtime;

// the runtime's owner process, recorded by the first call: two first calls both see `None`,
// and the loser's `set` fails and panics
pub fn rt() -> &'static Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    static PID: OnceLock<u32> = OnceLock::new();
    let pid = std::process::id();
    match PID.get() { //~ lazy-init-race
        Some(p) if *p == pid => {}
        Some(p) => panic!("runtime created by {p}, used in {pid}"),
        None => {
            PID.set(pid).expect("record the pid");
        }
    }
    RT.get_or_init(|| Runtime)
}

pub struct Registry;

impl Registry {
    // a method with its own block-scoped cell
    pub fn config(&self) -> &'static String {
        static CONFIG: OnceLock<String> = OnceLock::new();
        if CONFIG.get().is_none() { //~ lazy-init-race
            CONFIG.set(load()).unwrap();
        }
        CONFIG.get().unwrap()
    }
}

fn load() -> String {
    String::from("x")
}

pub fn threads() {
    for _ in 0..4 {
        std::thread::spawn(|| {
            let _ = rt();
            let _ = Registry.config();
        });
    }
}
