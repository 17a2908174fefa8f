//! Reusable pieces of UI.
pub mod badges;
pub mod estimate;
pub mod form;
pub mod layout;
pub mod money_field;
pub mod page_title;
pub mod public_page;
pub mod spin_viewer;
pub mod steps;
pub mod vehicle_card;
pub mod vehicle_suggestions;
pub mod video_job;
