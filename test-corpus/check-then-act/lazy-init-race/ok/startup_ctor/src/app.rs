use crate::store::Db;
use std::sync::OnceLock;

static ROUTES: OnceLock<Vec<String>> = OnceLock::new();

pub(crate) struct Server {
    db: Db,
}

impl Server {
    pub(crate) fn new(url: &str) -> Server {
        crate::load_settings();
        let db = Db::init(url);
        Self::register_routes(vec![url.to_string()]);
        Server { db }
    }

    fn register_routes(routes: Vec<String>) {
        if ROUTES.get().is_none() {
            let _ = ROUTES.set(routes);
        }
    }

    fn handle(&self) -> usize {
        self.db.len()
    }
}

pub(crate) struct Job;

impl Job {
    // a method named `run` too: `job.run()` can never call the free `run` below
    pub(crate) fn run(&self) {}
    pub(crate) fn new() -> Job {
        Job
    }
    pub(crate) fn register_routes(&self) {}
}

pub(crate) fn run(server: Server) {
    let job = Job::new();
    std::thread::spawn(move || job.run());
    loop {
        if server.handle() > 0 {
            break;
        }
    }
}
