//! Numbers, money, dates, times and document numbers spelled out in
//! Vietnamese words, for text that is read aloud (the commune loudspeaker
//! bulletin, issue 21).
//!
//! A reader on the loudspeaker should not have to turn `4.500.000 đ` or
//! `392/2020/NQ-HĐND` into words on the fly, so [`text`] rewrites free text
//! into something that can be read as written: every ASCII digit becomes
//! words, URLs are dropped, abbreviations are expanded.
//!
//! The spelling follows the usual spoken rules: `mười` for ten but `mươi`
//! after twenty; `mốt` for a final one after twenty (21 → `hai mươi mốt`,
//! but 11 → `mười một`, 101 → `một trăm linh một`); `tư` for a final four
//! after twenty (24 → `hai mươi tư`, 14 → `mười bốn`); `lăm` for a final
//! five after ten (15, 25 → `… lăm`, 105 → `một trăm linh năm`); `linh`
//! (or `lẻ`) for an empty tens place; `không trăm` for an empty hundreds
//! place inside a larger number (1.005 → `một nghìn không trăm linh năm`).
//!
//! Two regional variants differ in two words: [`Rules::north`] (the module
//! default: `linh`, `nghìn`, the forms of textbooks and national radio)
//! and [`Rules::south`] (`lẻ`, `ngàn`, as people in the Mekong delta say
//! them).

/// The word for an empty tens place before a unit (105 → `một trăm linh
/// năm` or `một trăm lẻ năm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Odd {
    /// `linh`: the standard, northern form.
    Linh,
    /// `lẻ`: the southern form.
    Le,
}

/// The word for a thousand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thousand {
    /// `nghìn`: the standard, northern form.
    Nghin,
    /// `ngàn`: the southern form.
    Ngan,
}

/// How to spell: the regional variant and the abbreviations to expand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// `linh` or `lẻ`.
    pub odd: Odd,
    /// `nghìn` or `ngàn`.
    pub thousand: Thousand,
    /// Whole words replaced by their expansion (`XKLĐ` → `xuất khẩu lao
    /// động`), matched case-sensitively; the longest match wins.
    pub abbreviations: Vec<(String, String)>,
}

impl Default for Rules {
    /// The northern, standard variant ([`Rules::north`]).
    fn default() -> Self {
        Rules::north()
    }
}

impl Rules {
    /// `linh` and `nghìn`: the forms of textbooks, national radio and
    /// official documents, understood everywhere.
    pub fn north() -> Rules {
        Rules {
            odd: Odd::Linh,
            thousand: Thousand::Nghin,
            abbreviations: Vec::new(),
        }
    }

    /// `lẻ` and `ngàn`: how numbers are said in the south.
    pub fn south() -> Rules {
        Rules {
            odd: Odd::Le,
            thousand: Thousand::Ngan,
            abbreviations: Vec::new(),
        }
    }

    /// The variant named in site.toml: `"north"` or `"south"`; `None` for
    /// any other name, so the caller can report it.
    pub fn variant(name: &str) -> Option<Rules> {
        match name {
            "north" => Some(Rules::north()),
            "south" => Some(Rules::south()),
            _ => None,
        }
    }

    /// These rules with abbreviations added (`("XKLĐ", "xuất khẩu lao
    /// động")`).
    pub fn with_abbreviations<I, A, B>(mut self, pairs: I) -> Rules
    where
        I: IntoIterator<Item = (A, B)>,
        A: Into<String>,
        B: Into<String>,
    {
        self.abbreviations
            .extend(pairs.into_iter().map(|(a, b)| (a.into(), b.into())));
        // Longest first, so `BLĐTBXH` is found before a shorter key that
        // starts the same way.
        self.abbreviations
            .sort_by_key(|(k, _)| std::cmp::Reverse(k.chars().count()));
        self
    }

    fn odd_word(&self) -> &'static str {
        match self.odd {
            Odd::Linh => "linh",
            Odd::Le => "lẻ",
        }
    }

    fn thousand_word(&self) -> &'static str {
        match self.thousand {
            Thousand::Nghin => "nghìn",
            Thousand::Ngan => "ngàn",
        }
    }
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Parts of Vietnamese document numbers (`NQ-HĐND`, `NĐ-CP`) and what
/// they stand for, as an official reads them out.
const DOC_CODES: &[(&str, &str)] = &[
    ("NQ", "nghị quyết"),
    ("NĐ", "nghị định"),
    ("QĐ", "quyết định"),
    ("TT", "thông tư"),
    ("TTLT", "thông tư liên tịch"),
    ("CT", "chỉ thị"),
    ("CV", "công văn"),
    ("KH", "kế hoạch"),
    ("TB", "thông báo"),
    ("HD", "hướng dẫn"),
    ("L", "luật"),
    ("HĐND", "Hội đồng nhân dân"),
    ("UBND", "Ủy ban nhân dân"),
    ("CP", "Chính phủ"),
    ("TTg", "Thủ tướng Chính phủ"),
    ("QH", "Quốc hội"),
    ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
    ("BTC", "Bộ Tài chính"),
    ("BCA", "Bộ Công an"),
    ("BNG", "Bộ Ngoại giao"),
    ("SLĐTBXH", "Sở Lao động - Thương binh và Xã hội"),
];

/// ISO 4217 codes and how a Vietnamese announcer names the currency: the
/// currencies of the markets workers go to, and the usual references.
const CURRENCIES: &[(&str, &str)] = &[
    ("VND", "đồng"),
    ("JPY", "yên Nhật"),
    ("KRW", "won Hàn Quốc"),
    ("TWD", "Đài tệ"),
    ("USD", "đô la Mỹ"),
    ("EUR", "euro"),
    ("CNY", "nhân dân tệ"),
    ("SGD", "đô la Singapore"),
    ("MYR", "ringgit Malaysia"),
    ("AUD", "đô la Úc"),
    ("NZD", "đô la New Zealand"),
    ("CAD", "đô la Canada"),
    ("GBP", "bảng Anh"),
    ("HKD", "đô la Hồng Kông"),
    ("SAR", "riyal Ả Rập Xê Út"),
    ("AED", "dirham"),
    ("QAR", "riyal Qatar"),
    ("KWD", "dinar Kuwait"),
    ("RUB", "rúp Nga"),
    ("PLN", "zloty Ba Lan"),
    ("CZK", "koruna Séc"),
    ("HUF", "forint Hungary"),
    ("RON", "leu Romania"),
];

/// The spoken name of a currency by its ISO 4217 code (`JPY` → `yên
/// Nhật`), case set aside; `None` for a code the list lacks.
pub fn currency(code: &str) -> Option<&'static str> {
    CURRENCIES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code.trim()))
        .map(|(_, w)| *w)
}

/// A sum in words with its currency: (180000, `JPY`) → `một trăm tám mươi
/// nghìn yên Nhật`. A code the list lacks is said letter by letter as
/// written (`XAF`), so nothing is invented; a negative sum is `âm …`.
pub fn money(amount: i64, code: &str, rules: &Rules) -> String {
    let n = number(amount.unsigned_abs(), rules);
    let sign = if amount < 0 { "âm " } else { "" };
    let unit = currency(code).map_or_else(
        || {
            code.trim()
                .chars()
                .filter(|c| !c.is_ascii_digit())
                .map(String::from)
                .collect::<Vec<_>>()
                .join(" ")
        },
        str::to_string,
    );
    format!("{sign}{n} {unit}").trim_end().to_string()
}

/// Spells one group of three digits. `inner` is true when a larger group
/// stands before it, so an empty hundreds place is said (`không trăm`).
fn group(n: u64, inner: bool, rules: &Rules, out: &mut Vec<&'static str>) {
    let (h, t, u) = (
        (n / 100) as usize,
        (n / 10 % 10) as usize,
        (n % 10) as usize,
    );
    if h > 0 || inner {
        out.push(DIGITS[h]);
        out.push("trăm");
    }
    match t {
        0 if u > 0 && (h > 0 || inner) => out.push(rules.odd_word()),
        0 => {}
        1 => out.push("mười"),
        _ => {
            out.push(DIGITS[t]);
            out.push("mươi");
        }
    }
    match u {
        0 => {}
        1 if t >= 2 => out.push("mốt"),
        4 if t >= 2 => out.push("tư"),
        5 if t >= 1 => out.push("lăm"),
        _ => out.push(DIGITS[u]),
    }
}

/// Spells `n` below a billion into `out`; `inner` as in [`group`].
fn below_billion(n: u64, mut inner: bool, rules: &Rules, out: &mut Vec<&'static str>) {
    let parts = [
        (n / 1_000_000, "triệu"),
        (n / 1_000 % 1_000, rules.thousand_word()),
        (n % 1_000, ""),
    ];
    for (value, unit) in parts {
        if value == 0 {
            continue;
        }
        group(value, inner, rules, out);
        if !unit.is_empty() {
            out.push(unit);
        }
        inner = true;
    }
}

fn words(n: u64, inner: bool, rules: &Rules, out: &mut Vec<&'static str>) {
    // Above a billion the count of billions is itself a number
    // (2.500.000.000.000 → `hai nghìn năm trăm tỷ`).
    let (high, low) = (n / 1_000_000_000, n % 1_000_000_000);
    if high > 0 {
        words(high, inner, rules, out);
        out.push("tỷ");
        if low > 0 {
            below_billion(low, true, rules, out);
        }
    } else {
        below_billion(low, inner, rules, out);
    }
}

/// A whole number in words: 21 → `hai mươi mốt`, 1.005 → `một nghìn không
/// trăm linh năm`, 0 → `không`. Every `u64` is spelled.
pub fn number(n: u64, rules: &Rules) -> String {
    if n == 0 {
        return DIGITS[0].to_string();
    }
    let mut out = Vec::new();
    words(n, false, rules, &mut out);
    out.join(" ")
}

/// Digits read one by one (`0901` → `không chín không một`), as phone
/// numbers and codes are read. Characters other than ASCII digits are
/// skipped.
pub fn digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| c.to_digit(10).map(|d| DIGITS[d as usize]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A string of ASCII digits as a number, or digit by digit when it starts
/// with a zero (a phone number, a code) or is too long for a number anyone
/// says aloud.
fn digit_run(s: &str, rules: &Rules) -> String {
    if s.len() > 1 && s.starts_with('0') || s.len() > 18 {
        return digits(s);
    }
    match s.parse::<u64>() {
        Ok(n) => number(n, rules),
        Err(_) => digits(s),
    }
}

/// A decimal with its whole part and the digits after the comma:
/// (3, "5") → `ba phẩy năm`, (0, "05") → `không phẩy không năm`.
/// Leading zeros of the fraction are said one by one, the rest as a
/// number when short (as people say `hai phẩy hai mươi lăm`), digit by
/// digit when longer than three digits.
pub fn decimal(whole: u64, fraction: &str, rules: &Rules) -> String {
    let mut s = number(whole, rules);
    if fraction.is_empty() {
        return s;
    }
    s.push_str(" phẩy");
    let rest = fraction.trim_start_matches('0');
    for _ in 0..fraction.len() - rest.len() {
        s.push_str(" không");
    }
    if !rest.is_empty() {
        s.push(' ');
        if rest.len() > 3 {
            s.push_str(&digits(rest));
        } else {
            s.push_str(&digit_run(rest, rules));
        }
    }
    s
}

/// A month as said after `tháng`: April is `tư`, the rest are numbers.
fn month_word(m: u64, rules: &Rules) -> String {
    if m == 4 {
        "tư".to_string()
    } else {
        number(m, rules)
    }
}

/// A date in words: (10, 12, 2026) → `ngày mười tháng mười hai năm hai
/// nghìn không trăm hai mươi sáu`. The caller checks the ranges.
pub fn date(day: u64, month: u64, year: u64, rules: &Rules) -> String {
    format!(
        "ngày {} tháng {} năm {}",
        number(day, rules),
        month_word(month, rules),
        number(year, rules)
    )
}

/// A clock time in words: (7, 30) → `bảy giờ ba mươi phút`, (19, 0) →
/// `mười chín giờ`.
pub fn time(hour: u64, minute: u64, rules: &Rules) -> String {
    if minute == 0 {
        format!("{} giờ", number(hour, rules))
    } else {
        format!("{} giờ {} phút", number(hour, rules), number(minute, rules))
    }
}

/// A document number's code part (`NQ-HĐND`, `QH14`) in words: each part
/// by the user's abbreviations, then the built-in list, and digits
/// spelled; an unknown part stays as written.
fn doc_code(code: &str, rules: &Rules) -> String {
    let mut parts = Vec::new();
    for part in code.split('-').filter(|p| !p.is_empty()) {
        let letters: String = part.chars().filter(|c| !c.is_ascii_digit()).collect();
        let nums: String = part.chars().filter(|c| c.is_ascii_digit()).collect();
        let found = rules
            .abbreviations
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain(DOC_CODES.iter().copied())
            .find(|(k, _)| *k == letters)
            .map(|(_, v)| v.to_string());
        let mut word = found.unwrap_or(letters);
        if !nums.is_empty() {
            if !word.is_empty() {
                word.push(' ');
            }
            word.push_str(&digit_run(&nums, rules));
        }
        parts.push(word);
    }
    parts.join(" ")
}

/// Free text rewritten to be read aloud: numbers, money (`4.500.000 đ`),
/// percentages, decimals (`3,5`), dates (`10/12/2026`), times (`7:30`,
/// `7h30`, `7:30 PM`), ranges (`18-35`), document numbers
/// (`392/2020/NQ-HĐND`) and the configured abbreviations spelled out;
/// URLs dropped. The result has no ASCII digits.
///
/// Numbers are read the Vietnamese way: `.` groups thousands when it is
/// followed by exactly three digits, otherwise it is a decimal point, as
/// is `,` between digits.
pub fn text(input: &str, rules: &Rules) -> String {
    // The characters, in a buffer each thread keeps from text to text:
    // a fresh vector four times the text's size, grown a few times, was a
    // quarter of this function's time. An expansion read inside (which
    // calls this again) finds the buffer taken and gets a new one.
    let mut chars = CHARS.take();
    chars.clear();
    chars.reserve(input.len());
    chars.extend(input.chars());
    let out = spell_chars(input, &chars, rules);
    CHARS.set(chars);
    out
}

thread_local! {
    /// [`text`]'s buffer of characters.
    static CHARS: std::cell::Cell<Vec<char>> = const { std::cell::Cell::new(Vec::new()) };
}

/// [`text`] of `input`, whose characters are `chars`.
fn spell_chars(input: &str, chars: &[char], rules: &Rules) -> String {
    let mut out = String::with_capacity(input.len() * 2);
    // Most characters are copied as they are: those are skipped over and
    // copied a run at a time from `input` (`at` is the byte offset of
    // `chars[i]`, `run` where the uncopied run starts), which took half
    // the time of pushing them one by one.
    let (mut i, mut at, mut run) = (0, 0, 0);
    while i < chars.len() {
        let c = chars[i];
        let boundary = i == 0 || !word_char(chars[i - 1]);
        if copied_as_is(chars, i, boundary, rules) {
            at += c.len_utf8();
            i += 1;
            continue;
        }
        // The readers below look at what is written so far.
        out.push_str(&input[run..at]);
        let from = i;
        i = special(chars, i, boundary, rules, &mut out);
        at += chars[from..i].iter().map(|c| c.len_utf8()).sum::<usize>();
        run = at;
    }
    out.push_str(&input[run..]);
    tidy(&out)
}

/// Whether [`special`] would only copy `chars[i]`: it is no digit, `&` or
/// `$`, and, at a word's start, starts no web address (one starts with
/// `h`, `w` or `m`, or is an ASCII label followed by a dot, as [`address`]
/// reads them) and no abbreviation. Most words start with an ASCII letter:
/// telling them apart here spares each a trip through every reader.
fn copied_as_is(chars: &[char], i: usize, boundary: bool, rules: &Rules) -> bool {
    let c = chars[i];
    if c.is_ascii_digit() || c == '&' || c == '$' {
        return false;
    }
    if !boundary {
        return true;
    }
    if c.is_ascii_alphanumeric() || c == '-' {
        if matches!(c, 'h' | 'H' | 'w' | 'W' | 'm' | 'M') {
            return false;
        }
        let end = run_end(chars, i, |c| c.is_ascii_alphanumeric() || c == '-');
        if chars.get(end) == Some(&'.') {
            return false;
        }
    }
    !(letter(c) && rules.abbreviations.iter().any(|(k, _)| k.starts_with(c)))
}

/// Reads what starts at `chars[i]` into `out`: a web address, a number, a
/// `&` or `$`, an abbreviation, or else the character itself. Returns
/// where reading goes on.
fn special(chars: &[char], i: usize, boundary: bool, rules: &Rules, out: &mut String) -> usize {
    let c = chars[i];
    if let Some((said, end)) = boundary.then(|| address(chars, i)).flatten() {
        out.push_str(&said);
        return end;
    }
    if c.is_ascii_digit() && boundary {
        let (said, end) = numeric(chars, i, out, rules);
        out.push_str(&said);
        return end;
    }
    if c.is_ascii_digit() {
        // Digits glued to letters (`QH14`, `A1`): said as a number.
        let end = run_end(chars, i, |c| c.is_ascii_digit());
        let run: String = chars[i..end].iter().collect();
        out.push(' ');
        out.push_str(&digit_run(&run, rules));
        if chars.get(end).is_some_and(|c| word_char(*c)) {
            out.push(' ');
        }
        return end;
    }
    if c == '&' && i > 0 && chars[i - 1] == ' ' && chars.get(i + 1) == Some(&' ') {
        out.push_str("và");
        return i + 1;
    }
    if c == '$' && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
        let (n, end) = amount(chars, i + 1, rules);
        out.push_str(&n);
        out.push_str(" đô la Mỹ");
        return end;
    }
    if boundary && letter(c) {
        if let Some((len, expansion)) = abbreviation(chars, i, rules) {
            let plain = Rules {
                abbreviations: Vec::new(),
                ..rules.clone()
            };
            let said = text(expansion, &plain);
            return said_once(chars, i, len, &said, out);
        }
    }
    out.push(c);
    i + 1
}

/// `c.is_alphanumeric()`, answered without Unicode's tables for the
/// Latin letters Vietnamese is written in: asked of nearly every character
/// of every bulletin, and the tables' lookup for `ế`, `ư`, `ộ`… was a
/// visible share of a 10k-page build.
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || latin_letter(c)
        || (!c.is_ascii() && !punctuation(c) && c.is_alphanumeric())
}

/// `c.is_alphabetic()`, with the same shortcut as [`word_char`].
fn letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || latin_letter(c)
        || (!c.is_ascii() && !punctuation(c) && c.is_alphabetic())
}

/// The General Punctuation and Currency Symbols blocks, which hold no
/// letter or digit: the dashes, quotes, `…` and `₫` of Vietnamese text are
/// answered without the tables too.
fn punctuation(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{206f}' | '\u{20a0}'..='\u{20cf}')
}

/// The Latin-1, Latin Extended-A/B and Latin Extended Additional blocks,
/// where every character but `×` and `÷` is a letter (checked against the
/// standard library for every character in the tests).
fn latin_letter(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}') && c != '×' && c != '÷'
}

/// Collapses runs of spaces that removed URLs and inserted words leave.
///
/// Goes from space to space (the piece between two is copied whole): a
/// run of spaces becomes one before a piece, none at the start of a line
/// or before a closing mark.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    // Where the piece being read starts, and whether spaces came before it.
    let (mut start, mut space) = (0, false);
    // Spaces come every few letters: a byte loop finds them faster than
    // a search that starts afresh for each.
    for end in (0..bytes.len())
        .filter(|&i| bytes[i] == b' ')
        .chain([bytes.len()])
    {
        let piece = &s[start..end];
        if let Some(c) = piece.chars().next() {
            if space
                && !out.is_empty()
                && !out.ends_with('\n')
                && !matches!(c, '\n' | '.' | ',' | ';' | ':' | '!' | '?' | ')')
            {
                out.push(' ');
            }
            out.push_str(piece);
        }
        start = end + 1;
        space = true;
    }
    out
}

fn run_end(chars: &[char], from: usize, f: impl Fn(char) -> bool) -> usize {
    let mut j = from;
    while j < chars.len() && f(chars[j]) {
        j += 1;
    }
    j
}

fn starts_with(chars: &[char], at: usize, s: &str) -> bool {
    let mut j = at;
    for c in s.chars() {
        match chars.get(j) {
            Some(d) if d.eq_ignore_ascii_case(&c) => j += 1,
            _ => return false,
        }
    }
    true
}

/// Where a URL starting at `at` ends, if one starts there.
fn url_end(chars: &[char], at: usize) -> Option<usize> {
    let starts = ["https://", "http://", "www.", "mailto:"];
    if starts.iter().any(|s| starts_with(chars, at, s)) {
        Some(run_end(chars, at, |c| {
            !c.is_whitespace() && c != '<' && c != '>'
        }))
    } else {
        None
    }
}

/// A web address at `at`: a URL is dropped (it cannot be read aloud; a
/// trailing sentence mark stays with the sentence), a bare address such
/// as `dolab.moha.gov.vn` is read with `chấm`.
fn address(chars: &[char], at: usize) -> Option<(String, usize)> {
    if let Some(end) = url_end(chars, at) {
        let mut e = end;
        while e > at && matches!(chars[e - 1], '.' | ',' | ';' | ':' | ')' | '!' | '?') {
            e -= 1;
        }
        return Some((String::new(), e));
    }
    domain(chars, at)
}

/// The endings a bare web address (`dolab.moha.gov.vn`) has.
const DOMAIN_ENDS: &[&str] = &["vn", "com", "org", "net", "gov", "edu", "info", "int"];

/// A bare web address without `http` at `at`, read as announcers do:
/// `dolab chấm moha chấm gov chấm vn`. Its labels are ASCII letters,
/// digits and hyphens, and it ends with a known ending, so `3.5` or `v.v.`
/// are not taken for one.
fn domain(chars: &[char], at: usize) -> Option<(String, usize)> {
    let label = |c: char| c.is_ascii_alphanumeric() || c == '-';
    // Most words are not addresses: one label without a dot after it is
    // known to be none before anything is collected.
    let first = run_end(chars, at, label);
    if first == at || chars.get(first) != Some(&'.') {
        return None;
    }
    let mut labels: Vec<String> = Vec::new();
    let mut j = at;
    loop {
        let end = run_end(chars, j, label);
        if end == j {
            break;
        }
        labels.push(chars[j..end].iter().collect());
        j = end;
        let more = chars.get(j) == Some(&'.') && chars.get(j + 1).is_some_and(|c| label(*c));
        if !more {
            break;
        }
        j += 1;
    }
    let last = labels.last()?.to_ascii_lowercase();
    let known = labels.len() >= 2 && DOMAIN_ENDS.contains(&last.as_str());
    // A path after the address (`x.vn/a`) makes it a link to drop, which
    // the caller's URL reading does not catch without `http`.
    if !known
        || chars
            .get(j)
            .is_some_and(|c| *c == '/' || c.is_alphanumeric())
    {
        return None;
    }
    let words: Vec<String> = labels
        .iter()
        .map(|l| {
            if l.chars().any(|c| c.is_ascii_digit()) {
                l.chars()
                    .map(|c| match c.to_digit(10) {
                        Some(d) => DIGITS[d as usize].to_string(),
                        None => c.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                l.clone()
            }
        })
        .collect();
    Some((words.join(" chấm "), j))
}

/// Writes an abbreviation's expansion `said` unless the text already
/// says it beside the abbreviation: `Ngân hàng Chính sách xã hội
/// (NHCSXH)` and `NHCSXH (Ngân hàng Chính sách xã hội)` are both read
/// once. Returns where reading goes on.
fn said_once(chars: &[char], at: usize, len: usize, said: &str, out: &mut String) -> usize {
    let end = at + len;
    // `… xã hội (NHCSXH)`: drop the brackets and the abbreviation.
    if let Some(before) = out
        .strip_suffix('(')
        .filter(|_| chars.get(end) == Some(&')'))
    {
        let before = before.trim_end();
        if before.ends_with(said) {
            out.truncate(before.len());
            return end + 1;
        }
    }
    out.push_str(said);
    // `NHCSXH (… xã hội)`: skip the bracketed words.
    let mut j = end;
    if chars.get(j) == Some(&' ') {
        j += 1;
    }
    if chars.get(j) == Some(&'(') {
        let inner: Vec<char> = said.chars().collect();
        let close = j + 1 + inner.len();
        if chars.get(j + 1..close) == Some(&inner[..]) && chars.get(close) == Some(&')') {
            return close + 1;
        }
    }
    end
}

/// The configured abbreviation that starts at `at` as a whole word.
fn abbreviation<'r>(chars: &[char], at: usize, rules: &'r Rules) -> Option<(usize, &'r str)> {
    // Asked at every word of every bulletin: the keys are compared in
    // place, not collected into a fresh vector each time.
    rules.abbreviations.iter().find_map(|(k, v)| {
        let mut end = at;
        for c in k.chars() {
            if chars.get(end) != Some(&c) {
                return None;
            }
            end += 1;
        }
        let fits = end > at && chars.get(end).is_none_or(|c| !c.is_alphanumeric());
        fits.then_some((end - at, v.as_str()))
    })
}

/// Reads a digit run with at most `max` digits at `at`.
fn read_int(chars: &[char], at: usize, max: usize) -> Option<(u64, usize)> {
    let end = run_end(chars, at, |c| c.is_ascii_digit());
    if end == at || end - at > max {
        return None;
    }
    let s: String = chars[at..end].iter().collect();
    s.parse().ok().map(|n| (n, end))
}

/// The last word written so far, lowercased, to avoid saying `ngày ngày`
/// or `số số`.
fn last_word(out: &str) -> String {
    out.split_whitespace().last().unwrap_or("").to_lowercase()
}

/// A leading space unless the text so far ends a line or a word boundary
/// is already there.
fn sep(out: &str) -> &'static str {
    match out.chars().last() {
        None | Some(' ' | '\n' | '(' | '"' | '\'' | '“') => "",
        _ => " ",
    }
}

/// Reads whatever starts with a digit at `at`: a document number, a date,
/// a time, an amount with its unit, a range or a plain number.
fn numeric(chars: &[char], at: usize, out: &str, rules: &Rules) -> (String, usize) {
    let lead = sep(out);
    if let Some((s, end)) = phone(chars, at) {
        return (format!("{lead}{s}"), end);
    }
    if let Some((s, end)) = document(chars, at, out, rules) {
        return (format!("{lead}{s}"), end);
    }
    if let Some((s, end)) = date_at(chars, at, out, rules) {
        return (format!("{lead}{s}"), end);
    }
    if let Some((s, end)) = time_at(chars, at, rules) {
        return (format!("{lead}{s}"), end);
    }
    let (mut said, mut end) = amount(chars, at, rules);
    if matches!(last_word(out).as_str(), "thứ") {
        // Ordinals: `thứ 1` is `thứ nhất`, `thứ 4` is `thứ tư`.
        let n: String = chars[at..end].iter().collect();
        match n.as_str() {
            "1" => said = "nhất".into(),
            "4" => said = "tư".into(),
            _ => {}
        }
    } else if matches!(last_word(out).as_str(), "tháng") {
        let n: String = chars[at..end].iter().collect();
        if n == "4" {
            said = "tư".into();
        }
    }
    // A range: `18-35`, `18 - 35`, `18–35`.
    let mut j = end;
    let spaced = chars.get(j) == Some(&' ');
    if spaced {
        j += 1;
    }
    if matches!(chars.get(j), Some('-' | '–')) {
        let k = j + 1 + usize::from(spaced && chars.get(j + 1) == Some(&' '));
        if chars.get(k).is_some_and(|c| c.is_ascii_digit()) {
            let (to, e) = amount(chars, k, rules);
            said = format!("{said} đến {to}");
            end = e;
        }
    }
    // A slash between numbers that are not a date: `13/2027`, `3/4`.
    while chars.get(end) == Some(&'/') && chars.get(end + 1).is_some_and(|c| c.is_ascii_digit()) {
        let (to, e) = amount(chars, end + 1, rules);
        said = format!("{said} trên {to}");
        end = e;
    }
    // The unit after the number.
    let mut j = end;
    if chars.get(j) == Some(&' ') {
        j += 1;
    }
    if chars.get(j) == Some(&'%') {
        return (format!("{lead}{said} phần trăm"), j + 1);
    }
    let units = [("VNĐ", "đồng"), ("đ", "đồng"), ("₫", "đồng")];
    for (unit, word) in units.into_iter().chain(CURRENCIES.iter().copied()) {
        // The cheap test first: asking the Unicode tables whether the
        // next letter is alphanumeric, for every unit after every number,
        // was a visible share of the bulletins.
        if !starts_with(chars, j, unit) || unit == "đ" && chars[j] != 'đ' {
            continue;
        }
        let len = unit.chars().count();
        if chars.get(j + len).is_none_or(|c| !word_char(*c)) {
            return (format!("{lead}{said} {word}"), j + len);
        }
    }
    (format!("{lead}{said}"), end)
}

/// A number with Vietnamese separators at `at`: `4.500.000`, `3,5`,
/// `0901234567`. Returns the words and where the number ends.
fn amount(chars: &[char], at: usize, rules: &Rules) -> (String, usize) {
    let mut end = run_end(chars, at, |c| c.is_ascii_digit());
    let mut whole: String = chars[at..end].iter().collect();
    // Thousands groups: a dot followed by exactly three digits.
    while chars.get(end) == Some(&'.') {
        let g = run_end(chars, end + 1, |c| c.is_ascii_digit());
        if g - (end + 1) == 3 {
            whole.extend(&chars[end + 1..g]);
            end = g;
        } else {
            break;
        }
    }
    let mut said = digit_run(&whole, rules);
    // A decimal comma (or point) between digits.
    if matches!(chars.get(end), Some(',' | '.'))
        && chars.get(end + 1).is_some_and(|c| c.is_ascii_digit())
    {
        let g = run_end(chars, end + 1, |c| c.is_ascii_digit());
        let fraction: String = chars[end + 1..g].iter().collect();
        said = match whole.parse::<u64>() {
            Ok(n) if !(whole.len() > 1 && whole.starts_with('0')) && whole.len() <= 18 => {
                decimal(n, &fraction, rules)
            }
            _ => format!("{said} phẩy {}", digits(&fraction)),
        };
        end = g;
    }
    (said, end)
}

/// `d/m/yyyy` (or with `-`, `.`) and `d/m` dates at `at`.
fn date_at(chars: &[char], at: usize, out: &str, rules: &Rules) -> Option<(String, usize)> {
    let (day, e1) = read_int(chars, at, 2)?;
    let sepc = *chars.get(e1)?;
    if !matches!(sepc, '/' | '-' | '.') {
        return None;
    }
    let (month, e2) = read_int(chars, e1 + 1, 4)?;
    // `12/2026`: a month and a year.
    if sepc == '/'
        && e2 - (e1 + 1) == 4
        && (1..=12).contains(&day)
        && chars
            .get(e2)
            .is_none_or(|c| !c.is_ascii_digit() && *c != '/')
    {
        let said = format!(
            "tháng {} năm {}",
            month_word(day, rules),
            number(month, rules)
        );
        let said = if last_word(out) == "tháng" {
            said["tháng ".len()..].to_string()
        } else {
            said
        };
        return Some((said, e2));
    }
    if e2 - (e1 + 1) > 2 || !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    let with_year = chars.get(e2) == Some(&sepc)
        && read_int(chars, e2 + 1, 4).is_some_and(|(_, e)| e - (e2 + 1) == 4);
    let mut said;
    let end;
    if with_year {
        let (year, e3) = read_int(chars, e2 + 1, 4)?;
        said = date(day, month, year, rules);
        end = e3;
    } else if sepc == '/'
        && chars
            .get(e2)
            .is_none_or(|c| !c.is_ascii_digit() && *c != '/')
    {
        said = format!(
            "ngày {} tháng {}",
            number(day, rules),
            month_word(month, rules)
        );
        end = e2;
    } else {
        return None;
    }
    if last_word(out) == "ngày" {
        said = said["ngày ".len()..].to_string();
    }
    Some((said, end))
}

/// `7:30`, `7h30`, `7h`, `19:00`, `7:30 AM` at `at`.
fn time_at(chars: &[char], at: usize, rules: &Rules) -> Option<(String, usize)> {
    let (hour, e1) = read_int(chars, at, 2)?;
    let mark = *chars.get(e1)?;
    if hour > 24 {
        return None;
    }
    let (minute, mut end) = match mark {
        ':' => {
            let (m, e) = read_int(chars, e1 + 1, 2)?;
            if e - (e1 + 1) != 2 {
                return None;
            }
            (m, e)
        }
        'h' | 'g' | 'H' => match read_int(chars, e1 + 1, 2) {
            Some((m, e)) => (m, e),
            // `7h` alone, but not a word such as `7ha`.
            None if chars.get(e1 + 1).is_none_or(|c| !c.is_alphanumeric()) => (0, e1 + 1),
            None => return None,
        },
        _ => return None,
    };
    if minute > 59 {
        return None;
    }
    let mut said = time(hour, minute, rules);
    // The 12-hour clock: AM/PM (or the Vietnamese SA/CH) after the time.
    let j = if chars.get(end) == Some(&' ') {
        end + 1
    } else {
        end
    };
    for (tag, am) in [("AM", true), ("PM", false), ("SA", true), ("CH", false)] {
        let whole = || chars.get(j + 2).is_none_or(|c| !word_char(*c));
        if (1..=12).contains(&hour) && starts_with(chars, j, tag) && whole() {
            let part = match (am, hour) {
                (true, _) => "sáng",
                (false, 12) => "trưa",
                (false, 1..=5) => "chiều",
                (false, _) => "tối",
            };
            said = format!("{said} {part}");
            end = j + 2;
            break;
        }
    }
    Some((said, end))
}

/// A phone number written in groups (`0277 3851 234`, `0901.234.567`) at
/// `at`: said digit by digit, a short pause between groups, as people
/// read a number for others to write down. It starts with `0`, uses one
/// kind of separator, and has nine to eleven digits in groups of two or
/// more, so a date (`01.12.2026`) or a count is not taken for one.
fn phone(chars: &[char], at: usize) -> Option<(String, usize)> {
    if chars.get(at) != Some(&'0') {
        return None;
    }
    let mut groups: Vec<String> = Vec::new();
    let mut j = at;
    let mut sepc: Option<char> = None;
    loop {
        let end = run_end(chars, j, |c| c.is_ascii_digit());
        if end - j < 2 {
            return None;
        }
        groups.push(chars[j..end].iter().collect());
        j = end;
        let next = chars.get(j).copied();
        let more = matches!(next, Some(' ' | '.'))
            && sepc.is_none_or(|s| Some(s) == next)
            && chars.get(j + 1).is_some_and(|c| c.is_ascii_digit());
        if !more {
            break;
        }
        sepc = next;
        j += 1;
    }
    let total: usize = groups.iter().map(String::len).sum();
    if groups.len() < 2 || !(9..=11).contains(&total) {
        return None;
    }
    let said: Vec<String> = groups.iter().map(|g| digits(g)).collect();
    Some((said.join(", "), j))
}

/// `392/2020/NQ-HĐND` at `at`: the number, the year, the issuer's code.
fn document(chars: &[char], at: usize, out: &str, rules: &Rules) -> Option<(String, usize)> {
    let (n, e1) = read_int(chars, at, 6)?;
    if chars.get(e1) != Some(&'/') {
        return None;
    }
    // The year is optional: `7886/NHCS-TDNN`.
    let (year, code_at) = match read_int(chars, e1 + 1, 4) {
        Some((y, e2)) if e2 - (e1 + 1) == 4 && chars.get(e2) == Some(&'/') => (Some(y), e2 + 1),
        Some(_) => return None,
        None => (None, e1 + 1),
    };
    let code_end = run_end(chars, code_at, |c| c.is_alphanumeric() || c == '-');
    // A code is written in capitals (`NQ-HĐND`, `TTg`); `5/người` is not one.
    if code_end == code_at || !chars[code_at].is_uppercase() {
        return None;
    }
    let code: String = chars[code_at..code_end].iter().collect();
    let number_part = match year {
        Some(y) => format!(
            "{} trên {}, {}",
            number(n, rules),
            number(y, rules),
            doc_code(&code, rules)
        ),
        None => format!("{}, {}", number(n, rules), doc_code(&code, rules)),
    };
    let said = if last_word(out) == "số" {
        number_part
    } else {
        format!("số {number_part}")
    };
    Some((said, code_end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_letter_tests_agree_with_the_standard_library() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(word_char(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(letter(c), c.is_alphabetic(), "{c:?}");
        }
        assert!(latin_letter('ế') && latin_letter('ư') && !latin_letter('×'));
        assert!(punctuation('–') && punctuation('“') && punctuation('₫'));
    }

    /// `text`'s loop as it was first written, a character at a time, with
    /// the first `tidy`: the loop that copies runs must say the same.
    fn text_reference(input: &str, rules: &Rules) -> String {
        let chars: Vec<char> = input.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let boundary = i == 0 || !chars[i - 1].is_alphanumeric();
            i = special(&chars, i, boundary, rules, &mut out);
        }
        let mut tidied = String::new();
        let mut space = false;
        for c in out.chars() {
            if c == ' ' {
                space = true;
                continue;
            }
            if space
                && !tidied.is_empty()
                && !tidied.ends_with('\n')
                && !matches!(c, '\n' | '.' | ',' | ';' | ':' | '!' | '?' | ')')
            {
                tidied.push(' ');
            }
            space = false;
            tidied.push(c);
        }
        tidied
    }

    #[test]
    fn copying_runs_reads_as_one_character_at_a_time() {
        let pieces = [
            "Hỗ trợ ",
            "4.500.000 đ",
            " cho ",
            "NLĐ",
            " (",
            ")",
            "XKLĐ",
            "10/12/2026",
            "7h30",
            " – ",
            "“Nhật”",
            "https://x.vn/a.",
            " www.dolab.gov.vn ",
            "a.vn",
            "$5",
            " & ",
            "&",
            "-",
            "3,5%",
            "QH14",
            "392/2020/NQ-HĐND",
            "  ",
            "\n",
            "\u{a0}",
            "…",
            "thứ 4",
            "0901 234 567",
            "mailto:a@b.vn",
            "Σ",
            "日本",
            "ấp 3",
            "Hà Nội",
            "mx.org",
            "W",
            "m-a.com.",
            "ab.",
            "Ngày",
            "a-b",
            "HTTP://A.VN",
            "18-35",
            "ư",
            "-x.com",
            "e\u{301}",
        ];
        let abbreviated = Rules::south().with_abbreviations([
            ("NLĐ", "người lao động"),
            ("XKLĐ", "xuất khẩu lao động"),
            ("Nhật", "Nhật Bản"),
        ]);
        // Every pair and many longer mixes, walked by a fixed sequence.
        let mut seed = 7u64;
        let mut inputs: Vec<String> = Vec::new();
        for a in pieces {
            for b in pieces {
                inputs.push(format!("{a}{b}"));
            }
        }
        for _ in 0..2000 {
            let mut s = String::new();
            for _ in 0..8 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            inputs.push(s);
        }
        for rules in [Rules::north(), abbreviated] {
            for input in &inputs {
                assert_eq!(
                    text(input, &rules),
                    text_reference(input, &rules),
                    "{input:?}"
                );
            }
        }
    }

    #[test]
    fn whole_numbers() {
        let north = Rules::north();
        let cases: &[(u64, &str)] = &[
            (0, "không"),
            (1, "một"),
            (4, "bốn"),
            (5, "năm"),
            (10, "mười"),
            (11, "mười một"),
            (14, "mười bốn"),
            (15, "mười lăm"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (31, "ba mươi mốt"),
            (100, "một trăm"),
            (101, "một trăm linh một"),
            (104, "một trăm linh bốn"),
            (105, "một trăm linh năm"),
            (110, "một trăm mười"),
            (115, "một trăm mười lăm"),
            (1_000, "một nghìn"),
            (1_005, "một nghìn không trăm linh năm"),
            (1_050, "một nghìn không trăm năm mươi"),
            (10_000, "mười nghìn"),
            (1_000_005, "một triệu không trăm linh năm"),
            (4_500_000, "bốn triệu năm trăm nghìn"),
            (1_000_000_000, "một tỷ"),
            (2_000_000_021, "hai tỷ không trăm hai mươi mốt"),
            (2_500_000_000_000, "hai nghìn năm trăm tỷ"),
            (1_000_000_000_000_000, "một triệu tỷ"),
            (2026, "hai nghìn không trăm hai mươi sáu"),
        ];
        for (n, want) in cases {
            assert_eq!(number(*n, &north), *want, "{n}");
        }
        // Every u64 is spelled, none panics.
        assert!(number(u64::MAX, &north).ends_with("sáu trăm mười lăm"));
    }

    #[test]
    fn southern_variant() {
        let south = Rules::south();
        let cases: &[(u64, &str)] = &[
            (105, "một trăm lẻ năm"),
            (1_005, "một ngàn không trăm lẻ năm"),
            (4_500_000, "bốn triệu năm trăm ngàn"),
            (21, "hai mươi mốt"),
        ];
        for (n, want) in cases {
            assert_eq!(number(*n, &south), *want, "{n}");
        }
        assert_eq!(Rules::variant("south"), Some(Rules::south()));
        assert_eq!(Rules::variant("west"), None);
    }

    #[test]
    fn decimals_percents_money() {
        let r = Rules::north();
        let cases: &[(&str, &str)] = &[
            ("3,5", "ba phẩy năm"),
            ("0,05", "không phẩy không năm"),
            ("2,25", "hai phẩy hai mươi lăm"),
            ("1.234,5", "một nghìn hai trăm ba mươi tư phẩy năm"),
            ("15%", "mười lăm phần trăm"),
            ("2,5 %", "hai phẩy năm phần trăm"),
            ("4.500.000 đ", "bốn triệu năm trăm nghìn đồng"),
            ("4.500.000đ", "bốn triệu năm trăm nghìn đồng"),
            ("1.000.000 VNĐ", "một triệu đồng"),
            ("1.200 USD", "một nghìn hai trăm đô la Mỹ"),
            ("$300", "ba trăm đô la Mỹ"),
            ("tuổi 18-35", "tuổi mười tám đến ba mươi lăm"),
            (
                "gọi 0901234567",
                "gọi không chín không một hai ba bốn năm sáu bảy",
            ),
            ("năm 2020.", "năm hai nghìn không trăm hai mươi."),
            ("180.000 JPY", "một trăm tám mươi nghìn yên Nhật"),
            ("2.000.000 KRW", "hai triệu won Hàn Quốc"),
            (
                "gọi 0277 3851 234",
                "gọi không hai bảy bảy, ba tám năm một, hai ba bốn",
            ),
            (
                "số 0901.234.567.",
                "số không chín không một, hai ba bốn, năm sáu bảy.",
            ),
            // Not phone numbers: a date, a short count after a zero code.
            (
                "01.12.2026",
                "ngày một tháng mười hai năm hai nghìn không trăm hai mươi sáu",
            ),
            ("05 người", "không năm người"),
        ];
        for (input, want) in cases {
            assert_eq!(text(input, &r), *want, "{input}");
        }
    }

    #[test]
    fn money_in_each_currency() {
        let r = Rules::north();
        let cases: &[(i64, &str, &str)] = &[
            (180_000, "JPY", "một trăm tám mươi nghìn yên Nhật"),
            (
                2_060_740,
                "KRW",
                "hai triệu không trăm sáu mươi nghìn bảy trăm bốn mươi won Hàn Quốc",
            ),
            (27_470, "TWD", "hai mươi bảy nghìn bốn trăm bảy mươi Đài tệ"),
            (4_500_000, "VND", "bốn triệu năm trăm nghìn đồng"),
            (1_200, "usd", "một nghìn hai trăm đô la Mỹ"),
            (5, "XAF", "năm X A F"),
            (-5, "EUR", "âm năm euro"),
            (0, "", "không"),
        ];
        for (n, code, want) in cases {
            assert_eq!(money(*n, code, &r), *want, "{n} {code}");
        }
        assert_eq!(
            money(105_000, "JPY", &Rules::south()),
            "một trăm lẻ năm ngàn yên Nhật"
        );
        assert_eq!(currency("jpy"), Some("yên Nhật"));
        assert_eq!(currency("XYZ"), None);
    }

    #[test]
    fn dates_and_times() {
        let r = Rules::north();
        let cases: &[(&str, &str)] = &[
            (
                "10/12/2026",
                "ngày mười tháng mười hai năm hai nghìn không trăm hai mươi sáu",
            ),
            (
                "Hạn chót ngày 4/4/2027.",
                "Hạn chót ngày bốn tháng tư năm hai nghìn không trăm hai mươi bảy.",
            ),
            ("từ 1/6", "từ ngày một tháng sáu"),
            (
                "tháng 12/2026",
                "tháng mười hai năm hai nghìn không trăm hai mươi sáu",
            ),
            (
                "hạn 4/2027",
                "hạn tháng tư năm hai nghìn không trăm hai mươi bảy",
            ),
            ("13/2027", "mười ba trên hai nghìn không trăm hai mươi bảy"),
            ("A & B", "A và B"),
            ("7:30", "bảy giờ ba mươi phút"),
            ("7h30", "bảy giờ ba mươi phút"),
            ("lúc 7h sáng", "lúc bảy giờ sáng"),
            ("19:00", "mười chín giờ"),
            ("7:05 PM", "bảy giờ năm phút tối"),
            ("2:15 PM", "hai giờ mười lăm phút chiều"),
            ("8:00 AM", "tám giờ sáng"),
            ("tháng 4", "tháng tư"),
            ("thứ 4", "thứ tư"),
        ];
        for (input, want) in cases {
            assert_eq!(text(input, &r), *want, "{input}");
        }
    }

    #[test]
    fn document_numbers_and_abbreviations() {
        let r = Rules::north()
            .with_abbreviations([("XKLĐ", "xuất khẩu lao động"), ("NLĐ", "người lao động")]);
        let cases: &[(&str, &str)] = &[
            (
                "392/2020/NQ-HĐND",
                "số ba trăm chín mươi hai trên hai nghìn không trăm hai mươi, nghị quyết Hội đồng nhân dân",
            ),
            (
                "Nghị định số 152/2020/NĐ-CP",
                "Nghị định số một trăm năm mươi hai trên hai nghìn không trăm hai mươi, nghị định Chính phủ",
            ),
            (
                "Luật 69/2020/QH14",
                "Luật số sáu mươi chín trên hai nghìn không trăm hai mươi, Quốc hội mười bốn",
            ),
            ("NLĐ đi XKLĐ.", "người lao động đi xuất khẩu lao động."),
            (
                "vay người lao động (NLĐ) và NLĐ (người lao động), (NLĐ)",
                "vay người lao động và người lao động, (người lao động)",
            ),
            (
                "văn bản số 7886/NHCS-TDNN",
                "văn bản số bảy nghìn tám trăm tám mươi sáu, NHCS TDNN",
            ),
            ("5/người", "năm/người"),
            (
                "trang dolab.moha.gov.vn.",
                "trang dolab chấm moha chấm gov chấm vn.",
            ),
            (
                "(colab.moha.gov.vn);",
                "(colab chấm moha chấm gov chấm vn);",
            ),
            (
                "Theo jwork.vn, 24h.com.vn",
                "Theo jwork chấm vn, hai bốn h chấm com chấm vn",
            ),
            ("v.v. và 3.5", "v.v. và ba phẩy năm"),
            // Only whole words are expanded.
            ("XKLĐX", "XKLĐX"),
            (
                "Xem https://dolab.gov.vn/tin?id=5. Hỏi www.a.vn",
                "Xem. Hỏi",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(text(input, &r), *want, "{input}");
        }
    }

    /// Whatever the input, `text` leaves no ASCII digit and does not panic.
    #[test]
    fn no_digits_left() {
        let r = Rules::south().with_abbreviations([("TP", "thành phố")]);
        let pieces = [
            "0",
            "7",
            "12",
            "105",
            "1.005",
            "4.500.000",
            "3,5",
            "0,0007",
            "1.2.3",
            "12/13/2020",
            "31/12",
            "25:99",
            "7h",
            "7h30",
            "10-12-2026",
            "1/2020/",
            "99999999999999999999999",
            "$",
            "$5",
            "%",
            "đ",
            "-",
            "–",
            ".",
            ",",
            ":",
            "/",
            "h",
            "AM",
            "QH14",
            "A1B2",
            " ",
            "\n",
            "https://x.vn/1",
            "thứ",
            "tháng",
            "ngày",
            "số",
            "0277 3851 234",
            "0901.234",
            "+84 901 234 567",
            "JPY",
            "a1.vn",
            "(TP)",
            "thành phố (",
            "TP (thành phố)",
            "x.vn/1",
            "1.000.000.000.000.000.000",
        ];
        let mut checked = 0;
        for a in &pieces {
            for b in &pieces {
                for glue in ["", " "] {
                    let input = format!("{a}{glue}{b}");
                    let said = text(&input, &r);
                    assert!(
                        !said.chars().any(|c| c.is_ascii_digit()),
                        "{input:?} → {said:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 3000);
    }
}
