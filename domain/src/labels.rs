//! GS1-128 logistic labels: our own Code 128 encoder (code set C with FNC1 first, as GS1-128 requires for the
//! (00) SSCC) and a 4 × 6 inch SVG label per pallet or carton, printed by the browser. Pure: the page passes the
//! translated captions in, so a label speaks the reader's language.

use std::fmt::Write as _;

/// Bar and space widths (in modules, bar first) of the Code 128 symbol values 0–105, then the stop (106) with its
/// termination bar. ISO/IEC 15417.
const PATTERNS: [&str; 107] = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212",
    "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221",
    "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122", "321221",
    "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123", "131321",
    "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331", "132131",
    "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131",
    "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111",
    "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
    "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", "111242",
    "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
];

/// The FNC1 symbol value: first after the start, it marks the symbol as GS1-128.
pub const FNC1: u8 = 102;
/// Start code C: pairs of digits.
pub const START_C: u8 = 105;
/// The stop symbol.
pub const STOP: u8 = 106;

/// The symbol values of a GS1-128 barcode of an even number of digits (application identifiers and data, without
/// parentheses): start C, FNC1, one value per digit pair, the mod-103 check value, stop. `None` for anything else.
pub fn gs1_128_values(digits: &str) -> Option<Vec<u8>> {
    if digits.is_empty()
        || !digits.len().is_multiple_of(2)
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut values = vec![START_C, FNC1];
    values.extend(
        digits
            .as_bytes()
            .chunks(2)
            .map(|pair| (pair[0] - b'0') * 10 + (pair[1] - b'0')),
    );
    let weighted: u32 = values
        .iter()
        .enumerate()
        .map(|(i, v)| u32::from(*v) * (i as u32).max(1))
        .sum();
    values.push((weighted % 103) as u8);
    values.push(STOP);
    Some(values)
}

/// The bar and space widths (bar first) of symbol values, one run per module width.
pub fn widths(values: &[u8]) -> Vec<u8> {
    values
        .iter()
        .flat_map(|v| PATTERNS[usize::from(*v)].bytes().map(|b| b - b'0'))
        .collect()
}

/// The symbol value of a bar-space pattern, if it is one (for reading a barcode back in tests).
pub fn value_of(pattern: &str) -> Option<u8> {
    PATTERNS.iter().position(|p| *p == pattern).map(|i| i as u8)
}

/// The (00) SSCC as people read it under the barcode: `(00) 3 0614141 123456789 7` grouped as extension, rest of
/// body, check digit.
pub fn sscc_text(sscc: &str) -> String {
    if sscc.len() != 18 {
        return format!("(00) {sscc}");
    }
    format!("(00) {} {} {}", &sscc[..1], &sscc[1..17], &sscc[17..])
}

/// What one label says, already in the reader's language where it is words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub sscc: String,
    pub ship_from: String,
    pub ship_to_name: String,
    pub ship_to_address: String,
    pub order_number: String,
    pub carrier: String,
    pub notice_number: String,
    /// e.g. "Carton 2 of 3".
    pub position: String,
    /// Up to four lines of contents, e.g. "WID-100 × 24 EA".
    pub contents: Vec<String>,
}

/// The captions of a label's boxes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Captions {
    pub from: String,
    pub to: String,
    pub order: String,
    pub carrier: String,
    pub notice: String,
    pub contents: String,
    pub sscc: String,
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Splits an address into lines of at most `width` characters, breaking at commas first, then at spaces.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let mut line = String::new();
        for word in part.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines.truncate(max_lines);
    lines
}

/// The label as a standalone SVG, 4 × 6 inches (one user unit is 1/100 inch).
pub fn svg(label: &Label, captions: &Captions) -> String {
    let mut s = String::with_capacity(8_000);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gs1-label\" width=\"4in\" height=\"6in\" \
         viewBox=\"0 0 400 600\" role=\"img\" aria-label=\"{} {}\" font-family=\"Helvetica, Arial, sans-serif\">",
        escape(&captions.sscc),
        escape(&sscc_text(&label.sscc))
    );
    s.push_str("<rect x=\"0\" y=\"0\" width=\"400\" height=\"600\" fill=\"#fff\"/>");
    s.push_str(
        "<g stroke=\"#000\" stroke-width=\"1.5\"><line x1=\"0\" y1=\"150\" x2=\"400\" y2=\"150\"/>\
         <line x1=\"140\" y1=\"0\" x2=\"140\" y2=\"150\"/><line x1=\"0\" y1=\"250\" x2=\"400\" y2=\"250\"/>\
         <line x1=\"250\" y1=\"150\" x2=\"250\" y2=\"250\"/><line x1=\"0\" y1=\"340\" x2=\"400\" y2=\"340\"/>\
         <rect x=\"0.75\" y=\"0.75\" width=\"398.5\" height=\"598.5\" fill=\"none\"/></g>",
    );
    let caption = |s: &mut String, x: u32, y: u32, text: &str| {
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"{y}\" font-size=\"9\" font-weight=\"bold\">{}</text>",
            escape(text)
        );
    };
    let line = |s: &mut String, x: u32, y: u32, size: u32, text: &str| {
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\">{}</text>",
            escape(text)
        );
    };
    // Ship from | ship to.
    caption(&mut s, 8, 16, &captions.from);
    for (i, l) in wrap(&label.ship_from, 20, 5).iter().enumerate() {
        line(&mut s, 8, 34 + 16 * i as u32, 11, l);
    }
    caption(&mut s, 148, 16, &captions.to);
    let mut y = 38;
    for l in wrap(&label.ship_to_name, 28, 2) {
        let _ = write!(
            s,
            "<text x=\"148\" y=\"{y}\" font-size=\"16\" font-weight=\"bold\">{}</text>",
            escape(&l)
        );
        y += 20;
    }
    for l in wrap(&label.ship_to_address, 34, 5) {
        line(&mut s, 148, y, 13, &l);
        y += 16;
    }
    // Order, carrier, notice | position.
    caption(&mut s, 8, 166, &captions.order);
    let _ = write!(
        s,
        "<text x=\"8\" y=\"190\" font-size=\"20\" font-weight=\"bold\">{}</text>",
        escape(&label.order_number)
    );
    caption(&mut s, 8, 210, &captions.carrier);
    line(&mut s, 8, 226, 13, &label.carrier);
    caption(&mut s, 100, 210, &captions.notice);
    line(&mut s, 100, 226, 13, &label.notice_number);
    let _ = write!(
        s,
        "<text x=\"325\" y=\"206\" font-size=\"18\" font-weight=\"bold\" text-anchor=\"middle\">{}</text>",
        escape(&label.position)
    );
    // Contents.
    caption(&mut s, 8, 266, &captions.contents);
    for (i, l) in label.contents.iter().take(4).enumerate() {
        line(&mut s, 8, 284 + 16 * i as u32, 12, l);
    }
    // The SSCC barcode: 10-module quiet zones either side, 1.25 inches tall.
    caption(&mut s, 8, 356, &captions.sscc);
    if let Some(values) = gs1_128_values(&format!("00{}", label.sscc)) {
        let runs = widths(&values);
        let modules: u32 = runs.iter().map(|w| u32::from(*w)).sum::<u32>() + 20;
        let module = 384.0 / f64::from(modules);
        let mut x = 8.0 + 10.0 * module;
        s.push_str("<g fill=\"#000\">");
        for (i, w) in runs.iter().enumerate() {
            let width = f64::from(*w) * module;
            if i % 2 == 0 {
                let _ = write!(
                    s,
                    "<rect x=\"{x:.3}\" y=\"368\" width=\"{width:.3}\" height=\"125\"/>"
                );
            }
            x += width;
        }
        s.push_str("</g>");
    }
    let _ = write!(
        s,
        "<text x=\"200\" y=\"520\" font-size=\"18\" font-weight=\"bold\" text-anchor=\"middle\" \
         letter-spacing=\"1\">{}</text></svg>",
        escape(&sscc_text(&label.sscc))
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a barcode's widths back into symbol values (the stop has seven widths).
    fn read_back(runs: &[u8]) -> Vec<u8> {
        let text: String = runs.iter().map(|w| char::from(b'0' + w)).collect();
        let (body, stop) = text.split_at(text.len() - 7);
        let mut values: Vec<u8> = body
            .as_bytes()
            .chunks(6)
            .map(|c| value_of(std::str::from_utf8(c).unwrap()).expect("a Code 128 pattern"))
            .collect();
        values.push(value_of(stop).expect("the stop pattern"));
        values
    }

    #[test]
    fn every_symbol_is_eleven_modules_and_the_stop_thirteen() {
        for (i, p) in PATTERNS.iter().enumerate() {
            let modules: u32 = p.bytes().map(|b| u32::from(b - b'0')).sum();
            assert_eq!(modules, if i == 106 { 13 } else { 11 }, "value {i}");
        }
        let distinct: std::collections::HashSet<_> = PATTERNS.iter().collect();
        assert_eq!(distinct.len(), 107);
    }

    #[test]
    fn an_sscc_encodes_as_start_c_fnc1_pairs_check_and_stop() {
        // GS1's example company prefix 0614141 with serial 123456789: check digit 7.
        let sscc = crate::documents::Sscc::new(1, "0614141", 123_456_789).unwrap();
        assert_eq!(sscc.as_str(), "106141411234567897");
        let values = gs1_128_values(&format!("00{}", sscc.as_str())).unwrap();
        assert_eq!(
            values,
            vec![105, 102, 0, 10, 61, 41, 41, 12, 34, 56, 78, 97, values[12], 106]
        );
        // Check value worked by hand: 105 + 102·1 + 0·2 + 10·3 + 61·4 + 41·5 + 41·6 + 12·7 + 34·8 + 56·9 + 78·10
        // + 97·11 = 3639; 3639 mod 103 = 34.
        assert_eq!(values[12], 34);
        assert_eq!(read_back(&widths(&values)), values);
        // 13 symbols of 11 modules and the stop's 13.
        let modules: u32 = widths(&values).iter().map(|w| u32::from(*w)).sum();
        assert_eq!(modules, 13 * 11 + 13);
        assert_eq!(sscc_text(sscc.as_str()), "(00) 1 0614141123456789 7");
    }

    #[test]
    fn odd_or_non_digit_data_is_not_encoded() {
        assert_eq!(gs1_128_values("123"), None);
        assert_eq!(gs1_128_values("12a4"), None);
        assert_eq!(gs1_128_values(""), None);
    }

    #[test]
    fn the_label_escapes_text_and_carries_the_barcode() {
        let label = Label {
            sscc: "106141411234567897".into(),
            ship_from: "Cascade <Packaging> & Co.".into(),
            ship_to_name: "Northwind DC".into(),
            ship_to_address: "Waalhaven Z.z. 40, 3089 JH Rotterdam, NL".into(),
            order_number: "4500012207".into(),
            carrier: "UPSN".into(),
            notice_number: "ASN-CASC-00001".into(),
            position: "Carton 1 of 2".into(),
            contents: vec!["WID-100 × 24 EA".into()],
        };
        let captions = Captions {
            from: "FROM".into(),
            to: "TO".into(),
            order: "PO".into(),
            carrier: "CARRIER".into(),
            notice: "ASN".into(),
            contents: "CONTENTS".into(),
            sscc: "SSCC".into(),
        };
        let svg = svg(&label, &captions);
        // Escaped, and wrapped to the ship-from box.
        assert!(svg.contains(">Cascade &lt;Packaging&gt;</text>"));
        assert!(svg.contains(">&amp; Co.</text>"));
        assert!(!svg.contains("<Packaging>"));
        assert!(svg.contains("(00) 1 0614141123456789 7"));
        assert!(svg.contains("Carton 1 of 2"));
        // Three bars per symbol, four in the stop.
        let bars = svg.matches("height=\"125\"").count();
        assert_eq!(bars, 13 * 3 + 4);
    }
}
