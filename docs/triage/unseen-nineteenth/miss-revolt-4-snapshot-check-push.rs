// MISS probe (check on a fetched record, then a targeted write that is not a save-back):
// revolt Channel::add_user_to_group checks recipients.contains / len >= group_size on the
// channel the handler fetched, then $push-es (no filter): concurrent adds duplicate a recipient
// or exceed the limit. add_member is not reported; the save-back form add_member_save is.
pub struct Channel { pub id: String, pub recipients: Vec<String> }
pub struct Db;
impl Db {
    pub async fn fetch_channel(&self, _id: &str) -> Result<Channel, ()> { Err(()) }
    pub async fn find_by_id(&self, _id: &str) -> Result<Channel, ()> { Err(()) }
    pub async fn add_user_to_group(&self, _c: &str, _u: &str) -> Result<(), ()> { Ok(()) }
    pub async fn update(&self, _c: &Channel) -> Result<(), ()> { Ok(()) }
}
const MAX: usize = 100;
pub async fn add_member(db: &Db, id: &str, user: &str) -> Result<(), ()> {
    let channel = db.find_by_id(id).await?;
    if channel.recipients.contains(&user.to_string()) || channel.recipients.len() >= MAX {
        return Err(());
    }
    db.add_user_to_group(&channel.id, user).await
}
pub async fn add_member_save(db: &Db, id: &str, user: &str) -> Result<(), ()> {
    let mut channel = db.find_by_id(id).await?;
    if channel.recipients.len() >= MAX {
        return Err(());
    }
    channel.recipients.push(user.to_string());
    db.update(&channel).await
}
