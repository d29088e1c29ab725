// Probe (written from scratch) for a missed bug in mediar-ai/screenpipe.
// Fix commit: 72b154dd8 "fix(shortcuts): prevent deadlock when registering window shortcuts"
// (parent e3b3f4c3).
//
// What races: the global-shortcut plugin calls the app's shortcut handler while it holds its
// own manager lock. The handler for the overlay shortcut shows the overlay and registers (or,
// on Escape, unregisters) window-local shortcuts synchronously; `register` takes the plugin's
// manager lock again on the same thread and the app freezes. The fix moves the
// (un)registration to another thread.
//
// racelint should report double-lock at `gs.register(..)` / `gs.unregister(..)` inside the
// handler closures: they run while the plugin holds its lock. The lock is inside the library,
// so the fact that is missing is a model of the library: "the handler passed to
// `with_handler` / `on_shortcut` runs under the manager's lock, and `register`/`unregister`/
// `on_shortcut` take it". When the lock is the project's own, re-locking it from a callee
// while the caller holds it is reported (`contrast_local_dispatcher`, reported: double-lock;
// there the re-lock is a direct call, racelint does not follow the stored callbacks `h(self)`).
use std::sync::Mutex;
use tauri::{AppHandle, Manager};
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};

pub fn setup(app: &AppHandle) {
    let _ = app.plugin(
        tauri_plugin_global_shortcut::Builder::new()
            .with_handler(|app, shortcut, event| {
                if event.state() != ShortcutState::Pressed {
                    return;
                }
                let gs = app.global_shortcut();
                if shortcut.to_string() == "Control+Super+KeyK" {
                    if let Some(w) = app.get_webview_window("overlay") {
                        let _ = w.show();
                    }
                    let _ = gs.register("Escape".parse::<Shortcut>().unwrap());
                } else if shortcut.to_string() == "Escape" {
                    let _ = gs.unregister("Escape".parse::<Shortcut>().unwrap());
                }
            })
            .build(),
    );
}

// Contrast: reported (double-lock) at `self.register(..)`, a direct call under the guard.
pub struct Dispatcher { handlers: Mutex<Vec<Box<dyn Fn(&Dispatcher) + Send>>> }
impl Dispatcher {
    pub fn register(&self, h: Box<dyn Fn(&Dispatcher) + Send>) {
        self.handlers.lock().unwrap().push(h);
    }
    pub fn contrast_local_dispatcher(&self) {
        let handlers = self.handlers.lock().unwrap();
        for h in handlers.iter() {
            h(self);
        }
        self.register(Box::new(|_| {}));
    }
}
