//! The front-matter fields of every kind, written once.
//!
//! Each [`Field`] says what a field is called in front matter, what shape its
//! value has, whether the build needs it, whether it differs per language,
//! what `loa new` writes for it, and how the web editor labels and explains
//! it (in Vietnamese: the editor's users are provincial staff). Everything
//! that lists fields reads this table instead of keeping its own list:
//! which fields a kind accepts and requires ([`super::fields_of`],
//! [`super::resolve_page`]), the Decap configuration (`editor::decap`) and
//! the skeletons of `loa new` (`scaffold::new`). The parser itself is the
//! typed `RawPage`; the tests below hold it to this table, so a field added
//! to one and not the other fails `cargo test`.

use super::Kind;

/// The shape of a field's value; the editor picks its input from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Widget {
    /// One line of text.
    String,
    /// Several lines of plain text.
    Text,
    /// Yes or no.
    Boolean,
    /// A whole number.
    Int {
        /// Smallest value accepted.
        min: Option<i64>,
    },
    /// A moment in Vietnam time; the value is written with `+07:00`.
    DateTime,
    /// A calendar day (`2024-03-15`).
    Date,
    /// An image from the media folder, written as its public path.
    Image,
    /// Term ids of a taxonomy from site.toml (a free text list when the
    /// taxonomy has no terms).
    Terms {
        /// The taxonomy id (`markets`).
        taxonomy: &'static str,
        /// A list of terms (`true`) or a single one.
        multiple: bool,
    },
    /// A list of lines of text.
    StringList,
    /// `[latitude, longitude]`.
    Geo,
    /// A support amount: whole đồng, a range, or a percentage of a cost.
    Amount,
    /// A group of named fields.
    Object(&'static [Field]),
    /// A list of groups of named fields.
    List(&'static [Field]),
    /// One (or, when `multiple`, several) of a closed list of values.
    Choice {
        /// The values as written in front matter.
        options: &'static [&'static str],
        /// A list of them (`true`) or a single one.
        multiple: bool,
    },
}

/// Whether a field's value differs per language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerLanguage {
    /// Written in each language (titles, text).
    Translate,
    /// The same in every language (dates, places on a map, term ids); the
    /// editor copies it from the Vietnamese version.
    Same,
}

/// When the build needs a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// A page may leave it out.
    Optional,
    /// A page without it is refused.
    Required,
    /// Needed when the named sibling field is given (`photo_alt` with a
    /// `photo`). The editor cannot say "required if", so it always asks.
    With(&'static str),
}

/// What `loa new` writes for a field in a new file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Starter {
    /// Nothing: the writer adds the field when needed.
    Omit,
    /// The title given on the command line.
    Title,
    /// Today's date.
    Today,
    /// Today at this wall-clock time, with a reminder to write the real one.
    TodayAt(&'static str),
    /// A placeholder to fill in: (Vietnamese, English).
    Fill(&'static str, &'static str),
    /// An empty list, in new files of these kinds only (a new article is
    /// usually tagged, a new job fair usually names its markets).
    EmptyListIn(&'static [Kind]),
    /// The field's own nested fields, with their starters.
    Nested,
}

/// One front-matter field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// Its name in front matter.
    pub name: &'static str,
    /// What the editor calls it.
    pub label: &'static str,
    /// A short hint in Vietnamese shown under the input.
    pub hint: &'static str,
    /// The shape of its value.
    pub widget: Widget,
    /// When the build needs it.
    pub need: Need,
    /// Per language or shared.
    pub i18n: PerLanguage,
    /// What a new file holds.
    pub starter: Starter,
}

impl Field {
    /// Whether the editor insists on a value before saving.
    pub fn editor_required(&self) -> bool {
        self.need != Need::Optional
    }

    const fn required(self) -> Field {
        Field {
            need: Need::Required,
            ..self
        }
    }

    const fn required_with(self, sibling: &'static str) -> Field {
        Field {
            need: Need::With(sibling),
            ..self
        }
    }

    const fn same(self) -> Field {
        Field {
            i18n: PerLanguage::Same,
            ..self
        }
    }

    const fn starts(self, starter: Starter) -> Field {
        Field { starter, ..self }
    }
}

/// An optional, translated field that new files leave out.
const fn f(name: &'static str, label: &'static str, hint: &'static str, widget: Widget) -> Field {
    Field {
        name,
        label,
        hint,
        widget,
        need: Need::Optional,
        i18n: PerLanguage::Translate,
        starter: Starter::Omit,
    }
}

/// Fields every page has, in the order the editor shows them.
pub const COMMON: &[Field] = &[
    f(
        "title",
        "Tiêu đề",
        "Ngắn gọn, nói rõ nội dung chính.",
        Widget::String,
    )
    .required()
    .starts(Starter::Title),
    f(
        "date",
        "Ngày đăng",
        "Giờ Việt Nam. Bài có ngày trong tương lai chỉ hiện từ ngày đó.",
        Widget::DateTime,
    )
    .same()
    .starts(Starter::Today),
    f(
        "summary",
        "Tóm tắt",
        "Một hai câu hiện trong danh sách và khi chia sẻ lên Facebook, Zalo. Để trống thì dùng đoạn đầu bài.",
        Widget::Text,
    )
    .starts(Starter::Fill(
        "một hai câu tóm tắt, hiện trong danh sách",
        "one or two sentences shown in listings",
    )),
    f(
        "tags",
        "Thẻ",
        "Chủ đề để bạn đọc tìm các bài liên quan.",
        Widget::Terms {
            taxonomy: "tags",
            multiple: true,
        },
    )
    .same()
    .starts(Starter::EmptyListIn(&[Kind::Articles])),
    f(
        "image",
        "Ảnh đại diện",
        "Ảnh dùng khi chia sẻ trang. Ảnh chụp từ điện thoại được thu nhỏ và xóa vị trí GPS khi dựng trang.",
        Widget::Image,
    )
    .same(),
    f(
        "draft",
        "Bản nháp",
        "Bật thì trang chưa được đăng.",
        Widget::Boolean,
    ),
    f(
        "updated",
        "Ngày cập nhật",
        "Điền khi sửa nội dung quan trọng sau khi đăng.",
        Widget::DateTime,
    )
    .same(),
    f(
        "expires",
        "Hết hạn",
        "Sau thời điểm này trang rời khỏi danh sách nhưng vẫn mở được.",
        Widget::DateTime,
    )
    .same(),
    f(
        "slug",
        "Đường dẫn riêng",
        "Thường để trống: đường dẫn được tạo từ tên tệp. Chỉ chữ thường không dấu, số và dấu gạch ngang.",
        Widget::String,
    ),
    f(
        "aliases",
        "Đường dẫn cũ",
        "Các đường dẫn cũ của trang này (ví dụ /tin-tuc/ten-cu/), để liên kết cũ vẫn dẫn tới đây.",
        Widget::StringList,
    ),
    f(
        "weight",
        "Thứ tự",
        "Số nhỏ đứng trước trong mục sắp xếp theo thứ tự.",
        Widget::Int { min: None },
    )
    .same(),
];

/// Shared by articles and job fairs.
const MARKETS: Field = f(
    "markets",
    "Thị trường",
    "Các nước, vùng lãnh thổ liên quan.",
    Widget::Terms {
        taxonomy: "markets",
        multiple: true,
    },
)
.same()
.starts(Starter::EmptyListIn(&[Kind::JobFairs]));

/// Shared by job fairs and stories.
const DISTRICT: Field = f(
    "district",
    "Huyện, thành phố",
    "",
    Widget::Terms {
        taxonomy: "districts",
        multiple: false,
    },
)
.same();

const ARTICLE: &[Field] = &[MARKETS];

const DOCUMENT: &[Field] = &[
    f(
        "number",
        "Số, ký hiệu",
        "Ghi đúng như trên văn bản, ví dụ 392/2020/NQ-HĐND.",
        Widget::String,
    )
    .required()
    .starts(Starter::Fill(
        "số và ký hiệu văn bản, ví dụ 392/2020/NQ-HĐND",
        "document number",
    )),
    f(
        "issuer",
        "Cơ quan ban hành",
        "Ví dụ: HĐND tỉnh Đồng Tháp.",
        Widget::String,
    )
    .starts(Starter::Fill("cơ quan ban hành", "issuing body")),
    f("signed", "Ngày ký", "", Widget::Date).same(),
    f(
        "effective",
        "Ngày có hiệu lực",
        "Để trống nếu chưa rõ.",
        Widget::Date,
    )
    .same(),
    f(
        "expires",
        "Ngày hết hiệu lực",
        "Để trống nếu chưa rõ.",
        Widget::Date,
    )
    .same(),
    f(
        "url",
        "Địa chỉ toàn văn",
        "Đường dẫn tới văn bản gốc (https://…).",
        Widget::String,
    )
    .same(),
];

const SUPPORT_ITEM: &[Field] = &[
    f(
        "item",
        "Khoản hỗ trợ",
        "Ví dụ: Hỗ trợ học ngoại ngữ.",
        Widget::String,
    )
    .required(),
    f(
        "amount",
        "Mức hỗ trợ",
        "Số tiền (đồng, không dấu chấm), một khoảng, hoặc một tỷ lệ phần trăm. Để trống nếu văn bản không ghi.",
        Widget::Amount,
    )
    .same(),
    f(
        "per",
        "Tính theo",
        "Ví dụ: người, khóa học.",
        Widget::String,
    ),
    f(
        "note",
        "Ghi chú",
        "Điều kiện hoặc giải thích.",
        Widget::String,
    ),
    f(
        "source",
        "Nguồn của con số",
        "Điều, khoản của văn bản ghi con số này.",
        Widget::String,
    ),
    f(
        "verified",
        "Đã đối chiếu",
        "Chỉ bật khi đã đối chiếu con số với văn bản gốc. Khi tắt, trang ghi \"chưa xác minh\".",
        Widget::Boolean,
    )
    .same(),
];

const SUPPORT_GROUP: &[Field] = &[
    f(
        "group",
        "Đối tượng",
        "Nhóm người lao động được hưởng.",
        Widget::Terms {
            taxonomy: "beneficiaries",
            multiple: false,
        },
    )
    .same()
    .required(),
    f("items", "Các khoản hỗ trợ", "", Widget::List(SUPPORT_ITEM)).required(),
];

const POLICY: &[Field] = &[
    f(
        "document",
        "Văn bản",
        "Văn bản pháp lý mà trang này tóm tắt.",
        Widget::Object(DOCUMENT),
    )
    .required()
    .starts(Starter::Nested),
    f(
        "source",
        "Nguồn",
        "Nơi lấy thông tin tóm tắt (tên văn bản, trang web).",
        Widget::String,
    ),
    f(
        "beneficiaries",
        "Đối tượng được hưởng",
        "",
        Widget::Terms {
            taxonomy: "beneficiaries",
            multiple: true,
        },
    )
    .same()
    .starts(Starter::EmptyListIn(&[Kind::Policies])),
    f(
        "superseded_by",
        "Được thay thế bởi",
        "Tệp của chính sách mới, ví dụ chinh-sach/nq-moi.md. Trang cũ vẫn giữ, kèm thông báo.",
        Widget::String,
    )
    .same(),
    f(
        "support",
        "Bảng hỗ trợ",
        "Mỗi nhóm đối tượng một bảng.",
        Widget::List(SUPPORT_GROUP),
    )
    .starts(Starter::EmptyListIn(&[Kind::Policies])),
];

const JOB_FAIR: &[Field] = &[
    f(
        "start",
        "Bắt đầu",
        "Ngày giờ bắt đầu, giờ Việt Nam.",
        Widget::DateTime,
    )
    .same()
    .required()
    .starts(Starter::TodayAt("07:30")),
    f(
        "end",
        "Kết thúc",
        "Ngày giờ kết thúc, giờ Việt Nam; không trước giờ bắt đầu.",
        Widget::DateTime,
    )
    .same()
    .required()
    .starts(Starter::TodayAt("11:30")),
    f(
        "venue",
        "Địa điểm",
        "Tên nơi tổ chức, ví dụ Trung tâm Dịch vụ việc làm tỉnh.",
        Widget::String,
    )
    .required()
    .starts(Starter::Fill("địa điểm", "venue")),
    f(
        "address",
        "Địa chỉ",
        "Số nhà, đường, phường/xã.",
        Widget::String,
    )
    .starts(Starter::Fill("địa chỉ", "address")),
    DISTRICT,
    f("organizer", "Đơn vị tổ chức", "", Widget::String)
        .starts(Starter::Fill("đơn vị tổ chức", "organiser")),
    MARKETS,
    f(
        "employers",
        "Doanh nghiệp tuyển dụng",
        "Mỗi dòng một doanh nghiệp.",
        Widget::StringList,
    ),
    f(
        "contact",
        "Liên hệ",
        "Số điện thoại hoặc người liên hệ.",
        Widget::String,
    ),
    f(
        "geo",
        "Vị trí trên bản đồ",
        "Vĩ độ và kinh độ, ví dụ 10.4553 rồi 105.6339. Để trống nếu không cần bản đồ.",
        Widget::Geo,
    )
    .same(),
];

const STORY: &[Field] = &[
    f(
        "person",
        "Nhân vật",
        "Tên (hoặc tên gọi) người được kể, khi đã được họ đồng ý.",
        Widget::String,
    )
    .required()
    .starts(Starter::Fill(
        "tên người trong truyện (ghi rõ nếu đã đổi tên)",
        "the person's name (say so if changed)",
    )),
    f("hometown", "Quê quán", "Xã, huyện.", Widget::String),
    DISTRICT,
    f(
        "country",
        "Nước đã làm việc",
        "",
        Widget::Terms {
            taxonomy: "markets",
            multiple: false,
        },
    )
    .same(),
    f("occupation", "Công việc ở nước ngoài", "", Widget::String),
    f("period", "Thời gian", "Ví dụ: 2019–2022.", Widget::String),
    f(
        "outcome",
        "Sau khi về nước",
        "Hiện làm gì, đã dùng số tiền dành dụm ra sao.",
        Widget::Text,
    ),
    f("quote", "Câu nói", "Lời của chính nhân vật.", Widget::Text),
    f(
        "photo",
        "Ảnh",
        "Ảnh nhân vật, khi đã được họ đồng ý.",
        Widget::Image,
    )
    .same(),
    f(
        "photo_alt",
        "Mô tả ảnh",
        "Tả ngắn ảnh cho người không nhìn thấy, ví dụ: Anh An đứng trong xưởng cơ khí. Bắt buộc.",
        Widget::String,
    )
    .required_with("photo"),
];

/// Currencies the editor offers for a demanded amount: đồng and those of
/// the markets the fact sheet names. The build accepts any ISO 4217 code.
const CURRENCIES: &[&str] = &["VND", "JPY", "KRW", "TWD", "MYR", "PLN", "USD", "EUR"];

const DEMAND: &[Field] = &[
    f(
        "amount",
        "Số tiền",
        "Số nguyên, không dấu chấm, ví dụ 45000000.",
        Widget::Int { min: Some(0) },
    )
    .same()
    .required(),
    f(
        "currency",
        "Đơn vị tiền",
        "Mã ba chữ cái của đồng tiền bị đòi.",
        Widget::Choice {
            options: CURRENCIES,
            multiple: false,
        },
    )
    .same()
    .required(),
    f(
        "note",
        "Thu để làm gì",
        "Ví dụ: phí giữ suất, tiền đặt cọc.",
        Widget::String,
    ),
];

const SCAM_ALERT: &[Field] = &[
    f(
        "issued_by",
        "Đơn vị cảnh báo",
        "Cơ quan hoặc cổng thông tin đưa ra cảnh báo.",
        Widget::String,
    )
    .required()
    .starts(Starter::Fill("đơn vị đưa ra cảnh báo", "who issues the alert")),
    f(
        "pattern",
        "Thủ đoạn",
        "Chọn một hoặc nhiều thủ đoạn. Thủ đoạn chưa có trong danh sách: sửa tệp, ghi `- other: mô tả ngắn`.",
        Widget::Choice {
            options: super::scam_alert::PATTERNS,
            multiple: true,
        },
    )
    .same()
    .required()
    .starts(Starter::Fill(
        "mã thủ đoạn, ví dụ fake_website",
        "a scheme id, e.g. fake_website",
    )),
    f(
        "amounts",
        "Số tiền bị đòi",
        "Các khoản kẻ gian đòi nộp.",
        Widget::List(DEMAND),
    )
    .same(),
    f(
        "what_to_check",
        "Cần kiểm tra gì",
        "Mỗi dòng một việc người dân nên kiểm tra trước khi nộp tiền, giấy tờ.",
        Widget::StringList,
    )
    .starts(Starter::EmptyListIn(&[Kind::ScamAlerts])),
    f(
        "report_to",
        "Trình báo ở đâu",
        "Mỗi dòng một nơi nhận trình báo, kèm số điện thoại nếu có.",
        Widget::StringList,
    )
    .starts(Starter::EmptyListIn(&[Kind::ScamAlerts])),
];

const QUESTION: &[Field] = &[
    f(
        "question",
        "Câu hỏi",
        "Hỏi như người dân hỏi.",
        Widget::String,
    )
    .required()
    .starts(Starter::Fill("câu hỏi", "question")),
    f(
        "answer",
        "Trả lời",
        "Văn bản thường; một dòng trống để sang đoạn mới.",
        Widget::Text,
    )
    .required()
    .starts(Starter::Fill("câu trả lời", "answer")),
    f(
        "topic",
        "Chủ đề",
        "Ví dụ: Hộ chiếu, Khám sức khỏe.",
        Widget::String,
    ),
    f(
        "related",
        "Chính sách liên quan",
        "Mỗi dòng một tệp, ví dụ chinh-sach/vay-von-nhcsxh.md.",
        Widget::StringList,
    )
    .same(),
    f(
        "source",
        "Nguồn",
        "Nơi lấy thông tin, con số trong câu trả lời.",
        Widget::String,
    ),
    f(
        "verified",
        "Đã đối chiếu",
        "Chỉ bật khi đã đối chiếu với nguồn. Khi tắt, câu trả lời ghi \"chưa xác minh\".",
        Widget::Boolean,
    )
    .same(),
];

const FAQ: &[Field] = &[f(
    "questions",
    "Câu hỏi và trả lời",
    "",
    Widget::List(QUESTION),
)
.required()
.starts(Starter::Nested)];

/// One line of a market page's lists: the support item's shape (so the
/// same "to be confirmed" rules apply), labelled for facts about a country.
const MARKET_ITEM: &[Field] = &[
    f(
        "item",
        "Nội dung",
        "Ví dụ: Chương trình EPS; Nông nghiệp; Tiền đặt cọc.",
        Widget::String,
    )
    .required(),
    f(
        "amount",
        "Số tiền (đồng)",
        "Chỉ điền khi có nguồn: số đồng, một khoảng, hoặc phần trăm. Không quy đổi ngoại tệ. Để trống nếu chưa rõ.",
        Widget::Amount,
    )
    .same(),
    f("per", "Tính theo", "Ví dụ: người, hợp đồng.", Widget::String),
    f(
        "note",
        "Giải thích",
        "Một hai câu giải thích hoặc điều kiện.",
        Widget::String,
    ),
    f(
        "source",
        "Nguồn",
        "Văn bản, cơ quan hoặc trang chính thức nói điều này.",
        Widget::String,
    ),
    f(
        "verified",
        "Đã đối chiếu",
        "Chỉ bật khi đã đối chiếu với nguồn gốc. Khi tắt, trang ghi \"chưa xác minh\".",
        Widget::Boolean,
    )
    .same(),
];

/// A market page: the text of a `markets` term (file named by the term id).
const MARKET: &[Field] = &[
    f(
        "programs",
        "Chương trình",
        "Các chương trình đưa người lao động sang nước này (EPS, IM Japan…).",
        Widget::List(MARKET_ITEM),
    )
    .starts(Starter::EmptyListIn(&[Kind::Markets])),
    f(
        "jobs",
        "Ngành nghề thường gặp",
        "",
        Widget::List(MARKET_ITEM),
    )
    .starts(Starter::EmptyListIn(&[Kind::Markets])),
    f(
        "costs",
        "Người lao động phải trả",
        "Từng khoản, kèm nguồn; khoản chưa có nguồn để trống số tiền.",
        Widget::List(MARKET_ITEM),
    )
    .starts(Starter::EmptyListIn(&[Kind::Markets])),
    f(
        "conditions",
        "Điều kiện tuyển chọn",
        "Tuổi, sức khỏe, ngoại ngữ…",
        Widget::List(MARKET_ITEM),
    )
    .starts(Starter::EmptyListIn(&[Kind::Markets])),
    f(
        "rules",
        "Quy định của nước sở tại",
        "Điều người lao động cần biết về luật lệ nơi làm việc.",
        Widget::List(MARKET_ITEM),
    )
    .starts(Starter::EmptyListIn(&[Kind::Markets])),
];

const REQUIREMENTS: &[Field] = &[
    f(
        "gender",
        "Giới tính",
        "Ví dụ: Nam; Nam, nữ.",
        Widget::String,
    ),
    f("age_min", "Tuổi từ", "", Widget::Int { min: Some(15) }).same(),
    f("age_max", "Tuổi đến", "", Widget::Int { min: Some(15) }).same(),
    f(
        "education",
        "Trình độ học vấn",
        "Ví dụ: Tốt nghiệp THCS trở lên.",
        Widget::String,
    ),
    f(
        "health",
        "Sức khỏe",
        "Ví dụ: Không mắc bệnh truyền nhiễm, không có hình xăm.",
        Widget::String,
    ),
];

const WAGE: &[Field] = &[
    f(
        "amount",
        "Mức lương",
        "Số nguyên, theo đơn vị tiền của nước tiếp nhận, không quy đổi (ví dụ 180000).",
        Widget::Int { min: Some(1) },
    )
    .same()
    .required(),
    f(
        "currency",
        "Loại tiền",
        "JPY: yên Nhật; KRW: won Hàn Quốc; TWD: Đài tệ; VND: tiền đồng. Tệp có thể ghi mã ba chữ khác.",
        Widget::Choice {
            options: &["JPY", "KRW", "TWD", "USD", "EUR", "MYR", "PLN", "CNY", "VND"],
            multiple: false,
        },
    )
    .same()
    .required(),
    f(
        "per",
        "Tính theo",
        "month: tháng; hour: giờ; day: ngày; week: tuần; year: năm.",
        Widget::Choice {
            options: &["month", "hour", "day", "week", "year"],
            multiple: false,
        },
    )
    .same()
    .required(),
    f(
        "note",
        "Ghi chú",
        "Mức lương đã gồm hay chưa gồm làm thêm giờ, trước hay sau thuế.",
        Widget::String,
    ),
];

const COST_ITEM: &[Field] = &[
    f(
        "item",
        "Khoản người lao động phải nộp",
        "Ví dụ: Phí dịch vụ, Học ngoại ngữ, Khám sức khỏe.",
        Widget::String,
    )
    .required(),
    f(
        "amount",
        "Số tiền",
        "Tiền đồng, không dấu chấm; một khoảng; hoặc một tỷ lệ phần trăm. Để trống nếu chưa rõ.",
        Widget::Amount,
    )
    .same(),
    f(
        "per",
        "Tính theo",
        "Ví dụ: người, hợp đồng.",
        Widget::String,
    ),
    f(
        "note",
        "Ghi chú",
        "Khi nào nộp, nộp cho ai, có được hoàn lại không.",
        Widget::String,
    ),
    f(
        "source",
        "Nguồn của con số",
        "Văn bản hoặc hợp đồng ghi con số này.",
        Widget::String,
    ),
    f(
        "verified",
        "Đã đối chiếu",
        "Chỉ bật khi đã đối chiếu con số với văn bản gốc. Khi tắt, trang ghi \"chưa xác minh\".",
        Widget::Boolean,
    )
    .same(),
];

const APPROVAL: &[Field] = &[
    f(
        "number",
        "Số văn bản",
        "Số văn bản đăng ký hoặc chấp thuận đơn hàng, ghi đúng như trên văn bản.",
        Widget::String,
    )
    .required()
    .same(),
    f("date", "Ngày văn bản", "", Widget::Date).same(),
    f(
        "issuer",
        "Cơ quan",
        "Cơ quan đã đăng ký, chấp thuận.",
        Widget::String,
    ),
    f(
        "url",
        "Địa chỉ văn bản",
        "Đường dẫn (https://…).",
        Widget::String,
    )
    .same(),
];

const JOB_ORDER: &[Field] = &[
    f(
        "company",
        "Doanh nghiệp (số giấy phép)",
        "Số giấy phép đúng như trong danh sách doanh nghiệp được cấp phép của cổng (data/doanh-nghiep.yaml). Tên, địa chỉ, điện thoại lấy từ danh sách, không nhập lại.",
        Widget::String,
    )
    .same()
    .required()
    .starts(Starter::Fill(
        "số giấy phép, đúng như trong danh sách doanh nghiệp",
        "licence number, as in the register",
    )),
    f(
        "market",
        "Thị trường",
        "Nước, vùng lãnh thổ làm việc.",
        Widget::Terms {
            taxonomy: "markets",
            multiple: false,
        },
    )
    .same()
    .required()
    .starts(Starter::Fill("thị trường, ví dụ nhat-ban", "market, e.g. nhat-ban")),
    f(
        "program",
        "Chương trình",
        "Ví dụ: EPS, IM Japan. Để trống nếu không thuộc chương trình nào.",
        Widget::String,
    ),
    f(
        "occupation",
        "Ngành nghề, công việc",
        "Ví dụ: Chế biến thực phẩm.",
        Widget::String,
    )
    .required()
    .starts(Starter::Fill("ngành nghề, công việc", "the work")),
    f(
        "workers",
        "Số lượng tuyển",
        "Số người cần tuyển.",
        Widget::Int { min: Some(1) },
    )
    .same(),
    f(
        "requirements",
        "Yêu cầu",
        "Mỗi mục không bắt buộc.",
        Widget::Object(REQUIREMENTS),
    ),
    f(
        "wage",
        "Lương",
        "Ghi đúng tiền của nước tiếp nhận, không tự quy đổi ra tiền đồng.",
        Widget::Object(WAGE),
    ),
    f(
        "contract",
        "Thời hạn hợp đồng",
        "Ví dụ: 3 năm.",
        Widget::String,
    ),
    f(
        "costs",
        "Chi phí người lao động phải nộp",
        "Từng khoản một, như bảng hỗ trợ của chính sách.",
        Widget::List(COST_ITEM),
    ),
    f(
        "deadline",
        "Hạn nhận hồ sơ",
        "Giờ Việt Nam. Sau thời điểm này đơn hàng rời khỏi danh sách và ghi \"đã hết hạn nhận hồ sơ\".",
        Widget::DateTime,
    )
    .same()
    .required()
    .starts(Starter::TodayAt("17:00")),
    f(
        "approval",
        "Văn bản đăng ký đơn hàng",
        "Số và ngày văn bản của cơ quan quản lý về đơn hàng này, nếu có.",
        Widget::Object(APPROVAL),
    ),
];

/// The fields of `kind` beyond [`COMMON`], in the order the editor shows them.
pub fn kind_fields(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Articles => ARTICLE,
        Kind::Policies => POLICY,
        Kind::JobFairs => JOB_FAIR,
        Kind::Stories => STORY,
        Kind::Pages => &[],
        Kind::ScamAlerts => SCAM_ALERT,
        Kind::Faq => FAQ,
        Kind::Markets => MARKET,
        Kind::JobOrders => JOB_ORDER,
    }
}

/// A common field as `kind` needs it: a scam alert needs its `date`
/// (alerts are listed and fed newest first; an undated warning cannot be weighed).
fn common_for(kind: Kind, field: Field) -> Field {
    match (kind, field.name) {
        (Kind::ScamAlerts, "date") => field.required(),
        _ => field,
    }
}

/// Every field of a page of `kind`: the common ones, then the kind's own.
pub fn fields(kind: Kind) -> Vec<Field> {
    COMMON
        .iter()
        .map(|f| common_for(kind, *f))
        .chain(kind_fields(kind).iter().copied())
        .collect()
}

/// The nested fields of an object or a list of objects; none for the rest.
pub fn nested(widget: Widget) -> &'static [Field] {
    match widget {
        Widget::Object(inner) | Widget::List(inner) => inner,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    //! The parser (`RawPage` and its nested structs, `resolve_page`) held to
    //! the table: same names, same required fields.

    use super::super::job_order::{Approval, Requirements, Wage};
    use super::super::{PolicyDocument, RawPage, SupportGroup, SupportItem, resolve_page};
    use super::*;
    use crate::content::front_matter;
    use serde::de::DeserializeOwned;
    use serde_yaml_ng::{Mapping, Value};
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The field names a `deny_unknown_fields` struct accepts, read from the
    /// error serde gives for an unknown one: the parser's own list.
    fn accepted<T: DeserializeOwned + std::fmt::Debug>() -> BTreeSet<String> {
        let err = serde_yaml_ng::from_str::<T>("loa_probe_field: 1").unwrap_err();
        let msg = err.to_string();
        let (_, expected) = msg
            .split_once("expected one of ")
            .or_else(|| msg.split_once("expected "))
            .unwrap_or_else(|| panic!("no field list in {msg}"));
        expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(String::from)
            .collect()
    }

    fn names(fields: &[Field]) -> BTreeSet<String> {
        fields.iter().map(|f| f.name.to_string()).collect()
    }

    fn field(fields: &[Field], name: &str) -> Field {
        *fields.iter().find(|f| f.name == name).unwrap()
    }

    #[test]
    fn the_table_names_every_field_the_parser_accepts() {
        let mut all = names(COMMON);
        for kind in Kind::ALL {
            let own = names(kind_fields(kind));
            assert!(own.is_disjoint(&names(COMMON)), "{kind:?}");
            all.extend(own);
        }
        assert_eq!(all, accepted::<RawPage>());
        let policy = kind_fields(Kind::Policies);
        let document = nested(field(policy, "document").widget);
        assert_eq!(names(document), accepted::<PolicyDocument>());
        let groups = nested(field(policy, "support").widget);
        assert_eq!(names(groups), accepted::<SupportGroup>());
        let items = nested(field(groups, "items").widget);
        assert_eq!(names(items), accepted::<SupportItem>());
        let order = kind_fields(Kind::JobOrders);
        let nested_of = |name| names(nested(field(order, name).widget));
        assert_eq!(nested_of("requirements"), accepted::<Requirements>());
        assert_eq!(nested_of("wage"), accepted::<Wage>());
        assert_eq!(nested_of("costs"), accepted::<SupportItem>());
        assert_eq!(nested_of("approval"), accepted::<Approval>());
        for list in crate::content::kinds::market::LISTS {
            let items = nested(field(kind_fields(Kind::Markets), list).widget);
            assert_eq!(names(items), accepted::<SupportItem>(), "{list}");
        }
    }

    #[test]
    fn every_field_has_a_label() {
        fn walk(fields: &[Field]) {
            for f in fields {
                assert!(!f.label.is_empty(), "{}", f.name);
                walk(nested(f.widget));
            }
        }
        for kind in Kind::ALL {
            walk(&fields(kind));
        }
    }

    /// A value of the shape `widget` describes, as a writer would give it.
    fn sample(widget: Widget, all: bool) -> Value {
        let yaml = |text: &str| serde_yaml_ng::from_str::<Value>(text).unwrap();
        match widget {
            Widget::String | Widget::Text => yaml("Mẫu"),
            Widget::Boolean => yaml("true"),
            Widget::Int { min } => yaml(&min.unwrap_or(1).to_string()),
            Widget::DateTime => yaml("2030-01-02T07:30:00+07:00"),
            Widget::Date => yaml("2030-01-02"),
            Widget::Image => yaml("/anh/mau.jpg"),
            Widget::Terms { multiple: true, .. } | Widget::StringList => yaml("[mot]"),
            Widget::Terms { .. } => yaml("mot"),
            Widget::Geo => yaml("[10.45, 105.63]"),
            Widget::Amount => yaml("4500000"),
            Widget::Object(inner) => Value::Mapping(page(inner, all, None)),
            Widget::List(inner) => Value::Sequence(vec![Value::Mapping(page(inner, all, None))]),
            Widget::Choice { options, multiple } => match multiple {
                true => yaml(&format!("[{}]", options[0])),
                false => yaml(options[0]),
            },
        }
    }

    /// Front matter with every field of `fields` (or only the required ones
    /// when `all` is false), leaving out `skip`.
    fn page(fields: &[Field], all: bool, skip: Option<&str>) -> Mapping {
        let mut m = Mapping::new();
        for f in fields {
            if Some(f.name) != skip && (all || f.need == Need::Required) {
                m.insert(f.name.into(), sample(f.widget, all));
            }
        }
        m
    }

    /// What the build says about `front` on a page of `kind`.
    fn resolve(kind: Kind, front: &Mapping) -> Result<(), String> {
        let text = format!("---\n{}---\n", serde_yaml_ng::to_string(front).unwrap());
        let split = front_matter::split(&text).unwrap();
        let raw: RawPage = front_matter::parse(&split).map_err(|e| e.message)?;
        resolve_page(raw, kind, Path::new("x.md"), &split)
            .map(|_| ())
            .map_err(|ds| format!("{ds:?}"))
    }

    #[test]
    fn pages_with_all_fields_or_only_the_required_ones_are_accepted() {
        for kind in Kind::ALL {
            for all in [true, false] {
                let front = page(&fields(kind), all, None);
                assert_eq!(resolve(kind, &front), Ok(()), "{kind:?} {front:?}");
            }
        }
    }

    #[test]
    fn the_build_needs_what_the_table_requires() {
        // Each required field left out in turn, at the top and nested: the
        // page is refused, naming the field.
        fn walk(kind: Kind, fields: &[Field], wrap: &dyn Fn(Mapping) -> Mapping) {
            for f in fields {
                if f.need == Need::Required {
                    let front = wrap(page(fields, false, Some(f.name)));
                    let e = resolve(kind, &front).expect_err(f.name);
                    assert!(e.contains(&format!("`{}`", f.name)), "{e}");
                }
            }
        }
        for kind in Kind::ALL {
            walk(kind, &fields(kind), &|m| m);
        }
        let policy = fields(Kind::Policies);
        let document = nested(field(&policy, "document").widget);
        walk(Kind::Policies, document, &|m| {
            let mut front = page(&policy, false, None);
            front.insert("document".into(), Value::Mapping(m));
            front
        });
        let groups = nested(field(&policy, "support").widget);
        let support = |m: Mapping| {
            let mut front = page(&policy, false, None);
            front.insert("support".into(), Value::Sequence(vec![Value::Mapping(m)]));
            front
        };
        walk(Kind::Policies, groups, &support);
        let items = nested(field(groups, "items").widget);
        walk(Kind::Policies, items, &|m| {
            let mut group = page(groups, false, None);
            group.insert("items".into(), Value::Sequence(vec![Value::Mapping(m)]));
            support(group)
        });
        let order = fields(Kind::JobOrders);
        for name in ["wage", "approval"] {
            walk(Kind::JobOrders, nested(field(&order, name).widget), &|m| {
                let mut front = page(&order, false, None);
                front.insert(name.into(), Value::Mapping(m));
                front
            });
        }
    }

    #[test]
    fn a_field_needed_with_a_sibling_is_needed_only_then() {
        let mut seen = 0;
        for kind in Kind::ALL {
            for f in kind_fields(kind) {
                let Need::With(sibling) = f.need else {
                    continue;
                };
                seen += 1;
                let mut front = page(&fields(kind), false, None);
                assert_eq!(resolve(kind, &front), Ok(()), "{kind:?} without both");
                let s = field(kind_fields(kind), sibling);
                front.insert(sibling.into(), sample(s.widget, true));
                let e = resolve(kind, &front).expect_err(f.name);
                assert!(e.contains(&format!("`{}`", f.name)), "{e}");
                front.insert(f.name.into(), sample(f.widget, true));
                assert_eq!(resolve(kind, &front), Ok(()), "{kind:?} with both");
            }
        }
        assert!(seen > 0);
    }

    #[test]
    fn fields_of_other_kinds_are_refused_and_their_own_kinds_named() {
        for kind in Kind::ALL {
            for other in Kind::ALL {
                for f in kind_fields(other) {
                    // A kind's own fields are accepted: the test above.
                    if kind_fields(kind).iter().any(|g| g.name == f.name) {
                        continue;
                    }
                    let mut front = page(&fields(kind), false, None);
                    front.insert(f.name.into(), sample(f.widget, true));
                    let e = resolve(kind, &front).expect_err(f.name);
                    let says = format!("field `{}` belongs to", f.name);
                    assert!(e.contains(&says) && e.contains(other.as_str()), "{e}");
                }
            }
        }
    }
}
