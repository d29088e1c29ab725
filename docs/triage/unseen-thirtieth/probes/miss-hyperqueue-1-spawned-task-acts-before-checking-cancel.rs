// Probe (written from scratch) for a missed bug in It4innovations/hyperqueue.
// Fix commit: 9abd1501 "Fixed a race when task is canceled" (parent ac10cd94); the same
// family was fixed again in 3f4e4c56 ("fix spawn/remove race").
//
// What goes wrong: the worker (one thread, a tokio `LocalSet`) starts a task by setting its
// state to Running and calling `launch_program_from_task`, which `spawn_local`s a launcher
// and returns the cancel sender that the task's state keeps. The launcher, when it first runs,
// reads the task's allocation and starts the program, and only then selects between the
// program and the cancel receiver. A cancel message from the server handled between the
// `spawn_local` and the launcher's first poll removes the task (state `Removed`, cancel sent):
// the launcher still reads the task (`resource_allocation()` of a removed task is
// unreachable!) and starts its program. The fix returns early when the task is already
// removed; 3f4e4c56 later made the lookup fallible (`find_task`) for the same reason.
//
// What is missing: a spawned task (here `spawn_local`, so the "other thread" is just another
// task between awaits) captures an id or a handle, and its first actions assume the state it
// had at the spawn; the spawner returns the cancel handle, so a cancel can land before the
// task's first poll. The act before the task consults the cancel receiver (or re-checks the
// state) is stale. Expected: a finding at the `allocation().unwrap()` in the spawned block of
// `launch` (line 53). No rule reports a near variant; there is no contrast.
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use tokio::sync::oneshot;

pub enum TaskState {
    Waiting,
    Running(u32),
    Removed,
}

pub struct Task {
    pub state: TaskState,
    pub cancel: Option<oneshot::Sender<()>>,
}

impl Task {
    pub fn allocation(&self) -> Option<u32> {
        match self.state {
            TaskState::Running(a) => Some(a),
            _ => None,
        }
    }
}

pub type Tasks = Rc<RefCell<HashMap<u64, Task>>>;

async fn run_program(_cpus: u32) {}

pub fn launch(tasks: Tasks, id: u64) -> oneshot::Sender<()> {
    let (tx, rx) = oneshot::channel();
    tokio::task::spawn_local(async move {
        let cpus = tasks.borrow()[&id].allocation().unwrap();
        let program = run_program(cpus);
        tokio::select! {
            biased;
            _ = rx => {}
            _ = program => {
                tasks.borrow_mut().remove(&id);
            }
        }
    });
    tx
}

pub fn start_task(tasks: &Tasks, id: u64, cpus: u32) {
    tasks.borrow_mut().get_mut(&id).unwrap().state = TaskState::Running(cpus);
    let cancel = launch(tasks.clone(), id);
    tasks.borrow_mut().get_mut(&id).unwrap().cancel = Some(cancel);
}

// The second actor: the server's cancel message, handled by the same worker loop.
pub fn cancel_task(tasks: &Tasks, id: u64) {
    if let Some(task) = tasks.borrow_mut().get_mut(&id) {
        task.state = TaskState::Removed;
        if let Some(cancel) = task.cancel.take() {
            let _ = cancel.send(());
        }
    }
}
