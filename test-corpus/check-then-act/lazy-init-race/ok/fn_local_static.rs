// near-miss: a block-scoped static filled atomically (`get_or_init`), and one whose losing
// `set` is ignored
use std::sync::OnceLock;

pub fn name() -> &'static String {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| String::from("n"))
}

pub fn tag() -> Option<&'static u32> {
    static TAG: OnceLock<u32> = OnceLock::new();
    if TAG.get().is_none() {
        let _ = TAG.set(7);
    }
    TAG.get()
}

pub fn threads() {
    for _ in 0..2 {
        std::thread::spawn(|| {
            let _ = name();
            let _ = tag();
        });
    }
}
