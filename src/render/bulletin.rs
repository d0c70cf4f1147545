//! The loudspeaker bulletin (bản tin truyền thanh, issue 21): every
//! Vietnamese article, policy, job fair, job order and scam alert as plain
//! text to be read aloud, beside its page as `ban-tin.txt`, and a weekly
//! bulletin `ban-tin/ban-tin-tuan.txt` at the language's root gathering the
//! newest of them with an estimated reading time.
//!
//! The text has no markup, no tables and no URLs, and every number, sum,
//! date, time, document number and configured abbreviation is in words
//! (see [`crate::i18n::spell`]), so a commune announcer reads it as it is.
//! English pages get none: the words are Vietnamese.

use jiff::civil::Date;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::artifact::{Body, OutputFile};
use crate::config::Config;
use crate::content::kinds::job_order::{JobOrderData, Requirements};
use crate::content::kinds::scam_alert::{Pattern, ScamAlertData};
use crate::content::kinds::{Amount, JobFairData, Kind, KindData, PolicyData, SupportItem};
use crate::i18n::spell::{self, Rules};
use crate::i18n::strings::UiStrings;
use crate::site::job_orders::{self, OrderState};
use crate::site::taxonomy::term_name;
use crate::site::{Page, Site};
use crate::time::Moment;

use super::kinds::{Status, status};

/// The kinds a bulletin is written for.
const KINDS: [Kind; 5] = [
    Kind::Articles,
    Kind::Policies,
    Kind::JobFairs,
    Kind::JobOrders,
    Kind::ScamAlerts,
];

/// Items in the weekly bulletin at most.
const WEEKLY_MAX: usize = 10;

/// Syllables an announcer reads in a minute; Vietnamese words are written
/// one syllable apart, so counting words counts syllables.
const SYLLABLES_PER_MINUTE: usize = 150;

/// What the bulletins are made from: the site and what its facts are
/// judged against (the build's moment, the register, the theme's words).
pub struct Source<'a> {
    /// The site.
    pub site: &'a Site,
    /// The settings (`[bulletin]`, taxonomy names).
    pub config: &'a Config,
    /// The build's moment: a fair has ended, an order has closed, a policy
    /// is in force, as of it.
    pub now: &'a Moment,
    /// The register of licensed companies, when the portal has one.
    pub register: Option<&'a crate::data::Register>,
    /// The theme's words (scam pattern names, an order's licence state).
    pub strings: &'a UiStrings,
}

/// The bulletin files of the site.
pub fn files(src: &Source) -> Vec<OutputFile> {
    files_showing(src, |_| true)
}

/// The bulletin files that show the pages `ids` (an edit build's share of
/// [`files`]): their own texts and the weekly bulletin. Only those texts
/// and the week's are spelled out: no page's text reads another page's
/// body, and spelling every item again was a tenth of an edit build's
/// CPU at 10,000 pages.
pub fn files_of(src: &Source, ids: &[usize]) -> Vec<OutputFile> {
    let pages = &src.site.pages;
    files_showing(src, |p| ids.iter().any(|&id| std::ptr::eq(&pages[id], p)))
}

/// Each item's file for which `own` holds, then the weekly bulletin.
fn files_showing(src: &Source, own: impl Fn(&Page) -> bool + Sync) -> Vec<OutputFile> {
    let rules = src.config.bulletin.rules();
    let pages = item_pages(src);
    if pages.is_empty() {
        return Vec::new();
    }
    let week = week(src, &pages);
    let in_week = |p: &Page| week.iter().any(|w| std::ptr::eq(*w, p));
    let items: Vec<(&Page, String)> = pages
        .into_par_iter()
        .filter(|p| own(p) || in_week(p))
        .map(|p| (p, page_text(p, src, &rules)))
        .collect();
    let weekly = {
        let week: Vec<&(&Page, String)> = items.iter().filter(|(p, _)| in_week(p)).collect();
        weekly(src, &week, &rules)
    };
    // The texts move into their files once the weekly bulletin has read
    // the few it gathers, rather than being copied.
    let mut out: Vec<OutputFile> = items
        .into_iter()
        .filter(|(p, _)| own(p))
        .map(|(p, text)| OutputFile {
            path: p.url.file("ban-tin.txt").as_str().to_string(),
            body: Body::Bytes(text.into_bytes()),
        })
        .collect();
    out.push(weekly);
    out
}

/// The items of the weekly bulletin, from every item (newest first): only
/// what is still true at the build's moment; then the week is the seven
/// days before the newest item left, so the file depends on the content
/// and the moment alone.
fn week<'s>(src: &Source<'s>, pages: &[&'s Page]) -> Vec<&'s Page> {
    let current: Vec<&Page> = pages.iter().copied().filter(|p| current(p, src)).collect();
    let newest = current
        .first()
        .and_then(|p| p.front.common.date.as_ref())
        .map(|d| d.timestamp());
    current
        .into_iter()
        .filter(|p| match (newest, &p.front.common.date) {
            (Some(n), Some(d)) => n.duration_since(d.timestamp()).as_hours() < 7 * 24,
            // Undated items only when nothing is dated.
            (None, None) => true,
            _ => false,
        })
        .take(WEEKLY_MAX)
        .collect()
}

/// The weekly bulletin of the week's items with their texts.
fn weekly(src: &Source, week: &[&(&Page, String)], rules: &Rules) -> OutputFile {
    let lang = src.site.pages.iter().find(|p| p.lang.as_str() == "vi");
    let root = lang
        .map(|p| src.config.lang_root(&p.lang))
        .unwrap_or_else(crate::url::SitePath::root);
    OutputFile {
        path: root.file("ban-tin/ban-tin-tuan.txt").as_str().to_string(),
        body: Body::Bytes(digest("Bản tin tuần.", week, rules).into_bytes()),
    }
}

/// The bulletin of the items dated from `from` to `to` (both days
/// included, in the portal's time zone) that are still true at the build's
/// moment, in the weekly bulletin's form; `None` when there is none.
pub fn between(src: &Source, from: Date, to: Date) -> Option<String> {
    let rules = src.config.bulletin.rules();
    let items = items(src, &rules);
    let chosen: Vec<&(&Page, String)> = items
        .iter()
        .filter(|(p, _)| {
            p.front
                .common
                .date
                .as_ref()
                .is_some_and(|d| (from..=to).contains(&d.local().date()))
        })
        .filter(|(p, _)| current(p, src))
        .collect();
    if chosen.is_empty() {
        return None;
    }
    let heading = if from == to {
        format!("Bản tin {}.", day(from, &rules))
    } else {
        format!("Bản tin từ {} đến {}.", day(from, &rules), day(to, &rules))
    };
    Some(digest(&heading, &chosen, &rules))
}

/// Whether `p` is read in the bulletins: a Vietnamese page, not a
/// fallback, of a kind that is announced.
pub fn is_item(p: &Page) -> bool {
    p.lang.as_str() == "vi" && !p.fallback && KINDS.contains(&p.kind)
}

/// Every Vietnamese item with its text, newest first.
fn items<'s>(src: &Source<'s>, rules: &Rules) -> Vec<(&'s Page, String)> {
    item_pages(src)
        .into_par_iter()
        .map(|p| (p, page_text(p, src, rules)))
        .collect()
}

/// Every Vietnamese item, newest first.
fn item_pages<'s>(src: &Source<'s>) -> Vec<&'s Page> {
    let mut pages: Vec<&Page> = src.site.pages.iter().filter(|p| is_item(p)).collect();
    pages.sort_by(|a, b| {
        let ta = a.front.common.date.as_ref().map(|d| d.timestamp());
        let tb = b.front.common.date.as_ref().map(|d| d.timestamp());
        tb.cmp(&ta).then_with(|| a.url.as_str().cmp(b.url.as_str()))
    });
    pages
}

/// Whether an item is still worth announcing at the build's moment: a job
/// fair that has ended and a job order that takes no applications (past
/// its deadline, or its company may not recruit) are left out; everything
/// else stays (an expired policy's text says it has expired).
fn current(p: &Page, src: &Source) -> bool {
    match &p.front.data {
        KindData::JobFair(f) => f.end > *src.now,
        KindData::JobOrder(o) => job_orders::state(src.register, o, src.now).is_open(),
        _ => true,
    }
}

/// Several items as one text to read: a heading with the count and the
/// reading time, then each item numbered, then the closing line. The
/// weekly file and `loa bulletin --since` both use it.
fn digest(heading: &str, items: &[&(&Page, String)], rules: &Rules) -> String {
    let words: usize = items
        .iter()
        .map(|(_, t)| t.split_whitespace().count())
        .sum();
    let minutes = words.div_ceil(SYLLABLES_PER_MINUTE).max(1);
    let mut out = format!(
        "{heading} Gồm {} tin, đọc trong khoảng {} phút.\n\n",
        spell::number(items.len() as u64, rules),
        spell::number(minutes as u64, rules)
    );
    for (n, (_, text)) in items.iter().enumerate() {
        out.push_str(&format!("Tin thứ {}.\n{}\n", ordinal(n + 1, rules), text));
    }
    out.push_str("Hết bản tin.\n");
    out
}

/// `nhất`, `hai`, `ba`, `tư`, `năm`…: the ordinal after `thứ`.
fn ordinal(n: usize, rules: &Rules) -> String {
    match n {
        1 => "nhất".to_string(),
        4 => "tư".to_string(),
        _ => spell::number(n as u64, rules),
    }
}

/// One page as text to read: title, date, summary, the key facts of its
/// kind, body.
fn page_text(p: &Page, src: &Source, rules: &Rules) -> String {
    let common = &p.front.common;
    let mut raw = sentence(&common.title);
    if let Some(d) = &common.date {
        let l = d.local();
        raw.push_str(&format!(
            "Đăng ngày {}/{}/{}.\n",
            l.day(),
            l.month(),
            l.year()
        ));
    }
    if let Some(s) = &common.summary {
        raw.push_str(&sentence(s));
    }
    for line in facts(p, src, rules) {
        raw.push_str(&sentence(&line));
    }
    raw.push('\n');
    raw.push_str(&plain(&p.markdown));
    let mut text = spell::text(&raw, rules);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// The facts of a page's kind as sentences, numbers already in words where
/// the front matter holds them as numbers (free text is spelled later with
/// the rest).
fn facts(p: &Page, src: &Source, rules: &Rules) -> Vec<String> {
    match &p.front.data {
        KindData::JobFair(f) => fair_facts(f, p, src, rules),
        KindData::Policy(d) => policy_facts(d, p, src, rules),
        KindData::JobOrder(o) => order_facts(o, p, src, rules),
        KindData::ScamAlert(a) => alert_facts(a, p, src, rules),
        _ => Vec::new(),
    }
}

/// Weekday names as said: `thứ hai` … `chủ nhật`.
const WEEKDAYS: [&str; 7] = [
    "thứ hai",
    "thứ ba",
    "thứ tư",
    "thứ năm",
    "thứ sáu",
    "thứ bảy",
    "chủ nhật",
];

/// A calendar day in words: `ngày mười tháng mười hai năm …`.
fn day(d: Date, rules: &Rules) -> String {
    spell::date(
        d.day().unsigned_abs().into(),
        d.month().unsigned_abs().into(),
        d.year().unsigned_abs().into(),
        rules,
    )
}

/// A day with its weekday: `thứ năm, ngày mười tháng mười hai năm …`.
fn weekday_day(d: Date, rules: &Rules) -> String {
    let i = (d.weekday().to_monday_one_offset() as usize).saturating_sub(1) % 7;
    format!("{}, {}", WEEKDAYS[i], day(d, rules))
}

/// A clock time in words.
fn clock(m: &Moment, rules: &Rules) -> String {
    let l = m.local();
    spell::time(
        l.hour().unsigned_abs().into(),
        l.minute().unsigned_abs().into(),
        rules,
    )
}

/// A moment in words: the day alone when only a day was written, else the
/// time then the day (`mười bảy giờ, ngày …`).
fn moment(m: &Moment, rules: &Rules) -> String {
    if m.is_date_only() {
        day(m.local().date(), rules)
    } else {
        format!("{} {}", clock(m, rules), day(m.local().date(), rules))
    }
}

/// `a`, `a và b`, `a, b và c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} và {last}", rest.join(", ")),
    }
}

/// The names of a page's terms in a taxonomy, in Vietnamese.
fn names(src: &Source, p: &Page, tax: &str, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| term_name(src.config, tax, id, &p.lang).0)
        .collect()
}

/// A job fair: whether it is over, when, where, who organises it, which
/// markets, whom to call.
fn fair_facts(f: &JobFairData, p: &Page, src: &Source, rules: &Rules) -> Vec<String> {
    let mut out = Vec::new();
    if f.end < *src.now {
        out.push("Phiên này đã diễn ra".to_string());
    } else if f.start <= *src.now {
        out.push("Phiên đang diễn ra".to_string());
    }
    let (start, end) = (f.start.local().date(), f.end.local().date());
    if start == end {
        out.push(format!(
            "Thời gian: {}, từ {} đến {}",
            weekday_day(start, rules),
            clock(&f.start, rules),
            clock(&f.end, rules)
        ));
    } else {
        out.push(format!(
            "Thời gian: từ {} {} đến {} {}",
            clock(&f.start, rules),
            weekday_day(start, rules),
            clock(&f.end, rules),
            weekday_day(end, rules)
        ));
    }
    match &f.address {
        Some(a) => out.push(format!("Địa điểm: {}, địa chỉ: {a}", f.venue)),
        None => out.push(format!("Địa điểm: {}", f.venue)),
    }
    if let Some(o) = &f.organizer {
        out.push(format!("Đơn vị tổ chức: {o}"));
    }
    let markets = names(src, p, "markets", &f.markets);
    if !markets.is_empty() {
        out.push(format!("Tư vấn đi làm việc tại {}", and_list(&markets)));
    }
    if !f.employers.is_empty() {
        out.push(format!("Doanh nghiệp tham gia: {}", f.employers.join(", ")));
    }
    if let Some(c) = &f.contact {
        out.push(format!("Liên hệ: {c}"));
    }
    out
}

/// A policy: its document, whether it is in force at the build's moment,
/// and each support item with its amount.
fn policy_facts(d: &PolicyData, p: &Page, src: &Source, rules: &Rules) -> Vec<String> {
    let doc = &d.document;
    let mut line = format!("Văn bản {}", doc.number);
    if let Some(i) = &doc.issuer {
        line.push_str(&format!(", do {i} ban hành"));
    }
    if let Some(s) = &doc.signed {
        line.push_str(&format!(" {}", day(s.local().date(), rules)));
    }
    let mut out = vec![line];
    let today = day(src.now.local().date(), rules);
    out.push(match status(d, src.now) {
        Status::InForce => match &doc.expires {
            Some(e) => format!(
                "Tính đến {today}, văn bản đang có hiệu lực, đến hết {}",
                day(e.local().date(), rules)
            ),
            None => format!("Tính đến {today}, văn bản đang có hiệu lực"),
        },
        Status::Expired => match &doc.expires {
            Some(e) => format!(
                "Văn bản đã hết hiệu lực từ {}",
                day(e.local().date(), rules)
            ),
            None => "Văn bản đã hết hiệu lực".to_string(),
        },
        Status::NotYet => match &doc.effective {
            Some(e) => format!(
                "Văn bản chưa có hiệu lực; có hiệu lực từ {}",
                day(e.local().date(), rules)
            ),
            None => "Văn bản chưa có hiệu lực".to_string(),
        },
        Status::Unknown => "Chưa rõ thời hạn hiệu lực của văn bản".to_string(),
    });
    for g in &d.support {
        let group = lower_first(&term_name(src.config, "beneficiaries", &g.group, &p.lang).0);
        out.push(format!("Mức hỗ trợ cho {group}:"));
        out.extend(g.items.iter().map(|it| support_item(it, rules)));
    }
    out
}

/// One support or cost item as a sentence: what, how much, per what, and
/// `chưa được xác nhận` when no one has checked the figure.
fn support_item(it: &SupportItem, rules: &Rules) -> String {
    let mut line = it.item.trim().trim_end_matches(['.', ':']).to_string();
    if let Some(a) = &it.amount {
        line.push_str(": ");
        line.push_str(&amount(a, rules));
        if let Some(per) = &it.per {
            let per = per.trim();
            if per.starts_with("mỗi") || per.starts_with("một") {
                line.push_str(&format!(" {per}"));
            } else {
                line.push_str(&format!(" mỗi {per}"));
            }
        }
        if !it.verified {
            line.push_str(", mức này chưa được xác nhận");
        }
    }
    if let Some(n) = &it.note {
        line.push_str(&format!(". {}", n.trim().trim_end_matches('.')));
    }
    line
}

/// A support amount in words (amounts are in đồng).
fn amount(a: &Amount, rules: &Rules) -> String {
    match a {
        Amount::Fixed(n) => spell::money(*n, "VND", rules),
        Amount::Range { min, max } => format!(
            "từ {} đến {}",
            spell::money(*min, "VND", rules),
            spell::money(*max, "VND", rules)
        ),
        Amount::Percent { percent, of } => {
            // Written as the page writes a share, with a decimal comma;
            // spelled with the rest of the text.
            let p = format!("{percent}").replace('.', ",");
            format!("{p}% {of}")
        }
    }
}

/// A theme word in Vietnamese, or the key when the theme lacks it (the
/// theme check already warns).
fn word<'s>(src: &Source<'s>, key: &'s str) -> &'s str {
    src.strings.get("vi", key).unwrap_or(key)
}

/// A job order: where, what work, how many, the wage in its own currency,
/// the deadline, the company from the register and whether it is open.
fn order_facts(o: &JobOrderData, p: &Page, src: &Source, rules: &Rules) -> Vec<String> {
    let mut out = vec![order_state(
        job_orders::state(src.register, o, src.now),
        src,
    )];
    let market = term_name(src.config, "markets", &o.market, &p.lang).0;
    let mut line = match o.workers {
        Some(n) => format!(
            "Tuyển {} lao động đi làm việc tại {market}",
            spell::number(n.into(), rules)
        ),
        None => format!("Tuyển lao động đi làm việc tại {market}"),
    };
    if let Some(pr) = &o.program {
        line.push_str(&format!(", chương trình {pr}"));
    }
    out.push(line);
    out.push(format!("Ngành nghề: {}", lower_first(&o.occupation)));
    if let Some(line) = requirements(&o.requirements, rules) {
        out.push(line);
    }
    if let Some(w) = &o.wage {
        let per = word(src, wage_key(w.per));
        let mut line = format!(
            "Mức lương: {} {per}",
            spell::money(w.amount, &w.currency, rules)
        );
        if let Some(n) = &w.note {
            line.push_str(&format!(", {}", n.trim().trim_end_matches('.')));
        }
        out.push(line);
    }
    if let Some(c) = &o.contract {
        out.push(format!("Thời hạn hợp đồng: {c}"));
    }
    if !o.costs.is_empty() {
        out.push("Chi phí người lao động phải nộp:".to_string());
        out.extend(o.costs.iter().map(|it| support_item(it, rules)));
    }
    out.push(format!("Hạn nhận hồ sơ: {}", moment(&o.deadline, rules)));
    match job_orders::company(src.register, o) {
        Some(c) => out.push(format!(
            "Doanh nghiệp tuyển chọn: {}, giấy phép {}",
            c.name,
            licence(&c.licence_number)
        )),
        None => out.push(format!(
            "Doanh nghiệp ghi trong đơn hàng: {}",
            licence(&o.company)
        )),
    }
    out
}

/// Whether an order takes applications, or why not, as one sentence.
fn order_state(state: OrderState, src: &Source) -> String {
    let key = match state {
        OrderState::Open => return "Đơn hàng đang nhận hồ sơ".to_string(),
        OrderState::Closed => return "Đơn hàng đã hết hạn nhận hồ sơ".to_string(),
        OrderState::LicenceRevoked => "order_state_licence_revoked",
        OrderState::LicenceSuspended => "order_state_licence_suspended",
        OrderState::LicenceExpired => "order_state_licence_expired",
        OrderState::Unchecked => "order_state_unchecked",
    };
    word(src, key).to_string()
}

/// What an order asks of candidates, as one sentence; `None` when it
/// asks nothing in particular.
fn requirements(r: &Requirements, rules: &Rules) -> Option<String> {
    let mut asks = Vec::new();
    if let Some(g) = &r.gender {
        asks.push(lower_first(g));
    }
    let age = |n: u32| spell::number(n.into(), rules);
    match (r.age_min, r.age_max) {
        (Some(a), Some(b)) => asks.push(format!("từ {} đến {} tuổi", age(a), age(b))),
        (Some(a), None) => asks.push(format!("từ {} tuổi", age(a))),
        (None, Some(b)) => asks.push(format!("không quá {} tuổi", age(b))),
        (None, None) => {}
    }
    if let Some(e) = &r.education {
        asks.push(format!("trình độ {}", lower_first(e)));
    }
    if let Some(h) = &r.health {
        asks.push(format!("sức khỏe: {}", lower_first(h)));
    }
    (!asks.is_empty()).then(|| format!("Yêu cầu: {}", asks.join(", ")))
}

/// A licence number as it is read after `giấy phép`: `001/LĐTBXH-GP` →
/// `số không không một, LĐTBXH` (the zeros said, as on the paper; the
/// `GP` suffix is the word `giấy phép` already said; the code is expanded
/// with the rest of the text).
fn licence(n: &str) -> String {
    let n = n.trim();
    let Some((num, code)) = n.split_once('/') else {
        return format!("số {n}");
    };
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit()) {
        return format!("số {n}");
    }
    let said = if num.starts_with('0') {
        spell::digits(num)
    } else {
        num.to_string()
    };
    let (code, rest) = code.split_once(' ').unwrap_or((code, ""));
    let code = code.trim_end_matches("GP").trim_end_matches('-');
    let code = code.replace('-', " ");
    let mut out = format!("số {said}");
    for part in [code.as_str(), rest] {
        if !part.is_empty() {
            out.push_str(if part.starts_with('(') { " " } else { ", " });
            out.push_str(part);
        }
    }
    out
}

/// The first letter in lower case, for a front matter value written as a
/// label (`Nam, nữ`, `Tốt nghiệp THCS`) that is read inside a sentence.
fn lower_first(s: &str) -> String {
    let s = s.trim();
    let mut chars = s.chars();
    match chars.next() {
        // An abbreviation (`THCS`) keeps its capitals.
        Some(c) if !chars.next().is_some_and(|d| d.is_uppercase()) => {
            c.to_lowercase().chain(s[c.len_utf8()..].chars()).collect()
        }
        _ => s.to_string(),
    }
}

/// The theme key of a wage period (`một tháng`).
fn wage_key(per: crate::content::kinds::job_order::WagePeriod) -> &'static str {
    use crate::content::kinds::job_order::WagePeriod as W;
    match per {
        W::Hour => "wage_per_hour",
        W::Day => "wage_per_day",
        W::Week => "wage_per_week",
        W::Month => "wage_per_month",
        W::Year => "wage_per_year",
    }
}

/// A scam alert: who warns, the scheme, the money asked, what to check
/// and where to report.
fn alert_facts(a: &ScamAlertData, _p: &Page, src: &Source, rules: &Rules) -> Vec<String> {
    let mut out = vec![format!("Đơn vị cảnh báo: {}", a.issued_by)];
    let patterns: Vec<String> = a
        .pattern
        .iter()
        .map(|pat| match pat {
            Pattern::Other { other } => other.clone(),
            Pattern::Known(id) => {
                let key = format!("pattern_{id}");
                src.strings
                    .get("vi", &key)
                    .unwrap_or(id.as_str())
                    .to_string()
            }
        })
        .collect();
    if !patterns.is_empty() {
        out.push(format!("Thủ đoạn: {}", patterns.join("; ")));
    }
    if !a.amounts.is_empty() {
        let sums: Vec<String> = a
            .amounts
            .iter()
            .map(|m| {
                let said = spell::money(m.amount, &m.currency, rules);
                match &m.note {
                    Some(n) => format!("{said}, {}", n.trim()),
                    None => said,
                }
            })
            .collect();
        out.push(format!("Số tiền bị đòi: {}", sums.join("; ")));
    }
    if !a.what_to_check.is_empty() {
        out.push("Cần kiểm tra:".to_string());
        out.extend(a.what_to_check.iter().cloned());
    }
    if !a.report_to.is_empty() {
        out.push("Trình báo tại:".to_string());
        out.extend(a.report_to.iter().cloned());
    }
    out
}

/// A line ending in a full stop, so the reader pauses.
fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.ends_with(['.', '!', '?', ':']) {
        format!("{s}\n")
    } else {
        format!("{s}.\n")
    }
}

/// Markdown as plain text: words of paragraphs, headings and lists kept,
/// tables, code blocks, HTML, images and link targets dropped.
pub fn plain(markdown: &str) -> String {
    let mut out = String::new();
    let mut skip = 0usize;
    let options =
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_FOOTNOTES;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(
                Tag::Table(_) | Tag::CodeBlock(_) | Tag::Image { .. } | Tag::FootnoteDefinition(_),
            ) => skip += 1,
            Event::End(
                TagEnd::Table | TagEnd::CodeBlock | TagEnd::Image | TagEnd::FootnoteDefinition,
            ) => skip = skip.saturating_sub(1),
            _ if skip > 0 => {}
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item) => {
                let trimmed = out.trim_end().len();
                out.truncate(trimmed);
                // A list item ending `;` or `,` ends its sentence here.
                if out.ends_with([';', ',']) {
                    out.pop();
                }
                if !out.is_empty() && !out.ends_with(['.', '!', '?', ':', '\n']) {
                    out.push('.');
                }
                out.push('\n');
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licence_numbers_labels_and_lists_read_aloud() {
        assert_eq!(licence("001/LĐTBXH-GP"), "số không không một, LĐTBXH");
        assert_eq!(
            licence("003/LĐTBXH-GP (minh họa)"),
            "số không không ba, LĐTBXH (minh họa)"
        );
        assert_eq!(licence("12/GP"), "số 12");
        assert_eq!(licence("GP-01"), "số GP-01");
        assert_eq!(lower_first("Nam, nữ"), "nam, nữ");
        assert_eq!(lower_first("THCS trở lên"), "THCS trở lên");
        assert_eq!(lower_first("Ấp 3"), "ấp 3");
        assert_eq!(lower_first(""), "");
        let list = |v: &[&str]| and_list(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(list(&[]), "");
        assert_eq!(list(&["Nhật Bản"]), "Nhật Bản");
        assert_eq!(list(&["A", "B", "C"]), "A, B và C");
    }

    #[test]
    fn a_support_item_says_per_what_and_whether_it_is_checked() {
        let item = |amount, per: Option<&str>, verified| SupportItem {
            item: "Học nghề".into(),
            amount: Some(amount),
            per: per.map(String::from),
            note: Some("Theo hóa đơn.".into()),
            source: None,
            verified,
        };
        let r = Rules::north();
        assert_eq!(
            support_item(&item(Amount::Fixed(3_000_000), Some("khóa học"), true), &r),
            "Học nghề: ba triệu đồng mỗi khóa học. Theo hóa đơn"
        );
        assert_eq!(
            support_item(
                &item(
                    Amount::Range {
                        min: 1_000_000,
                        max: 2_000_000
                    },
                    None,
                    false
                ),
                &r
            ),
            "Học nghề: từ một triệu đồng đến hai triệu đồng, mức này chưa được xác nhận. Theo hóa đơn"
        );
        let share = Amount::Percent {
            percent: 70.5,
            of: "học phí".into(),
        };
        assert_eq!(
            spell::text(&support_item(&item(share, Some("một người"), true), &r), &r),
            "Học nghề: bảy mươi phẩy năm phần trăm học phí một người. Theo hóa đơn"
        );
    }

    #[test]
    fn markdown_becomes_plain_sentences() {
        let md = "# Tiêu đề\n\nĐoạn **đậm** và [liên kết](https://x.vn).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- mục một\n- mục hai\n\n```\ncode 5\n```\n\n<div>html</div>\n\n![ảnh](a.png)\n\nCó chú thích[^1].\n\n[^1]: Nguồn 5.\n";
        assert_eq!(
            plain(md),
            "Tiêu đề.\nĐoạn đậm và liên kết.\nmục một.\nmục hai.\nCó chú thích.\n"
        );
    }
}
