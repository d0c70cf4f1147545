//! loa's integration tests: one binary, one module per area (see
//! tests/README.md for how to add a test, where fixtures go and what the
//! harness in `common` offers).
//!
//! Each test builds a small portal of its own in a temporary folder; only
//! `smoke` builds the repository's sample portal. The browser tests are
//! opt-in (`LOA_BROWSER_TESTS=1`, set by `.ci/run` after
//! `browser-tests/setup.sh`).

mod common;
// `crate::photos` is how the bad-input cases name the photo makers.
use common::photos;

mod audio;
mod bad_input;
mod browser;
mod build;
mod bulletin;
mod bulletin_facts;
mod check;
mod cli;
mod dates;
mod deploy_docs;
mod discovery;
mod editor;
mod errors;
mod faq;
mod golden;
mod hosting;
mod i18n;
mod images;
mod incremental;
mod job_orders;
mod kinds;
mod markets;
mod next_change;
mod output;
mod print_sheet;
mod properties;
mod scaffold;
mod scam_alerts;
mod scheduling;
mod search_shards;
mod search_text;
mod serve;
mod share;
mod smoke;
mod unchanged;
