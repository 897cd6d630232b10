//! Dates: calendar arithmetic, deadline wording, quarters and Dutch public holidays.
