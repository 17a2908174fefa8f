//! The 360° spin viewer: a vehicle's frames shown one at a time, turned by
//! dragging with the mouse, swiping with a finger (pointer events; vertical
//! swipes still scroll the page: `touch-action: pan-y`), the arrow keys
//! when focused, or the two buttons; it may turn by itself at first
//! (`ViewerConfig::auto_rotate`, at `auto_rotate_speed` frames a second)
//! until the first interaction, and never when the system asks for reduced
//! motion.
//!
//! The picture is at most 55 % of the screen's height (`svh`: with a
//! phone's browser bars shown), so the turn buttons and the caption under
//! it are on screen together with it.
//!
//! Every frame's `<img>` is in the page from the start (so the browser loads
//! them all before anyone turns), and only the current one is visible.
//! The server renders — and a browser without JavaScript keeps — a grid of
//! all the frames with their angle labels; the hydrated page turns it into
//! the viewer.
use domain::{Frame360, ViewerConfig};
use leptos::prelude::*;

use crate::i18n::Lang;

/// A drag turns one frame per this many pixels at least…
pub const MIN_PX_PER_FRAME: f64 = 8.0;
/// …and at most: one full turn is about the viewer's width, so a few
/// frames turn with a short drag, and many frames stay controllable.
pub const MAX_PX_PER_FRAME: f64 = 60.0;

/// Pixels of horizontal drag per frame for a viewer `width_px` wide
/// showing `count` frames: the width over the count, between
/// [`MIN_PX_PER_FRAME`] and [`MAX_PX_PER_FRAME`].
pub fn px_per_frame(width_px: f64, count: usize) -> f64 {
    if count == 0 || !width_px.is_finite() || width_px <= 0.0 {
        return MAX_PX_PER_FRAME;
    }
    (width_px / count as f64).clamp(MIN_PX_PER_FRAME, MAX_PX_PER_FRAME)
}

/// The frame `delta` steps from `current` (negative: backwards), going
/// round: after the last frame comes the first.
pub fn step(current: usize, delta: i64, count: usize) -> usize {
    if count == 0 {
        return 0;
    }
    let count = count as i64;
    (current as i64 % count + delta % count).rem_euclid(count) as usize
}

/// The frame shown after dragging `dx_px` pixels from where a drag started
/// on frame `start`: every whole `px_per_frame` is one frame; dragging to
/// the left (negative `dx_px`) turns forward, like pulling the car round
/// (the next frame shows its right side), to the right backward.
pub fn frame_after_drag(start: usize, dx_px: f64, px_per_frame: f64, count: usize) -> usize {
    if count == 0 || !dx_px.is_finite() || !px_per_frame.is_finite() || px_per_frame <= 0.0 {
        return step(start, 0, count);
    }
    let steps = (-dx_px / px_per_frame).trunc();
    let steps = steps.clamp(i64::MIN as f64, i64::MAX as f64) as i64;
    step(start, steps, count)
}

/// Milliseconds between frames while the viewer turns by itself; `None`
/// when it must not (switched off, one frame, a speed that is not positive).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn auto_rotate_interval_ms(config: &ViewerConfig, count: usize) -> Option<u32> {
    let speed = config.auto_rotate_speed;
    (config.auto_rotate && count > 1 && speed.is_finite() && speed > 0.0).then(|| (1000.0 / speed).clamp(16.0, 60_000.0).round() as u32)
}

/// The side of the car a frame shows, in the page's language.
pub fn angle_label(frame: &Frame360, lang: Lang) -> &'static str {
    match lang {
        Lang::Es => domain::angle_label_es(frame.angle_degrees),
        Lang::En => match domain::angle_label(frame.angle_degrees) {
            "Front" => "Front",
            "Front-Right" => "Front right",
            "Right" => "Right",
            "Rear-Right" => "Rear right",
            "Rear" => "Rear",
            "Rear-Left" => "Rear left",
            "Left" => "Left",
            _ => "Front left",
        },
    }
}

/// `60°`: whole degrees.
pub fn degrees(frame: &Frame360) -> String {
    format!("{}°", frame.angle_degrees.round() as i64)
}

const STAGE_VIEWER: &str = "relative mx-auto block max-w-xl cursor-grab touch-pan-y select-none overflow-hidden rounded-xl bg-slate-100 ring-1 ring-slate-200 focus:outline-none focus:ring-4 focus:ring-teal-600 active:cursor-grabbing";
const STAGE_STRIP: &str = "block";
const LIST_VIEWER: &str = "m-0 list-none p-0";
const LIST_STRIP: &str = "grid list-none grid-cols-2 gap-3 p-0 sm:grid-cols-3";
const TURN_BUTTON: &str = "inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg bg-white px-3 text-lg font-semibold text-teal-900 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-teal-600";

/// A vehicle's spin. `frames` in angle order (the server's [`domain::VehicleView`]).
#[component]
pub fn SpinViewer(frames: Vec<Frame360>, config: ViewerConfig, lang: Lang) -> impl IntoView {
    let count = frames.len();
    // Strip until hydrated (the server's page, and pages without JavaScript).
    let ready = RwSignal::new(false);
    let current = RwSignal::new(0usize);
    // Turning by itself until the first interaction; never again after it.
    let auto = RwSignal::new(false);
    let stage = NodeRef::<leptos::html::Div>::new();
    let drag = StoredValue::new(None::<(i32, f64, usize, f64)>);
    let allow_drag = config.allow_drag;

    #[cfg(feature = "hydrate")]
    {
        let interval = auto_rotate_interval_ms(&config, count);
        Effect::new(move |_| {
            ready.set(true);
            let reduced = window()
                .match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
                .is_some_and(|q| q.matches());
            if let (Some(ms), false) = (interval, reduced) {
                auto.set(true);
                leptos::task::spawn_local(async move {
                    loop {
                        gloo_timers::future::TimeoutFuture::new(ms).await;
                        // Stopped for good, or the viewer is gone.
                        if !auto.try_get_untracked().unwrap_or(false) {
                            break;
                        }
                        current.try_update(|c| *c = step(*c, 1, count));
                    }
                });
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = &config;

    let interacted = move || auto.set(false);
    let turn = move |delta: i64| {
        interacted();
        current.update(|c| *c = step(*c, delta, count));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let delta = match ev.key().as_str() {
            "ArrowRight" => Some(1),
            "ArrowLeft" => Some(-1),
            "Home" => {
                interacted();
                current.set(0);
                None
            }
            "End" => {
                interacted();
                current.set(count.saturating_sub(1));
                None
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some(delta) = delta {
            turn(delta);
        }
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        if !ready.get_untracked() {
            return;
        }
        interacted();
        if !allow_drag || (ev.pointer_type() == "mouse" && ev.button() != 0) {
            return;
        }
        let width = stage.get_untracked().map_or(0.0, |el| f64::from(el.client_width()));
        drag.set_value(Some((ev.pointer_id(), f64::from(ev.client_x()), current.get_untracked(), px_per_frame(width, count))));
        if let Some(el) = stage.get_untracked() {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if let Some((id, x0, start, ppf)) = drag.get_value()
            && id == ev.pointer_id()
        {
            ev.prevent_default();
            current.set(frame_after_drag(start, f64::from(ev.client_x()) - x0, ppf, count));
        }
    };
    let on_up = move |_: leptos::ev::PointerEvent| drag.set_value(None);

    let labels: Vec<(&'static str, String)> = frames.iter().map(|f| (angle_label(f, lang), degrees(f))).collect();
    let labels = StoredValue::new(labels);
    let label = move || labels.with_value(|l| l.get(current.get()).map(|(text, _)| *text).unwrap_or_default());
    let detail = move || {
        labels.with_value(|l| l.get(current.get()).map(|(_, deg)| format!("{deg} · {} / {count}", current.get() + 1)).unwrap_or_default())
    };
    let name = lang.t("Vista 360° del vehículo", "360° view of the vehicle");
    let help = lang.t(
        "Arrastra o desliza de lado para girar el vehículo; con el teclado, usa las flechas izquierda y derecha.",
        "Drag or swipe sideways to turn the vehicle; with the keyboard, use the left and right arrows.",
    );

    view! {
        <div data-testid="spin-viewer" data-ready=move || ready.get().to_string() data-frames=count>
            <div node_ref=stage role="group" aria-roledescription=lang.t("visor 360°", "360° viewer") aria-label=name
                aria-describedby="spin-help" tabindex=move || ready.get().then_some("0")
                class=move || if ready.get() { STAGE_VIEWER } else { STAGE_STRIP }
                data-testid="spin-stage"
                on:keydown=on_key on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up
                on:pointercancel=on_up on:lostpointercapture=on_up>
                <ul class=move || if ready.get() { LIST_VIEWER } else { LIST_STRIP } data-testid="spin-frames">
                    {frames.into_iter().enumerate().map(|(i, frame)| {
                        let (text, deg) = (angle_label(&frame, lang), degrees(&frame));
                        let shown = move || !ready.get() || current.get() == i;
                        view! {
                            <li class=move || if shown() { "block" } else { "hidden" } data-testid="spin-frame"
                                data-index=i data-current=move || (ready.get() && current.get() == i).to_string()>
                                <figure class="m-0">
                                    <img src=frame.image_url.clone() alt=format!("{text} ({deg})") width=frame.width height=frame.height
                                        draggable="false" decoding="async"
                                        class=move || if ready.get() {
                                            // At most about half the screen's height, so the turn buttons
                                            // and the caption under it fit on a phone (390 × 844) with it.
                                            "pointer-events-none mx-auto block h-auto max-h-[55svh] w-full object-contain"
                                        } else {
                                            "block h-auto max-h-[40svh] w-full rounded-lg bg-slate-100 object-contain ring-1 ring-slate-200"
                                        }/>
                                    <figcaption class=move || if ready.get() { "hidden" } else { "mt-1 text-center text-sm text-slate-700" }>
                                        {text} " · " {deg.clone()}
                                    </figcaption>
                                </figure>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
            <div class=move || if ready.get() { "mx-auto mt-3 flex max-w-xl items-center justify-between gap-3" } else { "hidden" }>
                <button type="button" class=TURN_BUTTON on:click=move |_| turn(-1) aria-label=lang.t("Girar a la izquierda", "Turn left") data-testid="spin-prev">
                    <span aria-hidden="true">"←"</span>
                </button>
                <p class="text-center" aria-live=move || if auto.get() { "off" } else { "polite" } aria-atomic="true">
                    <span class="block font-semibold text-slate-900" data-testid="spin-angle">{label}</span>
                    <span class="block text-sm text-slate-600">{detail}</span>
                </p>
                <button type="button" class=TURN_BUTTON on:click=move |_| turn(1) aria-label=lang.t("Girar a la derecha", "Turn right") data-testid="spin-next">
                    <span aria-hidden="true">"→"</span>
                </button>
            </div>
            <p id="spin-help" class=move || if ready.get() { "mx-auto mt-2 max-w-xl text-center text-sm text-slate-600" } else { "hidden" }>{help}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(index: u32, count: u32) -> Frame360 {
        let angle = domain::frame_angle_degrees(index, count);
        Frame360 {
            index,
            angle_degrees: angle,
            angle_label: domain::angle_label(angle).into(),
            image_url: format!("/files/{index}.jpg"),
            thumbnail_url: format!("/files/{index}-t.jpg"),
            file_size_bytes: 1000,
            width: 360,
            height: 640,
        }
    }

    #[test]
    fn spin_steps_go_round_both_ways() {
        assert_eq!(step(0, 1, 6), 1);
        assert_eq!(step(5, 1, 6), 0);
        assert_eq!(step(0, -1, 6), 5);
        assert_eq!(step(2, -14, 6), 0);
        assert_eq!(step(3, 600, 6), 3);
        assert_eq!(step(0, i64::MIN, 6), (i64::MIN).rem_euclid(6) as usize);
        assert_eq!(step(0, i64::MAX, 7), (i64::MAX).rem_euclid(7) as usize);
        assert_eq!(step(4, 1, 0), 0, "no frames: stays at 0");
        assert_eq!(step(0, 1, 1), 0);
    }

    #[test]
    fn spin_drag_turns_one_frame_per_whole_step_left_forward() {
        // 40 px per frame, 6 frames, from frame 0.
        assert_eq!(frame_after_drag(0, 0.0, 40.0, 6), 0);
        assert_eq!(frame_after_drag(0, -39.9, 40.0, 6), 0, "less than a step: no turn");
        assert_eq!(frame_after_drag(0, -40.0, 40.0, 6), 1, "one step left: next frame");
        assert_eq!(frame_after_drag(0, -125.0, 40.0, 6), 3);
        assert_eq!(frame_after_drag(0, 40.0, 40.0, 6), 5, "one step right: previous frame");
        assert_eq!(frame_after_drag(2, -240.0, 40.0, 6), 2, "a whole turn comes back");
        assert_eq!(frame_after_drag(2, 79.0, 40.0, 6), 1);
        assert_eq!(frame_after_drag(1, f64::NAN, 40.0, 6), 1);
        assert_eq!(frame_after_drag(1, -100.0, 0.0, 6), 1, "no step size: no turn");
        assert_eq!(frame_after_drag(1, -1e300, 1e-300, 6), step(1, i64::MAX, 6), "huge drags saturate");
    }

    #[test]
    fn spin_step_size_follows_the_width_within_bounds() {
        assert_eq!(px_per_frame(240.0, 6), 40.0);
        assert_eq!(px_per_frame(1200.0, 6), MAX_PX_PER_FRAME);
        assert_eq!(px_per_frame(360.0, 72), MIN_PX_PER_FRAME);
        assert_eq!(px_per_frame(0.0, 6), MAX_PX_PER_FRAME);
        assert_eq!(px_per_frame(300.0, 0), MAX_PX_PER_FRAME);
    }

    #[test]
    fn spin_auto_rotation_runs_at_the_configured_speed_only_when_it_can() {
        let config = ViewerConfig { auto_rotate: true, auto_rotate_speed: 1.5, allow_drag: true };
        assert_eq!(auto_rotate_interval_ms(&config, 6), Some(667));
        assert_eq!(auto_rotate_interval_ms(&ViewerConfig { auto_rotate_speed: 4.0, ..config }, 6), Some(250));
        assert_eq!(auto_rotate_interval_ms(&config, 1), None, "one frame does not turn");
        assert_eq!(auto_rotate_interval_ms(&ViewerConfig { auto_rotate: false, ..config }, 6), None);
        assert_eq!(auto_rotate_interval_ms(&ViewerConfig { auto_rotate_speed: 0.0, ..config }, 6), None);
        assert_eq!(auto_rotate_interval_ms(&ViewerConfig { auto_rotate_speed: f64::NAN, ..config }, 6), None);
        assert_eq!(auto_rotate_interval_ms(&ViewerConfig { auto_rotate_speed: 1e9, ..config }, 6), Some(16));
    }

    #[test]
    fn spin_labels_name_the_side_in_both_languages() {
        let six: Vec<_> = (0..6).map(|i| frame(i, 6)).collect();
        let es: Vec<_> = six.iter().map(|f| angle_label(f, Lang::Es)).collect();
        assert_eq!(es, ["Frente", "Frente derecha", "Trasera derecha", "Trasera", "Trasera izquierda", "Frente izquierda"]);
        let en: Vec<_> = six.iter().map(|f| angle_label(f, Lang::En)).collect();
        assert_eq!(en, ["Front", "Front right", "Rear right", "Rear", "Rear left", "Front left"]);
        assert_eq!(degrees(&six[1]), "60°");
        assert_eq!(degrees(&frame(1, 7)), "51°");
    }
}
