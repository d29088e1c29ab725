// Probe (written from scratch) for a missed bug in espanso/espanso.
// Fix commit: a6282b1a "Add delay to mitigate clipboard restoration race condition. Fix #148"
// (parent 025d00ad).
//
// What goes wrong: to insert a long expansion, espanso saves the current clipboard, puts the
// expansion on the clipboard, sends the paste shortcut (Ctrl+V) to the focused application
// and restores the saved clipboard right away. The focused application is another process: it
// handles the keystroke later and only then reads the clipboard. If espanso's restore runs
// first, the application pastes the user's old clipboard content instead of the expansion.
// The fix waits `restore_clipboard_delay` ms before restoring (later versions keep the delay).
//
// There is no rule for "hand a value to another actor through a shared slot, signal it, and
// overwrite the slot before the actor has read it". The in-process form (a Mutex<String> slot,
// a channel signal, the overwrite right after the send, `paste_in_process`) is silent as well.
// The file-system rule does treat another process as a second actor for a shared path
// (`contrast_shared_temp_file`, reported: fs-toctou).
// Missing fact: a write to a shared slot (the system clipboard, a shared file, a Mutex'd value)
// followed by a signal to a consumer (a synthetic keystroke to another application, a channel
// send) and then a second write to the same slot, with nothing that waits for the consumer's
// read, lets the second write overtake the read.
use std::sync::{mpsc, Arc, Mutex};

pub trait ClipboardManager {
    fn get_clipboard(&self) -> Option<String>;
    fn set_clipboard(&self, text: &str);
}

pub trait KeyboardManager {
    fn trigger_paste(&self, shortcut: &str);
}

pub struct Engine<C: ClipboardManager, K: KeyboardManager> {
    clipboard_manager: C,
    keyboard_manager: K,
}

impl<C: ClipboardManager, K: KeyboardManager> Engine<C, K> {
    pub fn inject_by_clipboard(&self, expansion: &str) {
        let previous_clipboard_content = self.clipboard_manager.get_clipboard();
        self.clipboard_manager.set_clipboard(expansion);
        self.keyboard_manager.trigger_paste("CTRL+V");
        if let Some(previous) = previous_clipboard_content {
            self.clipboard_manager.set_clipboard(&previous);
        }
    }
}

pub fn paste_in_process(slot: Arc<Mutex<String>>, signal: mpsc::Sender<()>, expansion: String) {
    let previous = slot.lock().unwrap().clone();
    *slot.lock().unwrap() = expansion;
    signal.send(()).unwrap();
    *slot.lock().unwrap() = previous;
}

pub fn start(slot: Arc<Mutex<String>>) {
    let (tx, rx) = mpsc::channel();
    let reader = slot.clone();
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            let _pasted = reader.lock().unwrap().clone();
        }
    });
    paste_in_process(slot, tx, "expansion".to_string());
}

// Contrast: reported (fs-toctou).
pub fn contrast_shared_temp_file(image: &[u8]) -> std::io::Result<()> {
    let path = std::env::temp_dir().join("espanso-clipboard.png");
    if !path.exists() {
        std::fs::write(&path, image)?;
    }
    Ok(())
}
