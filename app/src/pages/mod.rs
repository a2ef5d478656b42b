pub mod audit;
pub mod cic;
pub mod colleagues;
pub mod home;
pub mod login;
pub mod not_found;
pub mod portal;
pub mod tickets;
