// FP, nym HEAD daed9cd1: sdk/ffi/shared/src/lib.rs:28, :46, :159, :188, :228 (lazy-init-race).
// Written from scratch.
//
// An FFI library keeps its one client in a process-global `Mutex<Option<Client>>`. The exported
// constructor refuses if the client exists ("client already exists"), otherwise connects (a
// blocking network call on the library's runtime) and stores the client under a second guard.
// racelint reports the check and the fill under two guards as a lazy-init race. The only
// callers are the host program's bindings (Go, C++), which call the constructor once at start,
// before using the client; no code in the repository calls it from two threads, and a repeated
// call is answered by the check.
// What racelint would need: an exported constructor of a library singleton has no second
// actor inside the crate; without a concurrent caller in the code base this is the known
// "once-run start-up" case (note severity at most).
use std::sync::Mutex;
use tokio::runtime::Runtime;

pub struct Client {
    addr: String,
}

impl Client {
    async fn connect() -> Client {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        Client { addr: "nym-address".into() }
    }
}

static CLIENT: Mutex<Option<Client>> = Mutex::new(None);

pub fn init_client(rt: &Runtime) -> Result<(), String> {
    if CLIENT.lock().unwrap().is_some() {
        return Err("client already exists".into());
    }
    rt.block_on(async {
        let client = Client::connect().await;
        *CLIENT.lock().unwrap() = Some(client);
    });
    Ok(())
}

#[no_mangle]
pub extern "C" fn nym_init_client() -> i8 {
    let rt = Runtime::new().unwrap();
    match init_client(&rt) {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

pub fn address() -> Option<String> {
    CLIENT.lock().unwrap().as_ref().map(|c| c.addr.clone())
}
