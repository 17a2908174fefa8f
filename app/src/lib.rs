//! Cotiza's UI: pages, components and server functions. Rendered on the
//! server (`ssr`) and hydrated in the browser (`hydrate`).
#![forbid(unsafe_code)]
#![recursion_limit = "512"]

pub mod api_keys;
pub mod audit_words;
pub mod auth;
pub mod automotive_form;
pub mod automotive_wizard;
pub mod automotive_admin;
pub mod auto_quote_admin;
pub mod brand;
pub mod catalog;
pub mod catalog_admin;
pub mod dashboard_admin;
pub mod draft;
pub mod early_input;
pub mod error;
pub mod format;
pub mod i18n;
pub mod quote_admin;
pub mod quote_public;
#[cfg(feature = "ssr")]
pub mod session;
pub mod settings;
pub mod team;
pub mod vehicle_admin;
pub mod video_admin;
pub mod wizard_form;
pub mod staff_form;
mod components;
/// The id of a form's error summary: where a form sent back with errors opens.
pub use components::error_summary::SUMMARY_ID;
mod pages;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0f766e"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/cotiza.css"/>
        <Title formatter=components::page_title::document_title/>
        <Router>
            <Routes fallback=pages::not_found::NotFound>
                <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async/>
                <Route path=path!("/q/:slug") view=pages::wizard::WizardPage ssr=SsrMode::Async/>
                <Route path=path!("/q/:slug/auto") view=pages::automotive_wizard::AutomotiveWizardPage ssr=SsrMode::Async/>
                <Route path=path!("/q/:slug/catalogo") view=pages::public_catalog::PublicCatalogPage ssr=SsrMode::Async/>
                <Route path=path!("/p/:token") view=pages::public_quote::PublicQuotePage ssr=SsrMode::Async/>
                <Route path=path!("/login") view=pages::login::LoginPage/>
                <Route path=path!("/signup") view=pages::signup::SignUpPage/>
                <Route path=path!("/invite/:token") view=pages::invite::InvitePage ssr=SsrMode::Async/>
                <ParentRoute path=path!("/app") view=pages::dashboard::DashboardLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=pages::dashboard::DashboardHome/>
                    <Route path=path!("users") view=pages::team::TeamPage/>
                    <Route path=path!("settings") view=pages::settings::SettingsPage/>
                    <Route path=path!("settings/automotive") view=pages::automotive_settings::AutomotiveSettingsPage/>
                    <Route path=path!("audit") view=pages::audit::AuditPage/>
                    <Route path=path!("api-keys") view=pages::api_keys::ApiKeysPage/>
                    <Route path=path!("quotes") view=pages::quotes::QuotesPage/>
                    <Route path=path!("quotes/new") view=pages::quote_editor::QuoteEditorPage/>
                    <Route path=path!("quotes/new/auto") view=pages::auto_quote_editor::AutoQuoteEditorPage/>
                    <Route path=path!("quotes/:id") view=pages::quotes::QuoteDetailPage/>
                    <Route path=path!("quotes/:id/edit") view=pages::quote_editor::QuoteEditorPage/>
                    <Route path=path!("quotes/:id/edit/auto") view=pages::auto_quote_editor::AutoQuoteEditorPage/>
                    <Route path=path!("customers") view=pages::customers::CustomersPage/>
                    <Route path=path!("customers/:id") view=pages::customers::CustomerPage/>
                    <Route path=path!("catalog") view=pages::catalog::CatalogPage/>
                    <Route path=path!("catalog/new") view=pages::catalog_product::NewProductPage/>
                    <Route path=path!("catalog/tools") view=pages::catalog::CatalogToolsPage/>
                    <Route path=path!("catalog/import") view=pages::catalog_import::CatalogImportPage/>
                    <Route path=path!("catalog/:id") view=pages::catalog_product::ProductPage/>
                    <Route path=path!("jobs") view=pages::jobs::JobsPage/>
                    <Route path=path!("vehicles") view=pages::vehicles::VehiclesPage/>
                    <Route path=path!("vehicles/:id") view=pages::vehicles::VehiclePage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
