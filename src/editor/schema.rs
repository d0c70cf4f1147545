//! Every front-matter field the editor offers, described once.
//!
//! [`fields`] lists, per kind, the fields a writer fills in the editor: the
//! name as written in front matter, a Vietnamese label and hint, the kind of
//! input, and whether the build requires it. The Decap configuration
//! (`decap.rs`) and the agreement check (`agree.rs`) both read this list, so
//! they cannot drift apart; the tests below compare it with the field names
//! the front-matter parser itself accepts, so a field added to a kind fails
//! the tests until it is described here.

use crate::content::kinds::Kind;

/// How a field is edited.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Widget {
    /// One line of text.
    String,
    /// Several lines of plain text.
    Text,
    /// A yes/no switch.
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

/// One front-matter field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// Its name in front matter.
    pub name: &'static str,
    /// What the editor calls it.
    pub label: &'static str,
    /// A short hint in Vietnamese shown under the input.
    pub hint: &'static str,
    /// How it is edited.
    pub widget: Widget,
    /// The build refuses a page without it.
    pub required: bool,
    /// Per language or shared.
    pub i18n: PerLanguage,
}

const fn f(name: &'static str, label: &'static str, hint: &'static str, widget: Widget) -> Field {
    Field {
        name,
        label,
        hint,
        widget,
        required: false,
        i18n: PerLanguage::Translate,
    }
}

const fn req(field: Field) -> Field {
    Field {
        required: true,
        ..field
    }
}

const fn same(field: Field) -> Field {
    Field {
        i18n: PerLanguage::Same,
        ..field
    }
}

/// Fields every page has, in the order the editor shows them.
pub const COMMON: &[Field] = &[
    req(f(
        "title",
        "Tiêu đề",
        "Ngắn gọn, nói rõ nội dung chính.",
        Widget::String,
    )),
    same(f(
        "date",
        "Ngày đăng",
        "Giờ Việt Nam. Bài có ngày trong tương lai chỉ hiện từ ngày đó.",
        Widget::DateTime,
    )),
    f(
        "summary",
        "Tóm tắt",
        "Một hai câu hiện trong danh sách và khi chia sẻ lên Facebook, Zalo. Để trống thì dùng đoạn đầu bài.",
        Widget::Text,
    ),
    same(f(
        "tags",
        "Thẻ",
        "Chủ đề để bạn đọc tìm các bài liên quan.",
        Widget::Terms {
            taxonomy: "tags",
            multiple: true,
        },
    )),
    same(f(
        "image",
        "Ảnh đại diện",
        "Ảnh dùng khi chia sẻ trang. Ảnh chụp từ điện thoại được thu nhỏ và xóa vị trí GPS khi dựng trang.",
        Widget::Image,
    )),
    f(
        "draft",
        "Bản nháp",
        "Bật thì trang chưa được đăng.",
        Widget::Boolean,
    ),
    same(f(
        "updated",
        "Ngày cập nhật",
        "Điền khi sửa nội dung quan trọng sau khi đăng.",
        Widget::DateTime,
    )),
    same(f(
        "expires",
        "Hết hạn",
        "Sau thời điểm này trang rời khỏi danh sách nhưng vẫn mở được.",
        Widget::DateTime,
    )),
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
    same(f(
        "weight",
        "Thứ tự",
        "Số nhỏ đứng trước trong mục sắp xếp theo thứ tự.",
        Widget::Int { min: None },
    )),
];

const MARKETS: Field = same(f(
    "markets",
    "Thị trường",
    "Các nước, vùng lãnh thổ liên quan.",
    Widget::Terms {
        taxonomy: "markets",
        multiple: true,
    },
));

const ARTICLE: &[Field] = &[MARKETS];

const DOCUMENT: &[Field] = &[
    req(f(
        "number",
        "Số, ký hiệu",
        "Ghi đúng như trên văn bản, ví dụ 392/2020/NQ-HĐND.",
        Widget::String,
    )),
    f(
        "issuer",
        "Cơ quan ban hành",
        "Ví dụ: HĐND tỉnh Đồng Tháp.",
        Widget::String,
    ),
    same(f("signed", "Ngày ký", "", Widget::Date)),
    same(f(
        "effective",
        "Ngày có hiệu lực",
        "Để trống nếu chưa rõ.",
        Widget::Date,
    )),
    same(f(
        "expires",
        "Ngày hết hiệu lực",
        "Để trống nếu chưa rõ.",
        Widget::Date,
    )),
    same(f(
        "url",
        "Địa chỉ toàn văn",
        "Đường dẫn tới văn bản gốc (https://…).",
        Widget::String,
    )),
];

const SUPPORT_ITEM: &[Field] = &[
    req(f(
        "item",
        "Khoản hỗ trợ",
        "Ví dụ: Hỗ trợ học ngoại ngữ.",
        Widget::String,
    )),
    same(f(
        "amount",
        "Mức hỗ trợ",
        "Số tiền (đồng, không dấu chấm), một khoảng, hoặc một tỷ lệ phần trăm. Để trống nếu văn bản không ghi.",
        Widget::Amount,
    )),
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
    same(f(
        "verified",
        "Đã đối chiếu",
        "Chỉ bật khi đã đối chiếu con số với văn bản gốc. Khi tắt, trang ghi \"chưa xác minh\".",
        Widget::Boolean,
    )),
];

const SUPPORT_GROUP: &[Field] = &[
    req(same(f(
        "group",
        "Đối tượng",
        "Nhóm người lao động được hưởng.",
        Widget::Terms {
            taxonomy: "beneficiaries",
            multiple: false,
        },
    ))),
    req(f(
        "items",
        "Các khoản hỗ trợ",
        "",
        Widget::List(SUPPORT_ITEM),
    )),
];

const POLICY: &[Field] = &[
    req(f(
        "document",
        "Văn bản",
        "Văn bản pháp lý mà trang này tóm tắt.",
        Widget::Object(DOCUMENT),
    )),
    f(
        "source",
        "Nguồn",
        "Nơi lấy thông tin tóm tắt (tên văn bản, trang web).",
        Widget::String,
    ),
    same(f(
        "beneficiaries",
        "Đối tượng được hưởng",
        "",
        Widget::Terms {
            taxonomy: "beneficiaries",
            multiple: true,
        },
    )),
    same(f(
        "superseded_by",
        "Được thay thế bởi",
        "Tệp của chính sách mới, ví dụ chinh-sach/nq-moi.md. Trang cũ vẫn giữ, kèm thông báo.",
        Widget::String,
    )),
    f(
        "support",
        "Bảng hỗ trợ",
        "Mỗi nhóm đối tượng một bảng.",
        Widget::List(SUPPORT_GROUP),
    ),
];

const JOB_FAIR: &[Field] = &[
    req(same(f(
        "start",
        "Bắt đầu",
        "Ngày giờ bắt đầu, giờ Việt Nam.",
        Widget::DateTime,
    ))),
    req(same(f(
        "end",
        "Kết thúc",
        "Ngày giờ kết thúc, giờ Việt Nam; không trước giờ bắt đầu.",
        Widget::DateTime,
    ))),
    req(f(
        "venue",
        "Địa điểm",
        "Tên nơi tổ chức, ví dụ Trung tâm Dịch vụ việc làm tỉnh.",
        Widget::String,
    )),
    f(
        "address",
        "Địa chỉ",
        "Số nhà, đường, phường/xã.",
        Widget::String,
    ),
    same(f(
        "district",
        "Huyện, thành phố",
        "",
        Widget::Terms {
            taxonomy: "districts",
            multiple: false,
        },
    )),
    f("organizer", "Đơn vị tổ chức", "", Widget::String),
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
    same(f(
        "geo",
        "Vị trí trên bản đồ",
        "Vĩ độ và kinh độ, ví dụ 10.4553 rồi 105.6339. Để trống nếu không cần bản đồ.",
        Widget::Geo,
    )),
];

const STORY: &[Field] = &[
    req(f(
        "person",
        "Nhân vật",
        "Tên (hoặc tên gọi) người được kể, khi đã được họ đồng ý.",
        Widget::String,
    )),
    f("hometown", "Quê quán", "Xã, huyện.", Widget::String),
    same(f(
        "district",
        "Huyện, thành phố",
        "",
        Widget::Terms {
            taxonomy: "districts",
            multiple: false,
        },
    )),
    same(f(
        "country",
        "Nước đã làm việc",
        "",
        Widget::Terms {
            taxonomy: "markets",
            multiple: false,
        },
    )),
    f("occupation", "Công việc ở nước ngoài", "", Widget::String),
    f("period", "Thời gian", "Ví dụ: 2019–2022.", Widget::String),
    f(
        "outcome",
        "Sau khi về nước",
        "Hiện làm gì, đã dùng số tiền dành dụm ra sao.",
        Widget::Text,
    ),
    f("quote", "Câu nói", "Lời của chính nhân vật.", Widget::Text),
    same(f(
        "photo",
        "Ảnh",
        "Ảnh nhân vật, khi đã được họ đồng ý.",
        Widget::Image,
    )),
    req(f(
        "photo_alt",
        "Mô tả ảnh",
        "Tả ngắn ảnh cho người không nhìn thấy, ví dụ: Anh An đứng trong xưởng cơ khí. Bắt buộc.",
        Widget::String,
    )),
];

/// The fields of `kind` beyond [`COMMON`], in the order the editor shows them.
pub fn kind_fields(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Articles => ARTICLE,
        Kind::Policies => POLICY,
        Kind::JobFairs => JOB_FAIR,
        Kind::Stories => STORY,
        Kind::Pages => &[],
    }
}

/// Every field of a page of `kind`: the common ones, then the kind's own.
pub fn fields(kind: Kind) -> Vec<Field> {
    COMMON.iter().chain(kind_fields(kind)).copied().collect()
}

/// Every kind, for loops over all of them.
pub const KINDS: [Kind; 5] = [
    Kind::Articles,
    Kind::Policies,
    Kind::JobFairs,
    Kind::Stories,
    Kind::Pages,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::kinds::{PolicyDocument, RawPage, SupportGroup, SupportItem};
    use serde::de::DeserializeOwned;
    use std::collections::BTreeSet;

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

    fn nested(fields: &[Field], name: &str) -> &'static [Field] {
        match fields.iter().find(|f| f.name == name).map(|f| f.widget) {
            Some(Widget::Object(inner) | Widget::List(inner)) => inner,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn every_field_the_parser_accepts_is_described() {
        // Each kind's own fields plus the common ones, together, are exactly
        // the fields RawPage accepts: a new front-matter field fails here
        // until the editor knows it.
        let mut all = names(COMMON);
        for kind in KINDS {
            let own = names(kind_fields(kind));
            assert!(
                own.is_disjoint(&names(COMMON)),
                "{kind:?} repeats a common field"
            );
            assert_eq!(
                own,
                crate::content::kinds::fields_of(kind)
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<BTreeSet<String>>(),
                "{kind:?}: the editor's fields and the kind's fields differ"
            );
            all.extend(own);
        }
        assert_eq!(all, accepted::<RawPage>());
        let policy = kind_fields(Kind::Policies);
        assert_eq!(
            names(nested(policy, "document")),
            accepted::<PolicyDocument>()
        );
        let groups = nested(policy, "support");
        assert_eq!(names(groups), accepted::<SupportGroup>());
        assert_eq!(names(nested(groups, "items")), accepted::<SupportItem>());
    }

    #[test]
    fn every_field_has_a_label() {
        fn walk(fields: &[Field]) {
            for f in fields {
                assert!(!f.label.is_empty(), "{}", f.name);
                if let Widget::Object(inner) | Widget::List(inner) = f.widget {
                    walk(inner);
                }
            }
        }
        for kind in KINDS {
            walk(&fields(kind));
        }
    }
}
