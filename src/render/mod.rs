//! Rendering with Tera: the engine ([`engine`]), the template contexts as types ([`context`]),
//! and one module per kind of page. Within this folder, too, imports point one way:
//! context ← engine ← pager, outreach ← pages, flyer.

pub(crate) mod context;
pub(crate) mod engine;
pub(crate) mod flyer;
pub(crate) mod outreach;
pub(crate) mod pager;
pub(crate) mod pages;
