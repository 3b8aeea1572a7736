//! Saving a file the page made (the session as a scenario file, and the diagram's exports):
//! a `Blob` behind an object URL, opened by a link with the `download` attribute.

use std::cell::RefCell;

use gloo_file::{Blob, ObjectUrl};
use wasm_bindgen::JsCast;

thread_local! {
    /// The last file's object URL, kept until the next download: revoking it as soon as the
    /// link is clicked could cancel a download the browser has not started reading yet.
    static LAST: RefCell<Option<ObjectUrl>> = const { RefCell::new(None) };
}

/// Offers `text` to the user as a file named `name` of type `mime`. Says why if the browser
/// would not (no document to put the link in).
pub fn save(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("the page has no document")?;
    let url = ObjectUrl::from(Blob::new_with_options(text, Some(mime)));
    let link: web_sys::HtmlElement = document
        .create_element("a")
        .map_err(|_| "the browser would not make a link")?
        .unchecked_into();
    let _ = link.set_attribute("href", &url);
    let _ = link.set_attribute("download", name);
    link.click();
    LAST.with(|last| *last.borrow_mut() = Some(url));
    Ok(())
}
