use super::*;

fn known(tag: &str) -> bool {
    matches!(tag, "en" | "de")
}

fn address(line1: &str, city: &str, country: &str) -> AddressInput {
    AddressInput {
        line1: line1.into(),
        city: city.into(),
        postal_code: "10115".into(),
        country: country.into(),
        ..Default::default()
    }
}

fn contact(name: &str, email: &str) -> ContactInput {
    ContactInput {
        name: name.into(),
        email: email.into(),
        phone: "+49 30 1234567".into(),
    }
}

fn complete() -> ProfileInput {
    ProfileInput {
        legal_name: "Delta Labels GmbH".into(),
        ordering: address("Invalidenstraße 1", "Berlin", "de"),
        remit_to: address("Postfach 12 34", "Berlin", "DE"),
        tax_scheme: "eu_vat".into(),
        tax_id: "DE 136 695 976".into(),
        gs1_prefix: "4012345".into(),
        edi_capability: "x12".into(),
        language: "de".into(),
        orders: contact("Dana Ortiz", "Orders@Delta.example"),
        invoicing: contact("Ivo Berg", "ap@delta.example"),
        ..Default::default()
    }
}

fn fields(errors: Vec<FieldError>) -> Vec<(String, String)> {
    errors.into_iter().map(|e| (e.field, e.message)).collect()
}

#[test]
fn a_complete_profile_parses_and_is_ready_for_review() {
    let p = complete().parse(known).unwrap();
    assert_eq!(p.legal_name, "Delta Labels GmbH");
    let ordering = p.ordering_address.as_ref().unwrap();
    assert_eq!(ordering.country, "DE");
    assert_eq!(ordering.line2, None);
    assert_eq!(p.ship_from_address, None);
    assert_eq!(p.tax_id.as_ref().unwrap().value, "DE136695976");
    assert_eq!(p.edi_capability, EdiCapability::X12);
    assert_eq!(
        p.orders_contact.as_ref().unwrap().email,
        "orders@delta.example"
    );
    assert_eq!(p.shipping_contact, None);
    assert!(p.missing_for_review().is_empty());
    // What the form shows again is what parses to the same profile.
    assert_eq!(ProfileInput::from(&p).parse(known).unwrap(), p);
}

#[test]
fn a_partial_profile_saves_and_says_what_a_review_needs() {
    let input = ProfileInput {
        legal_name: "Delta Labels GmbH".into(),
        language: "en".into(),
        ..Default::default()
    };
    let p = input.parse(known).unwrap();
    assert_eq!(
        fields(p.missing_for_review()),
        [
            (
                "ordering.line1".to_owned(),
                "profile-error-needed-for-review".to_owned()
            ),
            (
                "remit_to.line1".to_owned(),
                "profile-error-needed-for-review".to_owned()
            ),
            (
                "tax_id".to_owned(),
                "profile-error-needed-for-review".to_owned()
            ),
            (
                "orders.name".to_owned(),
                "profile-error-needed-for-review".to_owned()
            ),
            (
                "invoicing.name".to_owned(),
                "profile-error-needed-for-review".to_owned()
            ),
        ]
    );
}

#[test]
fn each_mistake_names_its_field_and_rule() {
    let mut input = complete();
    input.legal_name = "  ".into();
    input.ordering.city = String::new();
    input.ordering.country = "XX".into();
    input.ship_from.line2 = "Hof 3".into();
    input.tax_id = "DE136695977".into();
    input.gs1_prefix = "40123".into();
    input.edi_capability = "fax".into();
    input.language = "fr".into();
    input.orders.email = "orders at delta".into();
    input.invoicing.phone = "call me".into();
    input.shipping.email = "ship@delta.example".into();
    assert_eq!(
        fields(input.parse(known).unwrap_err()),
        [
            ("legal_name", "profile-error-required"),
            ("ordering.city", "profile-error-required"),
            ("ordering.country", "profile-error-country"),
            ("ship_from.line1", "profile-error-required"),
            ("ship_from.city", "profile-error-required"),
            ("ship_from.country", "profile-error-required"),
            ("tax_id", "profile-error-vat-check"),
            ("gs1_prefix", "profile-error-gs1"),
            ("edi_capability", "profile-error-choice"),
            ("language", "profile-error-choice"),
            ("orders.email", "field-email-invalid"),
            ("shipping.name", "profile-error-required"),
            ("invoicing.phone", "profile-error-phone"),
        ]
        .map(|(f, m)| (f.to_owned(), m.to_owned()))
    );
    let mut input = complete();
    input.tax_scheme = "ssn".into();
    assert_eq!(
        fields(input.parse(known).unwrap_err()),
        [(
            "tax_scheme".to_owned(),
            "profile-error-tax-scheme".to_owned()
        )]
    );
    let mut input = complete();
    input.tax_scheme = "us_ein".into();
    input.tax_id = "07-1234567".into();
    assert_eq!(
        fields(input.parse(known).unwrap_err()),
        [("tax_id".to_owned(), "profile-error-ein-prefix".to_owned())]
    );
}

#[test]
fn phones_and_countries() {
    assert!(phone_ok("+1 (555) 010-2030"));
    assert!(phone_ok("030/1234567"));
    assert!(!phone_ok("12345"));
    assert!(!phone_ok("+1 555 0102 0304 0506 07"));
    assert!(!phone_ok("555-CALL-NOW"));
    assert!(!phone_ok("1+5550102030"));
    assert!(is_country("GB") && is_country("XK") && is_country("AX"));
    assert!(!is_country("ZZ") && !is_country("UK"));
    assert!(!is_country("gb") && !is_country("") && !is_country("DEU"));
}

#[test]
fn changed_fields_compare_whole_fields_and_copy_applies_them() {
    let before = complete().parse(known).unwrap();
    let mut input = complete();
    input.legal_name = "Delta Labels AG".into();
    input.orders.phone = "+49 30 7654321".into();
    let after = input.parse(known).unwrap();
    let changed = before.changed_fields(&after);
    assert_eq!(
        changed,
        [ProfileField::LegalName, ProfileField::OrdersContact]
    );
    let changes = field_changes(Some(&before), &after, &changed);
    assert_eq!(changes[0].old, Value::from("Delta Labels GmbH"));
    assert_eq!(changes[0].new, Value::from("Delta Labels AG"));
    assert_eq!(changes[1].new["phone"], Value::from("+49 30 7654321"));
    let mut applied = before.clone();
    ProfileField::OrdersContact.copy(&after, &mut applied);
    assert_eq!(applied.changed_fields(&after), [ProfileField::LegalName]);
    assert!(before.changed_fields(&before).is_empty());
    // A first profile's changes start from nothing.
    assert_eq!(
        field_changes(None, &after, &[ProfileField::TaxId])[0].old,
        Value::Null
    );
}

#[test]
fn default_rules_hold_back_who_gets_paid_and_codes_round_trip() {
    let review: Vec<_> = ProfileField::ALL
        .into_iter()
        .filter(|f| f.default_rule() == FieldRule::Review)
        .collect();
    assert_eq!(
        review,
        [
            ProfileField::LegalName,
            ProfileField::RemitToAddress,
            ProfileField::TaxId,
            ProfileField::RegistrationId,
        ]
    );
    for f in ProfileField::ALL {
        assert_eq!(ProfileField::parse(f.code()), Some(f));
    }
    for s in ChangeStatus::ALL {
        assert_eq!(ChangeStatus::parse(s.code()), Some(s));
    }
    for c in EdiCapability::ALL {
        assert_eq!(EdiCapability::parse(c.code()), Some(c));
    }
    assert_eq!(ProfileField::parse("iban"), None);
}
