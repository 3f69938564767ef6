//! Leaf helpers that every stage may use; they import nothing else from the crate.

pub(crate) mod dates;
pub(crate) mod error;
pub(crate) mod fingerprint;
pub(crate) mod hash;
pub(crate) mod html;
pub(crate) mod interrupt;
pub(crate) mod lang;
pub(crate) mod memory;
// Only the preview server and `kepu deploy` send content types.
#[cfg(any(feature = "serve", feature = "deploy"))]
pub(crate) mod mime;
pub(crate) mod order;
pub(crate) mod phone;
pub(crate) mod sink;
pub(crate) mod slug;
pub(crate) mod suggest;
pub(crate) mod text;
pub(crate) mod typed_date;
