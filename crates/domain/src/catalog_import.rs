//! What a catalog CSV import would do, shown to the admin before anything
//! is written (shared by the server and the browser).
use serde::{Deserialize, Serialize};

/// A problem with one row of the file (line 1 is the header); `field` is the column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: usize,
    pub sku: String,
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportAction {
    Create,
    Update,
    Unchanged,
}

/// One row of the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRowPreview {
    pub line: usize,
    pub sku: String,
    pub action: ImportAction,
    /// The fields that change (for updates).
    pub changes: Vec<String>,
    /// The price the row adds, described ("45.00 + 15.00 from 2026-12-01").
    pub new_price: Option<String>,
}

/// The whole preview: an import with any error writes nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub rows: Vec<ImportRowPreview>,
    pub errors: Vec<RowError>,
}

impl ImportPreview {
    pub fn count(&self, action: ImportAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }

    pub fn prices(&self) -> usize {
        self.rows.iter().filter(|r| r.new_price.is_some()).count()
    }

    /// Whether applying would write anything.
    pub fn changes_anything(&self) -> bool {
        self.rows.iter().any(|r| r.action != ImportAction::Unchanged || r.new_price.is_some())
    }
}
