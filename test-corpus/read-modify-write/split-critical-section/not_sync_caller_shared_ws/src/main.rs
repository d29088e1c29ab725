mod conn;
mod pager;

use std::sync::Arc;

fn main() {
    let c = Arc::new(conn::Connection::open());
    for _ in 0..3 {
        let c = Arc::clone(&c);
        std::thread::spawn(move || serve(&c));
    }
}

fn serve(c: &conn::Connection) {
    for _ in 0..3 {
        c.commit();
    }
}
