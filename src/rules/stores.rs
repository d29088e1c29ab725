//! Store-level races shared by two families: async repository / key-value / SQL
//! read-then-write (`read-modify-write`) and check-then-insert (`check-then-act`).

use crate::analysis::FileCtx;

pub fn check_file(_cx: &mut FileCtx) {}
