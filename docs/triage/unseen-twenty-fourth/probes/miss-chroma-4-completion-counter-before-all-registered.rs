// Probe (written from scratch) for a missed bug in chroma-core/chroma.
// Fix commit: f7f120e13 "[BUG] Fix race condition. (#4260)" (parent 02dd03b3): "The partitioned
// compaction code had a race wherein one partition could race through all work before other
// partitions registered their work."
//
// What goes wrong: the compaction orchestrator (one actor, `handle(&mut self, msg)`) dispatches
// one materialization task per log partition. When a partition's materialization finishes, it
// adds that partition's apply tasks to `num_uncompleted_tasks_by_segment[segment]` and dispatches
// them. When an apply task finishes, the handler decrements the segment's count and, at zero,
// commits the segment writer. The operator tasks run concurrently, so partition 1's apply tasks
// can all finish before partition 2's materialization has registered its tasks: the count hits
// zero, the segment is committed, and partition 2's records are applied to a writer that has
// already been committed (lost from the compaction's output). The fix also requires
// `num_uncompleted_materialization_tasks == 0`.
//
// racelint should report that the "all done" test reads one counter while another counter of
// the same completion (materializations still running, which add to the first) is not zero yet.
// There is no rule for it; the atomic form of a counter tested after a separate decrement is
// reported (`contrast_fetch_then_reread`, reported: fetch-then-reread). Missing fact: completion
// accounting across phases: a "remaining = 0" test is premature while producers that can raise
// `remaining` (a phase still running, whose completion handler adds to the count) are pending.
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Orchestrator {
    num_uncompleted_materialization_tasks: usize,
    num_uncompleted_tasks_by_segment: HashMap<u64, usize>,
    pending: AtomicUsize,
}

pub enum Msg { MaterializeDone { segment: u64, apply_tasks: usize }, ApplyDone { segment: u64 } }

impl Orchestrator {
    pub fn start(&mut self, partitions: usize) {
        self.num_uncompleted_materialization_tasks = partitions;
        for _ in 0..partitions {
            // dispatch a materialization operator task; it replies with MaterializeDone
        }
    }

    pub async fn handle(&mut self, msg: Msg) {
        match msg {
            Msg::MaterializeDone { segment, apply_tasks } => {
                self.num_uncompleted_materialization_tasks -= 1;
                *self.num_uncompleted_tasks_by_segment.entry(segment).or_default() += apply_tasks;
                // dispatch `apply_tasks` apply operator tasks; each replies with ApplyDone
            }
            Msg::ApplyDone { segment } => {
                self.num_uncompleted_tasks_by_segment.entry(segment).and_modify(|v| *v -= 1);
                let num_tasks_left = self.num_uncompleted_tasks_by_segment.get(&segment).copied().unwrap_or(0);
                if num_tasks_left == 0 {
                    self.commit_segment_writer(segment).await;
                }
            }
        }
    }

    async fn commit_segment_writer(&mut self, _segment: u64) {}

    // Contrast: reported (fetch-then-reread).
    pub fn contrast_fetch_then_reread(&self) -> bool {
        self.pending.fetch_sub(1, Ordering::SeqCst);
        self.pending.load(Ordering::SeqCst) == 0
    }
}

pub async fn run(mut o: Orchestrator, mut rx: tokio::sync::mpsc::Receiver<Msg>) {
    o.start(2);
    while let Some(m) = rx.recv().await {
        o.handle(m).await;
    }
}

pub fn apply_threads(o: std::sync::Arc<Orchestrator>) {
    let a = o.clone();
    std::thread::spawn(move || a.contrast_fetch_then_reread());
    o.contrast_fetch_then_reread();
}
