//! The EDIFACT reader takes any text without panicking; what it reads, the writer writes and the reader reads back
//! the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico_edi::edifact;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(interchange) = edifact::parse(text) {
        let written = edifact::write(&interchange);
        let again = edifact::parse(&written).expect("what the writer wrote reads back");
        assert_eq!(edifact::write(&again), written);
    }
});
