//! Questions and answers: a `faq` page holds a list of them, so one page
//! ("procedures and costs") gathers the questions of one subject with
//! anchors to each, and related policies are checked to exist.

use serde::{Deserialize, Serialize};

use super::{KindData, RawPage, Report};

/// One question and its answer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question as a citizen asks it.
    pub question: String,
    /// The answer in plain text; a blank line starts a new paragraph.
    pub answer: String,
    /// A short topic (`Hộ chiếu`), grouping questions on the page.
    pub topic: Option<String>,
    /// Content paths of related policies (`chinh-sach/vay-von-nhcsxh.md`),
    /// checked to exist like `superseded_by`.
    #[serde(default)]
    pub related: Vec<String>,
    /// Where the answer's facts and figures come from.
    pub source: Option<String>,
    /// Checked against its source. An unverified answer is shown as "not
    /// confirmed", so a figure is only presented as fact when someone said so.
    #[serde(default)]
    pub verified: bool,
    /// The file line of each `related` entry, for errors found once the
    /// whole site is known (a related page that does not exist).
    #[serde(skip)]
    pub related_lines: Vec<Option<usize>>,
}

/// FAQ page fields.
#[derive(Debug, Clone, Serialize)]
pub struct FaqData {
    /// The questions, in the order written.
    pub questions: Vec<Question>,
}

/// Finds the line of each `related` path, reading the front matter
/// downwards from `questions:` so the same path under two questions gets
/// each its own line.
fn locate_related(r: &Report<'_, '_>, questions: &mut [Question]) {
    let start = super::key_line(r.split, "questions").unwrap_or(r.split.yaml_line);
    let lines: Vec<&str> = r.split.yaml.lines().collect();
    let mut at = start.saturating_sub(r.split.yaml_line);
    for q in questions {
        q.related_lines = q
            .related
            .iter()
            .map(|path| {
                let found = (at..lines.len()).find(|i| lines[*i].contains(path.as_str()))?;
                at = found + 1;
                Some(r.split.yaml_line + found)
            })
            .collect();
    }
}

/// A FAQ page's own checks; `None` without `questions` (already reported).
pub(super) fn resolve(r: &mut Report<'_, '_>, raw: RawPage) -> Option<KindData> {
    let mut questions = raw.questions?;
    locate_related(r, &mut questions);
    if questions.is_empty() {
        r.at_key(
            "questions",
            "`questions` is empty: write at least one question".into(),
        );
    }
    for q in &questions {
        if q.question.trim().is_empty() {
            r.at_nested("questions", "question", "a `question` is empty".into());
        }
        if q.answer.trim().is_empty() {
            r.at_nested(
                "questions",
                "answer",
                format!("the `answer` to \"{}\" is empty", q.question.trim()),
            );
        }
    }
    Some(KindData::Faq(FaqData { questions }))
}
