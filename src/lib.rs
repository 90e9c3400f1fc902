//! dossier: a static-site generator for press dossiers.
//!
//! Data flows one way: files are read into an immutable [`content::Site`],
//! rendered by a pure function into outputs ([`render`]), and only
//! [`output`] writes them to disk. See the README for the picture.

pub mod build;
pub mod check;
pub mod cli;
pub mod collate;
pub mod config;
pub mod content;
pub mod date;
pub mod error;
pub mod export;
pub mod import;
pub mod init;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
#[cfg(test)]
mod test_rng;
pub mod text;
pub mod typography;
pub mod yaml;

pub use error::{Diagnostic, Error, Result};
