//! The narrow callbacks the page's components get, each of what one component emits, made
//! once from the reducer's dispatcher (as yew's `function_todomvc` does): a component whose
//! other props did not change is not drawn again because its callbacks were made anew.

use quorumscope_engine::scenario::{ClusterPatch, ContextChoice};
use quorumscope_engine::time::Micros;
use quorumscope_engine::version::Versioning;
use quorumscope_engine::{MsgId, OpId};
use yew::Callback;

use crate::hooks::Move;
use crate::state::{Msg, Target};

/// What a client sends from the client panel.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientRequest {
    /// Client id.
    pub client: String,
    /// Key.
    pub key: String,
    /// The operation.
    pub op: ClientOp,
}

/// A client operation of [`ClientRequest`].
#[derive(Clone, Debug, PartialEq)]
pub enum ClientOp {
    /// Write this value with this context.
    Put(String, ContextChoice),
    /// Read.
    Get,
    /// Delete with this context.
    Delete(ContextChoice),
}

/// The time controls' actions.
#[derive(Clone, PartialEq)]
pub struct ControlHandlers {
    /// Start time.
    pub play: Callback<()>,
    /// Stop time.
    pub pause: Callback<()>,
    /// Process the next event.
    pub step: Callback<()>,
    /// Start over from the scenario.
    pub reset: Callback<()>,
    /// Bring back what Reset set aside.
    pub undo_reset: Callback<()>,
    /// Play the same run again from 0 ms.
    pub replay: Callback<()>,
    /// Go to a simulated time (the timeline; a time past the horizon goes to the horizon).
    pub seek: Callback<Micros>,
    /// Go back one engine event.
    pub back: Callback<()>,
    /// Set the speed (simulated ms per wall ms).
    pub speed: Callback<f64>,
}

/// The cluster view's actions.
#[derive(Clone, PartialEq)]
pub struct ClusterHandlers {
    /// Crash the node of this id.
    pub crash: Callback<String>,
    /// Recover the node of this id.
    pub recover: Callback<String>,
    /// Drop this message in flight.
    pub drop_message: Callback<MsgId>,
    /// A drag (or a zone key) moved an endpoint into a zone.
    pub move_to: Callback<Move>,
    /// End the partition.
    pub heal: Callback<()>,
    /// Cut the WAN link between datacenters.
    pub cut_wan: Callback<()>,
    /// Select an operation, or none.
    pub select: Callback<Option<OpId>>,
}

/// The settings panel's actions.
#[derive(Clone, PartialEq)]
pub struct SettingsHandlers {
    /// Change settings from now on.
    pub configure: Callback<ClusterPatch>,
    /// Set the probability that a message is lost.
    pub drop_rate: Callback<f64>,
    /// Change the versioning mode (the run is replayed).
    pub versioning: Callback<Versioning>,
}

/// The tours' actions.
#[derive(Clone, PartialEq)]
pub struct TourHandlers {
    /// Open the tour of this id at its first step.
    pub open: Callback<String>,
    /// Go to this step (from 0) of the tour followed.
    pub go: Callback<usize>,
    /// Leave the tour to experiment.
    pub leave: Callback<()>,
    /// Back to the tour, at the step where the user left.
    pub resume: Callback<()>,
    /// End the tour.
    pub close: Callback<()>,
    /// Autoplay on or off.
    pub autoplay: Callback<bool>,
}

/// Every callback of the page.
#[derive(Clone, PartialEq)]
pub struct Handlers {
    /// An animation frame at this wall-clock time.
    pub frame: Callback<f64>,
    /// The address's fragment changed to this.
    pub open_link: Callback<String>,
    /// Dismiss the error banner.
    pub dismiss: Callback<()>,
    /// Load a scenario file's text.
    pub load: Callback<String>,
    /// Open a library scenario, by id.
    pub choose: Callback<String>,
    /// A fetched file's path and its text (or why there is none).
    pub fetched: Callback<(String, Result<String, String>)>,
    /// Show an error in the banner.
    pub error: Callback<String>,
    /// A client's put, get or delete.
    pub request: Callback<ClientRequest>,
    /// Select a key in the ring view.
    pub select_key: Callback<String>,
    /// The time controls'.
    pub controls: ControlHandlers,
    /// The cluster view's (its `select` is the operation log's too).
    pub cluster: ClusterHandlers,
    /// The settings panel's.
    pub settings: SettingsHandlers,
    /// The tours'.
    pub tour: TourHandlers,
}

impl Handlers {
    /// Every callback, each turning what it gets into a [`Msg`] sent to `send`.
    pub fn new(send: &Callback<Msg>) -> Handlers {
        Handlers {
            frame: map(send, Msg::Frame),
            open_link: map(send, Msg::OpenLink),
            dismiss: map(send, |_| Msg::DismissError),
            load: map(send, Msg::Load),
            choose: map(send, Msg::Choose),
            fetched: map(send, |(path, result)| Msg::Fetched { path, result }),
            error: map(send, Msg::ShowError),
            request: map(send, request_msg),
            select_key: map(send, Msg::SelectKey),
            controls: ControlHandlers {
                play: map(send, |_| Msg::Play),
                pause: map(send, |_| Msg::Pause),
                step: map(send, |_| Msg::Step),
                reset: map(send, |_| Msg::Reset),
                undo_reset: map(send, |_| Msg::UndoReset),
                replay: map(send, |_| Msg::Replay),
                seek: map(send, |t| Msg::Seek(Target::Time(t))),
                back: map(send, |_| Msg::StepBack),
                speed: map(send, Msg::SetSpeed),
            },
            cluster: ClusterHandlers {
                crash: map(send, Msg::Crash),
                recover: map(send, Msg::Recover),
                drop_message: map(send, Msg::DropMessage),
                move_to: map(send, |m| Msg::MoveTo {
                    endpoint: m.endpoint,
                    zone: m.zone,
                }),
                heal: map(send, |_| Msg::Heal),
                cut_wan: map(send, |_| Msg::CutWan),
                select: map(send, Msg::Select),
            },
            settings: SettingsHandlers {
                configure: map(send, Msg::Configure),
                drop_rate: map(send, Msg::SetDropRate),
                versioning: map(send, Msg::SetVersioning),
            },
            tour: TourHandlers {
                open: map(send, |id| Msg::OpenTour { id, step: 0 }),
                go: map(send, Msg::TourStep),
                leave: map(send, |_| Msg::LeaveTour),
                resume: map(send, |_| Msg::ResumeTour),
                close: map(send, |_| Msg::CloseTour),
                autoplay: map(send, Msg::TourAutoplay),
            },
        }
    }
}

/// A callback of `T` that sends `msg` of it to `send`. A function pointer, and not inlined:
/// one copy per argument type rather than one per message (bytes in the page's bundle).
#[inline(never)]
fn map<T: 'static>(send: &Callback<Msg>, msg: fn(T) -> Msg) -> Callback<T> {
    let send = send.clone();
    Callback::from(move |x: T| send.emit(msg(x)))
}

/// The message of a client's request.
fn request_msg(r: ClientRequest) -> Msg {
    let ClientRequest { client, key, op } = r;
    match op {
        ClientOp::Put(value, context) => Msg::Put {
            client,
            key,
            value,
            context,
        },
        ClientOp::Get => Msg::Get { client, key },
        ClientOp::Delete(context) => Msg::Delete {
            client,
            key,
            context,
        },
    }
}
