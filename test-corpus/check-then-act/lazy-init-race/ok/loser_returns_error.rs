//! Near misses: the `set` that loses the race returns an error with `?`, the same one a caller
//! arriving after the winner gets at the check (`Already connected`).
use std::sync::{Arc, OnceLock};

#[derive(Debug)]
pub enum Error {
    AlreadyConnected,
}

pub struct Router(u32);

pub struct Inner {
    router: OnceLock<Router>,
}

#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl Client {
    pub async fn connect(&self, id: u32) -> Result<(), Error> {
        if self.inner.router.get().is_some() {
            return Err(Error::AlreadyConnected);
        }
        let router = open(id).await;
        self.inner
            .router
            .set(router)
            .map_err(|_| Error::AlreadyConnected)?;
        Ok(())
    }
}

static ROUTER: OnceLock<Router> = OnceLock::new();

pub fn install(id: u32) -> Result<(), Router> {
    if ROUTER.get().is_some() {
        return Ok(());
    }
    ROUTER.set(Router(id))?;
    Ok(())
}

async fn open(id: u32) -> Router {
    Router(id)
}
