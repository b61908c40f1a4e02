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
    let data = Resource::new(|| (), |_| people_page());
    view! {
        <Title text=i18n.tr("people-title")/>
        <SignedIn>
            <People data/>
        </SignedIn>
    }
}

#[component]
fn People(data: Resource<Result<PeopleView, crate::error::AppError>>) -> impl IntoView {
    let i18n = use_i18n();
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
    let notice = move || {
        let q = query.read();
        q.get("notice")
            .map(|n| (n, q.get("email").unwrap_or_default()))
    };
    let error = move || query.read().get("error");
    let buyer_admin = view.invitable_roles.contains(&MembershipRole::BuyerAdmin);
    let PeopleView {
        members,
        pending,
        invitable_roles,
        suppliers,
        mfa_policy,
    } = view;
    let change_roles = invitable_roles.clone();
    view! {
        <div class="alert alert-success" role="status" hidden=move || invited().is_none() && notice().is_none()>
            {move || invited().map(|e| i18n.tr_args("people-invited", &[("email", &e)]))}
            {move || notice().map(|(n, e)| i18n.tr_known_args(&format!("people-notice-{n}"), &[("email", &e)]))}
        </div>
        <section class="card section" aria-labelledby="invite-heading">
            <h2 id="invite-heading">{i18n.tr("people-invite")}</h2>
            <form class="form narrow" method="post" action="/api/people/invite">
                <div class="alert alert-error" role="alert" hidden=move || error().is_none()>
                    {move || error().map(|e| i18n.tr_known(&e))}
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
                                <th scope="col"><span class="visually-hidden">{i18n.tr("session-actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {pending.into_iter().map(|p| view! {
                                    <tr>
                                        <th scope="row" data-label=i18n.tr("login-email")>{p.email.clone()}</th>
                                        <td data-label=i18n.tr("people-role")>{i18n.tr(role_label_id(p.role))}</td>
                                        <td data-label=i18n.tr("people-supplier")>{p.supplier_name.unwrap_or_else(|| i18n.tr("po-none"))}</td>
                                        <td data-label=i18n.tr("people-expires")>{i18n.datetime(p.expires_at)}</td>
                                        <td class="row-actions">
                                            <form class="inline-form" method="post" action="/api/people/invitation/resend">
                                                <input type="hidden" name="id" value=p.id.to_string()/>
                                                <button type="submit" class="btn btn-ghost btn-small"
                                                    aria-label=i18n.tr_args("people-resend-label", &[("email", &p.email)])>
                                                    {i18n.tr("people-resend")}
                                                </button>
                                            </form>
                                            " "
                                            <form class="inline-form" method="post" action="/api/people/invitation/revoke">
                                                <input type="hidden" name="id" value=p.id.to_string()/>
                                                <button type="submit" class="btn btn-ghost btn-small"
                                                    aria-label=i18n.tr_args("people-revoke-label", &[("email", &p.email)])>
                                                    {i18n.tr("people-revoke")}
                                                </button>
                                            </form>
                                        </td>
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
                        <th scope="col">{i18n.tr("people-two-factor")}</th>
                        <th scope="col"><span class="visually-hidden">{i18n.tr("session-actions")}</span></th>
                    </tr></thead>
                    <tbody>
                        {members.into_iter().map(|m| {
                            let roles: Vec<MembershipRole> = m.role.same_side().iter().copied()
                                .filter(|r| change_roles.contains(r)).collect();
                            let id = m.membership_id.to_string();
                            let select_id = format!("role-{id}");
                            let name = m.display_name.clone();
                            view! {
                            <tr>
                                <th scope="row" data-label=i18n.tr("people-name")>
                                    {m.display_name}
                                    {m.disabled.then(|| view! { <span class="badge badge-cancelled">{i18n.tr("people-disabled")}</span> })}
                                </th>
                                <td data-label=i18n.tr("login-email")>{m.email}</td>
                                <td data-label=i18n.tr("people-role")>
                                    {if m.is_self {
                                        i18n.tr(role_label_id(m.role)).into_any()
                                    } else {
                                        view! {
                                            <form class="role-form" method="post" action="/api/people/role">
                                                <input type="hidden" name="membership" value=id.clone()/>
                                                <label class="visually-hidden" for=select_id.clone()>
                                                    {i18n.tr_args("people-role-of", &[("name", &name)])}
                                                </label>
                                                <select id=select_id.clone() name="role">
                                                    {roles.iter().map(|r| view! {
                                                        <option value=r.code() selected={*r == m.role}>{i18n.tr(role_label_id(*r))}</option>
                                                    }).collect_view()}
                                                </select>
                                                <button type="submit" class="btn btn-ghost btn-small">{i18n.tr("people-role-save")}</button>
                                            </form>
                                        }.into_any()
                                    }}
                                </td>
                                <td data-label=i18n.tr("people-supplier")>{m.supplier_name.unwrap_or_else(|| i18n.tr("po-none"))}</td>
                                <td data-label=i18n.tr("people-two-factor")>
                                    {if m.two_factor { i18n.tr("people-two-factor-on") } else { i18n.tr("people-two-factor-off") }}
                                </td>
                                <td class="row-actions">
                                    {(!m.is_self).then(|| view! {
                                        <form class="inline-form" method="post" action="/api/people/remove">
                                            <input type="hidden" name="membership" value=id.clone()/>
                                            <button type="submit" class="btn btn-ghost btn-small"
                                                aria-label=i18n.tr_args("people-remove-label", &[("name", &name)])>
                                                {i18n.tr("people-remove")}
                                            </button>
                                        </form>
                                    })}
                                </td>
                            </tr>
                        }}).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        {mfa_policy.map(|policy| view! {
            <section class="card section" aria-labelledby="mfa-policy-heading">
                <h2 id="mfa-policy-heading">{i18n.tr("people-mfa-policy")}</h2>
                <p class="muted">{i18n.tr("people-mfa-policy-help")}</p>
                <form class="form" method="post" action="/api/mfa/policy/save">
                    <label class="checkbox">
                        <input type="checkbox" name="buyers" value="on" checked=policy.buyers/>
                        <span>{i18n.tr("people-mfa-buyers")}</span>
                    </label>
                    <label class="checkbox">
                        <input type="checkbox" name="suppliers" value="on" checked=policy.suppliers/>
                        <span>{i18n.tr("people-mfa-suppliers")}</span>
                    </label>
                    <div><button type="submit" class="btn btn-primary">{i18n.tr("people-mfa-save")}</button></div>
                </form>
            </section>
        })}
    }
}
