//! What the user selects (an operation, a key) and the error banner.

use quorumscope_engine::OpId;

use super::AppState;

impl AppState {
    /// [`super::Msg::Select`]: an operation of the log, or none.
    pub(super) fn select(&mut self, op: Option<OpId>) -> bool {
        if self.selected_op == op {
            return false;
        }
        self.selected_op = op;
        true
    }

    /// [`super::Msg::SelectKey`]: a key of the ring, by name.
    pub(super) fn select_key(&mut self, key: String) -> bool {
        if self.selected_key.as_ref() == Some(&key) {
            return false;
        }
        self.selected_key = Some(key);
        true
    }

    /// [`super::Msg::ShowError`].
    pub(super) fn show_error(&mut self, e: String) -> bool {
        self.error = Some(e);
        true
    }

    /// [`super::Msg::DismissError`].
    pub(super) fn dismiss_error(&mut self) -> bool {
        if self.error.is_none() {
            return false;
        }
        self.error = None;
        true
    }
}
