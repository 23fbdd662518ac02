//! The commands the window may call, one room per page. Each answers with what the page
//! shows next, so the UI never works anything out itself.

pub mod banner;
pub mod feed;
pub mod notices;
pub mod pending;
pub mod status;
