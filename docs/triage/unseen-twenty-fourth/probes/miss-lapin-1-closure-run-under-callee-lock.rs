// Probe (written from scratch) for a missed bug in amqp-rs/lapin.
// Fix commit: 5d5afb1 "avoid deadlock when receiving returned message" (parent a2dc5cf).
//
// What goes wrong: `ChannelStatus::set_content_length(.., handler, ..)` locks the status mutex
// (`self.0.lock().receiver_state.set_content_length(.., handler, ..)`) and the receiver state
// calls `handler` while that temporary guard is alive. The handler that `Channel` passes calls
// `self.status.confirm()`, which locks the same parking_lot mutex: the I/O thread deadlocks on
// the first returned message of a channel in confirm mode, and the connection stops.
//
// racelint should report double-lock in the closure passed by `handle_content_header_frame`
// (the call to `self.status.confirm()`), because the closure runs under the lock taken by the
// callee. A direct re-lock through a callee is reported (`contrast_direct`, reported:
// double-lock). Missing fact: a closure argument that a callee invokes while it holds a guard
// (here one level deeper, in `ReceiverState::set_content_length`) runs under that guard; a
// lock of the same mutex inside the closure is a re-lock.
use parking_lot::Mutex;
use std::sync::Arc;

pub struct ReceiverState { pending: usize }

impl ReceiverState {
    pub fn set_content_length<H: FnOnce(usize) -> Result<(), String>>(
        &mut self,
        length: usize,
        handler: H,
    ) -> Result<(), String> {
        self.pending = length;
        handler(length)
    }
}

pub struct Inner { confirm: bool, receiver_state: ReceiverState }

#[derive(Clone)]
pub struct ChannelStatus(Arc<Mutex<Inner>>);

impl ChannelStatus {
    pub fn confirm(&self) -> bool {
        self.0.lock().confirm
    }

    pub fn set_content_length<H: FnOnce(usize) -> Result<(), String>>(
        &self,
        length: usize,
        handler: H,
    ) -> Result<(), String> {
        self.0.lock().receiver_state.set_content_length(length, handler)
    }

    fn confirm_and_count(&self) -> usize {
        let g = self.0.lock();
        if g.confirm { self.pending_twice() } else { 0 }
    }

    fn pending_twice(&self) -> usize {
        self.0.lock().receiver_state.pending * 2
    }
}

pub struct ReturnedMessages;
impl ReturnedMessages {
    pub fn new_delivery_complete(&self, _confirm: bool) {}
}

pub struct Channel { status: ChannelStatus, returned: ReturnedMessages }

impl Channel {
    pub fn handle_content_header_frame(&self, size: usize) -> Result<(), String> {
        self.status.set_content_length(size, |len| {
            if len == 0 {
                self.returned.new_delivery_complete(self.status.confirm());
            }
            Ok(())
        })
    }

    // Contrast: reported (double-lock, through the callee pending_twice).
    pub fn contrast_direct(&self) -> usize {
        self.status.confirm_and_count()
    }
}

// The connection's I/O thread handles incoming frames; user threads publish.
pub fn io_loop(ch: Arc<Channel>) {
    let c = ch.clone();
    std::thread::spawn(move || {
        let _ = c.handle_content_header_frame(0);
        let _ = c.contrast_direct();
    });
}
