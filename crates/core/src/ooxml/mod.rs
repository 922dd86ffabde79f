//! Office Open XML packages, under everything that reads or writes them: the zip package
//! ([`package`]), reading its XML ([`xml`]) and writing cells into it ([`cells`]).

pub(crate) mod cells;
pub(crate) mod package;
pub(crate) mod xml;
