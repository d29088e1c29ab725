use crate::pager::Pager;
use std::rc::Rc;

pub struct Connection {
    pager: Pager,
    schema: Rc<String>,
}

impl Connection {
    pub fn open() -> Connection {
        Connection {
            pager: Pager::new(),
            schema: Rc::new(String::new()),
        }
    }

    pub fn commit(&self) {
        let _ = self.schema.len();
        self.pager.flush();
    }
}
