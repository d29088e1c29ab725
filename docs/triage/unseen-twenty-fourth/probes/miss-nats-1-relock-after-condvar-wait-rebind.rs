// Probe (written from scratch) for a missed bug in nats-io/nats.rs.
// Fix commit: f78ff65a "Switch to parking lot for mutexes, fix deadlock in the flush_loop where
// the mutex was double-acquired" (parent 4c59f713).
//
// What goes wrong: the outbound flusher thread locks the writer, rebinds the guard through
// `writer = self.updated.wait_while(writer, ..).unwrap()`, flushes, and on a flush error locks
// `self.writer` again to shut the socket down while `writer` is still alive. std's Mutex is not
// reentrant: the flusher thread deadlocks (or panics), and every publisher that locks the writer
// blocks behind it. A broken connection (the only time flush fails) freezes the client.
//
// racelint should report double-lock at the second `self.writer.lock()` in `flush_loop`
// (the guard from line "let mut writer = self.writer.lock()" is still held). It reports the same
// function when the guard is not passed through `Condvar::wait_while`
// (`contrast_no_wait`, reported). Missing fact: `Condvar::wait`/`wait_while`/`wait_timeout`
// take a guard and return the same lock's guard; a `let`/assignment of their result keeps the
// binding a live guard of the same mutex.
use std::io::{self, BufWriter, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};

pub struct Outbound {
    writer: Mutex<BufWriter<TcpStream>>,
    updated: Condvar,
    shutting_down: AtomicBool,
}

impl Outbound {
    pub fn flush_loop(&self) {
        while !self.shutting_down.load(Ordering::Acquire) {
            let mut writer = self.writer.lock().unwrap();
            writer = self
                .updated
                .wait_while(writer, |w| w.buffer().is_empty())
                .unwrap();
            if let Err(error) = writer.flush() {
                eprintln!("flush failed: {:?}", error);
                self.writer
                    .lock()
                    .unwrap()
                    .get_mut()
                    .shutdown(Shutdown::Both)
                    .unwrap();
            }
        }
    }

    // Contrast: reported (double-lock).
    pub fn contrast_no_wait(&self) {
        let mut writer = self.writer.lock().unwrap();
        if let Err(error) = writer.flush() {
            eprintln!("flush failed: {:?}", error);
            self.writer
                .lock()
                .unwrap()
                .get_mut()
                .shutdown(Shutdown::Both)
                .unwrap();
        }
    }

    pub fn publish(&self, msg: &[u8]) -> io::Result<()> {
        self.writer.lock().unwrap().write_all(msg)?;
        self.updated.notify_all();
        Ok(())
    }
}

pub fn start(out: Arc<Outbound>) {
    let o = out.clone();
    std::thread::spawn(move || o.flush_loop());
    let o = out.clone();
    std::thread::spawn(move || o.contrast_no_wait());
    let _ = out.publish(b"PUB foo 0\r\n\r\n");
}
