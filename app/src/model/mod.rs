//! Wire types shared by the server and the browser: ids, newtypes that parse input, enums.
pub mod audit;
pub mod cic;
pub mod colleagues;
pub mod customer;
pub mod dashboard;
pub mod ids;
pub mod input;
pub mod layout;
pub mod object_state;
pub mod permission;
pub mod portal;
pub mod ticket;
pub mod ticket_edit;
pub mod ticket_list;
pub mod ticket_widget;
pub mod time;
pub mod viewer;
