//! Explanations with a little emphasis: catalog strings mark `**strong**` and `` `code` ``, and
//! [`rich`] renders them as `<strong>` and `<code>` around text nodes. Nothing in a string is
//! ever parsed as HTML.

use yew::prelude::*;

/// A piece of a marked-up string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span<'a> {
    Text(&'a str),
    Strong(&'a str),
    Code(&'a str),
}

/// Splits `text` at its marks. An unclosed mark is kept as text.
pub fn spans(text: &str) -> Vec<Span<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let strong = rest.find("**");
        let code = rest.find('`');
        let (at, mark) = match (strong, code) {
            (Some(s), Some(c)) if c < s => (c, "`"),
            (Some(s), _) => (s, "**"),
            (None, Some(c)) => (c, "`"),
            (None, None) => break,
        };
        let after = &rest[at + mark.len()..];
        let Some(end) = after.find(mark) else { break };
        if at > 0 {
            out.push(Span::Text(&rest[..at]));
        }
        let inner = &after[..end];
        out.push(if mark == "`" { Span::Code(inner) } else { Span::Strong(inner) });
        rest = &after[end + mark.len()..];
    }
    if !rest.is_empty() {
        out.push(Span::Text(rest));
    }
    out
}

/// `text` with its marks rendered.
pub fn rich(text: &str) -> Html {
    spans(text)
        .into_iter()
        .map(|s| match s {
            Span::Text(t) => html! { {t.to_string()} },
            Span::Strong(t) => html! { <strong>{t.to_string()}</strong> },
            Span::Code(t) => html! { <code>{t.to_string()}</code> },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_split_the_text() {
        assert_eq!(
            spans("**Amdahl's law**: at most `1 / s`, not more."),
            vec![Span::Strong("Amdahl's law"), Span::Text(": at most "), Span::Code("1 / s"), Span::Text(", not more.")]
        );
        assert_eq!(spans("plain"), vec![Span::Text("plain")]);
        assert_eq!(spans("a ** b"), vec![Span::Text("a ** b")]);
        assert_eq!(spans("`<b>x</b>`"), vec![Span::Code("<b>x</b>")]);
    }
}
