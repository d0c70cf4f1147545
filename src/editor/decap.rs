//! `admin/config.yml`: the Decap CMS configuration, written from the
//! portal's sections and the content layer's table of the fields of each
//! kind ([`crate::content::kinds::schema`]).
//!
//! One collection per section (plus one for the pages at the top of
//! `content/`), each with the fields of its kind, the Markdown body, and the
//! portal's languages as Decap "multiple files" translations
//! (`<slug>.<lang>.md`). Decap treats every field as required unless told
//! otherwise, so optional fields say `required: false`.

use serde_yaml_ng::{Mapping, Value};

use super::Collection;
use crate::config::Config;
use crate::content::kinds::Kind;
use crate::content::kinds::schema::{self, Field, PerLanguage, Widget};

/// How job-fair times and other moments are written: the wall-clock time
/// typed in the form, marked as Vietnam time, so the value means the same
/// whatever time zone the writer's computer is set to.
pub const DATETIME_FORMAT: &str = "YYYY-MM-DDTHH:mm:ss[+07:00]";

/// How calendar days are written.
pub const DATE_FORMAT: &str = "YYYY-MM-DD";

/// The name of the custom widget for support amounts (registered by
/// `loa-editor.js`).
pub const AMOUNT_WIDGET: &str = "loa-amount";

fn map(pairs: Vec<(&str, Value)>) -> Value {
    let mut m = Mapping::new();
    for (k, v) in pairs {
        m.insert(Value::String(k.into()), v);
    }
    Value::Mapping(m)
}

fn s(text: &str) -> Value {
    Value::String(text.into())
}

/// The whole configuration. `local_backend` is the URL of loa's own
/// local-backend API (`loa serve --editor`), which Decap then uses instead
/// of the Git host.
pub fn config_value(
    config: &Config,
    collections: &[Collection],
    local_backend: Option<&str>,
) -> Value {
    let editor = config
        .editor
        .clone()
        .unwrap_or_else(|| super::EditorConfig {
            backend: super::Backend::GitGateway,
            ..Default::default()
        });
    let mut top = vec![("backend", backend(&editor))];
    if let Some(url) = local_backend {
        top.push(("local_backend", map(vec![("url", s(url))])));
    }
    let public = editor
        .media_public_path()
        .unwrap_or_else(|| "/anh".to_string());
    let locales: Vec<Value> = config
        .languages
        .iter()
        .map(|l| s(l.code.as_str()))
        .collect();
    top.extend([
        ("locale", s("vi")),
        ("site_url", s(&config.base_url.absolute)),
        ("display_url", s(&config.base_url.absolute)),
        ("media_folder", s(editor.media_folder.trim_end_matches('/'))),
        ("public_folder", s(&public)),
        (
            "slug",
            map(vec![
                ("encoding", s("ascii")),
                ("clean_accents", Value::Bool(true)),
                ("sanitize_replacement", s("-")),
            ]),
        ),
        (
            "i18n",
            map(vec![
                ("structure", s("multiple_files")),
                ("locales", Value::Sequence(locales)),
                ("default_locale", s(config.default_lang().as_str())),
            ]),
        ),
        (
            "collections",
            Value::Sequence(collections.iter().map(|c| collection(config, c)).collect()),
        ),
    ]);
    map(top)
}

/// Where Decap saves: the Git host and the settings given for it.
fn backend(editor: &super::EditorConfig) -> Value {
    let mut backend = vec![
        ("name", s(editor.backend.as_str())),
        ("branch", s(&editor.branch)),
    ];
    for (key, value) in [
        ("repo", &editor.repo),
        ("base_url", &editor.base_url),
        ("auth_endpoint", &editor.auth_endpoint),
        ("api_root", &editor.api_root),
        ("app_id", &editor.app_id),
        ("auth_type", &editor.auth_type),
    ] {
        if let Some(v) = value {
            backend.push((key, s(v)));
        }
    }
    map(backend)
}

/// [`config_value`] as YAML text.
pub fn config_yaml(
    config: &Config,
    collections: &[Collection],
    local_backend: Option<&str>,
) -> String {
    let value = config_value(config, collections, local_backend);
    let yaml = serde_yaml_ng::to_string(&value).unwrap_or_default();
    format!(
        "# Written by loa from site.toml and the content kinds; edits here are overwritten.\n{yaml}"
    )
}

/// What each kind holds, shown under the collection's name.
fn kind_description(kind: Kind) -> &'static str {
    match kind {
        Kind::Articles => "Tin tức, thông báo.",
        Kind::Policies => "Tóm tắt văn bản chính sách và các khoản hỗ trợ.",
        Kind::JobFairs => {
            "Lịch phiên giao dịch việc làm: thời gian, địa điểm, doanh nghiệp tuyển dụng."
        }
        Kind::Stories => "Gương người thật, việc thật (khi nhân vật đã đồng ý).",
        Kind::Pages => "Các trang riêng lẻ (liên hệ, giới thiệu…).",
        Kind::ScamAlerts => {
            "Cảnh báo lừa đảo: thủ đoạn, số tiền bị đòi, cần kiểm tra gì, trình báo ở đâu."
        }
        Kind::Faq => "Hỏi đáp: mỗi trang một danh sách câu hỏi và trả lời.",
        Kind::Markets => {
            "Trang của từng thị trường: chương trình, ngành nghề, chi phí, điều kiện, quy định, kèm nguồn. Tên tệp là mã thị trường trong site.toml (ví dụ nhat-ban), nên trang mới do quản trị tạo bằng lệnh loa new markets."
        }
        Kind::JobOrders => {
            "Đơn hàng của doanh nghiệp có trong danh sách được cấp phép: ngành nghề, lương, chi phí, hạn nhận hồ sơ."
        }
    }
}

fn collection(config: &Config, c: &Collection) -> Value {
    let folder = match &c.dir {
        Some(dir) => format!("content/{dir}"),
        None => "content".to_string(),
    };
    let mut fields: Vec<Value> = schema::fields(c.kind)
        .iter()
        .map(|f| field(config, f, f.i18n))
        .collect();
    fields.push(map(vec![
        ("label", s("Nội dung")),
        ("name", s("body")),
        ("widget", s("markdown")),
        ("required", Value::Bool(false)),
        ("i18n", Value::Bool(true)),
        (
            "hint",
            s("Viết như trong Word: tiêu đề nhỏ, danh sách, bảng, liên kết. Dòng <!-- more --> kết thúc phần tóm tắt."),
        ),
    ]));
    map(vec![
        ("name", s(c.dir.as_deref().unwrap_or("trang"))),
        ("label", s(&c.label)),
        ("description", s(kind_description(c.kind))),
        ("folder", s(&folder)),
        // A market page's file name is its term's id, which Decap's slug
        // (made from the title) cannot give: new ones come from `loa new`.
        ("create", Value::Bool(c.kind != Kind::Markets)),
        ("extension", s("md")),
        ("format", s("yaml-frontmatter")),
        ("slug", s("{{slug}}")),
        ("summary", s("{{title}}")),
        (
            "sortable_fields",
            Value::Sequence(vec![s("date"), s("title")]),
        ),
        ("i18n", Value::Bool(true)),
        ("fields", Value::Sequence(fields)),
    ])
}

/// Every field is translated (`i18n: true`), also those that are the same
/// in every language ([`PerLanguage::Same`]): Decap writes a language's file
/// as soon as it has any value, and `duplicate` fields always give it one,
/// so an English file with dates but no title would appear for every
/// Vietnamese page saved. Translators copy the shared values with Decap's
/// "fill in from another language" instead.
fn i18n_value(_i18n: PerLanguage) -> Value {
    Value::Bool(true)
}

/// One field. Nested fields follow their parent's language setting: Decap
/// hides a nested field without one from the other languages.
fn field(config: &Config, f: &Field, i18n: PerLanguage) -> Value {
    let mut pairs = vec![("label", s(f.label)), ("name", s(f.name))];
    pairs.extend(widget(config, f.widget, i18n));
    pairs.push(("required", Value::Bool(f.editor_required())));
    if !f.hint.is_empty() {
        pairs.push(("hint", s(f.hint)));
    }
    pairs.push(("i18n", i18n_value(i18n)));
    map(pairs)
}

fn widget(config: &Config, w: Widget, i18n: PerLanguage) -> Vec<(&'static str, Value)> {
    let nested =
        |fields: &[Field]| Value::Sequence(fields.iter().map(|f| field(config, f, i18n)).collect());
    match w {
        Widget::String => vec![("widget", s("string"))],
        Widget::Text => vec![("widget", s("text"))],
        Widget::Boolean => vec![("widget", s("boolean"))],
        Widget::Int { min } => {
            let mut out = vec![("widget", s("number")), ("value_type", s("int"))];
            if let Some(m) = min {
                out.push(("min", Value::Number(m.into())));
            }
            out
        }
        Widget::DateTime => vec![("widget", s("datetime")), ("format", s(DATETIME_FORMAT))],
        Widget::Date => vec![
            ("widget", s("datetime")),
            ("format", s(DATE_FORMAT)),
            ("date_format", s(DATE_FORMAT)),
            ("time_format", Value::Bool(false)),
        ],
        Widget::Image => vec![("widget", s("image")), ("choose_url", Value::Bool(false))],
        Widget::Terms { taxonomy, multiple } => terms(config, taxonomy, multiple, i18n),
        Widget::StringList => vec![
            ("widget", s("list")),
            (
                "field",
                map(vec![
                    ("label", s("Dòng")),
                    ("name", s("line")),
                    ("widget", s("string")),
                ]),
            ),
        ],
        Widget::Geo => vec![
            ("widget", s("list")),
            ("min", Value::Number(2.into())),
            ("max", Value::Number(2.into())),
            (
                "field",
                map(vec![
                    ("label", s("Vĩ độ / kinh độ")),
                    ("name", s("coordinate")),
                    ("widget", s("number")),
                    ("value_type", s("float")),
                ]),
            ),
        ],
        Widget::Amount => vec![("widget", s(AMOUNT_WIDGET))],
        Widget::Object(fields) => vec![("widget", s("object")), ("fields", nested(fields))],
        Widget::List(fields) => vec![("widget", s("list")), ("fields", nested(fields))],
        Widget::Choice { options, multiple } => vec![
            ("widget", s("select")),
            ("multiple", Value::Bool(multiple)),
            (
                "options",
                Value::Sequence(options.iter().map(|o| s(o)).collect()),
            ),
        ],
    }
}

/// A select of the taxonomy's terms from site.toml, named in the default
/// language; a free list (or line) when the portal defines no terms.
fn terms(
    config: &Config,
    taxonomy: &str,
    multiple: bool,
    i18n: PerLanguage,
) -> Vec<(&'static str, Value)> {
    let default = config.default_lang().as_str();
    let defined = config
        .taxonomies
        .iter()
        .find(|t| t.id == taxonomy)
        .filter(|t| !t.terms.is_empty());
    match defined {
        Some(t) => {
            let options = t
                .terms
                .iter()
                .map(|(id, names)| {
                    let name = names.get(default).unwrap_or(id);
                    map(vec![("label", s(name)), ("value", s(id))])
                })
                .collect();
            vec![
                ("widget", s("select")),
                ("multiple", Value::Bool(multiple)),
                ("options", Value::Sequence(options)),
            ]
        }
        None if multiple => widget(config, Widget::StringList, i18n),
        None => vec![("widget", s("string"))],
    }
}
