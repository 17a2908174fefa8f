//! A one-opening estimate that prices live in the browser with the same
//! engine the server uses, and still works as a plain GET form without JS.
use domain::{Currency, Opening, OpeningKind, PricedProduct, PricingContext, QuoteBreakdown, QuoteInput, Room, price_quote};
use leptos::prelude::*;
use rust_decimal::Decimal;

use crate::catalog::PublicCatalog;
use crate::format;
use crate::i18n::Lang;

/// What the customer typed, as text (it may be half-typed).
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateInput {
    pub width: String,
    pub height: String,
    pub quantity: String,
    pub sku: String,
}

impl EstimateInput {
    /// From the page's query string (`?width=1,2&height=1.5&quantity=2&sku=…`), with defaults.
    pub fn from_query(get: impl Fn(&str) -> Option<String>, catalog: &PublicCatalog) -> EstimateInput {
        let first_sku = catalog.products.first().map(|p| p.sku.clone()).unwrap_or_default();
        EstimateInput {
            width: get("width").unwrap_or_else(|| "1.20".into()),
            height: get("height").unwrap_or_else(|| "1.50".into()),
            quantity: get("quantity").unwrap_or_else(|| "2".into()),
            sku: get("sku").filter(|s| catalog.products.iter().any(|p| &p.sku == s)).unwrap_or(first_sku),
        }
    }
}

/// Prices one window of `input`; the error is a message for the customer.
pub fn estimate(
    input: &EstimateInput,
    currency: Currency,
    tax_rate: Decimal,
    products: &[PricedProduct],
    lang: Lang,
) -> Result<QuoteBreakdown, String> {
    let number = |text: &str, what: &'static str| {
        text.trim()
            .replace(',', ".")
            .parse::<Decimal>()
            .map_err(|_| format!("{}: {}", what, lang.t("escribe un número", "type a number")))
    };
    let width_label = lang.t("Ancho", "Width");
    let height_label = lang.t("Alto", "Height");
    let quantity_label = lang.t("Cantidad", "Quantity");
    let width = number(&input.width, width_label)?;
    let height = number(&input.height, height_label)?;
    let quantity = input
        .quantity
        .trim()
        .parse::<u32>()
        .map_err(|_| format!("{quantity_label}: {}", lang.t("escribe un número entero", "type a whole number")))?;
    let quote = QuoteInput {
        extreme_weather: false,
        rooms: vec![Room {
            name: lang.t("Estimación", "Estimate").into(),
            floor: 1,
            openings: vec![Opening {
                kind: OpeningKind::Window,
                width_m: width,
                height_m: height,
                quantity,
                sku: input.sku.clone(),
                curved_glass: false,
                difficult_access: false,
            }],
        }],
        ..Default::default()
    };
    let ctx = PricingContext { currency, tax_rate, products: &products };
    price_quote(&quote, &ctx).map_err(|errors| {
        errors
            .0
            .iter()
            .map(|(path, message)| {
                let field = match path.rsplit('.').next().unwrap_or_default() {
                    "width_m" => width_label,
                    "height_m" => height_label,
                    "quantity" => quantity_label,
                    _ => "Film",
                };
                format!("{field}: {message}")
            })
            .collect::<Vec<_>>()
            .join("; ")
    })
}

#[component]
pub fn Estimate(catalog: PublicCatalog, lang: Lang, initial: EstimateInput, #[prop(into)] action: String) -> impl IntoView {
    let width = RwSignal::new(initial.width);
    let height = RwSignal::new(initial.height);
    let quantity = RwSignal::new(initial.quantity);
    let sku = RwSignal::new(initial.sku);
    let currency = catalog.currency;
    let tax_rate = catalog.tax_rate;
    let country = catalog.country.clone();
    let products = StoredValue::new(catalog.priced_products());
    let result = Memo::new(move |_| {
        let input = EstimateInput { width: width.get(), height: height.get(), quantity: quantity.get(), sku: sku.get() };
        products.with_value(|p| estimate(&input, currency, tax_rate, p, lang))
    });
    let options = catalog
        .products
        .iter()
        .map(|p| {
            let value = p.sku.clone();
            let is_selected = value.clone();
            let unit = match p.unit {
                domain::Unit::M2 => "m²",
                domain::Unit::M => "m",
            };
            let label = format!("{} — {}/{unit}", p.name(lang.code()), format::money(p.material_price + p.installation_price, currency, lang));
            view! { <option value=value selected=move || sku.get() == is_selected>{label}</option> }
        })
        .collect_view();
    let field = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 text-base focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600";
    view! {
        <section class="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-labelledby="estimate-title">
            <h2 id="estimate-title" class="text-lg font-semibold">{lang.t("Estimación rápida", "Quick estimate")}</h2>
            <form method="get" action=action class="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
                <input type="hidden" name="lang" value=lang.code()/>
                <label class="col-span-2 sm:col-span-4 text-sm font-medium">
                    {lang.t("Lámina", "Film")}
                    <select name="sku" class=field on:change=move |ev| sku.set(event_target_value(&ev))>{options}</select>
                </label>
                <label class="text-sm font-medium">
                    {lang.t("Ancho (m)", "Width (m)")}
                    <input name="width" inputmode="decimal" autocomplete="off" class=field
                        prop:value=width value=width.get_untracked() on:input=move |ev| width.set(event_target_value(&ev))/>
                </label>
                <label class="text-sm font-medium">
                    {lang.t("Alto (m)", "Height (m)")}
                    <input name="height" inputmode="decimal" autocomplete="off" class=field
                        prop:value=height value=height.get_untracked() on:input=move |ev| height.set(event_target_value(&ev))/>
                </label>
                <label class="text-sm font-medium">
                    {lang.t("Cantidad", "Quantity")}
                    <input name="quantity" inputmode="numeric" autocomplete="off" class=field
                        prop:value=quantity value=quantity.get_untracked() on:input=move |ev| quantity.set(event_target_value(&ev))/>
                </label>
                <div class="flex items-end">
                    <button type="submit" class="w-full rounded-lg bg-teal-700 px-4 py-3 font-semibold text-white hover:bg-teal-800 focus:outline-none focus:ring-2 focus:ring-teal-600 focus:ring-offset-2">
                        {lang.t("Calcular", "Calculate")}
                    </button>
                </div>
            </form>
            <div class="mt-5" aria-live="polite" data-testid="estimate-result">
                {move || match result.get() {
                    Ok(b) => breakdown_view(&b, lang, &country).into_any(),
                    Err(message) => view! {
                        <p class="rounded-lg bg-red-50 px-3 py-2 text-red-800" role="alert" data-testid="estimate-error">{message}</p>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}

fn breakdown_view(b: &QuoteBreakdown, lang: Lang, country: &str) -> impl IntoView + use<> {
    let c = b.currency;
    let spanish = lang == Lang::Es;
    let rows: Vec<(&'static str, String, &'static str)> = vec![
        (lang.t("Superficie con merma", "Area with waste"), format!("{} m²", format::quantity(b.area_m2, spanish)), "area"),
        (lang.t("Material", "Material"), format::money(b.lines.iter().map(|l| l.material).sum(), c, lang), "material"),
        (lang.t("Instalación", "Installation"), format::money(b.lines.iter().map(|l| l.installation).sum(), c, lang), "installation"),
        (lang.t("Subtotal", "Subtotal"), format::money(b.subtotal, c, lang), "subtotal"),
        (lang.t("Descuento por volumen", "Volume discount"), if b.discount.is_zero() { format::money(b.discount, c, lang) } else { format!("-{}", format::money(b.discount, c, lang)) }, "discount"),
        (format::tax_label(country, lang), format::money(b.tax, c, lang), "tax"),
    ];
    view! {
        <dl class="divide-y divide-slate-100 text-sm">
            {rows.into_iter().map(|(label, value, id)| view! {
                <div class="flex justify-between py-2"><dt class="text-slate-600">{label}</dt><dd data-testid=id>{value}</dd></div>
            }).collect_view()}
            <div class="flex justify-between py-3 text-lg font-bold">
                <dt>{lang.t("Total", "Total")}</dt>
                <dd data-testid="total">{format::money(b.total, c, lang)}</dd>
            </div>
        </dl>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{Unit, WasteClass};

    fn ceramic() -> Vec<PricedProduct> {
        vec![PricedProduct {
            sku: "SOL-CERAMIC-70".into(),
            unit: Unit::M2,
            waste_class: WasteClass::SolarControl,
            material_price: Decimal::new(8500, 2),
            installation_price: Decimal::new(2000, 2),
            active: true,
        }]
    }

    fn input(width: &str, quantity: &str) -> EstimateInput {
        EstimateInput { width: width.into(), height: "1.50".into(), quantity: quantity.into(), sku: "SOL-CERAMIC-70".into() }
    }

    #[test]
    fn spanish_decimal_comma_is_understood() {
        let b = estimate(&input("1,20", "2"), Currency::Usd, Decimal::new(19, 2), &ceramic(), Lang::Es).expect("priced");
        // floor 1: 3.6 m² × 1.15 = 4.14; 4.14 × 85 = 351.90; 4.14 × 20 = 82.80; 434.70 × 1.19
        assert_eq!(b.subtotal, Decimal::new(43470, 2));
        assert_eq!(b.total, Decimal::new(51729, 2));
    }

    #[test]
    fn bad_input_says_which_field_in_the_customers_language() {
        let err = estimate(&input("abc", "2"), Currency::Usd, Decimal::ZERO, &ceramic(), Lang::Es).expect_err("bad width");
        assert!(err.starts_with("Ancho"), "{err}");
        let err = estimate(&input("25", "2"), Currency::Usd, Decimal::ZERO, &ceramic(), Lang::En).expect_err("too wide");
        assert!(err.starts_with("Width: must be at most 20"), "{err}");
        let err = estimate(&input("1", "1.5"), Currency::Usd, Decimal::ZERO, &ceramic(), Lang::En).expect_err("fractional");
        assert!(err.starts_with("Quantity"), "{err}");
    }
}
