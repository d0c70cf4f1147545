//! Text that depends on the date, between builds: every date-dependent block
//! carries its moments (RFC 3339) and the text of each of its states in the
//! page's language, for js/dates.js to pick from with the reader's clock; a
//! note says as of when for readers without JavaScript. The browser half of
//! this (the script against a later build) is `browser::dated_text_corrects_itself_between_builds`.

use crate::common::Portal;

/// Before the December fair: the build the browser test opens later.
pub const BEFORE: &str = "2026-12-06T10:00:00+07:00";
/// During the December fair (7:30–11:30 on 10/12/2026).
pub const DURING: &str = "2026-12-10T09:00:00+07:00";
/// After the December fair, the policy's `expires` and the notice's `expires`.
pub const AFTER: &str = "2026-12-11T09:00:00+07:00";

/// A bilingual portal whose fairs, policies and a notice change state
/// between [`BEFORE`], [`DURING`] and [`AFTER`]: a past fair, the December
/// fair, three later ones (so the home page, which shows three, has one to
/// bring in when December's ends); a policy that expires on 10/12/2026 and
/// one that takes effect on 8/12/2026; a notice that expires on 9/12/2026.
pub fn portal() -> Portal {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x")
        .page("content/_index.en.md", "Home", "x");
    for (dir, vi, en, kind) in [
        ("phien", "Phiên giao dịch", "Job fairs", "job_fairs"),
        ("chinh-sach", "Chính sách", "Policies", "policies"),
        ("tin-tuc", "Tin tức", "News", "articles"),
    ] {
        p.section(dir, vi, kind);
        p.file(
            &format!("content/{dir}/_index.en.md"),
            &format!("---\ntitle: \"{en}\"\nkind: {kind}\n---\n"),
        );
    }
    for (slug, day, vi, en) in [
        ("thang-11", "2026-11-05", "Phiên tháng 11", "November fair"),
        ("thang-12", "2026-12-10", "Phiên tháng 12", "December fair"),
        ("thang-1", "2027-01-14", "Phiên tháng 1", "January fair"),
        ("thang-2", "2027-02-25", "Phiên tháng 2", "February fair"),
        ("thang-3", "2027-03-18", "Phiên tháng 3", "March fair"),
    ] {
        for (suffix, title) in [("", vi), (".en", en)] {
            p.file(
                &format!("content/phien/{slug}{suffix}.md"),
                &format!("---\ntitle: \"{title}\"\ndate: 2026-11-01\nstart: {day}T07:30:00+07:00\nend: {day}T11:30:00+07:00\nvenue: Hội trường\n---\nx\n"),
            );
        }
    }
    for (slug, dates, vi, en) in [
        (
            "het-han",
            "effective: 2020-01-01\n  expires: 2026-12-10",
            "Chính sách sắp hết hạn",
            "Policy about to expire",
        ),
        (
            "sap-co",
            "effective: 2026-12-08",
            "Chính sách sắp có hiệu lực",
            "Policy about to take effect",
        ),
    ] {
        for (suffix, title) in [("", vi), (".en", en)] {
            p.file(
                &format!("content/chinh-sach/{slug}{suffix}.md"),
                &format!("---\ntitle: \"{title}\"\ndate: 2020-01-01\ndocument:\n  number: \"1/2020/NQ\"\n  {dates}\n---\nx\n"),
            );
        }
    }
    for (suffix, title) in [("", "Thông báo tuyển sinh"), (".en", "Enrolment notice")] {
        p.file(
            &format!("content/tin-tuc/thong-bao{suffix}.md"),
            &format!("---\ntitle: \"{title}\"\ndate: 2026-11-20\nexpires: 2026-12-09\n---\nx\n"),
        );
    }
    for (suffix, title) in [("", "Tin cũ"), (".en", "Older news")] {
        p.file(
            &format!("content/tin-tuc/tin-cu{suffix}.md"),
            &format!("---\ntitle: \"{title}\"\ndate: 2026-10-01\n---\nx\n"),
        );
    }
    p
}

/// Builds `p` at `now` into its default output folder.
fn build_at(p: &mut Portal, now: &str) {
    p.opts.now = Some(now.into());
    p.build_ok();
}

/// The element of `html` that starts with `start`, up to its first `end`.
fn element<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` missing:\n{html}"));
    let rest = &html[from..];
    &rest[..rest.find(end).map_or(rest.len(), |e| e + end.len())]
}

#[test]
fn a_fair_page_carries_its_moments_and_every_status_text_in_its_language() {
    let mut p = portal();
    build_at(&mut p, BEFORE);
    for (rel, texts, as_of) in [
        (
            "phien/thang-12/index.html",
            ["Sắp diễn ra", "Đang diễn ra", "Đã diễn ra"],
            "(tính đến <time datetime=\"2026-12-06\">6/12/2026</time>)",
        ),
        (
            "en/phien/thang-12/index.html",
            ["Upcoming", "Happening now", "Past"],
            "(as of <time datetime=\"2026-12-06\">6 Dec 2026</time>)",
        ),
    ] {
        let html = p.read(rel);
        let status = element(&html, "<p class=\"status-line\">", "</p>");
        for attr in [
            "class=\"status status-upcoming\"",
            "data-states=\"upcoming ongoing past\"",
            "data-from=\"2026-12-10T07:30:00+07:00\"",
            "data-to=\"2026-12-10T11:30:00+07:00\"",
            &format!("data-text-upcoming=\"{}\"", texts[0]),
            &format!("data-text-ongoing=\"{}\"", texts[1]),
            &format!("data-text-past=\"{}\"", texts[2]),
            &format!(">{}</strong>", texts[0]),
            // Only readers without JavaScript see the build's day.
            &format!("<noscript><small class=\"as-of\">{as_of}</small></noscript>"),
        ] {
            assert!(status.contains(attr), "{rel}: `{attr}` missing in {status}");
        }
        assert!(
            html.contains("<script src=\"/js/dates."),
            "{rel} loads the date script"
        );
    }
}

#[test]
fn a_fair_is_ongoing_between_its_start_and_end_at_build_time() {
    let mut p = portal();
    for (now, vi, en, class) in [
        (BEFORE, "Sắp diễn ra", "Upcoming", "upcoming"),
        (
            "2026-12-10T07:30:00+07:00",
            "Đang diễn ra",
            "Happening now",
            "ongoing",
        ),
        (DURING, "Đang diễn ra", "Happening now", "ongoing"),
        (
            "2026-12-10T11:30:00+07:00",
            "Đang diễn ra",
            "Happening now",
            "ongoing",
        ),
        ("2026-12-10T11:30:01+07:00", "Đã diễn ra", "Past", "past"),
    ] {
        build_at(&mut p, now);
        for (rel, text) in [
            ("phien/thang-12/index.html", vi),
            ("en/phien/thang-12/index.html", en),
        ] {
            let html = p.read(rel);
            let status = element(&html, "<p class=\"status-line\">", "</p>");
            assert!(
                status.contains(&format!("class=\"status status-{class}\""))
                    && status.contains(&format!(">{text}</strong>")),
                "{now} {rel}: {status}"
            );
        }
        // The lists: an ongoing fair is still among the upcoming ones, with
        // its "happening now" badge shown; otherwise the badge waits hidden.
        let list = p.read("phien/index.html");
        let upcoming = element(&list, "<ul class=\"items\" id=\"fairs-upcoming\"", "</ul>");
        let december = element(
            &list,
            "<li class=\"item kind-job_fairs\" data-end=\"2026-12-10T11:30:00+07:00\"",
            "</li>",
        );
        assert_eq!(
            upcoming.contains("Phiên tháng 12"),
            class != "past",
            "{now}: {upcoming}"
        );
        let badge = december.contains("status-ongoing").then(|| {
            element(
                december,
                "<strong class=\"status status-ongoing\"",
                "</strong>",
            )
        });
        match (class, badge) {
            ("past", None) => {}
            ("ongoing", Some(b)) => assert!(!b.contains("hidden"), "{now}: {b}"),
            ("upcoming", Some(b)) => assert!(b.contains(" hidden>Đang diễn ra"), "{now}: {b}"),
            _ => panic!("{now}: {december}"),
        }
        let home = p.read("index.html");
        let block = element(&home, "<ul class=\"items\" id=\"home-fairs\"", "</ul>");
        assert_eq!(
            block.contains("Phiên tháng 12"),
            class != "past",
            "{now}: {block}"
        );
    }
}

#[test]
fn fair_lists_say_where_ended_fairs_go_and_keep_spares_for_the_home_page() {
    let mut p = portal();
    build_at(&mut p, BEFORE);
    let list = p.read("phien/index.html");
    assert!(
        list.contains("<ul class=\"items\" id=\"fairs-upcoming\" data-ends=\"fairs-past\">"),
        "{list}"
    );
    // Each listed fair carries its moments: the end to move it, the start
    // and end to show its badge.
    for day in ["2026-12-10", "2027-01-14", "2027-02-25", "2027-03-18"] {
        for needle in [
            format!("data-end=\"{day}T11:30:00+07:00\""),
            format!(
                "data-show-after=\"{day}T07:30:00+07:00\" data-hide-after=\"{day}T11:30:00+07:00\""
            ),
        ] {
            assert!(list.contains(&needle), "{needle}: {list}");
        }
    }
    // "No fair scheduled" is there, hidden, for when the last one ends.
    assert!(
        list.contains(
            "<p id=\"fairs-upcoming-none\" hidden>Hiện chưa có phiên nào sắp diễn ra.</p>"
        ),
        "{list}"
    );
    // The home page shows three fairs and keeps the fourth hidden, to take
    // the place of the first when it ends before the next build.
    let home = p.read("en/index.html");
    let block = element(&home, "<ul class=\"items\" id=\"home-fairs\"", "</ul>");
    assert!(block.contains("data-ends data-limit=\"3\""), "{block}");
    for (title, hidden) in [
        ("December fair", false),
        ("January fair", false),
        ("February fair", false),
        ("March fair", true),
    ] {
        let item = element(block, "<li class=\"item fair\"", title);
        let item = &item[item.rfind("<li").unwrap_or(0)..];
        assert_eq!(item.contains(" hidden>"), hidden, "{title}: {item}");
    }
    assert!(
        home.contains(
            "<p id=\"home-fairs-none\" hidden>No job fair is scheduled at the moment.</p>"
        ),
        "{home}"
    );
    // With no fair to come, the notes show and nothing is hidden to reveal.
    build_at(&mut p, "2027-04-01");
    let list = p.read("phien/index.html");
    assert!(
        list.contains("<p id=\"fairs-upcoming-none\">Hiện chưa có phiên nào sắp diễn ra.</p>"),
        "{list}"
    );
    assert!(
        !list.contains("tính đến"),
        "no as-of note over an empty list: {list}"
    );
    let home = p.read("index.html");
    assert!(!home.contains("id=\"home-fairs\""), "{home}");
    assert!(
        home.contains("<p id=\"home-fairs-none\">Hiện chưa có phiên nào sắp diễn ra.</p>"),
        "{home}"
    );
}

#[test]
fn policy_badges_carry_their_moments_and_texts_on_the_page_and_in_listings() {
    let mut p = portal();
    build_at(&mut p, BEFORE);
    for (rel, start) in [
        ("chinh-sach/het-han/index.html", "<p class=\"status-line\">"),
        (
            "chinh-sach/index.html",
            "<span class=\"status status-in_force\"",
        ),
    ] {
        let html = p.read(rel);
        let badge = element(&html, start, "</small></noscript>");
        for needle in [
            "data-states=\"not_yet in_force expired\"",
            "data-from=\"2020-01-01T00:00:00+07:00\"",
            "data-to=\"2026-12-10T00:00:00+07:00\"",
            "data-text-not_yet=\"Chưa có hiệu lực\"",
            "data-text-in_force=\"Đang có hiệu lực\"",
            "data-text-expired=\"Hết hiệu lực\"",
            ">Đang có hiệu lực</",
            "(tính đến <time datetime=\"2026-12-06\">6/12/2026</time>)",
        ] {
            assert!(
                badge.contains(needle),
                "{rel}: `{needle}` missing in {badge}"
            );
        }
    }
    let en = p.read("en/chinh-sach/sap-co/index.html");
    let badge = element(&en, "<p class=\"status-line\">", "</p>");
    for needle in [
        "class=\"status status-not_yet\"",
        "data-from=\"2026-12-08T00:00:00+07:00\"",
        "data-text-not_yet=\"Not yet in force\"",
        "data-text-in_force=\"In force\"",
        "data-text-expired=\"No longer in force\"",
        ">Not yet in force</strong>",
        "(as of <time datetime=\"2026-12-06\">6 Dec 2026</time>)",
    ] {
        assert!(badge.contains(needle), "`{needle}` missing in {badge}");
    }
    assert!(!badge.contains("data-to="), "no expiry, no moment: {badge}");
    // After `expires`, the build says so itself.
    build_at(&mut p, AFTER);
    let html = p.read("chinh-sach/het-han/index.html");
    let badge = element(&html, "<p class=\"status-line\">", "</p>");
    assert!(badge.contains(">Hết hiệu lực</strong>"), "{badge}");
}

#[test]
fn a_policy_without_dates_claims_nothing_and_has_no_moments() {
    let mut p = portal();
    p.file(
        "content/chinh-sach/khong-ro.md",
        "---\ntitle: Không rõ\ndocument:\n  number: \"2/2020\"\n---\nx\n",
    );
    build_at(&mut p, BEFORE);
    let html = p.read("chinh-sach/khong-ro/index.html");
    let line = element(&html, "<p class=\"status-line\">", "</p>");
    assert_eq!(
        line,
        "<p class=\"status-line\"><strong class=\"status status-unknown\">Chưa rõ thời hạn hiệu lực</strong></p>"
    );
}

#[test]
fn an_expiring_item_is_marked_to_leave_listings_when_it_expires() {
    let mut p = portal();
    build_at(&mut p, BEFORE);
    for rel in ["tin-tuc/index.html", "index.html"] {
        let html = p.read(rel);
        let item = element(
            &html,
            "<li class=\"item kind-articles\" data-hide-after=",
            "</li>",
        );
        assert!(
            item.starts_with(
                "<li class=\"item kind-articles\" data-hide-after=\"2026-12-09T00:00:00+07:00\">"
            ) && item.contains("Thông báo tuyển sinh"),
            "{rel}: {item}"
        );
        let old = element(&html, "<li class=\"item kind-articles\">", "</li>");
        assert!(old.contains("Tin cũ"), "no mark without `expires`: {old}");
    }
}
