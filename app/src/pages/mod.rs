//! One module per page.

pub mod account;
pub mod company;
pub mod delays;
pub mod dev_mailbox;
pub mod exceptions;
pub mod forgot_password;
pub mod home;
pub mod integration;
pub mod invitation;
pub mod invoices;
pub mod link;
pub mod login;
pub mod login_two_factor;
pub mod not_found;
pub mod orders;
pub mod people;
pub mod policy;
pub mod reset_password;
pub mod scorecards;
pub mod shipments;
pub mod suppliers;
