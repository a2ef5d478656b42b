pub mod error_view;
pub mod layout;
pub mod search_box;
pub mod time;
