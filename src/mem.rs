//! Freeing big values off the build's path.
//!
//! At the end of a 10,000-page build the caches of page views, the site and
//! the rendered bodies are hundreds of thousands of allocations; freeing
//! them on the thread that goes on to swap the site in and write the
//! records took about a tenth of a second of one core while the other
//! waited. A value handed to [`drop_later`] is freed on a thread of its own
//! instead. When the process ends first, the system takes the memory back
//! whole, which is all freeing would have done.

/// Drops `value` on a new thread (here, at once, if none can be started:
/// `spawn` then drops the closure and the value with it).
pub fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("loa-free".into())
        .spawn(move || drop(value));
}
