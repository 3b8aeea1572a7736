//! The record of one message, as the page animates it.

use crate::ids::{EndpointId, KeyId, MsgId, OpId};
use crate::message::MessageKind;
use crate::time::Micros;

/// What became of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Still travelling.
    InFlight,
    /// Arrived and was handled.
    Delivered,
    /// Lost to the drop rate, or dropped by the user.
    Dropped,
    /// Cut by a partition between its endpoints.
    Cut,
    /// Its receiver was crashed when it arrived.
    Refused,
}

impl Fate {
    /// The name used in JSON and on the page.
    pub fn name(self) -> &'static str {
        match self {
            Fate::InFlight => "in_flight",
            Fate::Delivered => "delivered",
            Fate::Dropped => "dropped",
            Fate::Cut => "cut",
            Fate::Refused => "refused",
        }
    }
}

/// One message, as the page animates it.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageRecord {
    /// Its number.
    pub id: MsgId,
    /// Its kind.
    pub kind: MessageKind,
    /// Sender.
    pub from: EndpointId,
    /// Receiver.
    pub to: EndpointId,
    /// When it was sent.
    pub sent_us: Micros,
    /// When it arrives (or would have arrived).
    pub arrive_us: Micros,
    /// When it was lost, if it was; a message lost in flight dies at this time.
    pub lost_us: Option<Micros>,
    /// Its fate so far.
    pub fate: Fate,
    /// The operation it belongs to.
    pub op: Option<OpId>,
    /// The key it is about.
    pub key: Option<KeyId>,
    /// Its content in a few words, for a tooltip.
    pub summary: String,
}
