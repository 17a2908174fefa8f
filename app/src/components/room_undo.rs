//! "Ambiente «Living» quitado · Deshacer": after a room is removed from the
//! quote wizard (public or staff), a polite status offers to put it back, at
//! its place, with everything typed in it.
//!
//! - With JS the offer lasts 10 s, or until the next room or opening is
//!   added, removed or moved.
//! - Without JS the page after the remove button shows the same offer; its
//!   "Deshacer" button carries the room in its own `op`
//!   (`wizard_form::restore_op`), and any other button ends the offer.
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::wizard_form::{RoomForm, Units, WizardForm, restore_op};

/// How long the offer to undo stays (with JS).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub const UNDO_FOR_MS: u64 = 10_000;

/// A room just removed, where it was, and the shape of the rooms left
/// (openings per room), to notice the next change.
#[derive(Debug, Clone, PartialEq)]
pub struct RemovedRoom {
    pub at: usize,
    pub room: RoomForm,
    shape_after: Vec<usize>,
}

fn shape(form: &WizardForm) -> Vec<usize> {
    form.rooms.iter().map(|r| r.openings.len()).collect()
}

/// Removes room `i` and remembers it for [`RoomUndo`].
pub fn remove_room(form: RwSignal<WizardForm>, removed: RwSignal<Option<RemovedRoom>>, i: usize) {
    let Some(room) = form.with_untracked(|f| f.rooms.get(i).cloned()) else { return };
    form.update(|f| f.remove_room(i));
    removed.set(Some(RemovedRoom { at: i, room, shape_after: form.with_untracked(shape) }));
}

/// The room a no-JS `op=remove_room:{i}` just removed, read from the page's
/// URL the way the server read the form (units switched at the same time too).
pub fn removed_by_query(pairs: &[(&str, &str)]) -> Option<RemovedRoom> {
    let op = pairs.iter().find(|(k, _)| *k == "op").map(|(_, v)| *v)?;
    let at: usize = op.strip_prefix("remove_room:")?.parse().ok()?;
    let mut form = WizardForm::from_pairs(pairs.iter().copied());
    if let Some((_, were)) = pairs.iter().find(|(k, _)| *k == "units_were") {
        let now = form.units;
        form.units = if *were == "cm" { Units::Cm } else { Units::M };
        form.set_units(now);
    }
    let room = form.rooms.get(at)?.clone();
    form.remove_room(at);
    Some(RemovedRoom { at, room, shape_after: shape(&form) })
}

/// The status line with its "Deshacer" button.
#[component]
pub fn RoomUndo(lang: Lang, form: RwSignal<WizardForm>, removed: RwSignal<Option<RemovedRoom>>, #[prop(into)] button_class: String) -> impl IntoView {
    // The next added, removed or moved room or opening ends the offer.
    Effect::new(move |_| {
        let now = form.with(shape);
        if removed.with_untracked(|r| r.as_ref().is_some_and(|r| r.shape_after != now)) {
            removed.set(None);
        }
    });
    // And so do ten seconds.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(this) = removed.get() {
            set_timeout(
                move || {
                    if removed.with_untracked(|r| r.as_ref() == Some(&this)) {
                        removed.set(None);
                    }
                },
                std::time::Duration::from_millis(UNDO_FOR_MS),
            );
        }
    });
    let undo = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let Some(RemovedRoom { at, room, .. }) = removed.get_untracked() else { return };
        removed.set(None);
        form.update(|f| f.restore_room(at, room));
        let at = form.with_untracked(|f| at.min(f.rooms.len().saturating_sub(1)));
        focus_later(format!("room-{at}-name"));
    };
    let offer = move || {
        removed.get().map(|r| {
            let name = if r.room.name.trim().is_empty() { format!("{} {}", lang.t("Ambiente", "Room"), r.at + 1) } else { r.room.name.trim().to_owned() };
            let said = match lang {
                Lang::Es => format!("Ambiente «{name}» quitado"),
                Lang::En => format!("Room “{name}” removed"),
            };
            let label = match lang {
                Lang::Es => format!("Deshacer: volver a poner «{name}»"),
                Lang::En => format!("Undo: put “{name}” back"),
            };
            view! {
                <span data-testid="room-removed">{said}</span>
                " · "
                <button type="submit" name="op" value=restore_op(r.at, &r.room) class=button_class.clone() aria-label=label on:click=undo
                    data-testid="undo-remove-room">
                    {lang.t("Deshacer", "Undo")}
                </button>
            }
        })
    };
    view! {
        <div role="status" aria-live="polite" class="mt-4 flex flex-wrap items-center gap-2 text-sm text-slate-800 empty:hidden">{offer}</div>
    }
}

/// Focuses element `id` once the restored room is drawn.
fn focus_later(id: String) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_no_js_remove_is_read_back_from_the_url() {
        let mut form = WizardForm::start("Living");
        form.vertical = "residential".into();
        form.add_room("Cocina");
        form.add_opening(1, "SEC");
        form.rooms[1].openings[0].width = "80".into();
        form.units = crate::wizard_form::Units::Cm;
        let mut pairs = form.to_pairs(true);
        pairs.push(("op".into(), "remove_room:1".into()));
        pairs.push(("units_were".into(), "cm".into()));
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let removed = removed_by_query(&pairs).expect("removed");
        assert_eq!((removed.at, removed.room.name.as_str(), removed.room.openings[0].width.as_str()), (1, "Cocina", "80"));
        let other: Vec<(&str, &str)> = pairs.iter().map(|&(k, v)| if k == "op" { (k, "add_room") } else { (k, v) }).collect();
        assert_eq!(removed_by_query(&other), None, "another button: nothing to undo");
    }
}
