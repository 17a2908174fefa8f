//! `/q/{slug}`: the public quote wizard. Three steps — vertical, rooms and
//! openings with a live price, contact — in one form.
//!
//! With JavaScript every button changes the state in the browser and the
//! price is recomputed by the same `domain` engine on each keystroke; the
//! draft is kept in local storage. Without JavaScript the same form is a
//! GET form: each button (`op`) reloads the page with the state in the URL
//! and the server renders the result; the final submit POSTs to
//! `/q/{slug}/submit`, which answers with the quote's public page.
use std::collections::BTreeMap;

use domain::{OpeningKind, QuoteBreakdown, Vertical};
use leptos::prelude::*;
use crate::components::page_title::OrgPageTitle;
use leptos_router::hooks::use_query_map;

use crate::catalog::{PublicCatalog, get_public_catalog};
use crate::components::badges::spec_badges;
use crate::components::form::field_message;
use crate::components::public_page::{org_and_day, public_org_page};
use crate::components::quotes_being_set_up::{QuotesBeingSetUp, ROOM_VERTICALS, offers_any, rooms_being_set_up};
use crate::components::room_undo::{RemovedRoom, RoomUndo, remove_room, removed_by_query};
use crate::components::steps::StepsBar;
use crate::components::wizard_summary::WizardSummary;
use crate::draft::{forget_draft, keep_draft_in_browser};
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::components::wizard_kit::{
    INPUT, PRIMARY, PriceAside, SECONDARY, SMALL, contact_choices, go_to, price_lines, scroll_to_top, submit_button, totals_view,
};
use crate::wizard_form::{ERROR_PREFIX, Step, Units, WizardForm, WizardPrice};

#[component]
pub fn WizardPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let catalog = Resource::new(org_and_day(), |(slug, day)| get_public_catalog(slug, day));
    public_org_page(lang, catalog, move |c: PublicCatalog, brand| {
        if wants_automotive(&query.read_untracked()) {
            // `?vertical=automotive` (a link from elsewhere): cars have their own wizard.
            let path = format!("/q/{}/auto?lang={}", c.org, lang.code());
            return view! { <leptos_router::components::Redirect path/> }.into_any();
        }
        let title = view! { <OrgPageTitle text=format!("{} · {}", lang.t("Cotiza tus láminas", "Quote your film"), c.name)/> };
        if !offers_any(&c, &ROOM_VERTICALS) {
            return view! { {title} {rooms_being_set_up(&c, brand, lang)} }.into_any();
        }
        let (initial, errors) = query.with_untracked(|q| initial_state(q, &c, lang));
        view! {
            {title}
            <Wizard catalog=c lang initial errors brand/>
        }
        .into_any()
    })
}

/// A link that asks for the automotive path, which is not a room wizard.
fn wants_automotive(query: &leptos_router::params::ParamsMap) -> bool {
    query.get_str("vertical").is_some_and(|v| v.parse::<Vertical>().ok() == Some(Vertical::Automotive))
}

/// The state the URL describes (a no-JS step, or errors sent back), with
/// the pressed button applied — the same on the server and in the browser.
pub(crate) fn initial_state(query: &leptos_router::params::ParamsMap, catalog: &PublicCatalog, lang: Lang) -> (WizardForm, BTreeMap<String, String>) {
    let pairs: Vec<(&str, &str)> = query.into_iter().map(|(k, v)| (k.as_ref(), v)).collect();
    let new_room = lang.t("Ambiente", "Room");
    let first_sku = catalog.products.first().map(|p| p.sku.as_str()).unwrap_or_default();
    if !WizardForm::present_in(pairs.iter().copied()) {
        let mut form = WizardForm::start(lang.t("Living", "Living room"));
        if let Some(v) = query.get_str("vertical") {
            form.vertical = v.to_owned();
        }
        return (form, BTreeMap::new());
    }
    let mut form = WizardForm::from_pairs(pairs.iter().copied());
    if let Some(were) = query.get_str("units_were") {
        let now = form.units;
        form.units = if were == "cm" { Units::Cm } else { Units::M };
        form.set_units(now);
    }
    let mut errors: BTreeMap<String, String> =
        pairs.iter().filter_map(|(k, v)| k.strip_prefix(ERROR_PREFIX).map(|path| (path.to_owned(), (*v).to_owned()))).collect();
    if let Some(op) = query.get_str("op") {
        form.apply(op, new_room, first_sku);
        if op.starts_with("vertical") || op == "to_rooms" {
            if form.vertical().is_some() {
                form.step = Step::Rooms;
                if form.rooms.iter().all(|r| r.openings.is_empty()) {
                    form.add_opening(0, first_sku_for(catalog, &form));
                }
            } else {
                form.step = Step::Vertical;
            }
        }
        if form.step == Step::Contact {
            let price = form.price(catalog);
            if !ready(&price) {
                form.step = Step::Rooms;
                errors.extend(price.errors.0);
                errors.insert("rooms".into(), domain::quote_messages::NO_OPENINGS.into());
            }
        }
    }
    (form, errors)
}

fn first_sku_for<'a>(catalog: &'a PublicCatalog, form: &WizardForm) -> &'a str {
    let vertical = form.vertical();
    catalog.products.iter().find(|p| vertical.is_none_or(|v| p.verticals.contains(&v))).map(|p| p.sku.as_str()).unwrap_or_default()
}

/// The rooms step is done when every opening is priced.
fn ready(price: &WizardPrice) -> bool {
    price.breakdown.is_some() && price.errors.is_empty()
}

/// Who the wizard works for: the public (a customer) or staff editing a quote.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Public,
    /// `quote_id` empty: a new draft; `version`: the version opened.
    Staff { quote_id: String, version: i64 },
}

#[component]
pub fn Wizard(
    catalog: PublicCatalog,
    lang: Lang,
    initial: WizardForm,
    errors: BTreeMap<String, String>,
    #[prop(default = Target::Public)] target: Target,
    /// Staff only: extra lines, manual discount, terms, internal notes.
    #[prop(optional)] staff_form: Option<crate::staff_form::StaffForm>,
    /// The organisation's brand on its public page (who to contact when a
    /// vertical has no film yet); staff pages have none.
    #[prop(default = None)] brand: Option<crate::brand::OrgBrand>,
) -> impl IntoView {
    let brand = StoredValue::new(brand);
    let slug = catalog.org.clone();
    let staff = target != Target::Public;
    let staff_fields = RwSignal::new(staff_form.unwrap_or_default());
    let currency = catalog.currency;
    let show_all = RwSignal::new(!errors.is_empty());
    let rendered = WizardForm::from_pairs(initial.to_pairs(true).iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let form = RwSignal::new(initial);
    let typed_early = crate::early_input::adopt(
        "wizard",
        form,
        |pairs| WizardForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        rendered,
    );
    let server_errors = RwSignal::new(errors);
    let submitting = RwSignal::new(false);
    // Failed tries to go on (or to submit): each one focuses the error summary.
    let attempts = RwSignal::new(0u32);
    let catalog = StoredValue::new(catalog);
    let price = Memo::new(move |_| {
        form.with(|f| {
            catalog.with_value(|c| {
                if staff {
                    staff_fields.with(|s| f.price_with(c, |input| s.apply_to(input, c.currency, lang == Lang::Es)))
                } else {
                    f.price(c)
                }
            })
        })
    });
    let step = Memo::new(move |_| form.with(|f| f.step));
    if !staff {
        // What was typed before the page was interactive wins over an older draft.
        let fresh: fn(&WizardForm) -> bool =
            if typed_early { |_| false } else { |f| f.vertical.is_empty() && f.rooms.iter().all(|r| r.openings.is_empty()) };
        keep_draft_in_browser(draft_key(&slug), form, fresh, &["step=", "vertical="]);
    }

    // The message for a field: the server's after a submit, else the live
    // check's once the customer typed there (or tried to go on).
    let error_of = move |path: String, typed: bool| -> Option<String> {
        server_errors
            .with(|e| e.get(&path).cloned())
            .or_else(|| if typed || show_all.get() { price.with(|p| p.errors.get(&path).map(str::to_owned)) } else { None })
            .map(|m| field_message(lang, &m))
    };
    // A room with a problem shown stays open when the others fold.
    let room_in_error = Callback::new(move |i: usize| {
        let prefix = format!("rooms[{i}].");
        server_errors.with(|e| e.keys().any(|k| k.starts_with(&prefix)))
            || (show_all.get() && price.with(|p| p.errors.0.keys().any(|k| k.starts_with(&prefix))))
    });
    let (action, submit_action) = match &target {
        Target::Public => (format!("/q/{slug}"), format!("/q/{slug}/submit")),
        Target::Staff { quote_id, .. } if quote_id.is_empty() => ("/app/quotes/new".to_owned(), "/app/quotes/save".to_owned()),
        Target::Staff { quote_id, .. } => (format!("/app/quotes/{quote_id}/edit"), "/app/quotes/save".to_owned()),
    };
    let target = StoredValue::new(target);
    let slug = StoredValue::new(slug);
    let run_op = move |op: &'static str| {
        server_errors.set(BTreeMap::new());
            let first = form.with_untracked(|f| catalog.with_value(|c| first_sku_for(c, f).to_owned()));
            form.update(|f| {
                f.apply(op, lang.t("Ambiente", "Room"), &first);
                if op == "to_rooms" && f.rooms.iter().all(|r| r.openings.is_empty()) {
                    f.add_opening(0, &first);
                }
            });
            if op == "to_contact" && !price.with_untracked(ready) {
                show_all.set(true);
                form.update(|f| f.step = Step::Rooms);
                attempts.update(|n| *n += 1);
            }
            scroll_to_top();
    };
    let go = move |op: &'static str| {
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            run_op(op);
        }
    };
    let submit = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if submitting.get_untracked() {
            return;
        }
        submitting.set(true);
        let current = form.get_untracked();
        let slug = slug.get_value();
        let target = target.get_value();
        leptos::task::spawn_local(async move {
            let saved = match &target {
                Target::Public => crate::quote_public::submit_quote(slug.clone(), current, lang.code().to_owned())
                    .await
                    .map(|token| format!("/p/{token}?lang={}", lang.code())),
                Target::Staff { quote_id, version } => crate::quote_admin::save_quote(quote_id.clone(), *version, current, staff_fields.get_untracked(), lang.code().to_owned())
                    .await
                    .map(|id| format!("/app/quotes/{id}")),
            };
            match saved {
                Ok(next) => {
                    forget_draft(&draft_key(&slug));
                    go_to(&next);
                }
                Err(crate::error::AppError::Invalid { fields, .. }) => {
                    let back_to_rooms = fields.keys().any(|k| k.starts_with("rooms") || k == "vertical");
                    server_errors.set(fields);
                    show_all.set(true);
                    if back_to_rooms {
                        form.update(|f| f.step = Step::Rooms);
                    }
                    submitting.set(false);
                    attempts.update(|n| *n += 1);
                }
                Err(other) => {
                    server_errors.set(BTreeMap::from([("form".to_owned(), other.message(lang))]));
                    submitting.set(false);
                    attempts.update(|n| *n += 1);
                }
            }
        });
    };

    let on_pick = Callback::new(move |v: Vertical| {
        form.update(|f| f.vertical = v.as_str().to_owned());
        run_op("to_rooms");
    });
    view! {
        <form method="get" action=action class="pb-16 lg:pb-0" novalidate data-keep-typed="wizard" on:submit=move |ev| ev.prevent_default()>
            // Enter in a field (without JS) presses this: it only re-renders, with the price.
            <button type="submit" name="op" value="update" class="sr-only" tabindex="-1" aria-hidden="true">"update"</button>
            <input type="hidden" name="lang" value=lang.code()/>
            <input type="hidden" name="step" value=move || step.get().as_str()/>
            <input type="hidden" name="units_were" value=move || form.with(|f| if f.units == Units::Cm { "cm" } else { "m" })/>
            <StepsBar lang step steps=vec![
                (Step::Vertical, lang.t("Tipo de proyecto", "Project type")),
                (Step::Rooms, lang.t("Ambientes y medidas", "Rooms and sizes")),
                (Step::Contact, if staff { lang.t("Cliente y condiciones", "Customer and terms") } else { lang.t("Tus datos", "Your details") }),
            ]/>
            <WizardSummary lang form step server_errors show_all price attempts/>
            {move || match step.get() {
                Step::Vertical => {
                    // Cars are quoted by their glass in the car wizard: the customer's, or —
                    // for a new staff quote — the staff's, for the customer chosen from their page.
                    let auto_href = target.with_value(|t| match t {
                        Target::Public => Some(format!("/q/{}/auto?lang={}", slug.get_value(), lang.code())),
                        Target::Staff { quote_id, .. } if quote_id.is_empty() => Some(
                            match leptos_router::hooks::use_query_map().with_untracked(|q| q.get("customer"))
                                // An id (a UUID) or nothing: the link carries no other text.
                                .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')) {
                                Some(customer) => format!("/app/quotes/new/auto?customer={customer}"),
                                None => "/app/quotes/new/auto".to_owned(),
                            },
                        ),
                        Target::Staff { .. } => None,
                    });
                    view! {
                        <VerticalStep lang form on_pick auto_href staff/>
                        {staff.then(|| crate::components::staff_extras::hidden_staff(&staff_fields.get_untracked()))}
                    }.into_any()
                }
                // A vertical the organisation has no film for yet: no dead end.
                Step::Rooms if target.with_value(|t| *t == Target::Public)
                    && form.with_untracked(|f| f.vertical()).is_some_and(|v| !catalog.with_value(|c| offers_any(c, &[v]))) => view! {
                    <QuotesBeingSetUp lang brand=brand.get_value()/>
                    <button type="submit" name="op" value="to_vertical" class=format!("{SECONDARY} mt-4") on:click=go("to_vertical")>{lang.t("← Atrás", "← Back")}</button>
                }.into_any(),
                Step::Rooms => view! {
                    <div class="grid gap-6 lg:grid-cols-[1fr_22rem]">
                        <div>
                            <RoomsStep lang form catalog price error_of=Callback::new(move |(p, t)| error_of(p, t)) room_in_error go_add_room=go("add_room")/>
                            {staff.then(|| crate::components::staff_extras::hidden_staff(&staff_fields.get_untracked()))}
                            <div class="mt-6 flex flex-wrap gap-3">
                                <button type="submit" name="op" value="to_vertical" class=SECONDARY on:click=go("to_vertical")>{lang.t("← Atrás", "← Back")}</button>
                                <button type="submit" name="op" value="to_contact" class=PRIMARY on:click=go("to_contact") data-testid="to-contact">
                                    {if staff { lang.t("Continuar con el cliente →", "Continue to the customer →") } else { lang.t("Continuar con tus datos →", "Continue to your details →") }}
                                </button>
                            </div>
                        </div>
                        <PricePanel lang price catalog form/>
                    </div>
                    <noscript>
                        <button type="submit" name="op" value="update" class=format!("{SECONDARY} mt-4")>{lang.t("Actualizar precio", "Update the price")}</button>
                    </noscript>
                }.into_any(),
                Step::Contact => view! {
                    <div class="grid gap-6 lg:grid-cols-[1fr_22rem]">
                        <div>
                            {hidden_rooms(&form.get_untracked(), true)}
                            {target.with_value(|t| match t {
                                Target::Staff { quote_id, version } => view! {
                                    <input type="hidden" name="quote_id" value=quote_id.clone()/>
                                    <input type="hidden" name="version" value=*version/>
                                }.into_any(),
                                Target::Public => ().into_any(),
                            })}
                            <ContactStep lang form staff error_of=Callback::new(move |(p, t)| error_of(p, t))/>
                            {staff.then(|| view! {
                                {crate::components::staff_extras::staff_extras(lang, staff_fields, currency, Callback::new(move |(p, t)| error_of(p, t)))}
                            })}
                            <div class="mt-6 flex flex-wrap gap-3">
                                <button type="submit" name="op" value="to_rooms" class=SECONDARY on:click=go("to_rooms")>{lang.t("← Atrás", "← Back")}</button>
                                {submit_button(lang, submit_action.clone(), submitting, staff, submit)}
                            </div>
                        </div>
                        <PricePanel lang price catalog form/>
                    </div>
                }.into_any(),
            }}
        </form>
    }
}

/// Hidden copies of the rooms, so a step's form carries them (without JS).
fn hidden_rooms(form: &WizardForm, with_vertical: bool) -> impl IntoView + use<> {
    form.to_pairs(false)
        .into_iter()
        .filter(move |(k, _)| k.starts_with("rooms[") || (with_vertical && k == "vertical") || k == "units" || k == "extreme_weather")
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view()
}

/// Hidden copies of the contact fields already typed (or of the quote being
/// edited), so going back a step without JS loses nothing.
fn hidden_contact(form: &WizardForm) -> impl IntoView + use<> {
    form.to_pairs(true)
        .into_iter()
        .filter(|(k, v)| k.starts_with("contact.") && !v.is_empty())
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view()
}

#[component]
fn VerticalStep(lang: Lang, form: RwSignal<WizardForm>, on_pick: Callback<Vertical>, auto_href: Option<String>, #[prop(optional)] staff: bool) -> impl IntoView {
    let choices = [
        (Vertical::Residential, lang.t("Casa o departamento", "House or flat"), "🏠"),
        (Vertical::Commercial, lang.t("Local u oficina", "Shop or office"), "🏢"),
        (Vertical::Architectural, lang.t("Proyecto de arquitectura", "Architectural project"), "📐"),
    ];
    view! {
        <h1 class="text-2xl font-bold text-teal-900 sm:text-3xl">{if staff { lang.t("Nueva cotización", "New quote") } else { lang.t("Cotiza tus láminas en minutos", "Quote your window film in minutes") }}</h1>
        <p class="mt-2 text-slate-700">{lang.t("¿Dónde instalaremos la lámina?", "Where will the film go?")}</p>
        {hidden_rooms(&form.get_untracked(), false)}
        {hidden_contact(&form.get_untracked())}
        <div class="mt-4 grid gap-3 sm:grid-cols-3" role="group" aria-label=lang.t("Tipo de proyecto", "Project type")>
            {choices.into_iter().map(|(v, hint, icon)| {
                let pick = move |ev: leptos::ev::MouseEvent| {
                    ev.prevent_default();
                    on_pick.run(v);
                };
                view! {
                    <button type="submit" name="vertical" value=v.as_str() class="flex min-h-24 flex-col items-start rounded-2xl bg-white p-5 text-left shadow-sm ring-1 ring-slate-200 hover:ring-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600"
                        on:click=pick data-testid=format!("vertical-{}", v.as_str())>
                        <span class="text-2xl" aria-hidden="true">{icon}</span>
                        <span class="mt-2 text-lg font-semibold">{format::vertical_label(v, lang)}</span>
                        <span class="text-sm text-slate-600">{hint}</span>
                    </button>
                }
            }).collect_view()}
            <input type="hidden" name="op" value="vertical"/>
        </div>
        {auto_href.map(|href| view! {
            // Cars are quoted by their windows, not rooms: the automotive wizard.
            <a href=href class="mt-3 flex min-h-16 items-center gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600"
                data-testid="vertical-automotive">
                <span class="text-2xl" aria-hidden="true">"🚗"</span>
                <span>
                    <span class="block text-lg font-semibold">{format::vertical_label(Vertical::Automotive, lang)}</span>
                    <span class="text-sm text-slate-600">{lang.t("¿Es un vehículo? Cotiza por ventanas", "A vehicle? Quote by window")}</span>
                </span>
            </a>
        })}
    }
}

#[component]
fn RoomsStep(
    lang: Lang,
    form: RwSignal<WizardForm>,
    catalog: StoredValue<PublicCatalog>,
    price: Memo<WizardPrice>,
    error_of: Callback<(String, bool), Option<String>>,
    room_in_error: Callback<usize, bool>,
    go_add_room: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    // The list re-renders only when rooms or openings are added, removed or moved.
    let shape = Memo::new(move |_| form.with(|f| f.rooms.iter().map(|r| r.openings.len()).collect::<Vec<_>>()));
    // On a phone a three-room quote was a 4,000 px page: once the page is
    // interactive, only the room being edited is open (the newest at first,
    // then the one tapped); the others fold to one line with their openings,
    // area and price. Without JavaScript every room stays open.
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let open_room = RwSignal::new(form.with_untracked(|f| f.rooms.len().saturating_sub(1)));
    Effect::new(move |before: Option<usize>| {
        let rooms = shape.with(Vec::len);
        // A room added (or one removed): the newest is the one being edited.
        if before.is_some_and(|n| rooms != n) {
            open_room.set(rooms.saturating_sub(1));
        }
        rooms
    });
    let fold = RoomFold { interactive, open_room, room_in_error, price };
    let units = move || form.with(|f| f.units);
    let set_units = move |u: Units| form.update(|f| f.set_units(u));
    // The room just removed, to undo (without JS: the one the URL's button removed).
    let removed = RwSignal::new(leptos_router::hooks::use_query_map().with_untracked(|q| {
        removed_by_query(&q.into_iter().map(|(k, v)| (k.as_ref(), v)).collect::<Vec<_>>())
    }));
    view! {
        <h1 class="text-2xl font-bold text-teal-900">{lang.t("Ambientes y medidas", "Rooms and sizes")}</h1>
        <input type="hidden" name="vertical" value=move || form.with(|f| f.vertical.clone())/>
        {hidden_contact(&form.get_untracked())}
        <fieldset class="mt-4 flex flex-wrap items-center gap-4 rounded-xl bg-white p-4 ring-1 ring-slate-200">
            <legend class="sr-only">{lang.t("Opciones", "Options")}</legend>
            <span class="text-sm font-medium">{lang.t("Medidas en", "Sizes in")}</span>
            <label class="inline-flex min-h-11 items-center gap-2">
                <input type="radio" name="units" value="m" checked=move || units() == Units::M prop:checked=move || units() == Units::M
                    on:change=move |_| set_units(Units::M) class="h-5 w-5"/>{lang.t("metros", "metres")}
            </label>
            <label class="inline-flex min-h-11 items-center gap-2">
                <input type="radio" name="units" value="cm" checked=move || units() == Units::Cm prop:checked=move || units() == Units::Cm
                    on:change=move |_| set_units(Units::Cm) class="h-5 w-5"/>{lang.t("centímetros", "centimetres")}
            </label>
            <label class="inline-flex min-h-11 items-center gap-2">
                <input type="checkbox" name="extreme_weather" value="true" class="h-5 w-5"
                    checked=move || form.with(|f| f.extreme_weather) prop:checked=move || form.with(|f| f.extreme_weather)
                    on:change=move |ev| form.update(|f| f.extreme_weather = event_target_checked(&ev))/>
                {lang.t("Clima extremo en la obra (sol intenso, viento, nieve)", "Extreme weather on site (strong sun, wind, snow)")}
            </label>
        </fieldset>
        {move || error_of.run(("rooms".to_owned(), true)).map(|m| view! { <p role="alert" class="mt-3 text-red-700">{m}</p> })}
        {move || shape.get().into_iter().enumerate().map(|(i, openings)| view! {
            <RoomEditor lang form catalog i openings error_of removed fold/>
        }).collect_view()}
        <RoomUndo lang form removed button_class=SMALL/>
        <button type="submit" name="op" value="add_room" class=format!("{SECONDARY} mt-4 w-full") on:click=go_add_room data-testid="add-room">
            {lang.t("+ Agregar ambiente", "+ Add room")}
        </button>
    }
}

/// Which rooms are open (see [`RoomsStep`]).
#[derive(Clone, Copy)]
struct RoomFold {
    interactive: RwSignal<bool>,
    open_room: RwSignal<usize>,
    room_in_error: Callback<usize, bool>,
    price: Memo<WizardPrice>,
}

impl RoomFold {
    fn is_open(self, i: usize) -> bool {
        !self.interactive.get() || self.open_room.get() == i || self.room_in_error.run(i)
    }

    /// A folded room's line: `2 aberturas · 3,96 m² · $ 59.400`.
    fn summary(self, i: usize, openings: usize, lang: Lang) -> String {
        let count = format::plural(lang, openings, "abertura", "aberturas", "opening", "openings");
        self.price.with(|p| {
            let Some(b) = &p.breakdown else { return count.clone() };
            let (mut area, mut total) = (rust_decimal::Decimal::ZERO, rust_decimal::Decimal::ZERO);
            for (line, _) in b.lines.iter().zip(&p.line_origins).filter(|(_, (room, _))| *room == i) {
                if line.unit == domain::Unit::M2 {
                    area += line.qty;
                }
                total += line.total;
            }
            if total.is_zero() {
                return count.clone();
            }
            format!("{count} · {} m² · {}", format::quantity(area.round_dp(2), lang == Lang::Es), format::money(total, b.currency, lang))
        })
    }
}

#[component]
fn RoomEditor(
    lang: Lang,
    form: RwSignal<WizardForm>,
    catalog: StoredValue<PublicCatalog>,
    i: usize,
    openings: usize,
    error_of: Callback<(String, bool), Option<String>>,
    removed: RwSignal<Option<RemovedRoom>>,
    fold: RoomFold,
) -> impl IntoView {
    let room = move |get: fn(&crate::wizard_form::RoomForm) -> String| form.with(|f| f.rooms.get(i).map(get).unwrap_or_default());
    let not_first = move || i != 0;
    let several = move || form.with(|f| f.rooms.len() != 1);
    let first_sku = move || form.with_untracked(|f| catalog.with_value(|c| first_sku_for(c, f).to_owned()));
    let op = move |name: &'static str| {
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            let sku = first_sku();
            match name {
                "remove_room" => remove_room(form, removed, i),
                "room_up" => {
                    form.update(|f| f.move_room_up(i));
                    // The open room moves with its content.
                    if fold.open_room.get_untracked() == i {
                        fold.open_room.set(i - 1);
                    }
                }
                _ => form.update(|f| f.add_opening(i, &sku)),
            }
        }
    };
    let name_id = format!("room-{i}-name");
    let floor_id = format!("room-{i}-floor");
    let room_label = move || form.with(|f| f.room_label(i, lang));
    let floor_error = move || error_of.run((format!("rooms[{i}].floor"), true));
    // Tapping a folded room's line opens it (and folds the open one); tapping the open one folds it.
    let toggle = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        fold.open_room.set(if fold.open_room.get_untracked() == i { usize::MAX } else { i });
    };
    view! {
        <details class="group mt-4 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="room" open=true prop:open=move || fold.is_open(i)>
        <summary class="flex min-h-12 cursor-pointer list-none flex-wrap items-center justify-between gap-x-3 gap-y-1 rounded-2xl px-4 py-3 focus:outline-none focus:ring-2 focus:ring-teal-600 [&::-webkit-details-marker]:hidden"
            on:click=toggle data-testid="room-summary">
            <span class="text-lg font-semibold">{room_label}</span>
            <span class="text-sm text-slate-600" data-testid="room-line">
                {move || fold.summary(i, openings, lang)}
                <span aria-hidden="true" class="ml-2 inline-block transition-transform group-open:rotate-180">"▾"</span>
            </span>
        </summary>
        <fieldset class="px-4 pb-4">
            <legend class="sr-only">{room_label}</legend>
            <div class="grid grid-cols-[1fr_6rem] gap-3">
                <div>
                    <label for=name_id.clone() class="text-sm font-medium">{lang.t("Nombre del ambiente", "Room name")}</label>
                    <input id=name_id name=format!("rooms[{i}].name") class=INPUT autocomplete="off" maxlength="120"
                        value=room(|r| r.name.clone()) prop:value=move || room(|r| r.name.clone())
                        on:input=move |ev| form.update(|f| if let Some(r) = f.rooms.get_mut(i) { r.name = event_target_value(&ev) })/>
                </div>
                <div>
                    <label for=floor_id.clone() class="text-sm font-medium">{lang.t("Piso", "Floor")}</label>
                    <input id=floor_id name=format!("rooms[{i}].floor") class=INPUT inputmode="numeric" autocomplete="off"
                        value=room(|r| r.floor.clone()) prop:value=move || room(|r| r.floor.clone())
                        aria-invalid=move || floor_error().is_some().then_some("true")
                        on:input=move |ev| form.update(|f| if let Some(r) = f.rooms.get_mut(i) { r.floor = event_target_value(&ev) })/>
                </div>
            </div>
            {move || floor_error().map(|m| view! { <p class="mt-1 text-sm text-red-700">{m}</p> })}
            {(0..openings).map(|j| view! { <OpeningEditor lang form catalog i j error_of/> }).collect_view()}
            <div class="mt-3 flex flex-wrap gap-2">
                <button type="submit" id=format!("room-{i}-add-opening") name="op" value=format!("add_opening:{i}") class=SECONDARY on:click=op("add_opening") data-testid="add-opening">
                    {lang.t("+ Agregar ventana o puerta", "+ Add window or door")}
                </button>
                <Show when=not_first>
                    <button type="submit" name="op" value=format!("room_up:{i}") class=SMALL on:click=op("room_up")
                        aria-label=move || format!("{} {}", lang.t("Subir", "Move up"), room_label())>"↑"</button>
                </Show>
                <Show when=several>
                    <button type="submit" name="op" value=format!("remove_room:{i}") class=format!("{SMALL} text-red-800") on:click=op("remove_room")>
                        {lang.t("Quitar ambiente", "Remove room")}
                    </button>
                </Show>
            </div>
        </fieldset>
        </details>
    }
}

#[component]
fn OpeningEditor(
    lang: Lang,
    form: RwSignal<WizardForm>,
    catalog: StoredValue<PublicCatalog>,
    i: usize,
    j: usize,
    error_of: Callback<(String, bool), Option<String>>,
) -> impl IntoView {
    type Get = fn(&crate::wizard_form::OpeningForm) -> String;
    let value = move |get: Get| form.with(|f| f.rooms.get(i).and_then(|r| r.openings.get(j)).map(get).unwrap_or_default());
    let set = move |apply: fn(&mut crate::wizard_form::OpeningForm, String), v: String| {
        form.update(|f| {
            if let Some(o) = f.rooms.get_mut(i).and_then(|r| r.openings.get_mut(j)) {
                apply(o, v);
            }
        });
    };
    let flag = move |get: fn(&crate::wizard_form::OpeningForm) -> bool| form.with(|f| f.rooms.get(i).and_then(|r| r.openings.get(j)).map(get).unwrap_or(false));
    let path = move |field: &str| format!("rooms[{i}].openings[{j}].{field}");
    let id = move |field: &str| format!("o-{i}-{j}-{field}");
    let unit = move || form.with(|f| if f.units == Units::Cm { "cm" } else { "m" });
    let text_field = move |field: &'static str, label: String, get: Get, apply: fn(&mut crate::wizard_form::OpeningForm, String), mode: &'static str| {
        let error = move || error_of.run((path(field), !value(get).trim().is_empty()));
        let error_id = id(&format!("{field}-error"));
        let described = error_id.clone();
        view! {
            <div>
                <label for=id(field) class="text-sm font-medium">{label}</label>
                <input id=id(field) name=path(field) class=INPUT inputmode=mode autocomplete="off"
                    value=form.with_untracked(|f| f.rooms.get(i).and_then(|r| r.openings.get(j)).map(get).unwrap_or_default())
                    prop:value=move || value(get)
                    aria-invalid=move || error().is_some().then_some("true")
                    aria-describedby=move || error().is_some().then(|| described.clone())
                    on:input=move |ev| set(apply, event_target_value(&ev))/>
                {move || error().map(|m| view! { <p id=error_id.clone() class="mt-1 text-sm text-red-700">{m}</p> })}
            </div>
        }
    };
    let vertical = move || form.with(|f| f.vertical());
    let films = move || {
        catalog.with_value(|c| {
            c.products
                .iter()
                .filter(|p| vertical().is_none_or(|v| p.verticals.contains(&v)))
                .map(|p| {
                    let unit = match p.unit {
                        domain::Unit::M2 => "m²",
                        domain::Unit::M => lang.t("m lineal", "linear m"),
                    };
                    (p.sku.clone(), format!("{} — {}/{unit}", p.name(lang.code()), format::money(p.material_price + p.installation_price, c.currency, lang)))
                })
                .collect::<Vec<_>>()
        })
    };
    let badges = move || {
        let sku = value(|o| o.sku.clone());
        catalog.with_value(|c| c.products.iter().find(|p| p.sku == sku).map(|p| spec_badges(&p.specs, lang)).unwrap_or_default())
    };
    let sku_error = move || error_of.run((path("sku"), true));
    let remove = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        form.update(|f| f.remove_opening(i, j));
    };
    view! {
        <div class="mt-4 rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="opening">
            <div class="grid grid-cols-2 gap-3 sm:grid-cols-4">
                <div class="col-span-2">
                    <label for=id("kind") class="text-sm font-medium">{lang.t("Tipo", "Kind")}</label>
                    <select id=id("kind") name=path("kind") class=INPUT on:change=move |ev| set(|o, v| o.kind = v, event_target_value(&ev))>
                        {OpeningKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=move || value(|o| o.kind.clone()) == k.as_str()>{format::opening_label(k, lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                {text_field("quantity", lang.t("Cantidad", "Quantity").to_owned(), |o| o.quantity.clone(), |o, v| o.quantity = v, "numeric")}
                <div class="hidden sm:block"></div>
                {move || text_field("width", format!("{} ({})", lang.t("Ancho", "Width"), unit()), |o| o.width.clone(), |o, v| o.width = v, "decimal")}
                {move || text_field("height", format!("{} ({})", lang.t("Alto", "Height"), unit()), |o| o.height.clone(), |o, v| o.height = v, "decimal")}
                <div class="col-span-2">
                    <label for=id("sku") class="text-sm font-medium">{lang.t("Lámina", "Film")}</label>
                    <select id=id("sku") name=path("sku") class=INPUT on:change=move |ev| set(|o, v| o.sku = v, event_target_value(&ev))
                        aria-invalid=move || sku_error().is_some().then_some("true")>
                        {move || films().into_iter().map(|(sku, label)| {
                            let selected = sku.clone();
                            view! { <option value=sku selected=move || value(|o| o.sku.clone()) == selected>{label}</option> }
                        }).collect_view()}
                    </select>
                    {move || sku_error().map(|m| view! { <p class="mt-1 text-sm text-red-700">{m}</p> })}
                    <ul class="mt-2 flex flex-wrap gap-1" aria-label=lang.t("Especificaciones", "Specifications")>
                        {move || badges().into_iter().map(|b| view! { <li class="rounded-full bg-teal-50 px-2 py-0.5 text-xs font-medium text-teal-900 ring-1 ring-teal-200">{b}</li> }).collect_view()}
                    </ul>
                </div>
            </div>
            <div class="mt-2 flex flex-wrap items-center gap-x-5">
                <label class="inline-flex min-h-11 items-center gap-2 text-sm">
                    <input type="checkbox" name=path("curved") value="true" class="h-5 w-5" checked=flag(|o| o.curved) prop:checked=move || flag(|o| o.curved)
                        on:change=move |ev| { let on = event_target_checked(&ev); form.update(|f| if let Some(o) = f.rooms.get_mut(i).and_then(|r| r.openings.get_mut(j)) { o.curved = on }) }/>
                    {lang.t("Vidrio curvo", "Curved glass")}
                </label>
                <label class="inline-flex min-h-11 items-center gap-2 text-sm">
                    <input type="checkbox" name=path("difficult") value="true" class="h-5 w-5" checked=flag(|o| o.difficult) prop:checked=move || flag(|o| o.difficult)
                        on:change=move |ev| { let on = event_target_checked(&ev); form.update(|f| if let Some(o) = f.rooms.get_mut(i).and_then(|r| r.openings.get_mut(j)) { o.difficult = on }) }/>
                    {lang.t("Acceso difícil (altura, andamio)", "Difficult access (height, scaffolding)")}
                </label>
                <button type="submit" name="op" value=format!("remove_opening:{i}:{j}") class=format!("{SMALL} ml-auto text-red-800") on:click=remove>
                    {lang.t("Quitar", "Remove")}
                </button>
            </div>
        </div>
    }
}

#[component]
fn ContactStep(lang: Lang, form: RwSignal<WizardForm>, staff: bool, error_of: Callback<(String, bool), Option<String>>) -> impl IntoView {
    type Get = fn(&crate::wizard_form::ContactForm) -> String;
    let field = move |name: &'static str, label: &'static str, kind: &'static str, autocomplete: &'static str, hint: Option<&'static str>, get: Get, apply: fn(&mut crate::wizard_form::ContactForm, String)| {
        let path = format!("contact.{name}");
        let id = format!("contact-{name}");
        let error = {
            let path = path.clone();
            move || error_of.run((path.clone(), false))
        };
        let error_id = format!("{id}-error");
        let described = error_id.clone();
        let (e1, e2) = (error.clone(), error.clone());
        view! {
            <div class="mb-4">
                <label for=id.clone() class="text-sm font-medium">{label}</label>
                <input id=id name=path type=kind class=INPUT autocomplete=autocomplete
                    value=form.with_untracked(|f| get(&f.contact)) prop:value=move || form.with(|f| get(&f.contact))
                    aria-invalid=move || e1().is_some().then_some("true")
                    aria-describedby=move || e2().is_some().then(|| described.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| apply(&mut f.contact, v)) }/>
                {hint.map(|h| view! { <p class="mt-1 text-sm text-slate-600">{h}</p> })}
                {move || error().map(|m| view! { <p id=error_id.clone() role="alert" class="mt-1 text-sm text-red-700">{m}</p> })}
            </div>
        }
    };
    view! {
        <h1 class="text-2xl font-bold text-teal-900">{if staff { lang.t("Cliente", "Customer") } else { lang.t("Tus datos", "Your details") }}</h1>
        <p class="mb-4 mt-1 text-slate-700">{if staff { lang.t("A quién va la cotización y dónde se instala.", "Who the quote is for and where it is installed.") } else { lang.t("Te enviaremos la cotización y te contactaremos para coordinar la visita.", "We will send you the quote and get in touch to arrange a visit.") }}</p>
        {staff.then(|| {
            let on_pick = Callback::new(move |c: domain::CustomerSummary| form.update(|f| crate::components::customer_picker::pick(&mut f.contact, &c)));
            view! { <crate::components::customer_picker::CustomerPicker lang on_pick/> }
        })}
        <div class="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
            {field("name", lang.t("Nombre y apellido", "Full name"), "text", "name", None, |c| c.name.clone(), |c, v| c.name = v)}
            {field("phone", lang.t("Teléfono / WhatsApp", "Phone / WhatsApp"), "tel", "tel", Some(lang.t("Con código de país, p. ej. +56 9 1234 5678", "With the country code, e.g. +1 415 555 0100")), |c| c.phone.clone(), |c, v| c.phone = v)}
            {field("email", lang.t("Email (opcional)", "Email (optional)"), "email", "email", None, |c| c.email.clone(), |c, v| c.email = v)}
            {field("address", lang.t("Dirección de la obra", "Site address"), "text", "street-address", None, |c| c.address.clone(), |c, v| c.address = v)}
            {field("commune", lang.t("Comuna / ciudad", "District / city"), "text", "address-level2", None, |c| c.commune.clone(), |c, v| c.commune = v)}
            {contact_choices(lang, form, |f| &f.contact, |f| &mut f.contact, staff)}
        </div>
    }
}

#[component]
fn PricePanel(lang: Lang, price: Memo<WizardPrice>, catalog: StoredValue<PublicCatalog>, form: RwSignal<WizardForm>) -> impl IntoView {
    let currency = catalog.with_value(|c| c.currency);
    let country = catalog.with_value(|c| c.country.clone());
    let total = Signal::derive(move || price.with(|p| p.breakdown.as_ref().map(|b| format::money(b.total, currency, lang))));
    view! {
        <PriceAside lang total>
            {move || price.with(|p| match &p.breakdown {
                Some(b) => view! {
                    {lines_view(b, &p.line_origins, form, lang)}
                    {totals_view(b, lang, &country)}
                }.into_any(),
                None => view! {
                    <p class="text-slate-600">{lang.t("Ingresa ancho y alto para ver el precio.", "Enter width and height to see the price.")}</p>
                }.into_any(),
            })}
        </PriceAside>
    }
}

fn lines_view(b: &QuoteBreakdown, origins: &[(usize, usize)], form: RwSignal<WizardForm>, lang: Lang) -> impl IntoView + use<> {
    let spanish = lang == Lang::Es;
    let currency = b.currency;
    let rows: Vec<_> = b
        .lines
        .iter()
        .zip(origins)
        .map(|(l, (i, j))| {
            let room = form.with_untracked(|f| f.room_label(*i, lang));
            let unit = if l.unit == domain::Unit::M2 { "m²" } else { "m" };
            (
                format!("{room} · {} {}", format::opening_label(l.kind, lang), j + 1),
                format!("{} {unit} {}", format::quantity(l.qty, spanish), lang.t("con merma", "with waste")),
                format::money(l.total, currency, lang),
            )
        })
        .collect();
    price_lines(rows, lang)
}

fn draft_key(slug: &str) -> String {
    format!("cotiza:wizard:{slug}")
}
