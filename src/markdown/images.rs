//! The image hook: lets the caller replace each Markdown image with its
//! own HTML (the `<picture>` of a processed photo), after rendering.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// A Markdown image, as the image hook of [`super::render_with_images`] sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// The path or URL as written.
    pub dest: &'a str,
    /// The alt text (plain).
    pub alt: &'a str,
    /// The title, empty if none.
    pub title: &'a str,
    /// 0 for the body's first image, 1 for the next, ...
    pub nth: usize,
    /// 1-based number of the top-level block it is in (1 = first paragraph).
    pub block: usize,
}

/// Replaces images the hook gives HTML for. Keeps the event count (the
/// replaced events become empty HTML) so indexes into `events` stay valid.
pub(super) fn replace(events: &mut [Event<'_>], hook: &dyn Fn(&ImageRef<'_>) -> Option<String>) {
    let (mut depth, mut block, mut nth, mut i) = (0usize, 0usize, 0usize, 0usize);
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let end = matching_end(events, i);
                let alt = alt_text(&events[i + 1..end]);
                let image = ImageRef {
                    dest: dest_url,
                    alt: &alt,
                    title,
                    nth,
                    block: block.max(1),
                };
                if let Some(html) = hook(&image) {
                    events[i] = Event::InlineHtml(CowStr::from(html));
                    let last = events.len() - 1;
                    for e in &mut events[i + 1..=end.min(last)] {
                        *e = Event::InlineHtml(CowStr::Borrowed(""));
                    }
                }
                nth += 1;
                i = end + 1;
                continue;
            }
            Event::Start(_) => {
                if depth == 0 {
                    block += 1;
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
}

/// The index of the `End(Image)` closing the image that starts at `start`.
fn matching_end(events: &[Event<'_>], start: usize) -> usize {
    let mut open = 0usize;
    for (i, e) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(Tag::Image { .. }) => open += 1,
            Event::End(TagEnd::Image) => {
                open -= 1;
                if open == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

fn alt_text(events: &[Event<'_>]) -> String {
    let mut out = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{LinkOutcome, Options, render, render_with_images};

    #[test]
    fn hook_replaces_images_and_sees_alt_and_position() {
        let md = "Đầu.\n\n![Anh *An*](an.jpg \"Tựa\")\n\nGiữa ![b](b.png) và ![c](https://x.org/c.jpg)\n";
        let seen = std::sync::Mutex::new(Vec::new());
        let hook = |img: &super::ImageRef<'_>| {
            seen.lock().unwrap().push((
                img.dest.to_string(),
                img.alt.to_string(),
                img.title.to_string(),
                img.nth,
                img.block,
            ));
            (!img.dest.contains("://"))
                .then(|| format!("<picture data-n=\"{}\"></picture>", img.nth))
        };
        let r = render_with_images(md, &Options::default(), &|_| LinkOutcome::Keep, &hook);
        assert!(
            r.html.contains("<p><picture data-n=\"0\"></picture></p>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "Giữa <picture data-n=\"1\"></picture> và <img src=\"https://x.org/c.jpg\""
            ),
            "{}",
            r.html
        );
        let seen = seen.into_inner().unwrap();
        assert_eq!(
            seen[0],
            ("an.jpg".into(), "Anh An".into(), "Tựa".into(), 0, 2)
        );
        assert_eq!((seen[1].3, seen[1].4, seen[2].3), (1, 3, 2));
        let plain = render(md, &Options::default(), &|_| LinkOutcome::Keep);
        assert!(
            plain.html.contains("<img src=\"an.jpg\" alt=\"Anh An\""),
            "{}",
            plain.html
        );
        assert_eq!(plain.summary_html, r.summary_html);
    }
}
