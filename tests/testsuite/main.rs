//! The integration tests, as one test binary: one module per area (`cargo test confine::` runs
//! one), and `helpers` for what they share (fixture sites in temp dirs, the real binary, HTML
//! parsed with a real parser, a real headless Chromium). Data stays beside this folder:
//! `tests/fixtures/`, `tests/broken/`, `tests/browser/`, `tests/serve_browser.cjs`.

mod helpers;

mod architecture;
mod badges;
mod bench_shape;
mod broken;
mod build;
mod check;
mod confine;
mod deploy;
mod errors;
mod fuzz;
mod highlight;
mod incremental;
mod init;
mod judges;
mod l10n;
mod l10n_web;
mod names;
mod nothing_lost;
mod offline;
mod pages;
mod print;
mod raw_html;
mod search;
mod seo;
mod serve;
mod slow_inputs;
