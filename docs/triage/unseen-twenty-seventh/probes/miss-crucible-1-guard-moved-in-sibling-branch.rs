// Probe (written from scratch) for a missed bug in oxidecomputer/crucible.
// Fix commit: fe579099 "Fix deadlock on IO error, more tests. (#434)" (parent dd81e0b6).
//
// What goes wrong: `process_ds_operation` locks the downstairs state (`let mut ds =
// self.downstairs.lock()`) and, when an IO comes back with an error, decides on a state change:
// in one branch it hands the guard to `ds_transition_with_lock(ds, ..)`; in a sibling `else if`
// branch (a failed write or flush) it calls `self.ds_transition(..)`, which locks
// `self.downstairs` again while `ds` is still held. The client task that reports the error
// deadlocks on its own lock, and every other task that needs the downstairs state (the IO path
// of the guest, the other two clients) hangs behind it. It only happens on the write/flush
// error path, which is why it was not seen in normal operation. The fix calls
// `ds_transition_with_lock(ds, ..)` in that branch too.
//
// racelint reports the re-lock when no branch moves the guard (`contrast_no_move`, reported:
// double-lock). Missing fact: moving a guard ends it only on the paths through the move. A move
// in one arm of an `if`/`else if`/`match` does not release the guard in the sibling arms; the
// guard is still held there.
use std::sync::{Arc, Mutex, MutexGuard};

pub struct Downstairs { pub state: [u8; 3], pub errors: u32 }

pub struct Upstairs { downstairs: Mutex<Downstairs> }

impl Upstairs {
    fn ds_transition(&self, client: usize, new_state: u8) {
        let mut ds = self.downstairs.lock().unwrap();
        ds.state[client] = new_state;
    }

    fn ds_transition_with_lock(&self, mut ds: MutexGuard<'_, Downstairs>, client: usize, new_state: u8) {
        ds.state[client] = new_state;
    }

    pub fn process_ds_operation(&self, client: usize, err: Option<u8>) {
        let mut ds = self.downstairs.lock().unwrap();
        ds.errors += err.is_some() as u32;
        if err == Some(1) {
            self.ds_transition_with_lock(ds, client, 4);
        } else if err == Some(2) {
            // decryption error: logged only
        } else if err == Some(3) {
            self.ds_transition(client, 5);
        }
    }

    // Contrast: reported (double-lock).
    pub fn contrast_no_move(&self, client: usize, err: Option<u8>) {
        let mut ds = self.downstairs.lock().unwrap();
        ds.errors += err.is_some() as u32;
        if err == Some(3) {
            self.ds_transition(client, 5);
        }
    }
}

// One task per downstairs client processes its replies.
pub fn start(up: Arc<Upstairs>) {
    for client in 0..3 {
        let up = up.clone();
        std::thread::spawn(move || {
            up.process_ds_operation(client, Some(3));
            up.contrast_no_move(client, None);
        });
    }
}
