//! paveldas: a multilingual static site generator for the UNESCO teacher kit *World Heritage in
//! Young Hands* and the open badges schools award for heritage work.
//!
//! The pipeline, one folder per stage, with the [`model::Site`] in the middle:
//!
//! ```text
//! config  →  load  →  resolve  →  render (parallel)  →  output (staging + atomic swap)
//! ```
//!
//! Beside the stages, one folder per command that is more than a build: [`check`], [`serve`],
//! [`l10n`], [`init`] (a new site); [`scaffold`] is `paveldas new`.

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod driver;
pub mod init;
pub mod l10n;
pub mod load;
pub mod memory;
pub mod model;
pub mod output;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod timings;

pub use driver::{build, load_and_resolve, relative_diagnostics, BuildOptions, BuildReport};
