pub fn serve() {}

#[get("/reset")]
pub fn reset() {
    let mut conn = crate::store::establish();
    crate::store::init_schema(&mut conn);
}
