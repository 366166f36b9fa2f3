//! The `impact` command: a thin shell around the library.

fn main() -> std::process::ExitCode {
    impact::cli::main()
}
