//! In-process benchmarks of the build's stages on the sample portal in
//! this repository: front matter, Markdown, and a whole build in memory.
//! `cargo bench` runs them; `scripts/bench.sh` times whole builds against
//! Hugo. Benchmarks measure, they never fail on a slow result.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use loa::content::front_matter;
use loa::content::kinds::RawPage;
use loa::markdown::{self, LinkOutcome, Options};
use loa::pipeline::{BuildOptions, render_site};

fn portal() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every page file of the sample portal (not `_index.md`), as text.
fn sample_pages() -> Vec<String> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(portal().join("content")).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name().to_string_lossy();
        if name.ends_with(".md") && !name.starts_with("_index") {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                out.push(text);
            }
        }
    }
    assert!(!out.is_empty(), "the sample portal has no pages");
    out
}

fn front_matter(c: &mut Criterion, pages: &[String]) {
    let mut group = c.benchmark_group("front_matter");
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("split_and_parse_sample_pages", |b| {
        b.iter(|| {
            for text in pages {
                if let Ok(split) = front_matter::split(black_box(text)) {
                    let raw: Result<RawPage, _> = front_matter::parse(&split);
                    let _ = black_box(raw);
                }
            }
        });
    });
    group.finish();
}

fn markdown(c: &mut Criterion, pages: &[String]) {
    let bodies: Vec<&str> = pages
        .iter()
        .filter_map(|t| front_matter::split(t).ok().map(|s| s.body))
        .collect();
    let bytes: usize = bodies.iter().map(|b| b.len()).sum();
    let opts = Options::default();
    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("render_sample_bodies", |b| {
        b.iter(|| {
            for body in &bodies {
                black_box(markdown::render(black_box(body), &opts, &|_| {
                    LinkOutcome::Keep
                }));
            }
        });
    });
    group.finish();
}

fn full_build(c: &mut Criterion) {
    let opts = BuildOptions {
        root: portal(),
        now: Some("2026-11-22".into()),
        ..BuildOptions::default()
    };
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.bench_function("sample_portal_in_memory", |b| {
        b.iter(|| black_box(render_site(&opts).map(|s| s.files.len())));
    });
    group.finish();
}

fn stages(c: &mut Criterion) {
    let pages = sample_pages();
    front_matter(c, &pages);
    markdown(c, &pages);
    full_build(c);
}

fn quick() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = quick();
    targets = stages
}
criterion_main!(benches);
