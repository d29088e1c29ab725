//! Rule family `read-modify-write`.

use crate::analysis::FileCtx;

pub fn check_file(_cx: &mut FileCtx) {}
