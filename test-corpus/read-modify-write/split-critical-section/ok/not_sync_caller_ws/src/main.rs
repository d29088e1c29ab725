mod conn;
mod pager;

fn main() {
    let c = conn::Connection::open();
    serve(&c);
}

fn serve(c: &conn::Connection) {
    for _ in 0..3 {
        c.commit();
    }
}
