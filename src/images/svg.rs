//! SVG files are published as they are, so they are checked first: an SVG
//! opened on its own runs its scripts with the portal's address, which
//! would let anyone who slips one into a page bundle run code on the site.
//!
//! The check is an allow-list, because a block-list of what runs script
//! can be walked around (an entity or a tab inside `javascript:`, a script
//! link as the second item of an animation's `values`). A file is
//! published only if every SVG element and attribute in it is one a static
//! drawing uses, and every value that can become a URL is one that cannot
//! run script:
//!
//! - Elements: the drawing, text, paint-server, clipping, masking, filter
//!   and linking elements of SVG 1.1 and 2, `<style>`, and the animation
//!   elements. Elements of other namespaces are inert to browsers, except
//!   HTML and MathML, which are refused everywhere; others are allowed inside
//!   `<metadata>` (RDF, Dublin Core) and, anywhere, when they are an
//!   editor's own (Inkscape and Sodipodi put `<sodipodi:namedview>` next to
//!   the drawing).
//! - Attributes: presentation, geometry, filter, gradient, text and timing
//!   attributes, `id`, `class`, `style`, `aria-*`, `data-*`; attributes of
//!   other namespaces (`xml:space`, `inkscape:label`) unless URL-valued.
//! - URLs (`href`, `xlink:href`, `src`, `xml:base`, each item of an
//!   animation's `values`, `from`, `to`, `by`) are read as a browser reads
//!   them: entities are already decoded by the XML parser, and ASCII
//!   whitespace and control characters are dropped before the scheme is
//!   compared case-insensitively. Allowed: `#fragments`, relative paths,
//!   http(s), mailto, tel, and data: PNG, JPEG, GIF and WebP images. A
//!   data: SVG is refused: it would be a second drawing nobody checked.
//! - Animations may not change `href` (or `src`): that turns a harmless
//!   link into whatever the animation says at the moment of the click.
//! - CSS (`<style>`, `style=`, presentation attributes) may not `@import`,
//!   and its `url()` may only point at a `#fragment` of the drawing (the
//!   gradients, clip paths, masks, filters and markers it uses): a style
//!   sheet that loads other files can track readers or, in old browsers,
//!   bind script (`-moz-binding`, `behavior`, `expression()`, all refused).
//!   Editors write `<style>` (Illustrator's `.cls-1{fill:…}`), so it stays.
//!
//! Every problem in a file is reported, each with its line, so one round
//! in an editor can fix them all.

use std::ops::Range;

/// Namespaces the check knows by name.
const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
const MATHML_NS: &str = "http://www.w3.org/1998/Math/MathML";

/// Editors whose own elements sit beside the drawing (Inkscape's
/// `<sodipodi:namedview>`, `<inkscape:path-effect>` in `<defs>`); browsers
/// ignore them.
const EDITOR_NS: &[&str] = &[
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
];

/// SVG elements of static drawings (SVG 1.1 and 2), and the animations.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "title",
    "desc",
    "metadata",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "marker",
    "image",
    "a",
    "style",
    "switch",
    "view",
    "animate",
    "set",
    "animateTransform",
    "animateMotion",
    "mpath",
];

/// The animation elements, whose `values`, `from`, `to` and `by` become
/// the value of another attribute.
const ANIMATIONS: &[&str] = &["animate", "set", "animateTransform", "animateMotion"];

/// Presentation attributes: CSS properties, so their values are CSS and
/// may hold `url()`.
const PRESENTATION: &[&str] = &[
    "alignment-baseline",
    "baseline-shift",
    "clip",
    "clip-path",
    "clip-rule",
    "color",
    "color-interpolation",
    "color-interpolation-filters",
    "color-profile",
    "color-rendering",
    "cursor",
    "direction",
    "display",
    "dominant-baseline",
    "enable-background",
    "fill",
    "fill-opacity",
    "fill-rule",
    "filter",
    "flood-color",
    "flood-opacity",
    "font",
    "font-family",
    "font-size",
    "font-size-adjust",
    "font-stretch",
    "font-style",
    "font-variant",
    "font-weight",
    "glyph-orientation-horizontal",
    "glyph-orientation-vertical",
    "image-rendering",
    "isolation",
    "kerning",
    "letter-spacing",
    "lighting-color",
    "marker",
    "marker-end",
    "marker-mid",
    "marker-start",
    "mask",
    "mask-type",
    "mix-blend-mode",
    "opacity",
    "overflow",
    "paint-order",
    "pointer-events",
    "shape-rendering",
    "stop-color",
    "stop-opacity",
    "stroke",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-opacity",
    "stroke-width",
    "text-anchor",
    "text-decoration",
    "text-rendering",
    "transform-origin",
    "unicode-bidi",
    "vector-effect",
    "visibility",
    "white-space",
    "word-spacing",
    "writing-mode",
];

/// Other attributes of the elements above, none of which loads anything
/// or runs script (`href` and `src` are checked as URLs on their own).
const ATTRIBUTES: &[&str] = &[
    // Core, styling and the root element.
    "id",
    "class",
    "style",
    "lang",
    "tabindex",
    "role",
    "focusable",
    "version",
    "baseProfile",
    "contentScriptType",
    "contentStyleType",
    "zoomAndPan",
    "viewBox",
    "preserveAspectRatio",
    "transform",
    "requiredFeatures",
    "requiredExtensions",
    "systemLanguage",
    "externalResourcesRequired",
    // Geometry.
    "x",
    "y",
    "width",
    "height",
    "d",
    "pathLength",
    "points",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "fr",
    // Text.
    "dx",
    "dy",
    "rotate",
    "textLength",
    "lengthAdjust",
    "startOffset",
    "method",
    "spacing",
    "side",
    "path",
    // Paint servers, clipping, masking, markers, views.
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "offset",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "clipPathUnits",
    "maskUnits",
    "maskContentUnits",
    "markerWidth",
    "markerHeight",
    "markerUnits",
    "refX",
    "refY",
    "orient",
    "viewTarget",
    // Filters.
    "filterUnits",
    "primitiveUnits",
    "filterRes",
    "result",
    "in",
    "in2",
    "stdDeviation",
    "edgeMode",
    "mode",
    "operator",
    "k1",
    "k2",
    "k3",
    "k4",
    "type",
    "values",
    "tableValues",
    "slope",
    "intercept",
    "amplitude",
    "exponent",
    "scale",
    "xChannelSelector",
    "yChannelSelector",
    "baseFrequency",
    "numOctaves",
    "seed",
    "stitchTiles",
    "order",
    "kernelMatrix",
    "divisor",
    "bias",
    "targetX",
    "targetY",
    "kernelUnitLength",
    "preserveAlpha",
    "surfaceScale",
    "specularConstant",
    "specularExponent",
    "diffuseConstant",
    "azimuth",
    "elevation",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "limitingConeAngle",
    "radius",
    // Links, images, style sheets.
    "target",
    "download",
    "rel",
    "hreflang",
    "referrerpolicy",
    "crossorigin",
    "decoding",
    "media",
    "title",
    // Animation timing and values.
    "attributeName",
    "attributeType",
    "begin",
    "dur",
    "end",
    "min",
    "max",
    "restart",
    "repeatCount",
    "repeatDur",
    "calcMode",
    "keyTimes",
    "keySplines",
    "keyPoints",
    "from",
    "to",
    "by",
    "additive",
    "accumulate",
    "origin",
];

/// Every reason the SVG `text` may not be published; empty when it is safe.
pub(crate) fn problems(text: &str) -> Vec<String> {
    let options = roxmltree::ParsingOptions {
        // Entity declarations can expand to gigabytes or hide content.
        allow_dtd: false,
        ..Default::default()
    };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(d) => d,
        Err(e) => return vec![format!("it is not a well-formed SVG file ({e})")],
    };
    let src = Source::new(text);
    let mut out = Vec::new();
    // Whether each node is inside <metadata>, by node id; parents come
    // before their children in document order. (A flag per node instead
    // of walking the ancestors keeps a deeply nested file linear.)
    let mut in_metadata = vec![false; doc.descendants().count()];
    for node in doc.descendants() {
        let parent_meta = node.parent().is_some_and(|p| {
            in_metadata[p.id().get_usize()] || (is_svg(p) && p.tag_name().name() == "metadata")
        });
        in_metadata[node.id().get_usize()] = parent_meta;
        if node.is_pi() {
            check_pi(&src, node, &mut out);
        } else if node.is_element() {
            check_element(&src, node, parent_meta, &mut out);
        }
    }
    out
}

/// Problems shown in one diagnostic; the rest are counted.
const SHOWN_PROBLEMS: usize = 10;

/// `problems` joined by `; `, up to [`SHOWN_PROBLEMS`] of them and then
/// how many more: a drawing with a handler on each of 500 shapes would
/// otherwise be one line of 500 reasons.
pub(crate) fn summary(problems: &[String]) -> String {
    let mut why = problems
        .iter()
        .take(SHOWN_PROBLEMS)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    let more = problems.len().saturating_sub(SHOWN_PROBLEMS);
    if more > 0 {
        why.push_str(&format!("; and {more} more"));
    }
    why
}

/// True for an element in the SVG namespace, or in none (treated as SVG,
/// the stricter reading).
fn is_svg(node: roxmltree::Node<'_, '_>) -> bool {
    node.tag_name().namespace().is_none_or(|ns| ns == SVG_NS)
}

/// `<?xml-stylesheet?>` applies a style sheet or an XSLT transform, which
/// can turn the file into an HTML page with scripts.
fn check_pi(src: &Source<'_>, node: roxmltree::Node<'_, '_>, out: &mut Vec<String>) {
    if node
        .pi()
        .is_some_and(|pi| pi.target.eq_ignore_ascii_case("xml-stylesheet"))
    {
        out.push(format!(
            "it has an <?xml-stylesheet?> instruction (line {}), which loads a style sheet or transform from elsewhere",
            line(src, node)
        ));
    }
}

/// Checks one element and its attributes against what loa publishes:
/// SVG's drawing elements with their known attributes, and nothing that
/// runs script or loads other files.
fn check_element(
    src: &Source<'_>,
    node: roxmltree::Node<'_, '_>,
    in_metadata: bool,
    out: &mut Vec<String>,
) {
    let name = node.tag_name().name();
    let at = line(src, node);
    if !is_svg(node) {
        check_foreign_element(src, node, in_metadata, out);
        return;
    }
    if let Some(why) = refused_element(name, at) {
        out.push(why);
        return;
    }
    if name == "style" {
        let css: String = node
            .children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect();
        for why in css_problems(&css) {
            out.push(format!("its <style> element {why} (line {at})"));
        }
    }
    let animation = ANIMATIONS.contains(&name);
    for a in node.attributes() {
        if a.namespace().is_some() {
            check_foreign_attribute(src, &a, out);
        } else {
            check_attribute(src, name, animation, &a, out);
        }
    }
}

/// An element of another namespace: HTML and MathML are refused anywhere,
/// others (an editor's own data) only inside <metadata> and only their
/// URL-valued attributes are read.
fn check_foreign_element(
    src: &Source<'_>,
    node: roxmltree::Node<'_, '_>,
    in_metadata: bool,
    out: &mut Vec<String>,
) {
    let name = node.tag_name().name();
    let at = line(src, node);
    let ns = node.tag_name().namespace().unwrap_or_default();
    let shown = qualified(node, ns, name);
    if ns == XHTML_NS {
        out.push(format!("it embeds an HTML <{shown}> element (line {at})"));
        return;
    }
    if ns == MATHML_NS {
        out.push(format!("it embeds a MathML <{shown}> element (line {at})"));
        return;
    }
    if !in_metadata && !EDITOR_NS.contains(&ns) {
        out.push(format!(
            "it has a <{shown}> element (line {at}) of the namespace {ns} outside <metadata>"
        ));
        return;
    }
    for a in node.attributes() {
        check_foreign_attribute(src, &a, out);
    }
}

/// Why an SVG element `name` is refused whole: script, embedded HTML, or
/// not one of the drawing elements.
fn refused_element(name: &str, at: u32) -> Option<String> {
    if name.eq_ignore_ascii_case("script") {
        return Some(format!("it contains a <script> element (line {at})"));
    }
    if name.eq_ignore_ascii_case("foreignObject") {
        return Some(format!(
            "it embeds HTML in a <foreignObject> element (line {at})"
        ));
    }
    if !ELEMENTS.contains(&name) {
        return Some(format!(
            "it has a <{name}> element (line {at}), which is not one of the drawing elements loa publishes"
        ));
    }
    None
}

/// One attribute (without namespace) of the SVG element `name`: event
/// handlers, links, animations that could write a link, CSS, and names
/// not on the list.
fn check_attribute(
    src: &Source<'_>,
    name: &str,
    animation: bool,
    a: &roxmltree::Attribute<'_, '_>,
    out: &mut Vec<String>,
) {
    let attr = a.name();
    let at = attr_line(src, a);
    if is_handler(attr) {
        out.push(format!(
            "it has an event handler `{attr}` (line {at}), which runs script"
        ));
    } else if matches!(attr, "href" | "src") {
        if let Err(why) = url_check(a.value()) {
            out.push(format!("its `{attr}` attribute {why} (line {at})"));
        }
    } else if animation && matches!(attr, "values" | "from" | "to" | "by") {
        check_animation_values(attr, a.value(), at, out);
    } else if animation && attr == "attributeName" {
        let target = a.value().trim();
        let local = target.rsplit(':').next().unwrap_or(target);
        if ["href", "src", "base"]
            .iter()
            .any(|n| local.eq_ignore_ascii_case(n))
        {
            out.push(format!(
                "its <{name}> element changes `{target}` (line {at}), which can turn a link into a script link"
            ));
        }
    } else if attr == "style" || PRESENTATION.contains(&attr) {
        for why in css_problems(a.value()) {
            out.push(format!("its `{attr}` attribute {why} (line {at})"));
        }
    } else if !(ATTRIBUTES.contains(&attr)
        || attr.starts_with("aria-")
        || attr.starts_with("data-"))
    {
        out.push(format!(
            "its <{name}> element has an attribute `{attr}` (line {at}) that is not one of the SVG attributes loa publishes"
        ));
    }
}

/// An attribute in a namespace (`xlink:href`, `xml:space`,
/// `inkscape:label`): browsers give meaning only to the URL-valued ones.
fn check_foreign_attribute(
    src: &Source<'_>,
    a: &roxmltree::Attribute<'_, '_>,
    out: &mut Vec<String>,
) {
    let local = a.name();
    let at = attr_line(src, a);
    let shown = &src.text[a.range_qname()];
    if is_handler(local) {
        out.push(format!(
            "it has an event handler `{shown}` (line {at}), which runs script"
        ));
    } else if matches!(local, "href" | "src" | "base") {
        if let Err(why) = url_check(a.value()) {
            out.push(format!("its `{shown}` attribute {why} (line {at})"));
        }
    }
}

/// `onload`, `onclick`, … (any case).
fn is_handler(attr: &str) -> bool {
    // `get`: XML names may start with a letter of several bytes.
    attr.len() > 2 && attr.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on"))
}

/// The items of an animation's `values` (`;`-separated), `from`, `to` or
/// `by`: each may become the animated attribute's value, so each is a URL
/// and CSS to check.
fn check_animation_values(attr: &str, value: &str, at: u32, out: &mut Vec<String>) {
    let items: Vec<&str> = if attr == "values" {
        value.split(';').collect()
    } else {
        vec![value]
    };
    let many = items.len() > 1;
    for (i, item) in items.iter().enumerate() {
        let which = if many {
            format!(" (item {})", i + 1)
        } else {
            String::new()
        };
        if let Err(why) = url_check(item) {
            out.push(format!("its `{attr}` attribute{which} {why} (line {at})"));
        }
        for why in css_problems(item) {
            out.push(format!("its `{attr}` attribute{which} {why} (line {at})"));
        }
    }
}

/// Checks a URL the way a browser reads it; `Err` says what it is.
///
/// Browsers drop leading and trailing C0 controls and spaces and every tab
/// and newline before reading the scheme; dropping every ASCII whitespace
/// and control character anywhere is stricter still (`java\0script:` is
/// refused, though a browser would read it as a relative path).
pub(crate) fn url_check(value: &str) -> Result<(), UrlProblem> {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    let Some((scheme, rest)) = squeezed.split_once(':') else {
        return Ok(());
    };
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        // `a/b:c`, `#x:y`, `?q=a:b`: a path, fragment or query.
        return Ok(());
    }
    let scheme = scheme.to_ascii_lowercase();
    match scheme.as_str() {
        "http" | "https" | "mailto" | "tel" => Ok(()),
        "javascript" | "vbscript" | "livescript" => Err(UrlProblem::Script),
        "data" => {
            let kind = rest
                .split([';', ','])
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            match kind.as_str() {
                "image/png" | "image/jpeg" | "image/gif" | "image/webp" => Ok(()),
                "image/svg+xml" => Err(UrlProblem::NestedSvg),
                "text/html" | "application/xhtml+xml" | "text/javascript" => {
                    Err(UrlProblem::Script)
                }
                _ => Err(UrlProblem::DataType { kind }),
            }
        }
        _ => Err(UrlProblem::Scheme { scheme }),
    }
}

/// Why [`url_check`] refused a URL, as the end of a sentence ("its `href`
/// attribute is a script link").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum UrlProblem {
    /// `javascript:` and kin, or a data: URL of a script type.
    #[error("is a script link")]
    Script,
    /// A data: URL holding another SVG.
    #[error("nests another SVG as a data: URL, which would not be checked")]
    NestedSvg,
    /// A data: URL of a type other than the raster images.
    #[error(
        "is a data: URL of type `{kind}`; only PNG, JPEG, GIF and WebP images may be data: URLs"
    )]
    DataType {
        /// The media type, lowercased.
        kind: String,
    },
    /// Any other scheme.
    #[error(
        "is a `{scheme}:` URL; links in SVG may be #fragments, relative paths, http(s), mailto or tel"
    )]
    Scheme {
        /// The scheme, lowercased.
        scheme: String,
    },
}

/// What is wrong with a piece of CSS (a style sheet or one value), each as
/// the end of a sentence ("imports another style sheet …").
fn css_problems(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Cheap test first: nearly every value is a colour or a length, and
    // nothing refused below (the bindings load with url()) lacks these.
    if !css.contains(['(', '@', '\\']) {
        return out;
    }
    let plain = css_plain(css);
    // Same bytes at the same places: names are matched here, URLs shown
    // from `plain` as written.
    let lower = plain.to_ascii_lowercase();
    if lower.contains("@import") {
        out.push("imports another style sheet with @import".to_string());
    }
    for property in ["-moz-binding", "behavior"] {
        if lower.contains(property) {
            out.push(format!("uses `{property}`, which can run script"));
        }
    }
    for (name, arg) in css_functions(&lower) {
        let name = &lower[name];
        match name {
            "url" => {
                let target = plain[arg].trim().trim_matches(['"', '\'']).trim();
                if !target.starts_with('#') {
                    out.push(format!(
                        "loads `{target}` with url(); in SVG, url() may only point at a #fragment of the drawing"
                    ));
                }
            }
            "expression" => out.push("uses `expression()`, which runs script".to_string()),
            "image" | "image-set" | "-webkit-image-set" | "src" | "cross-fade"
            | "-webkit-cross-fade" => {
                out.push(format!("uses `{name}()`, which loads other files"));
            }
            _ => {}
        }
    }
    out
}

/// CSS as its tokenizer sees it, for [`css_problems`]: comments removed,
/// escapes decoded. Strings are kept with their quotes, so
/// a `/*` inside one does not hide what follows. Removing a comment joins
/// what was on either side (`@im/**/port`), which can only find more.
fn css_plain(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote = None;
    while let Some(c) = chars.next() {
        match c {
            '\\' => css_escape(&mut chars, &mut out),
            '"' | '\'' if quote.is_none() => {
                quote = Some(c);
                out.push(c);
            }
            c if quote == Some(c) => {
                quote = None;
                out.push(c);
            }
            '\n' if quote.is_some() => {
                // An unclosed string ends at the line's end.
                quote = None;
                out.push(c);
            }
            '/' if quote.is_none() && chars.peek() == Some(&'*') => {
                chars.next();
                skip_comment(&mut chars);
            }
            c => out.push(c),
        }
    }
    out
}

/// Decodes the escape after a `\` into `out`: up to six hex digits (and
/// one white space after them) are a code point, NUL, a surrogate or one
/// out of range becoming U+FFFD as in CSS; an escaped newline is dropped
/// (it continues a string); any other character stands for itself.
fn css_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String) {
    match chars.peek().copied() {
        Some(h) if h.is_ascii_hexdigit() => {
            let mut n = 0u32;
            for _ in 0..6 {
                match chars.peek().and_then(|h| h.to_digit(16)) {
                    Some(d) => {
                        n = n * 16 + d;
                        chars.next();
                    }
                    None => break,
                }
            }
            if chars.peek().is_some_and(|w| w.is_ascii_whitespace()) {
                chars.next();
            }
            let c = char::from_u32(n)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{FFFD}');
            out.push(c);
        }
        Some('\n') => {
            chars.next();
        }
        Some(e) => {
            out.push(e);
            chars.next();
        }
        None => {}
    }
}

/// Skips a comment's text after its `/*`, up to and with the `*/` (or to
/// the end, as CSS reads an unclosed comment).
fn skip_comment(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    let mut last = ' ';
    for c in chars.by_ref() {
        if last == '*' && c == '/' {
            break;
        }
        last = c;
    }
}

/// Every function call in plain CSS: where its name is (the identifier
/// right before a `(`) and where its argument is, up to the matching `)`
/// (or the end). One pass with a stack of open calls, so nesting costs
/// nothing extra.
fn css_functions(plain: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let mut calls = Vec::new();
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (i, b) in plain.bytes().enumerate() {
        match b {
            b'(' => {
                let start = plain[..i]
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                    .map_or(0, |(s, c)| s + c.len_utf8());
                open.push((start, i));
            }
            b')' => {
                if let Some((start, at)) = open.pop() {
                    calls.push((start, at, i));
                }
            }
            _ => {}
        }
    }
    calls.extend(open.into_iter().map(|(start, at)| (start, at, plain.len())));
    calls.sort_unstable();
    calls
        .into_iter()
        .filter(|&(start, at, _)| start < at)
        .map(|(start, at, end)| (start..at, at + 1..end))
        .collect()
}

/// `prefix:name` as the file wrote it, or `name`.
fn qualified(node: roxmltree::Node<'_, '_>, ns: &str, name: &str) -> String {
    match node.lookup_prefix(ns) {
        Some(p) if !p.is_empty() => format!("{p}:{name}"),
        _ => name.to_string(),
    }
}

/// The file's text and where its lines end, so that a line number costs a
/// binary search (roxmltree's `text_pos_at` counts from the start of the
/// file each time, quadratic over a large drawing).
struct Source<'t> {
    text: &'t str,
    newlines: Vec<usize>,
}

impl<'t> Source<'t> {
    fn new(text: &'t str) -> Source<'t> {
        Source {
            text,
            newlines: memchr::memchr_iter(b'\n', text.as_bytes()).collect(),
        }
    }

    /// The 1-based line of byte `pos`.
    fn row(&self, pos: usize) -> u32 {
        let row = self.newlines.partition_point(|&n| n < pos) + 1;
        u32::try_from(row).unwrap_or(u32::MAX)
    }
}

fn line(src: &Source<'_>, node: roxmltree::Node<'_, '_>) -> u32 {
    src.row(node.range().start)
}

fn attr_line(src: &Source<'_>, a: &roxmltree::Attribute<'_, '_>) -> u32 {
    src.row(a.range().start)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A drawing saved by Inkscape (plain "Inkscape SVG"): its editor
    /// elements and attributes, RDF metadata, a gradient linked by
    /// `xlink:href`, and `url(#…)` in styles.
    const INKSCAPE: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->

<svg
   width="210mm"
   height="120mm"
   viewBox="0 0 210 120"
   version="1.1"
   id="svg5"
   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)"
   sodipodi:docname="quy-trinh.svg"
   inkscape:export-filename="C:\Users\lan\Desktop\quy-trinh.png"
   inkscape:export-xdpi="96"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview
     id="namedview7"
     pagecolor="#ffffff"
     bordercolor="#666666"
     borderopacity="1.0"
     inkscape:showpageshadow="2"
     inkscape:pageopacity="0.0"
     inkscape:document-units="mm"
     showgrid="false"
     inkscape:zoom="0.64"
     inkscape:current-layer="layer1">
    <inkscape:page x="0" y="0" width="210" height="120" id="page1" />
  </sodipodi:namedview>
  <defs id="defs2">
    <linearGradient inkscape:collect="always" id="linearGradient1">
      <stop style="stop-color:#c8102e;stop-opacity:1" offset="0" id="stop1" />
      <stop style="stop-color:#ffcd00;stop-opacity:1" offset="1" id="stop2" />
    </linearGradient>
    <linearGradient inkscape:collect="always" xlink:href="#linearGradient1" id="linearGradient2"
       x1="10" y1="10" x2="100" y2="10" gradientUnits="userSpaceOnUse" />
    <inkscape:path-effect effect="bspline" id="path-effect1" is_visible="true" lpeversion="1" />
    <filter style="color-interpolation-filters:sRGB" id="filter1" x="-0.1" y="-0.1" width="1.2" height="1.2">
      <feGaussianBlur stdDeviation="0.8" id="feGaussianBlur1" />
    </filter>
  </defs>
  <metadata id="metadata5">
    <rdf:RDF>
      <cc:Work rdf:about="">
        <dc:format>image/svg+xml</dc:format>
        <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage" />
        <dc:title>Quy trình đăng ký</dc:title>
        <cc:license rdf:resource="http://creativecommons.org/licenses/by/4.0/" />
      </cc:Work>
    </rdf:RDF>
  </metadata>
  <g inkscape:label="Lớp 1" inkscape:groupmode="layer" id="layer1">
    <rect style="fill:url(#linearGradient2);stroke:#000000;stroke-width:0.264583;filter:url(#filter1)"
       id="rect1" width="90" height="40" x="10" y="10" ry="4" />
    <path style="fill:none;stroke:#000000;stroke-width:0.5" d="m 55,50 v 20" id="path1"
       sodipodi:nodetypes="cc" inkscape:path-effect="#path-effect1" inkscape:original-d="m 55,50 v 20" />
    <text xml:space="preserve" style="font-size:7.05556px;line-height:1.25;font-family:sans-serif"
       x="20" y="34" id="text1"><tspan sodipodi:role="line" id="tspan1" x="20" y="34">Đăng ký</tspan></text>
  </g>
</svg>
"##;

    /// An icon as icon sets ship them.
    const ICON: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="12" cy="12" r="10"/><path d="M12 6v6l4 2"/></svg>"#;

    /// Illustrator's "Export As" SVG: a `<style>` with classes, `data-name`,
    /// a clip path; plus a PNG data: image, a link and a fade-in.
    const EXPORTED: &str = r##"<svg id="Layer_1" data-name="Layer 1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 40">
<defs><style>.cls-1{fill:#c8102e;}.cls-2{fill:url(#linear-gradient);} /* a comment */ .cls-3{font-family:'Be Vietnam', sans-serif}</style>
<linearGradient id="linear-gradient" x1="0" y1="0" x2="100" y2="0" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/></linearGradient>
<clipPath id="clip"><rect width="100" height="40"/></clipPath></defs>
<title>logo</title>
<g clip-path="url(#clip)"><rect class="cls-1" width="50" height="40"/><rect class="cls-2" x="50" width="50" height="40"/>
<image width="10" height="10" xlink:href="data:image/png;base64,iVBORw0KGgo="/>
<a href="https://dolab.gov.vn/"><text class="cls-3" x="5" y="30">DOLAB</text></a>
<a xlink:href="mailto:lienhe@example.org"><text x="5" y="38">Liên hệ</text></a></g>
<animate attributeName="opacity" values="0;1" dur="1s" fill="freeze"/>
<use href="#clip" x="1"/><image href="anh/so-do.png" width="1" height="1"/>
</svg>"##;

    #[test]
    fn clean_drawings_pass() {
        for (name, svg) in [
            ("inkscape", INKSCAPE),
            ("icon", ICON),
            ("exported", EXPORTED),
        ] {
            assert_eq!(problems(svg), Vec::<String>::new(), "{name}");
        }
    }

    /// A drawing: `body` inside an `<svg>` root that declares xlink.
    fn svg(body: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n{body}</svg>"
        )
    }

    /// Each file has exactly one problem per wanted text, in order, and
    /// each problem's reason contains its text.
    fn assert_refused(cases: Vec<(String, Vec<&str>)>) {
        for (file, want) in cases {
            let got = problems(&file);
            assert_eq!(got.len(), want.len(), "{file}\n{got:#?}");
            for (why, want) in got.iter().zip(&want) {
                assert!(why.contains(want), "{file}\nwant {want:?} in {why:?}");
            }
        }
    }

    /// Script links in links and animations, whatever their case, entities, spaces or namespace.
    #[test]
    fn script_links_are_refused_however_they_are_written() {
        assert_refused(vec![
            // The walk-around of the old block-list (issue 17).
            (
                svg(
                    r##"<a><animate attributeName="href" values="#;&#106;ava&#x09;script:alert(1)"/><text>x</text></a>"##,
                ),
                vec![
                    "<animate> element changes `href` (line 2)",
                    "`values` attribute (item 2) is a script link (line 2)",
                ],
            ),
            (
                svg(r##"<animate attributeName="x" values="0; 1;javascript:alert(1)"/>"##),
                vec!["`values` attribute (item 3) is a script link"],
            ),
            (
                svg(r##"<set attributeName="fill" to=" JAVASCRIPT:alert(1)"/>"##),
                vec!["`to` attribute is a script link"],
            ),
            (
                svg(r##"<a href="&#x6A;avascript:alert(1)"><text>x</text></a>"##),
                vec!["`href` attribute is a script link (line 2)"],
            ),
            (
                svg(r##"<a href="JaVaScRiPt:alert(1)"/>"##),
                vec!["`href` attribute is a script link"],
            ),
            (
                svg("<a href=\"java&#x0A;scr&#9;ipt&#13;:alert(1)\"/>"),
                vec!["`href` attribute is a script link"],
            ),
            (
                svg(r##"<a xlink:href=" javascript:alert(1)"/>"##),
                vec!["`xlink:href` attribute is a script link"],
            ),
            (
                svg(
                    r##"<a href="vbscript:msgbox(1)"/><use href="data:text/html,&lt;script>alert(1)&lt;/script>"/>"##,
                ),
                vec![
                    "`href` attribute is a script link",
                    "`href` attribute is a script link",
                ],
            ),
            (
                svg(r##"<g xml:base="javascript:alert(1)//"><a href="x"/></g>"##),
                vec!["`xml:base` attribute is a script link"],
            ),
        ]);
    }

    /// Links that load a local file, a nested SVG or a data: URL of another type.
    #[test]
    fn links_to_other_files_and_nested_drawings_are_refused() {
        assert_refused(vec![
            (
                svg(r##"<image href="data:image/svg+xml;base64,PHN2Zy8+"/>"##),
                vec!["`href` attribute nests another SVG"],
            ),
            (
                svg(
                    r##"<feImage href="file:///etc/passwd"/><image href="data:application/octet-stream,x"/>"##,
                ),
                vec![
                    "`href` attribute is a `file:` URL",
                    "data: URL of type `application/octet-stream`",
                ],
            ),
        ]);
    }

    /// CSS, in <style> or attributes, that imports, loads with url() or runs
    /// script, escapes and comments included.
    #[test]
    fn css_that_loads_files_or_runs_script_is_refused() {
        assert_refused(vec![
            (
                svg("<style>\n@import url(https://evil.example/x.css);</style>"),
                vec![
                    "<style> element imports another style sheet with @import (line 2)",
                    "<style> element loads `https://evil.example/x.css` with url()",
                ],
            ),
            (
                svg(r#"<style>@im\70 ort "x.css";</style>"#),
                vec!["@import"],
            ),
            (
                // A `/*` in a string is not a comment: the url() is live.
                svg(r#"<style>a{content:"/*"} b{fill:url(https://t.example/p.png)} /* */</style>"#),
                vec!["loads `https://t.example/p.png` with url()"],
            ),
            (
                svg(
                    r#"<rect style="fill:u\72l(https://t.example/)" fill="URL( 'http://t.example/' )"/>"#,
                ),
                vec![
                    "`style` attribute loads `https://t.example/`",
                    "`fill` attribute loads `http://t.example/`",
                ],
            ),
            (
                svg(r#"<rect style="behavior:url(#x); width:expression(alert(1))"/>"#),
                vec!["`behavior`", "`expression()`"],
            ),
        ]);
    }

    /// Script elements, event handlers, embedded HTML and MathML, foreign and
    /// unknown elements and attributes, style-sheet instructions.
    #[test]
    fn scripts_html_and_unknown_elements_are_refused() {
        assert_refused(vec![
            (
                svg("<script>alert(1)</script>"),
                vec!["it contains a <script> element (line 2)"],
            ),
            (
                svg(
                    "<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>",
                ),
                vec!["foreignObject", "HTML <div> element"],
            ),
            (
                svg("<g onload=\"alert(1)\"><rect ONclick=\"alert(2)\"/></g>"),
                vec!["event handler `onload` (line 2)", "event handler `ONclick`"],
            ),
            (
                svg(
                    "<html:script xmlns:html=\"http://www.w3.org/1999/xhtml\">alert(1)</html:script>",
                ),
                vec!["it embeds an HTML <html:script> element (line 2)"],
            ),
            (
                svg(
                    "<metadata><h:iframe xmlns:h=\"http://www.w3.org/1999/xhtml\" src=\"https://x.example/\"/></metadata>",
                ),
                vec!["HTML <h:iframe>"],
            ),
            (
                svg("<metadata><script>alert(1)</script></metadata>"),
                vec!["<script> element"],
            ),
            (
                svg("<x:thing xmlns:x=\"urn:x\"/>"),
                vec!["<x:thing> element (line 2) of the namespace urn:x outside <metadata>"],
            ),
            (
                // Names of several bytes from the first letter on.
                svg("<rect ốx=\"1\"/><ồ/><g xmlns:ư=\"urn:u\" ư:ờn=\"1\"/>"),
                vec!["attribute `ốx`", "<ồ> element"],
            ),
            (
                svg("<iframe/><rect foo=\"1\" width=\"2\"/>"),
                vec![
                    "<iframe> element (line 2), which is not one of the drawing elements",
                    "<rect> element has an attribute `foo` (line 2)",
                ],
            ),
            (
                format!(
                    "<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?>\n{}",
                    svg("")
                ),
                vec!["<?xml-stylesheet?> instruction (line 1)"],
            ),
        ]);
    }

    /// Files that are not well-formed XML (a NUL, a DOCTYPE with entities, a cut-off file).
    #[test]
    fn files_that_are_not_well_formed_xml_are_refused() {
        assert_refused(vec![
            // XML allows no NUL, not even as &#0;: not well-formed.
            (
                svg("<a href=\"java\u{0}script:alert(1)\"/>"),
                vec!["well-formed"],
            ),
            (
                svg("<a href=\"java&#0;script:alert(1)\"/>"),
                vec!["well-formed"],
            ),
            (
                "<!DOCTYPE svg [<!ENTITY a \"b\">]><svg/>".into(),
                vec!["well-formed"],
            ),
            ("<svg".into(), vec!["well-formed"]),
        ]);
    }

    #[test]
    fn urls_are_read_as_browsers_read_them() {
        let ok = [
            "",
            "#a",
            "#a:b",
            "so-do.png",
            "../anh/a b.png",
            "?q=a:b",
            "a/b:c",
            "//cdn.example/x.png",
            "https://example.org/",
            "HTTP://example.org/",
            "mailto:a@example.org",
            "tel:+84123",
            "data:image/png;base64,AAAA",
            "data: IMAGE/WEBP;base64,AAAA",
            "10:20",
            "java\u{a0}script:alert(1)",
        ];
        for url in ok {
            assert_eq!(url_check(url), Ok(()), "{url:?}");
        }
        let script = [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\u{0}script:alert(1)",
            "\u{1}\u{1f} java\tscript\u{7f}:alert(1)",
            "j\na\rv\u{c}ascript:alert(1)",
            "vbscript:x",
            "data:text/html,<script>alert(1)</script>",
        ];
        for url in script {
            assert_eq!(
                url_check(url).map_err(|e| e.to_string()),
                Err("is a script link".to_string()),
                "{url:?}"
            );
        }
        for url in [
            "data:image/svg+xml,<svg/>",
            "file:///x",
            "ftp://x/",
            "c:\\x.png",
        ] {
            assert!(url_check(url).is_err(), "{url:?}");
        }
    }

    #[test]
    fn every_problem_is_reported_and_long_lists_are_cut() {
        let shapes: String = (0..25)
            .map(|i| format!("<rect onclick=\"f({i})\"/>\n"))
            .collect();
        let file = format!("<svg xmlns=\"http://www.w3.org/2000/svg\">\n{shapes}</svg>");
        let found = problems(&file);
        assert_eq!(found.len(), 25);
        assert!(found[24].contains("(line 26)"), "{}", found[24]);
        let text = summary(&found);
        assert_eq!(text.matches("event handler").count(), 10, "{text}");
        assert!(text.ends_with("; and 15 more"), "{text}");
        assert_eq!(summary(&found[..2]).matches("; ").count(), 1);
    }

    #[test]
    fn deep_and_odd_css_is_handled() {
        let deep = format!(
            "{}url(http://x/){}",
            "f(".repeat(50_000),
            ")".repeat(50_000)
        );
        let found = css_problems(&deep);
        assert_eq!(found.len(), 1, "{found:?}");
        // An unclosed url() runs to the end; a stray `)` is ignored.
        assert_eq!(css_problems(") url(http://x/").len(), 1);
        assert_eq!(css_problems("url(#a) ) (").len(), 0);
        assert_eq!(css_problems("\\").len(), 0);
        assert_eq!(css_problems("\\110000 url(#a)").len(), 0);
    }

    proptest::proptest! {
        // No input panics: not the parser's, not ours.
        #[test]
        fn any_text_gets_an_answer(text in "[<>/a-zA-Z:=\"' &#;x0-9()@\\*ốờ\n-]{0,80}") {
            let _ = problems(&text);
            let _ = problems(&format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect style=\"{}\"/><style>{}</style></svg>", text.replace(['"', '<', '&'], ""), text.replace(['<', '&'], "")));
        }

        #[test]
        fn any_css_and_url_get_an_answer(text in ".{0,40}") {
            let _ = css_problems(&text);
            let _ = url_check(&text);
        }
    }

    #[test]
    fn deeply_nested_files_are_checked_without_recursion() {
        let n = 100_000;
        let file = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}<script/>{}</svg>",
            "<g>".repeat(n),
            "</g>".repeat(n)
        );
        let found = problems(&file);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("<script>"));
    }
}
