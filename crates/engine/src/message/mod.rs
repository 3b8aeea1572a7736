//! Messages between endpoints: what they carry ([`Payload`]) and their kinds ([`MessageKind`]).

mod kind;
mod payload;

pub use kind::MessageKind;
pub use payload::Payload;
