//! Reusable pieces of UI.
pub mod estimate;
pub mod form;
pub mod layout;
