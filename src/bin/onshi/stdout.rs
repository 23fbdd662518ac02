//! Printing to stdout as Unix tools do: when the reader goes away (`onshi status | head -n 2`),
//! the program ends quietly and successfully instead of panicking on the broken pipe.

use std::fmt;
use std::io::{self, Write};
use std::process;

pub fn write(args: fmt::Arguments) {
    let result = io::stdout().lock().write_fmt(args);
    if let Err(e) = result {
        if e.kind() == io::ErrorKind::BrokenPipe {
            process::exit(0);
        }
        eprintln!("onshi: cannot write to stdout: {e}");
        process::exit(1);
    }
}

/// `print!` that ends the program quietly when stdout's reader has gone.
macro_rules! out {
    ($($arg:tt)*) => { $crate::stdout::write(format_args!($($arg)*)) };
}

/// `println!` that ends the program quietly when stdout's reader has gone.
macro_rules! outln {
    () => { $crate::stdout::write(format_args!("\n")) };
    ($($arg:tt)*) => {{
        $crate::stdout::write(format_args!($($arg)*));
        $crate::stdout::write(format_args!("\n"));
    }};
}
