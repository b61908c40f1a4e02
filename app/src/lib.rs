//! Portico's user interface, rendered on the server; only its islands (`islands`) run in the browser.
//!
//! - `pages/`: one file per page. Pages render DTOs from `portico-domain`; they hold no business rules.
//! - `components/`: pieces shared by pages (layout, badges, pager).
//! - `server_fns/`: thin server functions: take state and session from context, call one core service, map the
//!   error, return a DTO.
//! - `i18n`: the request's language and formatting helpers over the `portico-i18n` catalogue.
//!
//! With the `ssr` feature this crate also carries the server-side glue (`ssr` module) that server functions need.

// The browser's release build (`cargo leptos build --release`) computes the layout of the order page's nested view
// types deeper than the default limit of 128 queries.
#![recursion_limit = "256"]

pub mod components;
pub mod error;
pub mod i18n;
pub mod islands;
pub mod nav;
pub mod pages;
pub mod server_fns;
pub mod session_policy;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::i18n::{current_locale, I18n};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app, rendered on the server for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    ssr::content_security_policy();
    let locale = current_locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: routes and the per-request language.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = I18n::new(current_locale());
    provide_context(i18n);
    view! {
        <Stylesheet id="leptos" href="/pkg/portico.css"/>
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg"/>
        <Meta name="description" content=i18n.tr("app-tagline")/>
        <Meta name="theme-color" content="#1d3f72"/>
        <Title formatter=|text: String| if text.is_empty() { "Portico".to_owned() } else { format!("{text} · Portico") }/>
        <islands::Ready/>
        <Router>
            <Routes fallback=pages::not_found::NotFoundPage>
                <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async/>
                <Route path=path!("/login") view=pages::login::LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/login/two-factor") view=pages::login_two_factor::LoginTwoFactorPage ssr=SsrMode::Async/>
                <Route path=path!("/orders") view=pages::orders::list::OrderListPage ssr=SsrMode::Async/>
                <Route path=path!("/orders/answer-file") view=pages::orders::answer_file::AnswerFilePage ssr=SsrMode::Async/>
                <Route path=path!("/orders/:id") view=pages::orders::detail::OrderDetailPage ssr=SsrMode::Async/>
                <Route path=path!("/shipments") view=pages::shipments::list::ShipmentListPage ssr=SsrMode::Async/>
                <Route path=path!("/shipments/:id") view=pages::shipments::notice::NoticePage ssr=SsrMode::Async/>
                <Route path=path!("/shipments/:id/labels") view=pages::shipments::labels::LabelsPage ssr=SsrMode::Async/>
                <Route path=path!("/invoices") view=pages::invoices::list::InvoiceListPage ssr=SsrMode::Async/>
                <Route path=path!("/invoices/new") view=pages::invoices::new::NewInvoicePage ssr=SsrMode::Async/>
                <Route path=path!("/invoices/:id") view=pages::invoices::detail::InvoicePage ssr=SsrMode::Async/>
                <Route path=path!("/invoices/:id/credit") view=pages::invoices::credit::NewCreditPage ssr=SsrMode::Async/>
                <Route path=path!("/delays/new") view=pages::delays::new::NewDelayPage ssr=SsrMode::Async/>
                <Route path=path!("/delays/:id") view=pages::delays::detail::DelayPage ssr=SsrMode::Async/>
                <Route path=path!("/scorecard") view=pages::scorecards::supplier::SupplierScorecardPage ssr=SsrMode::Async/>
                <Route path=path!("/company/profile") view=pages::company::profile::CompanyProfilePage ssr=SsrMode::Async/>
                <Route path=path!("/company/bank") view=pages::company::bank::CompanyBankPage ssr=SsrMode::Async/>
                <Route path=path!("/company/documents") view=pages::company::documents::CompanyDocumentsPage ssr=SsrMode::Async/>
                <Route path=path!("/suppliers") view=pages::suppliers::list::SuppliersPage ssr=SsrMode::Async/>
                <Route path=path!("/suppliers/new") view=pages::suppliers::new::NewSupplierPage ssr=SsrMode::Async/>
                <Route path=path!("/suppliers/documents") view=pages::suppliers::documents::BuyerDocumentsPage ssr=SsrMode::Async/>
                <Route path=path!("/suppliers/:id/documents") view=pages::suppliers::supplier_documents::SupplierDocumentsPage ssr=SsrMode::Async/>
                <Route path=path!("/suppliers/profile-rules") view=pages::suppliers::profile_rules::ProfileRulesPage ssr=SsrMode::Async/>
                <Route path=path!("/suppliers/:id/profile") view=pages::suppliers::profile::SupplierProfilePage ssr=SsrMode::Async/>
                <Route path=path!("/suppliers/bank-changes") view=pages::suppliers::bank_changes::BankChangesPage ssr=SsrMode::Async/>
                <Route path=path!("/suppliers/:id/bank") view=pages::suppliers::bank::SupplierBankPage ssr=SsrMode::Async/>
                <Route path=path!("/suppliers/scorecards") view=pages::scorecards::buyer::ScorecardTablePage ssr=SsrMode::Async/>
                <Route path=path!("/suppliers/scorecards/thresholds") view=pages::scorecards::thresholds::ThresholdsPage ssr=SsrMode::Async/>
                <Route path=path!("/suppliers/scorecards/:id") view=pages::scorecards::supplier::BuyerSupplierScorecardPage ssr=SsrMode::Async/>
                <Route path=path!("/exceptions") view=pages::exceptions::list::ExceptionListPage ssr=SsrMode::Async/>
                <Route path=path!("/exceptions/settings") view=pages::exceptions::settings::ExceptionSettingsPage ssr=SsrMode::Async/>
                <Route path=path!("/exceptions/:id") view=pages::exceptions::detail::ExceptionDetailPage ssr=SsrMode::Async/>
                <Route path=path!("/forgot-password") view=pages::forgot_password::ForgotPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/reset-password") view=pages::reset_password::ResetPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/account") view=pages::account::security::AccountSecurityPage ssr=SsrMode::Async/>
                <Route path=path!("/account/two-factor") view=pages::account::two_factor::TwoFactorPage ssr=SsrMode::Async/>
                <Route path=path!("/people") view=pages::people::PeoplePage ssr=SsrMode::Async/>
                <Route path=path!("/integration") view=pages::integration::endpoints::IntegrationPage ssr=SsrMode::Async/>
                <Route path=path!("/change-policy") view=pages::policy::ChangePolicyPage ssr=SsrMode::Async/>
                <Route path=path!("/integration/deliveries") view=pages::integration::deliveries::DeliveryLogPage ssr=SsrMode::Async/>
                <Route path=path!("/integration/deliveries/:id") view=pages::integration::delivery::DeliveryPage ssr=SsrMode::Async/>
                <Route path=path!("/integration/edi") view=pages::integration::edi::EdiPage ssr=SsrMode::Async/>
                <Route path=path!("/integration/edi/interchanges/:id") view=pages::integration::edi_interchange::EdiInterchangePage ssr=SsrMode::Async/>
                <Route path=path!("/integration/edi/:supplier") view=pages::integration::edi_profile::EdiProfilePage ssr=SsrMode::Async/>
                <Route path=path!("/invitation") view=pages::invitation::InvitationPage ssr=SsrMode::Async/>
                <Route path=path!("/link") view=pages::link::LinkPage ssr=SsrMode::Async/>
                <Route path=path!("/shared/orders/:id") view=pages::orders::shared::SharedOrderPage ssr=SsrMode::Async/>
                <Route path=path!("/dev/mailbox") view=pages::dev_mailbox::DevMailboxPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
