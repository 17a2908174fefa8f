//! The `LIKE` pattern of a search box, one for every list that has one
//! (customers, quotes, vehicles): trimmed, lowercased, `%`, `_` and `\`
//! escaped (the queries say `ESCAPE '\'`), and without U+0000 — SQLite ends
//! a pattern at a NUL (a search for `"\0x"` matched every row) and
//! PostgreSQL refuses one.

/// `%{q}%` for `LIKE … ESCAPE '\'`.
pub(crate) fn like_pattern(q: &str) -> String {
    let q = q.trim().to_lowercase().replace('\0', "");
    format!("%{}%", q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn a_search_is_a_literal_substring() {
        assert_eq!(like_pattern("  Ana "), "%ana%");
        assert_eq!(like_pattern("100%_x\\"), "%100\\%\\_x\\\\%");
        assert_eq!(like_pattern("\0x"), "%x%", "no NUL reaches the database");
        assert_eq!(like_pattern(""), "%%");
    }
}
