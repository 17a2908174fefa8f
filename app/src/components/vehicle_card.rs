//! The vehicle of an automotive quote, as the quote page and its public
//! page show it: make, model, year, VIN, body type, plate and colour; the
//! packages chosen; the legal-tint warnings; and the 360° spin when the
//! vehicle has one.
use domain::{AutomotiveDetails, VehicleView};
use leptos::prelude::*;

use crate::components::spin_viewer::SpinViewer;
use crate::i18n::Lang;

#[component]
pub fn VehicleCard(
    details: AutomotiveDetails,
    lang: Lang,
    spin: Option<VehicleView>,
    /// Staff pages link to the vehicle's page (to upload its 360° video).
    #[prop(optional_no_strip)]
    vehicle_href: Option<String>,
) -> impl IntoView {
    let v = details.vehicle;
    let code = lang.code();
    let mut facts = vec![(lang.t("Carrocería", "Body type"), v.body_type.label(code).to_owned())];
    if let Some(vin) = v.vin.clone().filter(|s| !s.is_empty()) {
        facts.push(("VIN", vin));
    }
    if !v.plate.is_empty() {
        facts.push((lang.t("Patente", "Plate"), v.plate.clone()));
    }
    if !v.colour.is_empty() {
        facts.push((lang.t("Color", "Colour"), v.colour.clone()));
    }
    let packages = details.packages.iter().map(|p| p.name(code).to_owned()).collect::<Vec<_>>();
    let warnings = details.warnings.iter().map(|w| {
        format!(
            "{}: {}",
            w.position.label(code),
            match lang {
                Lang::Es => format!("la lámina deja pasar {} % de luz; el mínimo legal es {} %.", w.vlt, w.minimum),
                Lang::En => format!("the film lets through {} % of light; the legal minimum is {} %.", w.vlt, w.minimum),
            }
        )
    }).collect::<Vec<_>>();
    let spin = spin.filter(|s| s.is_ready && !s.frames.is_empty());
    view! {
        <section class="mt-4 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200" aria-labelledby="vehicle-heading" data-testid="quote-vehicle">
            <h2 id="vehicle-heading" class="text-sm font-semibold uppercase tracking-wide text-slate-500">{lang.t("Vehículo", "Vehicle")}</h2>
            <p class="text-lg font-semibold" data-testid="vehicle-name">{format!("{} {} {}", v.make, v.model, v.year)}</p>
            {vehicle_href.map(|href| view! {
                <p class="text-sm"><a class="text-teal-800 underline" href=href>{lang.t("Ficha del vehículo y video 360°", "Vehicle page and 360° video")}</a></p>
            })}
            <dl class="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                {facts.into_iter().map(|(k, value)| view! { <dt class="text-slate-600">{k}</dt><dd class="break-all">{value}</dd> }).collect_view()}
            </dl>
            {(!packages.is_empty()).then(|| view! {
                <p class="mt-2 text-sm"><span class="text-slate-600">{lang.t("Paquetes", "Packages")} ": "</span><span data-testid="vehicle-packages">{packages.join(", ")}</span></p>
            })}
            {(!warnings.is_empty()).then(|| view! {
                <div role="note" class="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="tint-warnings">
                    <p class="font-semibold">{lang.t("Advertencia de tinte legal", "Legal tint warning")}</p>
                    <ul class="list-disc pl-5">{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                </div>
            })}
            {spin.map(|s| view! {
                <div class="mt-4" data-testid="quote-spin">
                    <h3 class="mb-2 font-semibold">{lang.t("Vista 360°", "360° view")}</h3>
                    <SpinViewer frames=s.frames config=s.config lang/>
                </div>
            })}
        </section>
    }
}
