macro_rules! sqlpage_functions {
    ($($func:ident),* $(,)?) => {
        $(
            mod $func;
        )*

        #[derive(Debug, Clone, Copy)]
        pub enum FunctionName {
            $($func),*
        }
    };
}
