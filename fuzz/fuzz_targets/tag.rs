//! Fuzz target: `tag` on arbitrary UTF-8 with an arbitrary DCT must not panic, and every span
//! must lie on char boundaries, in order, without overlaps.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let days = i32::from_le_bytes([data[0], data[1], data[2], data[3]]) % 4_000_000;
    let dct = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default();
    let Ok(text) = std::str::from_utf8(&data[4..]) else { return };
    let mut prev = 0;
    for t in storyline_core::timex::tag(text, dct) {
        assert!(t.start >= prev && t.start < t.end && t.end <= text.len());
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        prev = t.end;
    }
});
