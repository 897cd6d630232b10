//! The pure core: no file I/O, no printing, no clock. "Today" is always an
//! argument, so every calculation is a function of its inputs.

pub mod calendar;
pub mod money;
