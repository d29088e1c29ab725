use crate::accounts::ensure_admin;

pub fn serve() {}

// the framework runs a handler once per request, any number at once
#[get("/users/<name>")]
pub fn add_user(name: String) {
    let mut conn = crate::seeds::establish();
    ensure_admin(&mut conn, &name);
}
