fn f() { let g = m.lock().unwrap(); drop(g); drop(g); }
