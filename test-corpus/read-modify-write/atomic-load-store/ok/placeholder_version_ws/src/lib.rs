pub mod stop_words;
pub mod writer;
