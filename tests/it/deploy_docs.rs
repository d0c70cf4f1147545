//! The recipes in docs/deploy.md: their YAML, TOML and systemd units parse,
//! every `loa` command they run uses flags the CLI has, the nginx block's
//! paths match what a build writes, and every schedule (cron lines, systemd
//! `OnCalendar=`) fires when the text says: daily at 00:05 in Vietnam, which
//! is 17:05 UTC, and at five past every other hour, where `loa due` runs
//! before `loa build`. (The hosts themselves cannot be reached from the test
//! machine; see the report in docs/deploy.md.)

use crate::common;

use std::process::Command;

use common::Portal;

mod readers;

use readers::{Ini, Times, cron_times, crontab, daily, hourly, ini, on_calendar, vietnam_to_utc};

const DOC: &str = include_str!("../../docs/deploy.md");
const README: &str = include_str!("../../README.md");

/// README's "Drafts and scheduling" section, which points at the recipes.
fn readme_scheduling() -> &'static str {
    let start = README
        .find("### Drafts and scheduling\n")
        .expect("README has a Drafts and scheduling section");
    let rest = &README[start + 4..];
    &rest[..rest.find("\n### ").unwrap_or(rest.len())]
}

/// A fenced block: its info string and its text.
struct Block {
    lang: String,
    text: String,
}

fn blocks() -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for line in DOC.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(lang)) => {
                current = Some(Block {
                    lang: lang.trim().to_string(),
                    text: String::new(),
                })
            }
            (Some(_), Some(_)) => out.extend(current.take()),
            (Some(b), None) => {
                b.text.push_str(line);
                b.text.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(
        current.is_none(),
        "an unclosed code block in docs/deploy.md"
    );
    out
}

/// The block whose first line is `# <name>`.
fn named(name: &str) -> Block {
    blocks()
        .into_iter()
        .find(|b| {
            b.text.lines().next().is_some_and(|l| {
                l.strip_prefix("# ")
                    .and_then(|l| l.strip_prefix(name))
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(','))
            })
        })
        .unwrap_or_else(|| panic!("docs/deploy.md has no block starting with `# {name}`"))
}

fn yaml(name: &str) -> serde_yaml_ng::Value {
    let b = named(name);
    assert_eq!(b.lang, "yaml", "{name}");
    serde_yaml_ng::from_str(&b.text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every `loa …` command in a piece of shell text, in order: also those after
/// `if`/`then`/`||`, and those called by their installed path (systemd and
/// cron want `/usr/local/bin/loa`), which come back as `loa …`.
fn loa_commands(shell: &str) -> Vec<String> {
    shell
        .split(['\n', ';'])
        .flat_map(|l| l.split("&&"))
        .flat_map(|l| l.split("||"))
        .map(str::trim)
        .map(|c| {
            ["if ", "then ", "elif ", "! "]
                .iter()
                .fold(c, |c, p| c.strip_prefix(p).map_or(c, str::trim_start))
        })
        .filter_map(|c| {
            c.strip_prefix("/usr/local/bin/loa ")
                .map(|rest| format!("loa {rest}"))
                .or_else(|| c.starts_with("loa ").then(|| c.to_string()))
        })
        .collect()
}

/// Checks that the subcommand and every `--flag` of `cmd` exist.
fn check_command(cmd: &str) {
    let words: Vec<&str> = cmd.split_whitespace().collect();
    let sub = words[1];
    let help = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args([sub, "--help"])
        .output()
        .expect("run loa");
    assert!(
        help.status.success(),
        "`loa {sub}` is not a command ({cmd})"
    );
    let help = String::from_utf8_lossy(&help.stdout);
    for w in &words[2..] {
        if let Some(flag) = w.strip_prefix("--") {
            let flag = flag.split('=').next().unwrap_or(flag);
            assert!(
                help.contains(&format!("--{flag} ")) || help.contains(&format!("--{flag}\n")),
                "`loa {sub}` has no --{flag} (in `{cmd}`):\n{help}"
            );
        }
    }
}

fn run_strings(v: &serde_yaml_ng::Value, out: &mut Vec<String>) {
    match v {
        serde_yaml_ng::Value::Mapping(m) => {
            for (k, v) in m {
                if matches!(k.as_str(), Some("run" | "script")) {
                    match v {
                        serde_yaml_ng::Value::String(s) => out.push(s.clone()),
                        serde_yaml_ng::Value::Sequence(seq) => {
                            out.extend(seq.iter().filter_map(|s| s.as_str().map(String::from)));
                        }
                        _ => {}
                    }
                }
                run_strings(v, out);
            }
        }
        serde_yaml_ng::Value::Sequence(s) => s.iter().for_each(|x| run_strings(x, out)),
        _ => {}
    }
}

/// The `loa build` commands of some shell text (checked against the CLI).
fn builds(shell: &str) -> Vec<String> {
    let cmds: Vec<String> = loa_commands(shell)
        .into_iter()
        .filter(|c| c.starts_with("loa build "))
        .collect();
    cmds.iter().for_each(|c| check_command(c));
    cmds
}

/// The steps of a GitHub job.
fn steps<'a>(wf: &'a serde_yaml_ng::Value, job: &str) -> &'a Vec<serde_yaml_ng::Value> {
    wf["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("job {job} has no steps"))
}

/// The index of the first step of `job` that uses the action `action@…`.
fn uses(wf: &serde_yaml_ng::Value, job: &str, action: &str) -> usize {
    steps(wf, job)
        .iter()
        .position(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with(&format!("{action}@")))
        })
        .unwrap_or_else(|| panic!("job {job} does not use {action}"))
}

#[test]
fn github_workflow_installs_loa_and_publishes_what_it_builds() {
    let wf = yaml(".github/workflows/pages.yml");
    let mut runs = Vec::new();
    run_strings(&wf, &mut runs);
    let all = runs.join("\n");
    assert!(all.contains("cargo install --locked --git"), "{all}");
    let cmds = builds(&all);
    assert_eq!(cmds.len(), 1, "{all}");
    assert!(cmds[0].contains("--output public"), "{}", cmds[0]);
    // The address GitHub reports for the site: right for a project site, a
    // user site and a custom domain, and, unlike `github.event.repository`,
    // also set in scheduled runs. It comes without the trailing slash.
    let pages = uses(&wf, "build", "actions/configure-pages");
    assert_eq!(steps(&wf, "build")[pages]["id"].as_str(), Some("pages"));
    assert!(
        cmds[0].contains("--base-url \"${{ steps.pages.outputs.base_url }}/\""),
        "{}",
        cmds[0]
    );
    assert!(!all.contains("github.event.repository"), "{all}");
    let upload = uses(&wf, "build", "actions/upload-pages-artifact");
    assert_eq!(
        steps(&wf, "build")[upload]["with"]["path"].as_str(),
        Some("public")
    );
    assert!(pages < upload);
    uses(&wf, "deploy", "actions/deploy-pages");
    assert_eq!(wf["jobs"]["deploy"]["needs"].as_str(), Some("build"));
}

#[test]
fn gitlab_job_builds_into_the_folder_it_publishes() {
    let ci = yaml(".gitlab-ci.yml");
    let pages = &ci["pages"];
    assert_eq!(pages["artifacts"]["paths"][0].as_str(), Some("public"));
    let mut runs = Vec::new();
    run_strings(pages, &mut runs);
    let cmds = loa_commands(&runs.join("\n"));
    assert_eq!(cmds.len(), 1, "{runs:?}");
    cmds.iter().for_each(|c| check_command(c));
    assert!(cmds[0].contains("--base-url \"$CI_PAGES_URL\""));
    assert!(cmds[0].contains("--output public"));
    // Every job installs loa first, and finds it on PATH where cargo put it
    // (CARGO_HOME inside the project, so that GitLab can cache it).
    let before: Vec<&str> = ci["default"]["before_script"]
        .as_sequence()
        .expect("default: before_script")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        before[0].contains("CARGO_HOME=\"$CI_PROJECT_DIR/.cargo\"")
            && before[0].contains("PATH=\"$CI_PROJECT_DIR/.cargo/bin:$PATH\""),
        "{before:?}"
    );
    assert!(before[1].starts_with("cargo install --locked --git \"$LOA_GIT\" loa"));
    let cached: Vec<&str> = ci["default"]["cache"]["paths"]
        .as_sequence()
        .expect("cache paths")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(cached.contains(&".cargo/bin/"), "{cached:?}");
    assert!(ci["variables"]["LOA_GIT"].is_string());
    assert!(
        ci["default"]["image"]
            .as_str()
            .is_some_and(|i| i.starts_with("rust:"))
    );
}

#[test]
fn netlify_toml_parses_and_publishes_the_build_output() {
    let b = named("netlify.toml");
    assert_eq!(b.lang, "toml");
    let t: toml::Table = toml::from_str(&b.text).expect("netlify.toml parses");
    let build = t["build"].as_table().expect("[build]");
    assert_eq!(build["publish"].as_str(), Some("public"));
    let cmds = loa_commands(build["command"].as_str().expect("command"));
    assert_eq!(cmds.len(), 1);
    cmds.iter().for_each(|c| check_command(c));
    assert!(cmds[0].contains("--output public"));
    assert!(t["build"]["environment"]["LOA_GIT"].is_str());
}

#[test]
fn the_hosting_table_in_the_docs_is_what_site_toml_accepts() {
    let b = blocks()
        .into_iter()
        .find(|b| b.lang == "toml" && b.text.contains("[hosting]"))
        .expect("the [hosting] block");
    let toml = format!(
        "base_url = \"https://example.org/\"\ntitle = \"T\"\n{}",
        b.text
    );
    let c = loa::config::Config::from_toml(&toml).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(c.hosting.redirects && c.hosting.headers && c.hosting.nojekyll);
    assert!(!c.hosting.precompress);
}

#[test]
fn every_shell_command_in_the_docs_exists() {
    let mut n = 0;
    for b in blocks().iter().filter(|b| b.lang == "sh") {
        for c in loa_commands(&b.text) {
            check_command(&c);
            n += 1;
        }
    }
    assert!(n >= 3, "only {n} loa commands in sh blocks");
    assert!(DOC.contains("loa build --offline --output usb/"));

    // The commands run by the workflows, the systemd units and cron too,
    // `loa due` among them.
    let mut scheduled = Vec::new();
    for b in blocks() {
        match b.lang.as_str() {
            "yaml" => {
                let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(&b.text).expect("yaml");
                let mut runs = Vec::new();
                run_strings(&v, &mut runs);
                runs.iter().for_each(|r| scheduled.extend(loa_commands(r)));
            }
            "ini" => {
                for (_, key, value) in ini(&b.text).expect("ini").entries {
                    if key.starts_with("Exec") {
                        scheduled.extend(loa_commands(&value));
                    }
                }
            }
            "crontab" => {
                for e in crontab(&b.text).expect("crontab").entries {
                    scheduled.extend(loa_commands(&e.command));
                }
            }
            _ => {}
        }
    }
    // And the commands README's scheduling section names.
    for span in readme_scheduling().split('`').skip(1).step_by(2) {
        let span = span.replace("<date>", "2026-12-10");
        scheduled.extend(loa_commands(&span));
        if let Some(synopsis) = span.strip_prefix("loa due [") {
            // `loa due [--root DIR] [--now T] [--file PATH]`
            let flags: String = synopsis.replace(['[', ']'], "");
            scheduled.push(format!("loa due {flags}"));
        }
    }
    let dues = scheduled
        .iter()
        .filter(|c| c.starts_with("loa due "))
        .count();
    assert!(dues >= 5, "{dues} `loa due` commands: {scheduled:?}");
    for c in &scheduled {
        check_command(c);
    }
}

#[test]
fn nginx_paths_match_what_the_build_writes() {
    let nginx = named("/etc/nginx/snippets/xkld.conf").text;
    // The build command writes to `root` + the sub-path.
    let sh = blocks()
        .into_iter()
        .find(|b| b.lang == "sh" && b.text.contains("/var/www/portals/"))
        .expect("the nginx build command");
    assert!(nginx.contains("root /var/www/portals;"), "{nginx}");
    assert!(
        sh.text.contains("loa build --output /var/www/portals/xkld"),
        "{}",
        sh.text
    );

    let p = Portal::with_config(&format!(
        "{}\n[hosting]\nprecompress = true\n",
        common::SITE_TOML.replace("https://example.org/", "https://example.org/xkld/")
    ));
    p.page("content/_index.md", "Trang chủ", &"Xin chào. ".repeat(200));
    p.page("content/_index.en.md", "Home", "Hello.");
    p.section("phien", "Phiên", "job_fairs");
    p.file(
        "content/phien/a.md",
        "---\ntitle: Phiên\nstart: 2026-12-15 07:30\nend: 2026-12-15 11:30\nvenue: Hội trường\n---\nx\n",
    );
    p.file(
        "content/tin-tuc/_index.md",
        "---\ntitle: Tin\nkind: articles\n---\n",
    );
    p.file(
        "content/tin-tuc/a/index.md",
        "---\ntitle: A\n---\n![Ảnh](a.jpg)\n",
    );
    p.bytes("content/tin-tuc/a/a.jpg", &image_bytes());
    p.build_ok();
    let files = p.output_files();

    // Every location prefix and error page names something the build wrote.
    for line in nginx.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("location /xkld/") {
            let dir = rest.trim_end_matches('{').trim();
            assert!(
                files.iter().any(|f| f.starts_with(dir)),
                "`{line}`: nothing under {dir}"
            );
        }
        if let Some(page) = line.strip_prefix("error_page 404 /xkld/") {
            let page = page.trim_end_matches(';');
            assert!(files.iter().any(|f| f == page), "`{line}`: no {page}");
        }
    }
    // The regex locations match the fingerprinted assets and calendars.
    let regexes: Vec<regex::Regex> = nginx
        .lines()
        .filter_map(|l| l.trim().strip_prefix("location ~ "))
        .map(|l| regex::Regex::new(l.trim_end_matches('{').trim()).expect("regex"))
        .collect();
    assert_eq!(regexes.len(), 2, "{nginx}");
    let assets: Vec<&String> = files
        .iter()
        .filter(|f| loa::output::host::is_fingerprinted(f))
        .collect();
    assert!(assets.len() >= 2, "{files:?}");
    for a in &assets {
        assert!(regexes[0].is_match(&format!("/xkld/{a}")), "{a}");
    }
    assert!(!regexes[0].is_match("/xkld/anh/a.jpg"));
    let ics: Vec<&String> = files.iter().filter(|f| f.ends_with(".ics")).collect();
    assert!(!ics.is_empty());
    for f in ics {
        assert!(regexes[1].is_match(&format!("/xkld/{f}")), "{f}");
    }
    // gzip_static finds its .gz files.
    assert!(nginx.contains("gzip_static on;"));
    assert!(files.iter().any(|f| f == "index.html.gz"), "{files:?}");
}

#[test]
fn nginx_serves_svgs_with_no_script_and_the_other_security_headers() {
    let nginx = named("/etc/nginx/snippets/xkld.conf").text;
    // The block of the one case-insensitive regex location.
    let start = nginx
        .find("location ~* ")
        .unwrap_or_else(|| panic!("no `location ~*` for SVGs:\n{nginx}"));
    let block = &nginx[start..];
    let block = &block[..block.find('}').expect("the block closes")];
    let pattern = block["location ~* ".len()..block.find('{').expect("{")].trim();
    let svg = regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .expect("regex");
    // nginx forgets the outer add_header lines here: all must be repeated.
    let policy = format!(
        "add_header Content-Security-Policy \"{}\" always;",
        loa::output::host::SVG_POLICY
    );
    for line in [
        policy.as_str(),
        "add_header X-Content-Type-Options \"nosniff\" always;",
        "add_header Referrer-Policy \"strict-origin-when-cross-origin\" always;",
    ] {
        assert!(block.contains(line), "`{line}` not in:\n{block}");
    }
    assert!(policy.contains("script-src 'none'"));

    // It matches the SVGs a build writes, in a bundle and from static/.
    let p = Portal::with_config(
        &common::SITE_TOML.replace("https://example.org/", "https://example.org/xkld/"),
    );
    p.page("content/_index.md", "Trang chủ", "x");
    p.page("content/_index.en.md", "Home", "x");
    p.section("tin-tuc", "Tin", "articles");
    p.file(
        "content/tin-tuc/a/index.md",
        "---\ntitle: A\n---\n![Sơ đồ](so-do.svg)\n",
    );
    let drawing = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"><rect width=\"4\" height=\"4\"/></svg>";
    p.file("content/tin-tuc/a/so-do.svg", drawing);
    p.file("static/bieu-tuong/Logo.SVG", drawing);
    p.build_ok();
    let svgs: Vec<String> = p
        .output_files()
        .into_iter()
        .filter(|f| f.to_ascii_lowercase().ends_with(".svg"))
        .collect();
    assert!(
        svgs.contains(&"tin-tuc/a/so-do.svg".to_string()),
        "{svgs:?}"
    );
    assert!(
        svgs.contains(&"bieu-tuong/Logo.SVG".to_string()),
        "{svgs:?}"
    );
    for f in &svgs {
        assert!(svg.is_match(&format!("/xkld/{f}")), "{f}");
    }
    for other in [
        "/xkld/index.html",
        "/xkld/anh/a.svg.html",
        "/xkld/style.css",
    ] {
        assert!(!svg.is_match(other), "{other}");
    }
}

fn image_bytes() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(600, 400, image::Rgb([200, 40, 40]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .expect("jpeg");
    out
}

// ---- Schedules ------------------------------------------------------------

/// Each cron schedule of a GitHub workflow, with the comment on its line.
fn github_schedules(name: &str) -> Vec<(String, String)> {
    let wf = yaml(name);
    let text = named(name).text;
    let crons: Vec<String> = wf["on"]["schedule"]
        .as_sequence()
        .unwrap_or_else(|| panic!("{name} has no schedule"))
        .iter()
        .map(|s| s["cron"].as_str().expect("cron").to_string())
        .collect();
    crons
        .into_iter()
        .map(|c| {
            let line = text
                .lines()
                .find(|l| l.contains(&format!("cron: '{c}'")))
                .expect("the cron line");
            let comment = line.split_once('#').map_or("", |(_, c)| c).to_string();
            (c, comment)
        })
        .collect()
}

/// Checks that `schedules` (UTC) are one daily run at 17:05 and one hourly
/// check covering the other hours, the two never at the same minute.
fn daily_and_hourly(what: &str, schedules: &[&str]) -> (String, String) {
    let mut daily_line = None;
    let mut hourly_line = None;
    for s in schedules {
        let t = cron_times(s).unwrap_or_else(|e| panic!("{what}: {e}"));
        if t == daily() {
            daily_line = Some(s.to_string());
        } else if t == hourly() {
            hourly_line = Some(s.to_string());
        } else {
            panic!(
                "{what}: `{s}` fires at {t:?}, neither 17:05 UTC nor five past every other hour"
            );
        }
    }
    (
        daily_line.unwrap_or_else(|| panic!("{what}: no daily run at 17:05 UTC")),
        hourly_line.unwrap_or_else(|| panic!("{what}: no hourly check")),
    )
}

#[test]
fn github_schedules_run_daily_after_midnight_in_vietnam_and_hourly() {
    for name in [
        ".github/workflows/pages.yml",
        ".github/workflows/rebuild.yml",
    ] {
        let schedules = github_schedules(name);
        assert_eq!(schedules.len(), 2, "{name}: {schedules:?}");
        let crons: Vec<&str> = schedules.iter().map(|(c, _)| c.as_str()).collect();
        let (daily_cron, hourly_cron) = daily_and_hourly(name, &crons);
        // The comments say what the lines do.
        for (cron, comment) in &schedules {
            if *cron == daily_cron {
                assert!(
                    comment.contains("00:05 in Vietnam") && comment.contains("UTC"),
                    "{name}: `{comment}`"
                );
            } else {
                assert!(
                    comment.contains("every other hour") && comment.contains("due"),
                    "{name}: `{comment}`"
                );
            }
        }
        // The step that tells an hourly run from the others compares the
        // run's schedule with the same text.
        let wf = yaml(name);
        assert_eq!(
            wf["env"]["HOURLY"].as_str(),
            Some(hourly_cron.as_str()),
            "{name}"
        );
        assert!(
            named(name)
                .text
                .contains("${{ github.event.schedule }}\" = \"$HOURLY\"")
        );
        assert!(
            wf["on"]["workflow_dispatch"].is_null(),
            "{name}: a manual run too"
        );
    }
}

#[test]
fn github_pages_publishes_on_an_hourly_run_only_when_loa_due_says_so() {
    let name = ".github/workflows/pages.yml";
    let wf = yaml(name);
    let build = steps(&wf, "build");
    let run = |i: usize| build[i]["run"].as_str().unwrap_or("").to_string();
    let due = build
        .iter()
        .position(|s| s["id"].as_str() == Some("due"))
        .expect("a step with id `due`");
    let script = run(due);
    // Fetch the live file, then ask loa due about that file.
    let fetch = script
        .find("curl -fsS \"${{ steps.pages.outputs.base_url }}/next-change.json\" -o next-change.json")
        .unwrap_or_else(|| panic!("{script}"));
    let ask = script
        .find("loa due --file next-change.json")
        .unwrap_or_else(|| panic!("{script}"));
    assert!(fetch < ask, "{script}");
    assert!(script.contains("publish=false"), "{script}");
    let build_step = build
        .iter()
        .position(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.starts_with("loa build "))
        })
        .expect("the build step");
    assert!(due < build_step);
    // Every step after the check is skipped when nothing is due, and so is
    // the deploy job.
    for s in &build[due + 1..] {
        assert_eq!(
            s["if"].as_str(),
            Some("steps.due.outputs.publish == 'true'"),
            "{s:?}"
        );
    }
    assert_eq!(
        wf["jobs"]["build"]["outputs"]["publish"].as_str(),
        Some("${{ steps.due.outputs.publish }}")
    );
    assert_eq!(
        wf["jobs"]["deploy"]["if"].as_str(),
        Some("needs.build.outputs.publish == 'true'")
    );
    // A check may not cancel a publish under way.
    assert_eq!(
        wf["concurrency"]["cancel-in-progress"].as_bool(),
        Some(false)
    );
    // loa is cached under the commit it was built from.
    let cache = uses(&wf, "build", "actions/cache");
    assert!(
        build[cache]["with"]["key"]
            .as_str()
            .is_some_and(|k| k.contains("${{ steps.loa.outputs.rev }}")),
        "{:?}",
        build[cache]
    );
    let install = build
        .iter()
        .position(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.starts_with("cargo install"))
        })
        .expect("install");
    assert_eq!(
        build[install]["if"].as_str(),
        Some("steps.cache.outputs.cache-hit != 'true'")
    );
    assert!(cache < install && install < due);
}

#[test]
fn the_build_hook_workflow_calls_the_hook_after_loa_due() {
    let name = ".github/workflows/rebuild.yml";
    let wf = yaml(name);
    let site = wf["env"]["SITE_URL"].as_str().expect("SITE_URL");
    assert!(
        site.starts_with("https://") && site.ends_with('/'),
        "{site}"
    );
    let steps = steps(&wf, "rebuild");
    let call = steps.last().expect("steps");
    assert_eq!(
        call["env"]["BUILD_HOOK"].as_str(),
        Some("${{ secrets.BUILD_HOOK }}"),
        "the hook URL is a secret"
    );
    let script = call["run"].as_str().expect("run");
    let order: Vec<usize> = [
        "curl -fsS \"${SITE_URL}next-change.json\" -o next-change.json",
        "loa due --file next-change.json || exit 0",
        "curl -fsS -X POST -d '{}' \"$BUILD_HOOK\"",
    ]
    .iter()
    .map(|p| {
        script
            .find(p)
            .unwrap_or_else(|| panic!("no `{p}` in:\n{script}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{script}");
    // The check applies to hourly runs only: the daily run always calls.
    let hourly_if = script.find("if [").expect("if");
    let fi = script.find("\nfi").expect("fi");
    assert!(
        hourly_if < order[0] && order[1] < fi && fi < order[2],
        "{script}"
    );
}

#[test]
fn gitlab_schedules_check_hourly_and_a_due_check_starts_a_pipeline() {
    // The two pipeline schedules are a table in the GitLab section.
    let start = DOC.find("## GitLab Pages").expect("section");
    let section = &DOC[start..start + DOC[start..].find("\n## Netlify").expect("next")];
    let rows: Vec<Vec<&str>> = section
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains('`'))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    let cron = |row: &Vec<&str>| row[1].trim_matches('`').to_string();
    assert!(section.contains("**Cron timezone** set to UTC"));
    let crons: Vec<String> = rows.iter().map(cron).collect();
    let (daily_cron, hourly_cron) = daily_and_hourly(
        "GitLab",
        &crons.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    for row in &rows {
        if cron(row) == daily_cron {
            assert!(
                row[0].contains("00:05 in Vietnam") && row[2] == "none",
                "{row:?}"
            );
        } else {
            assert_eq!(cron(row), hourly_cron);
            assert_eq!(row[2], "`LOA_SCHEDULE` = `hourly`", "{row:?}");
        }
    }
    // In a zone at UTC+7 the daily line would read 5 0 * * *: the same moment.
    let local = section
        .split('`')
        .find(|t| t.starts_with("5 0 "))
        .expect("the UTC+7 form");
    assert_eq!(vietnam_to_utc(&cron_times(local).unwrap()), daily());

    // The hourly schedule runs `due` only; pushes and the daily schedule run pages.
    let ci = yaml(".gitlab-ci.yml");
    let rules = |job: &str| -> Vec<(String, String)> {
        ci[job]["rules"]
            .as_sequence()
            .unwrap_or_else(|| panic!("{job}: rules"))
            .iter()
            .map(|r| {
                (
                    r["if"].as_str().unwrap_or("").to_string(),
                    r["when"].as_str().unwrap_or("on_success").to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        rules("pages")[0],
        ("$LOA_SCHEDULE == \"hourly\"".into(), "never".into())
    );
    assert_eq!(
        rules("due"),
        vec![("$LOA_SCHEDULE == \"hourly\"".into(), "on_success".into())]
    );
    let script: Vec<&str> = ci["due"]["script"]
        .as_sequence()
        .expect("due: script")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let all = script.join("\n");
    let fetch = all
        .find("curl -fsS \"$CI_PAGES_URL/next-change.json\" -o next-change.json")
        .unwrap_or_else(|| panic!("{all}"));
    let ask = all
        .find("if loa due --file next-change.json; then curl")
        .unwrap_or_else(|| panic!("{all}"));
    let trigger = all
        .find("\"$CI_API_V4_URL/projects/$CI_PROJECT_ID/trigger/pipeline\"")
        .unwrap_or_else(|| panic!("{all}"));
    assert!(fetch < ask && ask < trigger, "{all}");
    assert!(all.contains("--form \"token=$LOA_TRIGGER_TOKEN\""));
    assert!(section.contains("`LOA_TRIGGER_TOKEN`"));
    // `due` builds nothing itself.
    assert!(builds(&all).is_empty(), "{all}");
}

#[test]
fn the_cloudflare_upload_step_replaces_the_pages_upload() {
    let b = named("the upload step for Cloudflare Pages");
    assert_eq!(b.lang, "yaml");
    let steps: serde_yaml_ng::Value = serde_yaml_ng::from_str(&b.text).expect("yaml");
    let step = &steps[0];
    assert_eq!(
        step["if"].as_str(),
        Some("steps.due.outputs.publish == 'true'")
    );
    let sh = blocks()
        .into_iter()
        .find(|b| b.lang == "sh" && b.text.contains("wrangler"))
        .expect("the wrangler commands");
    let deploy = sh
        .text
        .lines()
        .find(|l| l.contains("wrangler pages deploy"))
        .expect("deploy line");
    assert_eq!(step["run"].as_str(), Some(deploy), "same upload as by hand");
    for key in ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID"] {
        assert_eq!(
            step["env"][key].as_str(),
            Some(format!("${{{{ secrets.{key} }}}}").as_str())
        );
    }
}

// ---- systemd and cron -------------------------------------------------------

/// The unit file named `path` in the docs.
fn unit(path: &str) -> Ini {
    let b = named(path);
    assert_eq!(b.lang, "ini", "{path}");
    ini(&b.text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What the recipe's units and cron lines run, in the form of its build.
const ROOT: &str = "/srv/loa/xkld";
const SERVER_BUILD: &str =
    "/usr/local/bin/loa build --root /srv/loa/xkld --output /var/www/portals/xkld";

#[test]
fn systemd_units_build_daily_and_when_due_with_the_recipes_paths() {
    // The build writes where nginx serves from (root + the sub-path), as the
    // recipe's hand-run build does.
    let nginx = named("/etc/nginx/snippets/xkld.conf").text;
    assert!(nginx.contains("root /var/www/portals;"));
    assert!(DOC.contains("loa build --output /var/www/portals/xkld\n"));
    let builds_in = |cmd: &str| {
        assert_eq!(cmd, SERVER_BUILD);
        assert_eq!(builds(cmd).len(), 1);
    };

    let build = unit("/etc/systemd/system/loa-xkld.service");
    assert_eq!(build.one("Service", "Type"), "oneshot");
    assert_eq!(build.one("Service", "User"), "loa");
    builds_in(build.one("Service", "ExecStart"));
    assert!(build.get("Service", "ExecCondition").is_empty());

    let due = unit("/etc/systemd/system/loa-xkld-due.service");
    assert_eq!(due.one("Service", "Type"), "oneshot");
    assert_eq!(due.one("Service", "User"), "loa");
    // loa due reads the file the build writes under its --root.
    assert_eq!(
        due.one("Service", "ExecCondition"),
        format!("/usr/local/bin/loa due --root {ROOT}")
    );
    builds_in(due.one("Service", "ExecStart"));
    assert!(SERVER_BUILD.contains(&format!("--root {ROOT} ")));

    // Each timer starts the service of its name, daily or hourly.
    let mut calendars = Vec::new();
    for (timer, expect) in [
        ("/etc/systemd/system/loa-xkld.timer", daily()),
        ("/etc/systemd/system/loa-xkld-due.timer", hourly()),
    ] {
        let t = unit(timer);
        assert!(
            t.get("Timer", "Unit").is_empty(),
            "{timer}: the service of its name"
        );
        let spec = t.one("Timer", "OnCalendar");
        assert_eq!(on_calendar(spec), Ok(expect), "{timer}: {spec}");
        assert_eq!(t.one("Timer", "Persistent"), "true", "{timer}");
        assert_eq!(t.one("Install", "WantedBy"), "timers.target", "{timer}");
        let service = timer.replace(".timer", ".service");
        named(&service);
        calendars.push(spec.to_string());
    }
    // The command that checks the times names the same two.
    let check = blocks()
        .into_iter()
        .find(|b| b.lang == "sh" && b.text.contains("systemd-analyze calendar"))
        .expect("the systemd-analyze line")
        .text;
    for c in &calendars {
        assert!(check.contains(&format!("'{c}'")), "{c} not in {check}");
    }
    assert!(check.contains("systemctl enable --now loa-xkld.timer loa-xkld-due.timer"));
}

#[test]
fn systemd_analyze_reads_the_timers_as_the_recipe_says() {
    let Ok(v) = Command::new("systemd-analyze").arg("--version").output() else {
        eprintln!(
            "skipped: no systemd-analyze on this machine; the OnCalendar= lines were read by the test's own reader only"
        );
        return;
    };
    assert!(v.status.success());
    for (timer, expect, iterations) in [
        ("/etc/systemd/system/loa-xkld.timer", daily(), 3),
        ("/etc/systemd/system/loa-xkld-due.timer", hourly(), 46),
    ] {
        let spec = unit(timer).one("Timer", "OnCalendar").to_string();
        let out = Command::new("systemd-analyze")
            .env("TZ", "UTC")
            .args(["calendar", &format!("--iterations={iterations}"), &spec])
            .output()
            .expect("systemd-analyze");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{spec}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // `Next elapse: Sun 2026-12-06 17:05:00 UTC`, `Iter. #2: …`
        let elapses: Vec<(String, (u32, u32))> = text
            .lines()
            .filter(|l| l.contains("Next elapse:") || l.contains("Iter. #"))
            .map(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                let n = w.len();
                assert_eq!(w[n - 1], "UTC", "{l}");
                let hms: Vec<u32> = w[n - 2].split(':').map(|x| x.parse().unwrap()).collect();
                assert_eq!(hms[2], 0, "{l}");
                (w[n - 3].to_string(), (hms[0], hms[1]))
            })
            .collect();
        assert_eq!(elapses.len(), iterations, "{text}");
        let times: Times = elapses.iter().map(|(_, t)| *t).collect();
        assert_eq!(times, expect, "{spec}:\n{text}");
        let days: std::collections::BTreeSet<&String> = elapses.iter().map(|(d, _)| d).collect();
        if expect == daily() {
            assert_eq!(days.len(), iterations, "one a day: {text}");
        } else {
            assert!(days.len() <= 3, "{text}");
        }
    }
}

#[test]
fn the_cron_file_builds_at_the_same_moments_as_the_timers() {
    let b = named("/etc/cron.d/loa-xkld");
    assert_eq!(b.lang, "crontab");
    let tab = crontab(&b.text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        tab.vars,
        vec![("CRON_TZ".to_string(), "Asia/Ho_Chi_Minh".to_string())]
    );
    assert_eq!(tab.entries.len(), 2);
    let mut seen = Times::new();
    for e in &tab.entries {
        assert_eq!(e.user, "loa");
        let utc = vietnam_to_utc(&cron_times(&e.when).unwrap());
        assert!(seen.is_disjoint(&utc), "two builds at once");
        seen.extend(utc.iter().copied());
        if utc == daily() {
            assert_eq!(e.command, SERVER_BUILD);
        } else {
            assert_eq!(utc, hourly(), "{}", e.when);
            // loa due first; the build only if it says a rebuild is due.
            assert_eq!(
                e.command,
                format!("/usr/local/bin/loa due --root {ROOT} >/dev/null && {SERVER_BUILD}")
            );
            let cmds = loa_commands(&e.command);
            assert!(cmds[0].starts_with("loa due ") && cmds[1].starts_with("loa build "));
        }
    }
    assert_eq!(seen.len(), 24, "every hour once");
    // For a cron without CRON_TZ the text gives the UTC lines: they are the
    // CI recipes' lines, which mean the same moments.
    let start = DOC.find("cronie (").expect("the CRON_TZ note");
    let note = &DOC[start..start + DOC[start..].find("\n\n").expect("end")];
    let utc: Vec<&str> = note.split('`').filter(|t| cron_times(t).is_ok()).collect();
    assert_eq!(daily_and_hourly("the UTC cron lines", &utc).0, "5 17 * * *");
}

#[test]
fn every_cron_line_in_the_docs_is_valid_and_one_of_the_two_schedules() {
    // Any inline `m h dom mon dow …` in the text, such as the crontab line
    // that calls a build hook, and the two times of "Rebuilding on a schedule".
    let mut n = 0;
    for span in DOC.split('`').skip(1).step_by(2) {
        let fields: Vec<&str> = span.split_whitespace().take(5).collect();
        let cronish = fields.len() == 5
            && fields
                .iter()
                .all(|f| f.chars().all(|c| c.is_ascii_digit() || "*,-/".contains(c)))
            && fields.iter().any(|f| f.contains('*'));
        if !cronish {
            continue;
        }
        let t = cron_times(&fields.join(" ")).unwrap_or_else(|e| panic!("{span}: {e}"));
        let ok = [daily(), hourly()]
            .iter()
            .any(|s| *s == t || *s == vietnam_to_utc(&t));
        assert!(ok, "`{span}` is neither schedule in UTC or in Vietnam time");
        n += 1;
    }
    assert!(n >= 6, "{n}");
    // And the text says what the numbers mean.
    let prose = DOC.split_whitespace().collect::<Vec<_>>().join(" ");
    for claim in [
        "(Asia/Ho_Chi_Minh, UTC+7, no summer time), so 00:05 there is always **17:05 UTC on the day before**",
        "The schedulers of GitHub Actions and GitLab read cron in UTC: their daily entry is `5 17 * * *`",
        "In UTC the hourly entry is `5 0-16,18-23 * * *`",
    ] {
        assert!(
            prose.contains(claim),
            "docs/deploy.md no longer says: {claim}"
        );
    }
}

#[test]
fn the_readme_section_links_the_recipes_and_shows_the_next_change_file() {
    let section = readme_scheduling();
    // The link lands on the schedule section of docs/deploy.md.
    let link = "(docs/deploy.md#rebuilding-on-a-schedule)";
    assert!(section.contains(link), "{section}");
    assert!(DOC.contains("\n## Rebuilding on a schedule\n"));
    let prose = section.split_whitespace().collect::<Vec<_>>().join(" ");
    for claim in [
        "00:05 Vietnam time (17:05 UTC",
        "`loa due && loa build`",
        "a page dated later is not in the built site at all",
        "`max_age_days`",
        "`[hosting] next_change = false`",
    ] {
        assert!(prose.contains(claim), "README no longer says: {claim}");
    }
    // The example of next-change.json is JSON, with the keys of the file.
    let start = section.find("```json\n").expect("json example") + 8;
    let json = &section[start..start + section[start..].find("```").expect("closed")];
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    for at in [&v["built_at"], &v["next_change"]["at"]] {
        let at = at.as_str().expect("a moment");
        assert!(at.ends_with("+07:00") && at.len() == 25, "{at}");
    }
    let change = &v["next_change"]["changes"][0];
    let keys: Vec<&String> = change.as_object().expect("a change").keys().collect();
    assert_eq!(keys, ["page", "title", "url", "what"]);
    assert_eq!(change["what"].as_str(), Some("job_fair_starts"));
    // The example's page and address are those of a job fair in a section.
    let page = change["page"].as_str().unwrap();
    let url = change["url"].as_str().unwrap();
    assert_eq!(
        format!(
            "/{}/",
            page.trim_start_matches("content/").trim_end_matches(".md")
        ),
        url
    );
}

// ---- The hourly scripts, run ----------------------------------------------

/// What a run of a recipe's shell script did, with `loa` and `curl` replaced
/// by stubs that log their arguments: `loa due` exits `due` (0 due, 1 not);
/// `curl` fails as a missing file would when `fetch_fails`, and otherwise
/// writes the file named by `-o`.
struct Run {
    status: i32,
    calls: Vec<String>,
    github_output: String,
}

fn run_stubbed(script: &str, due: i32, fetch_fails: bool) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let log = dir.path().join("calls");
    let stub = |name: &str, body: &str| {
        use std::os::unix::fs::PermissionsExt;
        let path = bin.join(name);
        std::fs::write(
            &path,
            format!("#!/bin/sh\necho \"{name} $*\" >> \"$LOG\"\n{body}"),
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    };
    stub("loa", "[ \"$1\" = due ] && exit \"$DUE\"\nexit 0\n");
    stub(
        "curl",
        "[ \"$FETCH_FAILS\" = 1 ] && exit 22\nwhile [ $# -gt 0 ]; do [ \"$1\" = -o ] && echo '{}' > \"$2\"; shift; done\nexit 0\n",
    );
    let script = script.replace("/usr/local/bin/loa ", &format!("{}/loa ", bin.display()));
    let output = dir.path().join("github_output");
    std::fs::write(&output, "").unwrap();
    // GitHub runs a `run:` as `bash -e`; GitLab's shell stops at a failing line too.
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
        .current_dir(dir.path())
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("LOG", &log)
        .env("DUE", due.to_string())
        .env("FETCH_FAILS", if fetch_fails { "1" } else { "0" })
        .env("GITHUB_OUTPUT", &output)
        .env("HOURLY", "5 0-16,18-23 * * *")
        .env("SITE_URL", "https://example.org/xkld/")
        .env("BUILD_HOOK", "https://hooks.example.org/build")
        .env("CI_PAGES_URL", "https://example.org/xkld")
        .output()
        .expect("bash");
    Run {
        status: out.status.code().unwrap_or(-1),
        calls: std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect(),
        github_output: std::fs::read_to_string(&output).unwrap(),
    }
}

/// A GitHub `run:` with its `${{ … }}` expressions filled in as a run of
/// `schedule` would see them (an empty schedule: a push or a manual run).
fn github_run(script: &str, schedule: &str) -> String {
    let s = script
        .replace("${{ github.event.schedule }}", schedule)
        .replace(
            "${{ steps.pages.outputs.base_url }}",
            "https://example.org/xkld",
        );
    assert!(
        !s.contains("${{"),
        "an expression the test does not fill in: {s}"
    );
    s
}

#[test]
fn the_hourly_scripts_build_only_when_loa_due_says_so() {
    const DAILY: &str = "5 17 * * *";
    const HOURLY: &str = "5 0-16,18-23 * * *";
    let fetch = "curl -fsS https://example.org/xkld/next-change.json -o next-change.json";
    let ask = "loa due --file next-change.json";

    // GitHub Pages: the `due` step.
    let wf = yaml(".github/workflows/pages.yml");
    let step = steps(&wf, "build")
        .iter()
        .find(|s| s["id"].as_str() == Some("due"))
        .expect("due step")["run"]
        .as_str()
        .unwrap()
        .to_string();
    for schedule in [DAILY, ""] {
        let r = run_stubbed(&github_run(&step, schedule), 1, false);
        assert_eq!((r.status, r.github_output.as_str()), (0, "publish=true\n"));
        assert!(r.calls.is_empty(), "{schedule}: {:?}", r.calls);
    }
    for (due, fails, publish) in [(0, false, "true"), (1, false, "false"), (0, true, "true")] {
        let r = run_stubbed(&github_run(&step, HOURLY), due, fails);
        assert_eq!(r.status, 0, "due {due}, fetch fails {fails}");
        assert_eq!(r.github_output, format!("publish={publish}\n"));
        assert_eq!(r.calls, [fetch, ask]);
    }

    // Netlify and Cloudflare: the hook is called daily, and hourly when due.
    let wf = yaml(".github/workflows/rebuild.yml");
    let step = steps(&wf, "rebuild").last().unwrap()["run"]
        .as_str()
        .unwrap()
        .to_string();
    let fetch_site = "curl -fsS https://example.org/xkld/next-change.json -o next-change.json";
    let call = "curl -fsS -X POST -d {} https://hooks.example.org/build";
    let r = run_stubbed(&github_run(&step, DAILY), 1, false);
    assert_eq!((r.status, r.calls.clone()), (0, vec![call.to_string()]));
    for (due, calls) in [(0, vec![fetch_site, ask, call]), (1, vec![fetch_site, ask])] {
        let r = run_stubbed(&github_run(&step, HOURLY), due, false);
        assert_eq!(
            (r.status, r.calls),
            (0, calls.iter().map(|c| c.to_string()).collect())
        );
    }

    // GitLab: the `due` job starts a pipeline only when due.
    let ci = yaml(".gitlab-ci.yml");
    let script: Vec<&str> = ci["due"]["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    for (due, triggered) in [(0, true), (1, false)] {
        let r = run_stubbed(&script.join("\n"), due, false);
        assert_eq!(r.status, 0);
        assert_eq!(r.calls[..2], [fetch, ask]);
        assert_eq!(
            r.calls.len(),
            if triggered { 3 } else { 2 },
            "{:?}",
            r.calls
        );
        if triggered {
            assert!(r.calls[2].contains("/trigger/pipeline"), "{:?}", r.calls);
        }
    }

    // The server's hourly cron line.
    let tab = crontab(&named("/etc/cron.d/loa-xkld").text).unwrap();
    let hourly_line = &tab
        .entries
        .iter()
        .find(|e| e.when != "5 0 * * *")
        .unwrap()
        .command;
    let due_cmd = "loa due --root /srv/loa/xkld";
    let build_cmd = "loa build --root /srv/loa/xkld --output /var/www/portals/xkld";
    for (due, calls) in [(0, vec![due_cmd, build_cmd]), (1, vec![due_cmd])] {
        let r = run_stubbed(hourly_line, due, false);
        assert_eq!(r.calls, calls, "loa due exits {due}");
        // cron ignores the status; not due is 1 here, as the shell says.
        assert_eq!(r.status, due);
    }
}
