//! The two migration folders are one schema written twice: every migration
//! exists in both under the same name, and the pair is byte-identical unless
//! it is listed here with the reason the dialects must differ. A migration
//! already applied can never be edited (its checksum is recorded), so this
//! keeps the next ones from drifting apart silently.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Pairs whose SQL must differ, and why.
const DIALECT_SPECIFIC: &[(&str, &str)] = &[
    ("0003_catalog.sql", "a day from Unix milliseconds: strftime on SQLite, to_char on PostgreSQL"),
    ("0007_vehicles_video360.sql", "SQLite cannot change a CHECK constraint in place: the table is rebuilt"),
];

fn folder(dialect: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations").join(dialect)
}

fn names(dialect: &str) -> BTreeSet<String> {
    std::fs::read_dir(folder(dialect))
        .expect("migrations folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .collect()
}

#[test]
fn every_migration_exists_in_both_dialects() {
    let (sqlite, postgres) = (names("sqlite"), names("postgres"));
    assert!(sqlite.len() >= 10, "{sqlite:?}");
    assert_eq!(sqlite, postgres, "a migration written for one database only");
}

#[test]
fn pairs_are_identical_unless_listed_with_a_reason() {
    for name in names("sqlite") {
        let read = |d: &str| std::fs::read(folder(d).join(&name)).expect("migration");
        let same = read("sqlite") == read("postgres");
        match DIALECT_SPECIFIC.iter().find(|(n, _)| *n == name) {
            None => assert!(same, "{name} differs between sqlite and postgres: make them identical or list it in DIALECT_SPECIFIC with the reason"),
            Some((_, why)) => assert!(!same, "{name} is listed as dialect-specific ({why}) but the two files are identical: remove it from the list"),
        }
    }
}
