// zellij 545ca1c06 shape: a `match` on a value computed through a temporary write guard of a
// local `Arc<RwLock<_>>`; an arm passes the same lock to a free function that locks it again.
use std::sync::{Arc, RwLock};

pub struct Config {
    macros: Vec<String>,
}

pub struct Session {
    config: Config,
    path: Option<String>,
}

impl Config {
    fn rename(&mut self, old: &str, new: &str) -> Result<bool, String> {
        for m in self.macros.iter_mut() {
            if m == old {
                *m = new.to_string();
                return Ok(true);
            }
        }
        Err(format!("no macro {old}"))
    }
}

fn save_config(session_data: &Arc<RwLock<Option<Session>>>) {
    let path = session_data.read().unwrap().as_ref().unwrap().path.clone();
    if let Some(path) = path {
        println!("saving to {path}");
    }
}

pub enum Instruction {
    Rename(String, String),
    Stop,
}

pub fn serve(rx: std::sync::mpsc::Receiver<Instruction>) {
    let session_data: Arc<RwLock<Option<Session>>> = Arc::new(RwLock::new(None));
    loop {
        match rx.recv().unwrap() {
            Instruction::Rename(old, new) => {
                match session_data
                    .write()
                    .unwrap()
                    .as_mut()
                    .unwrap()
                    .config
                    .rename(&old, &new)
                {
                    Ok(changed) => {
                        if changed {
                            save_config(&session_data);
                        }
                    }
                    Err(e) => eprintln!("{e}"),
                }
            }
            Instruction::Stop => break,
        }
    }
}
