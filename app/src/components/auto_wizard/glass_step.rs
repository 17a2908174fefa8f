//! The car wizard's second step: the glass and packages, each with its
//! film, the legal-tint warnings beside the film that causes them, and the
//! car seen from above whose glass is tapped.
use domain::{GlassPosition, Specs};
use leptos::prelude::*;

use super::{BADGE, CARD};
use crate::automotive_form::{AutoPrice, AutomotiveForm};
use crate::automotive_wizard::AutomotiveWizardCatalog;
use crate::components::badges::spec_badges;
use crate::components::car_diagram::{CarDiagram, GlassLook};
use crate::components::wizard_kit::{INPUT, SMALL};
use crate::format;
use crate::i18n::Lang;

/// A film select's options: name, VLT and price per m².
fn film_options(data: StoredValue<AutomotiveWizardCatalog>, lang: Lang) -> Vec<(String, String)> {
    data.with_value(|d| {
        d.catalog
            .products
            .iter()
            .map(|p| {
                let vlt = d.film_vlt(&p.sku).map(|v| format!(" · VLT {v} %")).unwrap_or_default();
                let unit = match p.unit {
                    domain::Unit::M2 => "m²",
                    domain::Unit::M => lang.t("m lineal", "linear m"),
                };
                let each = format::money(p.material_price + p.installation_price, d.catalog.currency, lang);
                (p.sku.clone(), format!("{}{vlt} — {each}/{unit}", p.name(lang.code())))
            })
            .collect()
    })
}

/// The VLT badge of a film ("Luz visible 5 %").
fn vlt_badge(data: StoredValue<AutomotiveWizardCatalog>, sku: &str, lang: Lang) -> Option<String> {
    data.with_value(|d| d.film(sku).and_then(|p| spec_badges(&Specs { vlt_pct: p.specs.vlt_pct, ..Specs::default() }, lang).into_iter().next()))
}

/// The legal-tint warning of one glass, in the page's language; `glass`
/// names it when the film is a package's (several glass share it).
fn warning_text(lang: Lang, w: &domain::TintWarning, glass: Option<&str>) -> String {
    let text = match (lang, w.position == GlassPosition::Windshield) {
        (Lang::Es, false) => format!("Esta lámina deja pasar {} % de luz; el mínimo legal para las ventanas delanteras es {} %.", w.vlt, w.minimum),
        (Lang::En, false) => format!("This film lets {} % of light through; the legal minimum for front side windows is {} %.", w.vlt, w.minimum),
        (Lang::Es, true) => format!("Esta lámina deja pasar {} % de luz; el mínimo legal para el parabrisas completo es {} %. La franja del parabrisas sí se permite.", w.vlt, w.minimum),
        (Lang::En, true) => format!("This film lets {} % of light through; the legal minimum for a whole windshield is {} %. The windshield strip is allowed.", w.vlt, w.minimum),
    };
    match glass {
        Some(glass) => format!("⚠ {glass}: {}{}", text[..1].to_lowercase(), &text[1..]),
        None => format!("⚠ {text}"),
    }
}

/// A film select with its label, its VLT badge, its error and — right
/// under it, and named by it — the legal-tint warnings its film causes.
#[allow(clippy::too_many_arguments)]
fn film_select(
    data: StoredValue<AutomotiveWizardCatalog>,
    lang: Lang,
    id: String,
    name: String,
    label: String,
    current: Signal<String>,
    on_pick: Callback<String>,
    error: Signal<Option<String>>,
    warnings: Signal<Vec<String>>,
) -> impl IntoView + use<> {
    let error_id = format!("{id}-error");
    let warning_id = format!("{id}-warning");
    let described = {
        let (error_id, warning_id) = (error_id.clone(), warning_id.clone());
        move || {
            let ids: Vec<&str> = [
                error.get().is_some().then_some(error_id.as_str()),
                warnings.with(|w| !w.is_empty()).then_some(warning_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="mt-2">
            <label for=id.clone() class="text-sm font-medium">{label}</label>
            <select id=id name=name class=INPUT on:change=move |ev| on_pick.run(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described>
                {film_options(data, lang).into_iter().map(|(sku, text)| {
                    let is = sku.clone();
                    view! { <option value=sku selected=move || current.get() == is>{text}</option> }
                }).collect_view()}
            </select>
            {move || error.get().map(|m| view! { <p id=error_id.clone() class="mt-1 text-sm text-red-700">{m}</p> })}
            {move || {
                let shown = warnings.get();
                (!shown.is_empty()).then(|| view! {
                    <div id=warning_id.clone() role="status" class="mt-2 space-y-1 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
                        {shown.into_iter().map(|w| view! { <p data-testid="tint-warning">{w}</p> }).collect_view()}
                    </div>
                })
            }}
            <p class="mt-2 flex flex-wrap gap-1">
                {move || vlt_badge(data, &current.get(), lang).map(|b| view! { <span class=BADGE>{b}</span> })}
            </p>
        </div>
    }
}

#[component]
pub(super) fn GlassStep(
    lang: Lang,
    form: RwSignal<AutomotiveForm>,
    data: StoredValue<AutomotiveWizardCatalog>,
    price: Memo<AutoPrice>,
    error_of: Callback<String, Option<String>>,
    edited: Callback<String>,
    go_vehicle: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let spanish = lang == Lang::Es;
    let body = form.with_untracked(|f| f.body());
    let summary = form.with_untracked(|f| {
        let v = &f.vehicle;
        [v.make.trim(), v.model.trim(), v.year.trim(), v.plate.trim()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
    });
    let body_label = body.map(|b| b.label(lang.code())).unwrap_or_default();
    let lightest = data.with_value(|d| d.default_film().to_owned());
    let packages: Vec<domain::Package> = body
        .map(|b| data.with_value(|d| d.automotive.packages_for(b).into_iter().cloned().collect()))
        .unwrap_or_default();
    // Which package has each glass now: the list re-renders when that changes.
    let covered = Memo::new(move |_| {
        form.with(|f| {
            data.with_value(|d| {
                body.map(|b| b.positions())
                    .unwrap_or_default()
                    .iter()
                    .map(|p| f.covering_package(d, *p).map(|pkg| pkg.name(lang.code()).to_owned()))
                    .collect::<Vec<_>>()
            })
        })
    });
    let tidy = move || form.update(|f| data.with_value(|d| f.tidy(d)));

    let package_rows = {
        let lightest = lightest.clone();
        packages
            .into_iter()
            .map(|p| {
                let code = p.code.clone();
                let has: Vec<GlassPosition> = body.map(|b| p.positions_for(b)).unwrap_or_default();
                let glass: Vec<&str> = has.iter().map(|g| g.label(lang.code())).collect();
                // The package's film is what darkens its front windows: warned here, once it is
                // chosen (a glass is in one package or chosen alone, never both).
                let warnings = {
                    let code = code.clone();
                    Signal::derive(move || {
                        if !form.with(|f| f.packages.contains(&code)) {
                            return Vec::new();
                        }
                        price.with(|pr| has.iter().filter_map(|g| pr.warning(*g).map(|w| warning_text(lang, w, Some(g.label(lang.code()))))).collect())
                    })
                };
                let chosen = {
                    let code = code.clone();
                    move || form.with(|f| f.packages.contains(&code))
                };
                let toggle = {
                    let code = code.clone();
                    move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        form.update(|f| f.set_package(&code, on));
                        tidy();
                        edited.run(format!("package.{code}"));
                        edited.run("glass".to_owned());
                    }
                };
                let current = {
                    let (code, lightest) = (code.clone(), lightest.clone());
                    Signal::derive(move || form.with(|f| Some(f.package_film(&code)).filter(|s| !s.is_empty()).unwrap_or(&lightest).to_owned()))
                };
                let on_pick = {
                    let code = code.clone();
                    Callback::new(move |sku: String| {
                        form.update(|f| {
                            f.package_films.insert(code.clone(), sku);
                        });
                        edited.run(format!("package_film.{code}"));
                    })
                };
                let (code_error, film_error) = (format!("package.{code}"), format!("package_film.{code}"));
                let code_error = Signal::derive(move || error_of.run(code_error.clone()));
                let film_error = Signal::derive(move || error_of.run(film_error.clone()));
                let id = format!("package-{code}");
                let checked = chosen.clone();
                view! {
                    <div class="mt-3 rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="package" data-code=code.clone()>
                        <label class="flex min-h-11 items-start gap-3">
                            <input type="checkbox" id=id name="package" value=code.clone() class="mt-1 h-5 w-5 shrink-0"
                                checked=checked() prop:checked=chosen on:change=toggle/>
                            <span>
                                <span class="block font-semibold">{p.name(lang.code()).to_owned()}</span>
                                <span class="text-sm text-slate-600">{glass.join(", ")}</span>
                            </span>
                        </label>
                        {move || code_error.get().map(|m| view! { <p role="alert" class="mt-1 text-sm text-red-700">{m}</p> })}
                        {film_select(data, lang, format!("package-film-{code}"), format!("package_film.{code}"),
                            format!("{} · {}", lang.t("Lámina del paquete", "Package film"), p.name(lang.code())), current, on_pick, film_error, warnings)}
                    </div>
                }
            })
            .collect_view()
    };

    let glass_rows = move || {
        let covered = covered.get();
        let positions = body.map(|b| b.positions()).unwrap_or_default();
        positions
            .iter()
            .zip(covered)
            .map(|(&position, in_package)| {
                let name = position.as_str();
                let label = position.label(lang.code());
                let area = body
                    .and_then(|b| data.with_value(|d| d.automotive.template(b, position).map(|t| t.area_m2())))
                    .map(|a| format!("{} m²", format::quantity(a, spanish)));
                // Under the glass's own film select; a package's film warns under the package.
                let warnings = Signal::derive(move || price.with(|p| p.warning(position).map(|w| warning_text(lang, w, None)).into_iter().collect()));
                let id = format!("glass-{name}");
                let head = move |control: AnyView| view! {
                    <div class="flex min-h-11 items-start gap-3">
                        {control}
                        <label for=id.clone() class="flex-1">
                            <span class="block font-medium">{label}</span>
                            {area.clone().map(|a| view! { <span class="text-sm text-slate-600">{a}</span> })}
                        </label>
                    </div>
                };
                match in_package {
                    // In a chosen package: its film is the package's; the own pick is kept.
                    Some(package) => {
                        let film = form.with_untracked(|f| f.film(position).to_owned());
                        view! {
                            <div class="mt-3 rounded-xl bg-teal-50 p-3 ring-1 ring-teal-200" data-testid="glass" data-position=name>
                                {head(view! { <input type="checkbox" id=format!("glass-{name}") class="mt-1 h-5 w-5 shrink-0" checked=true disabled=true/> }.into_any())}
                                <p class="ml-8 text-sm text-teal-900">{format!("{} «{package}»", lang.t("Incluido en el paquete", "Included in the package"))}</p>
                                {(!film.is_empty()).then(|| view! { <input type="hidden" name=format!("film.{name}") value=film/> })}
                            </div>
                        }
                        .into_any()
                    }
                    None => {
                        let chosen = move || form.with(|f| f.glass.contains(&position));
                        let toggle = move |ev: leptos::ev::Event| {
                            let on = event_target_checked(&ev);
                            form.update(|f| f.set_glass(position, on));
                            tidy();
                            edited.run(format!("glass.{name}"));
                            edited.run("glass".to_owned());
                        };
                        let current = {
                            let lightest = lightest.clone();
                            Signal::derive(move || form.with(|f| Some(f.film(position)).filter(|s| !s.is_empty()).unwrap_or(&lightest).to_owned()))
                        };
                        let on_pick = Callback::new(move |sku: String| {
                            form.update(|f| {
                                f.films.insert(name.to_owned(), sku);
                            });
                            edited.run(format!("film.{name}"));
                        });
                        let glass_error = Signal::derive(move || error_of.run(format!("glass.{name}")));
                        let film_error = Signal::derive(move || error_of.run(format!("film.{name}")));
                        view! {
                            <div class="mt-3 rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="glass" data-position=name>
                                {head(view! {
                                    <input type="checkbox" id=format!("glass-{name}") name="glass" value=name class="mt-1 h-5 w-5 shrink-0"
                                        checked=chosen() prop:checked=chosen on:change=toggle/>
                                }.into_any())}
                                {move || glass_error.get().map(|m| view! { <p role="alert" class="mt-1 text-sm text-red-700">{m}</p> })}
                                {film_select(data, lang, format!("film-{name}"), format!("film.{name}"),
                                    format!("{} · {label}", lang.t("Lámina", "Film")), current, on_pick, film_error, warnings)}
                            </div>
                        }
                        .into_any()
                    }
                }
            })
            .collect_view()
    };

    // The car seen from above: tapping a glass toggles it like its checkbox.
    let diagram = body.map(|body| {
        let look = Callback::new(move |p: GlassPosition| {
            form.with(|f| {
                data.with_value(|d| GlassLook {
                    chosen: f.glass.contains(&p),
                    package: f.covering_package(d, p).map(|pkg| pkg.name(lang.code()).to_owned()),
                    warned: price.with(|pr| pr.warning(p).is_some()),
                })
            })
        });
        let toggle = Callback::new(move |p: GlassPosition| {
            form.update(|f| data.with_value(|d| f.toggle_glass(p, d)));
            edited.run(format!("glass.{}", p.as_str()));
            edited.run("glass".to_owned());
        });
        let action = format!("/q/{}/auto#car-diagram", data.with_value(|d| d.catalog.org.clone()));
        view! { <CarDiagram body lang look toggle action/> }
    });

    view! {
        <h1 class="text-2xl font-bold text-teal-900">{lang.t("Vidrios y láminas", "Glass and film")}</h1>
        <p class="mt-1 flex flex-wrap items-center gap-2 text-slate-700" data-testid="vehicle-summary">
            <span class="font-medium">{summary}</span>
            <span class="text-slate-600">{format!("· {body_label}")}</span>
            <button type="submit" name="op" value="to_vehicle" class=SMALL on:click=go_vehicle>{lang.t("Cambiar", "Change")}</button>
        </p>
        <fieldset class=format!("{CARD} mt-4")>
            <legend class="px-1 text-lg font-semibold">{lang.t("Paquetes", "Packages")}</legend>
            <p class="text-sm text-slate-600">{lang.t("Una lámina para varios vidrios de una vez.", "One film for several windows at once.")}</p>
            {package_rows}
        </fieldset>
        <fieldset class=format!("{CARD} mt-4")>
            <legend class="px-1 text-lg font-semibold">{lang.t("Vidrios", "Windows")}</legend>
            <p class="text-sm text-slate-600">{lang.t(
                "Toca cada vidrio a polarizar en el dibujo (o márcalo en la lista) y elige su lámina.",
                "Tap each window to tint on the drawing (or tick it in the list) and choose its film.")}</p>
            {diagram}
            {move || error_of.run("glass".to_owned()).map(|m| view! { <p role="alert" class="mt-2 text-red-700">{m}</p> })}
            {glass_rows}
        </fieldset>
    }
}
