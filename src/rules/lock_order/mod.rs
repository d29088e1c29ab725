//! Rule family `lock-order`.

use crate::analysis::FileCtx;

pub fn check_file(_cx: &mut FileCtx) {}

pub fn check_workspace(_ws: &crate::model::Workspace, _out: &mut Vec<crate::diagnostic::Diagnostic>) {}
