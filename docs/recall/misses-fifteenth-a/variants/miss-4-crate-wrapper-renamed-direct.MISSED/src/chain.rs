use crate::head::Head;

pub fn is_optimistic(head: &Head, orphaned: bool) -> bool {
    let fork_choice = head.fork_choice.read_fc();
    if orphaned {
        fork_choice.is_empty()
    } else {
        head.fork_choice.read_fc().len() > 1
    }
}
