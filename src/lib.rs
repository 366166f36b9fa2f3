//! impact turns a training programme's evaluation data into an impact report.
//!
//! The pipeline runs one way, one module per stage:
//!
//! ```text
//! programme.toml ─► config ─► input ─► scoring ─► analysis ─► render
//! ```
//!
//! [`config`] reads `programme.toml`; [`input`] reads and checks the data files; [`scoring`] turns
//! item responses into scale scores using the keys in [`instruments`]; [`analysis`] computes the
//! statistics with the pure functions of [`stats`]; [`render`] writes the report folder.

pub mod analysis;
pub mod charts;
pub mod cli;
pub mod config;
pub mod files;
pub mod init;
pub mod input;
pub mod instruments;
pub mod pipeline;
pub mod privacy;
pub mod problem;
pub mod render;
pub mod report;
pub mod schema;
pub mod scoring;
pub mod statcheck;
pub mod stats;
pub mod understood;
