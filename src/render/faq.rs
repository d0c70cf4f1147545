//! Questions and answers as templates and structured data see them: each
//! question with an anchor id of its own, its answer split in paragraphs,
//! its related pages as links, and whether its figures are confirmed.

use serde::Serialize;

use super::view::{Crumb, Views};
use crate::content::kinds::FaqData;
use crate::site::PageId;

/// One question, ready to show.
#[derive(Debug, Serialize)]
pub struct QuestionView<'a> {
    /// Anchor id, unique on the page (`q-` and the folded question).
    pub id: String,
    /// The question.
    pub question: &'a str,
    /// The answer's paragraphs.
    pub paragraphs: Vec<&'a str>,
    /// The answer as one text (structured data).
    pub answer: &'a str,
    /// Topic.
    pub topic: Option<&'a str>,
    /// Related pages in the page's language.
    pub related: Vec<Crumb>,
    /// Where the answer's facts come from.
    pub source: Option<&'a str>,
    /// Checked against its source.
    pub verified: bool,
}

/// A FAQ page's questions.
#[derive(Debug, Serialize)]
pub struct FaqView<'a> {
    /// The questions, in the order written.
    pub questions: Vec<QuestionView<'a>>,
}

/// Anchor ids for `questions`: `q-` and the folded question, with `-2`,
/// `-3` for repeats, so every question can be linked to.
pub fn anchor_ids<'q>(questions: impl Iterator<Item = &'q str>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    questions
        .enumerate()
        .map(|(i, q)| {
            let mut base = crate::i18n::fold::slugify(q);
            if base.is_empty() {
                base = (i + 1).to_string();
            }
            // Keep ids short enough to read in a link.
            if base.len() > 60 {
                let cut = base[..60].rfind('-').unwrap_or(60);
                base.truncate(cut);
            }
            let base = format!("q-{base}");
            let mut id = base.clone();
            let mut n = 2;
            while !seen.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            id
        })
        .collect()
}

/// The view of page `id`'s questions.
pub fn view<'a>(views: &Views<'a>, id: PageId, faq: &'a FaqData) -> FaqView<'a> {
    let site = views.site;
    let p = &site.pages[id];
    let ids = anchor_ids(faq.questions.iter().map(|q| q.question.as_str()));
    FaqView {
        questions: faq
            .questions
            .iter()
            .zip(ids)
            .map(|(q, id)| QuestionView {
                id,
                question: q.question.trim(),
                paragraphs: q
                    .answer
                    .split("\n\n")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect(),
                answer: q.answer.trim(),
                topic: q.topic.as_deref(),
                related: q
                    .related
                    .iter()
                    .filter_map(|path| crate::site::kinds::successor(site, &p.rel, path))
                    .map(|orig| {
                        let shown = site.page_in(orig, &p.lang).unwrap_or(orig);
                        Crumb {
                            title: site.pages[shown].front.common.title.clone(),
                            href: views.href(&site.pages[shown].url),
                        }
                    })
                    .collect(),
                source: q.source.as_deref(),
                verified: q.verified,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::anchor_ids;

    #[test]
    fn anchors_are_folded_and_unique() {
        let ids = anchor_ids(["Làm hộ chiếu ở đâu?", "Làm hộ chiếu ở đâu?", "?"].into_iter());
        assert_eq!(
            ids,
            ["q-lam-ho-chieu-o-dau", "q-lam-ho-chieu-o-dau-2", "q-3"]
        );
    }
}
