// FP (sql-check-then-write): the agents table is synchronised with the configured
// tokens once, in the constructor that the server's start-up calls before it serves
// any request. Nothing else deletes or inserts agents, so no second actor exists.
use std::collections::HashSet;

pub struct Database;
pub struct Transaction;
type Fallible<T> = Result<T, String>;

impl Database {
    pub fn query(&self, _sql: &str, _p: [&str; 0], _f: fn(&str) -> Fallible<String>) -> Fallible<Vec<String>> {
        Ok(vec![])
    }
    pub fn transaction<T>(&self, _w: bool, f: impl FnOnce(&Transaction) -> Fallible<T>) -> Fallible<T> {
        f(&Transaction)
    }
}

impl Transaction {
    pub fn execute(&self, _sql: &str, _p: &[&String]) -> Fallible<usize> {
        Ok(0)
    }
}

pub struct Agents {
    db: Database,
}

impl Agents {
    pub fn new(db: Database, configured: &[String]) -> Fallible<Self> {
        let agents = Agents { db };
        agents.synchronize(configured)?;
        Ok(agents)
    }

    fn synchronize(&self, configured: &[String]) -> Fallible<()> {
        self.db.transaction(true, |trans| {
            let mut real = configured.iter().collect::<HashSet<&String>>();
            let current: Vec<String> = self.db.query("select name from agents;", [], |r| Ok(r.to_string()))?;
            for current_name in current {
                if !real.remove(&current_name) {
                    trans.execute("DELETE FROM agents WHERE name = ?1;", &[&current_name])?;
                }
            }
            Ok(())
        })
    }
}

pub fn start_server(tokens: Vec<String>) -> Fallible<Agents> {
    Agents::new(Database, &tokens)
}
