pub async fn command() -> Result<(), DbErr> {
    crate::session::serve().await;
    Ok(())
}
