use crate::pager::Pager;
use std::sync::Arc;

pub struct Connection {
    pager: Pager,
    schema: Arc<String>,
}

impl Connection {
    pub fn open() -> Connection {
        Connection {
            pager: Pager::new(),
            schema: Arc::new(String::new()),
        }
    }

    pub fn commit(&self) {
        let _ = self.schema.len();
        self.pager.flush();
    }
}
