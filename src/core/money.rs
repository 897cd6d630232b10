//! Money: an exact euro amount in cents, rounding and allocation.
