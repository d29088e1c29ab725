// A blocking guard used before and after an `.await`: dropped before it and taken again after
// it (std only: the fix harness compiles the fixed file).

use std::sync::Mutex;

pub struct Log {
    lines: Mutex<Vec<String>>,
}

async fn flush() {}

impl Log {
    pub async fn write_twice(&self, line: String) {
        let mut lines = self.lines.lock().unwrap(); //~ guard-across-await
        lines.push(line.clone());
        flush().await;
        lines.push(line);
    }
}
