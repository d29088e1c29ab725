use crate::output::Output;

pub struct Session {
    id: u32,
    output: Output,
}

impl Session {
    pub fn new(id: u32) -> Self {
        Session {
            id,
            output: Output::new(),
        }
    }

    // Also called from `on_timeout(&self)`, on a session shared with timer tasks.
    async fn emit_error(&self, msg: &str) {
        if self.output.is_visible() { //~ atomic-check-then-act
            self.output.hide();
            self.write(msg).await;
        }
    }

    async fn write(&self, _msg: &str) {
        let _ = self.id;
    }

    pub async fn handle(&mut self, failed: bool) {
        if failed {
            self.output.hide();
            self.emit_error("connection failed").await;
        } else {
            self.output.show();
        }
        self.output.clear_line();
    }

    pub async fn on_timeout(&self) {
        self.emit_error("timed out").await;
    }
}
