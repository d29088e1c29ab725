// Read locks on both sides of the "cycle" never wait for each other.
use parking_lot::RwLock;

pub struct Tables {
    users: RwLock<Vec<u32>>,
    roles: RwLock<Vec<u32>>,
}

impl Tables {
    pub fn a(&self) -> usize {
        let u = self.users.read();
        let r = self.roles.read();
        u.len() + r.len()
    }

    pub fn b(&self) -> usize {
        let r = self.roles.read();
        let u = self.users.read();
        u.len() + r.len()
    }
}
