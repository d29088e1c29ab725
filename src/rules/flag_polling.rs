//! Rule family `flag-polling`.

use crate::analysis::FileCtx;

pub fn check_file(_cx: &mut FileCtx) {}

pub fn check_workspace(_ws: &crate::model::Workspace, _out: &mut Vec<crate::diagnostic::Diagnostic>) {}
