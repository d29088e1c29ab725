//! Rule family `check-then-act`.

use crate::analysis::FileCtx;

pub fn check_file(_cx: &mut FileCtx) {}
