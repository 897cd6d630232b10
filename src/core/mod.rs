//! The pure core: no file I/O, no printing, no clock. "Today" is always an
//! argument, so every calculation is a function of its inputs.

pub mod activity;
pub mod agreement;
pub mod budget;
pub mod calendar;
pub mod capacity;
pub mod deadline;
pub mod explain;
pub mod facts;
pub mod invoice;
pub mod lines;
pub mod log_columns;
pub mod money;
pub mod parties;
pub mod party_details;
pub mod period;
pub mod rate;
pub mod settlement;
pub mod shares;
pub mod split;
pub mod statement;
pub mod term;
pub mod text;
pub mod withdrawal;
