pub mod db {
    pub mod invite;
}
pub mod handlers {
    pub mod join;
}
