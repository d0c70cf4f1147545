//! The recipes in docs/deploy.md: their YAML and TOML parse, every `loa`
//! command they run uses flags the CLI has, and the nginx block's paths
//! match what a build writes. (The hosts themselves cannot be reached from
//! the test machine; see the report in docs/deploy.md.)

use crate::common;

use std::process::Command;

use common::Portal;

const DOC: &str = include_str!("../../docs/deploy.md");

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

/// Every `loa …` command in a piece of shell text.
fn loa_commands(shell: &str) -> Vec<String> {
    shell
        .split(['\n', ';'])
        .flat_map(|l| l.split("&&"))
        .map(str::trim)
        .filter(|c| c.starts_with("loa "))
        .map(str::to_string)
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

#[test]
fn github_workflow_installs_loa_and_publishes_what_it_builds() {
    let wf = yaml(".github/workflows/pages.yml");
    let mut runs = Vec::new();
    run_strings(&wf, &mut runs);
    let all = runs.join("\n");
    assert!(all.contains("cargo install --locked --git"), "{all}");
    let cmds = loa_commands(&all);
    assert_eq!(cmds.len(), 1, "{all}");
    cmds.iter().for_each(|c| check_command(c));
    assert!(cmds[0].contains("--output public"), "{}", cmds[0]);
    assert!(
        cmds[0].contains(".github.io/${{ github.event.repository.name }}/"),
        "project-site base_url: {}",
        cmds[0]
    );
    let upload = &wf["jobs"]["build"]["steps"][3];
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));
    assert!(
        wf["jobs"]["deploy"]["steps"][0]["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/deploy-pages@"))
    );
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
