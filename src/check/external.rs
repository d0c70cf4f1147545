//! `--external`: asks each outside URL once whether it still exists.
//!
//! Off by default (build machines are offline). Each URL gets a HEAD request
//! (GET when the server refuses HEAD) with a timeout, a few at a time. A 4xx
//! or 5xx answer is an error; no answer is only a warning, since a slow
//! ministry server is not a broken link.

use std::time::Duration;

use rayon::prelude::*;

/// What became of one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// 2xx or 3xx.
    Ok,
    /// The server answered with this error status.
    Status(u16),
    /// No answer (DNS, refused, timeout, TLS): the reason.
    Unreachable(String),
}

/// Asks each URL, in parallel; results are in the order given.
pub(crate) fn check(urls: &[String], timeout: Duration) -> Vec<Outcome> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("loa-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let ask = |url: &String| -> Outcome {
        let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
            r.map(|resp| resp.status().as_u16())
        };
        let first = status(agent.head(url).call());
        let answer = match first {
            // Some servers refuse HEAD; ask again the usual way.
            Ok(405 | 501) => status(agent.get(url).call()),
            other => other,
        };
        match answer {
            Ok(code) if code < 400 => Outcome::Ok,
            Ok(code) => Outcome::Status(code),
            Err(e) => Outcome::Unreachable(e.to_string()),
        }
    };
    match rayon::ThreadPoolBuilder::new().num_threads(8).build() {
        Ok(pool) => pool.install(|| urls.par_iter().map(ask).collect()),
        Err(_) => urls.iter().map(ask).collect(),
    }
}
