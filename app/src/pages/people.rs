//! `/people`: an administrator's people — members, pending invitations, and the invitation form. Buyer
//! administrators see and invite everyone of their organisation and its suppliers; supplier administrators their own
//! supplier's colleagues. Plain HTML forms: the page works the same without JavaScript.

use crate::components::layout::{Loading, SignedIn};
use crate::i18n::use_i18n;
use crate::server_fns::people::people_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::{MembershipRole, PeopleView};

/// The catalogue id of a role's name.
pub fn role_label_id(role: MembershipRole) -> &'static str {
    match role {
        MembershipRole::BuyerAdmin => "role-buyer_admin",
        MembershipRole::Buyer => "role-buyer",
        MembershipRole::SupplierAdmin => "role-supplier_admin",
        MembershipRole::SupplierUser => "role-supplier_user",
    }
}

/// The people page.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.tr("people-title")/>
        <SignedIn>
            <People/>
        </SignedIn>
    }
}

#[component]
fn People() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| people_page());
    view! {
        <div class="page-head"><h1>{i18n.tr("people-title")}</h1></div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <PeopleBody view/> }.into_any(),
                    Err(error) => view! { <crate::components::problem::Problem error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PeopleBody(view: PeopleView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let invited = move || query.read().get("invited");
    let error = move || query.read().get("error");
    let buyer_admin = view.invitable_roles.contains(&MembershipRole::BuyerAdmin);
    let PeopleView {
        members,
        pending,
        invitable_roles,
        suppliers,
    } = view;
    view! {
        <div class="alert alert-success" role="status" hidden=move || invited().is_none()>
            {move || invited().map(|e| i18n.tr_args("people-invited", &[("email", &e)]))}
        </div>
        <section class="card section" aria-labelledby="invite-heading">
            <h2 id="invite-heading">{i18n.tr("people-invite")}</h2>
            <form class="form narrow" method="post" action="/api/people/invite">
                <div class="alert alert-error" role="alert" hidden=move || error().is_none()>
                    {move || error().map(|e| i18n.tr(&e))}
                </div>
                <div class="field">
                    <label for="invite-email">{i18n.tr("login-email")}</label>
                    <input id="invite-email" name="email" type="email" autocomplete="off" required maxlength="254"/>
                </div>
                <div class="field">
                    <label for="invite-role">{i18n.tr("people-role")}</label>
                    <select id="invite-role" name="role">
                        {invitable_roles
                            .into_iter()
                            .map(|r| view! { <option value=r.code()>{i18n.tr(role_label_id(r))}</option> })
                            .collect_view()}
                    </select>
                </div>
                {buyer_admin.then(|| view! {
                    <div class="field">
                        <label for="invite-supplier">{i18n.tr("people-supplier")}</label>
                        <select id="invite-supplier" name="supplier" aria-describedby="invite-supplier-hint">
                            <option value="">{i18n.tr("people-supplier-none")}</option>
                            {suppliers
                                .iter()
                                .map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> })
                                .collect_view()}
                        </select>
                        <small id="invite-supplier-hint" class="muted">{i18n.tr("people-supplier-hint")}</small>
                    </div>
                })}
                <div><button type="submit" class="btn btn-primary">{i18n.tr("people-invite-submit")}</button></div>
            </form>
        </section>
        <section class="card section" aria-labelledby="pending-heading">
            <h2 id="pending-heading">{i18n.tr("people-pending")}</h2>
            {if pending.is_empty() {
                view! { <p class="muted">{i18n.tr("people-pending-none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{i18n.tr("login-email")}</th>
                                <th scope="col">{i18n.tr("people-role")}</th>
                                <th scope="col">{i18n.tr("people-supplier")}</th>
                                <th scope="col">{i18n.tr("people-expires")}</th>
                            </tr></thead>
                            <tbody>
                                {pending.into_iter().map(|p| view! {
                                    <tr>
                                        <th scope="row" data-label=i18n.tr("login-email")>{p.email}</th>
                                        <td data-label=i18n.tr("people-role")>{i18n.tr(role_label_id(p.role))}</td>
                                        <td data-label=i18n.tr("people-supplier")>{p.supplier_name.unwrap_or_else(|| i18n.tr("po-none"))}</td>
                                        <td data-label=i18n.tr("people-expires")>{i18n.datetime(p.expires_at)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section class="card section" aria-labelledby="members-heading">
            <h2 id="members-heading">{i18n.tr("people-members")}</h2>
            <div class="table-scroll">
                <table class="data-table members">
                    <thead><tr>
                        <th scope="col">{i18n.tr("people-name")}</th>
                        <th scope="col">{i18n.tr("login-email")}</th>
                        <th scope="col">{i18n.tr("people-role")}</th>
                        <th scope="col">{i18n.tr("people-supplier")}</th>
                    </tr></thead>
                    <tbody>
                        {members.into_iter().map(|m| view! {
                            <tr>
                                <th scope="row" data-label=i18n.tr("people-name")>
                                    {m.display_name}
                                    {m.disabled.then(|| view! { <span class="badge badge-cancelled">{i18n.tr("people-disabled")}</span> })}
                                </th>
                                <td data-label=i18n.tr("login-email")>{m.email}</td>
                                <td data-label=i18n.tr("people-role")>{i18n.tr(role_label_id(m.role))}</td>
                                <td data-label=i18n.tr("people-supplier")>{m.supplier_name.unwrap_or_else(|| i18n.tr("po-none"))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
