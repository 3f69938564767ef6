//! Live preview: rebuilding on every save (`kepu watch`) and serving it (`kepu serve`).

pub mod serve;
pub mod watch;
