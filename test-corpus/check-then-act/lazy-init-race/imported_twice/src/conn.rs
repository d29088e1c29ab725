use crate::geo::load_names;

pub struct Conn;

impl Drop for Conn {
    fn drop(&mut self) {
        load_names("names.txt");
    }
}
