// Maps reached through an exclusive borrow have one actor: a `&mut` parameter (with or
// without a lifetime), a `&mut` captured by a boxed recursive future, a local map, a map in
// `&mut self`. The awaits in between suspend only this task.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

type Plan = HashMap<String, Option<String>>;
type Boxed<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

async fn probe(name: &str) -> bool {
    !name.is_empty()
}

fn visit<'a>(name: &'a str, deps: &'a [String], plan: &'a mut Plan) -> Boxed<'a> {
    Box::pin(async move {
        if plan.contains_key(name) {
            return;
        }
        let up = probe(name).await;
        plan.insert(name.to_string(), up.then(|| "redeploy".to_string()));
        for d in deps {
            visit(d, &[], plan).await;
        }
    })
}

pub async fn plan_all(names: Vec<String>) -> Plan {
    let mut plan = Plan::new();
    for n in &names {
        visit(n, &names, &mut plan).await;
    }
    plan
}

pub async fn fill(seen: &mut HashMap<u64, u64>, id: u64) {
    if !seen.contains_key(&id) {
        let up = probe("x").await;
        seen.insert(id, u64::from(up));
    }
}

pub async fn fill_named<'m>(seen: &'m mut HashMap<u64, u64>, id: u64) {
    if !seen.contains_key(&id) {
        let up = probe("y").await;
        seen.insert(id, u64::from(up));
    }
}

pub async fn local_map(ids: Vec<u64>) -> usize {
    let mut m: HashMap<u64, bool> = HashMap::new();
    for id in ids {
        if !m.contains_key(&id) {
            let up = probe("z").await;
            m.insert(id, up);
        }
    }
    m.len()
}

pub struct Planner {
    done: HashMap<String, bool>,
}

impl Planner {
    pub async fn step(&mut self, name: String) {
        if !self.done.contains_key(&name) {
            let up = probe(&name).await;
            self.done.insert(name, up);
        }
    }
}
