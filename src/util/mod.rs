//! Leaf helpers that every stage may use; they import nothing else from the crate.

pub mod dates;
pub mod error;
pub mod html;
pub mod interrupt;
pub mod lang;
pub mod sink;
pub mod slug;
pub mod text;
