//! The X12 reader takes any text without panicking; what it reads, the writer writes and the reader reads back the
//! same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico_edi::x12;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(interchange) = x12::parse(text) {
        if let Ok(written) = x12::write(&interchange) {
            let again = x12::parse(&written).expect("what the writer wrote reads back");
            assert_eq!(x12::write(&again).ok(), Some(written));
        }
    }
});
