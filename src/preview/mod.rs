//! Live preview: rebuilding on every save (`kepu watch`) and serving it (`kepu serve`).

#[cfg(feature = "serve")]
pub(crate) mod serve;
pub(crate) mod watch;
