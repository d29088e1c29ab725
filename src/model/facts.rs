//! `racelint facts`: the model of each function as readable text or JSON.
