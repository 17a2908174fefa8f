//! The document title of every page: `{page} · Cotiza` on Cotiza's own
//! pages, the page's own text on an organisation's public pages (which name
//! the organisation and never Cotiza).
//!
//! Pages put text people typed in their titles (a customer's or a product's
//! name, a vehicle, an organisation's name), and leptos_meta 0.8 writes the
//! title into the server-rendered `<head>` as it is, unescaped: a name like
//! `Ana</title><meta http-equiv="refresh" …>` would end the title and add
//! its own tags. So every title goes through [`document_title`], which
//! escapes it for the HTML the server writes. In the browser the title is
//! set as text (`document.title`), so there it stays as typed: escaping it
//! there too would show `&lt;` after hydration.
use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_meta::Title;

/// Sets the page's title (`{text} · Cotiza`). Pages use this, never
/// `leptos_meta::Title` directly: it carries the escaping formatter with
/// the text, so the title is safe whatever else is on the page.
#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    view! { <Title formatter=document_title text/> }
}

/// The title of an organisation's public page: `text` alone (it names the
/// organisation), escaped like every title.
#[component]
pub fn OrgPageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    view! { <Title formatter=as_rendered text/> }
}

/// The formatter of Cotiza's titles: the page's text and the product's name,
/// escaped when rendered on the server.
pub fn document_title(page: String) -> String {
    as_rendered(if page.is_empty() { "Cotiza".to_owned() } else { format!("{page} · Cotiza") })
}

/// A title as the HTML the server writes needs it (escaped), or as the
/// browser sets it (text).
fn as_rendered(title: String) -> String {
    if cfg!(feature = "ssr") { escape_title(&title) } else { title }
}

/// Text for the inside of `<title>` in HTML: `&`, `<` and `>` as entities
/// (a browser shows them as the characters; `</title` can never appear).
fn escape_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closing_tag_in_a_name_stays_text() {
        let name = r#"Ana & Co</title><meta http-equiv="refresh" content="0;url=//evil.example/x">"#;
        assert_eq!(
            escape_title(name),
            r#"Ana &amp; Co&lt;/title&gt;&lt;meta http-equiv="refresh" content="0;url=//evil.example/x"&gt;"#
        );
        assert_eq!(escape_title("Láminas · Cotiza"), "Láminas · Cotiza");
    }
}
