//! HTTP-level tests: the real router (middleware, SSR, server functions) on a fresh Postgres database.
mod admin;
mod auth;
mod changes;
mod cic;
mod columns;
mod company;
mod customer_users;
mod dashboard;
mod generator;
mod helpers;
mod isolation;
mod pages;
mod plans;
mod portal_access;
mod security;
mod ticket_page;
mod tickets;
