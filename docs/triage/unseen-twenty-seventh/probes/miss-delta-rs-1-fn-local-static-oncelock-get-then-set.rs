// Probe (written from scratch) for a missed bug in delta-io/delta-rs.
// Fix commit: 5b1ab37a "fix race condition" (parent d6863365).
//
// What goes wrong: the Python binding's `rt()` returns the process-wide tokio runtime and guards
// against use after `fork()` by recording the creating PID in a `static PID: OnceLock<u32>`
// declared inside the function. It did `match PID.get() { Some(p) if p == pid => {}, Some(_) =>
// panic!(..), None => PID.set(pid).expect(..) }`. Every binding call starts with `rt()`, and
// Python programs call the binding from several threads (the GIL is released around the Rust
// work). Two threads making their first call at once both see `None`; the second `set` fails
// and its `expect` panics, which surfaces in Python as a PanicException from a harmless first
// call. The fix uses `get_or_init`.
//
// racelint reports the same match when the `OnceLock` is a module-level `static`
// (`contrast_module_static`, reported: lazy-init-race). Missing fact: a `static` item declared
// inside a function body is a process-wide shared cell exactly like a module-level one; the
// once-cell facts are not collected for such block-scoped statics.
use std::sync::OnceLock;

static OWNER_PID: OnceLock<u32> = OnceLock::new();

pub struct Runtime;

pub fn rt() -> &'static Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    static PID: OnceLock<u32> = OnceLock::new();
    let pid = std::process::id();
    match PID.get() {
        Some(p) if *p == pid => {}
        Some(p) => panic!("runtime created by pid {p}, used after fork in {pid}"),
        None => {
            PID.set(pid).expect("record the runtime's pid");
        }
    }
    RT.get_or_init(|| Runtime)
}

// Contrast: reported (lazy-init-race).
pub fn contrast_module_static() {
    let pid = std::process::id();
    match OWNER_PID.get() {
        Some(p) if *p == pid => {}
        Some(p) => panic!("runtime created by pid {p}, used after fork in {pid}"),
        None => {
            OWNER_PID.set(pid).expect("record the runtime's pid");
        }
    }
}

// Python threads entering the binding for the first time.
pub fn python_threads() {
    for _ in 0..4 {
        std::thread::spawn(|| {
            let _ = rt();
            contrast_module_static();
        });
    }
}
