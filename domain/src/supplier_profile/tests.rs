use super::*;

fn rule(result: Result<impl fmt::Debug, FieldError>) -> String {
    result.expect_err("should be refused").message
}

#[test]
fn ibans_of_the_registry_pass_as_typed() {
    for typed in [
        "DE89 3704 0044 0532 0130 00",
        "de89370400440532013000",
        "GB82 WEST 1234 5698 7654 32",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91ABNA0417164300",
        "BE68539007547034",
        "CH93 0076 2011 6238 5295 7",
        "NO93 8601 1117 947",
        "MT84MALT011000012345MTLCAST001S",
    ] {
        let iban = Iban::parse("iban", typed).unwrap_or_else(|e| panic!("{typed}: {e:?}"));
        assert!(!iban.as_str().contains(' '));
        assert_eq!(iban.as_str(), iban.as_str().to_uppercase());
    }
}

#[test]
fn an_iban_names_the_rule_it_breaks() {
    assert_eq!(rule(Iban::parse("iban", "")), "profile-error-required");
    assert_eq!(
        rule(Iban::parse("iban", "DE89 3704_0044")),
        "profile-error-iban-characters"
    );
    let country = Iban::parse("iban", "ZZ89370400440532013000").unwrap_err();
    assert_eq!(country.message, "profile-error-iban-country");
    assert_eq!(country.args, vec![("country".to_owned(), "ZZ".to_owned())]);
    let length = Iban::parse("iban", "DE89 3704 0044 0532 0130 0").unwrap_err();
    assert_eq!(length.message, "profile-error-iban-length");
    assert!(length
        .args
        .contains(&("length".to_owned(), "22".to_owned())));
    assert!(length.args.contains(&("typed".to_owned(), "21".to_owned())));
    // One digit changed, and two neighbours swapped: both caught by mod 97.
    assert_eq!(
        rule(Iban::parse("iban", "DE89370400440532013001")),
        "profile-error-iban-check"
    );
    assert_eq!(
        rule(Iban::parse("iban", "DE89370400440532031000")),
        "profile-error-iban-check"
    );
    assert_eq!(
        rule(Iban::parse("iban", "DEXX370400440532013000")),
        "profile-error-iban-check"
    );
}

#[test]
fn an_iban_is_shown_masked_but_for_country_check_digits_and_last_four() {
    let iban = Iban::parse("iban", "DE89370400440532013000").unwrap();
    assert_eq!(iban.masked(), "DE89 •••• •••• •••• ••30 00");
    assert_eq!(iban.grouped(), "DE89 3704 0044 0532 0130 00");
    assert_eq!(iban.country(), "DE");
}

#[test]
fn bics_have_eight_or_eleven_characters_and_a_country() {
    for ok in [
        "DEUTDEFF",
        "deutdeff500",
        "COBA DE FF XXX",
        "BOFAUS3N",
        "NEDSZAJJXXX",
    ] {
        Bic::parse("bic", ok).unwrap_or_else(|e| panic!("{ok}: {e:?}"));
    }
    assert_eq!(
        rule(Bic::parse("bic", "DEUTDEF")),
        "profile-error-bic-format"
    );
    assert_eq!(
        rule(Bic::parse("bic", "DEUTDEFF5")),
        "profile-error-bic-format"
    );
    assert_eq!(
        rule(Bic::parse("bic", "DEU1DEFF")),
        "profile-error-bic-format"
    );
    assert_eq!(
        rule(Bic::parse("bic", "DEUTQQFF")),
        "profile-error-bic-country"
    );
}

#[test]
fn a_bank_account_reports_every_mistake_and_checks_the_countries_agree() {
    let good = BankAccountInput {
        holder: "Acme Industrial Supply GmbH".into(),
        iban: "DE89 3704 0044 0532 0130 00".into(),
        bic: "COBADEFFXXX".into(),
        bank_name: "Commerzbank".into(),
        ..Default::default()
    };
    let account = good.parse().unwrap();
    assert_eq!(account.account.number(), "DE89370400440532013000");
    assert_eq!(account.account.scheme(), AccountScheme::Iban);
    assert_eq!(account.bic.unwrap().as_str(), "COBADEFFXXX");

    let abroad = BankAccountInput {
        bic: "NEDSZAJJXXX".into(),
        ..good.clone()
    };
    let errors = abroad.parse().unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "bic");
    assert_eq!(errors[0].message, "profile-error-bic-iban-country");

    let empty = BankAccountInput::default().parse().unwrap_err();
    let fields: Vec<&str> = empty.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["holder", "bank_name", "iban", "bic"]);

    // Territories with a BIC country of their own and their parent's IBANs: Jersey and Guernsey banks keep GB
    // IBANs, Réunion's French ones, Åland's Finnish ones; a territory's BIC with anyone else's IBAN is still refused.
    for (iban, bic) in [
        ("GB82 WEST 1234 5698 7654 32", "HBUKJESHXXX"),
        ("GB82 WEST 1234 5698 7654 32", "RBOSGGSX"),
        ("FR14 2004 1010 0505 0001 3M02 606", "BNPARERXXXX"),
        ("FI21 1234 5600 0007 85", "AABAAX22"),
    ] {
        let account = BankAccountInput {
            iban: iban.into(),
            bic: bic.into(),
            ..good.clone()
        };
        assert!(account.parse().is_ok(), "{iban} with {bic}");
    }
    for (iban, bic) in [
        ("DE89 3704 0044 0532 0130 00", "HBUKJESHXXX"),
        ("GB82 WEST 1234 5698 7654 32", "BNPARERXXXX"),
    ] {
        let account = BankAccountInput {
            iban: iban.into(),
            bic: bic.into(),
            ..good.clone()
        };
        let errors = account.parse().unwrap_err();
        assert_eq!(
            errors[0].message, "profile-error-bic-iban-country",
            "{iban} with {bic}"
        );
    }
}

#[test]
fn eu_vat_ids_follow_their_countrys_pattern() {
    for ok in [
        "DE136695976",
        "de 811 569 869",
        "ATU13585627",
        "FR40303265045",
        "NL123456789B01",
        "IT00743110157",
        "ESX1234567X",
        "EL094259216",
        "SE556703748501",
        "XI123456789",
    ] {
        EuVatId::parse("tax_id", ok).unwrap_or_else(|e| panic!("{ok}: {e:?}"));
    }
    let country = EuVatId::parse("tax_id", "GR094259216").unwrap_err();
    assert_eq!(country.message, "profile-error-vat-country");
    let format = EuVatId::parse("tax_id", "DE12345678").unwrap_err();
    assert_eq!(format.message, "profile-error-vat-format");
    assert!(format
        .args
        .contains(&("shape".to_owned(), "DE999999999".to_owned())));
    assert_eq!(
        rule(EuVatId::parse("tax_id", "NL123456789C01")),
        "profile-error-vat-format"
    );
    assert_eq!(
        rule(EuVatId::parse("tax_id", "ATX13585627")),
        "profile-error-vat-format"
    );
}

#[test]
fn german_and_italian_vat_ids_have_their_check_digit_checked() {
    assert_eq!(
        rule(EuVatId::parse("tax_id", "DE136695977")),
        "profile-error-vat-check"
    );
    assert_eq!(
        rule(EuVatId::parse("tax_id", "DE123456789")),
        "profile-error-vat-check"
    );
    assert_eq!(
        rule(EuVatId::parse("tax_id", "IT00743110158")),
        "profile-error-vat-check"
    );
    assert!(EuVatId::parse("tax_id", "IT01114601006").is_ok());
}

#[test]
fn eins_have_nine_digits_and_an_assigned_prefix() {
    assert_eq!(
        Ein::parse("tax_id", "12-3456789").unwrap().as_str(),
        "12-3456789"
    );
    assert_eq!(
        Ein::parse("tax_id", "123456789").unwrap().as_str(),
        "12-3456789"
    );
    assert_eq!(
        rule(Ein::parse("tax_id", "12-345678")),
        "profile-error-ein-format"
    );
    assert_eq!(
        rule(Ein::parse("tax_id", "AB-3456789")),
        "profile-error-ein-format"
    );
    let prefix = Ein::parse("tax_id", "07-3456789").unwrap_err();
    assert_eq!(prefix.message, "profile-error-ein-prefix");
    assert_eq!(prefix.args, vec![("prefix".to_owned(), "07".to_owned())]);
}

#[test]
fn a_tax_id_is_checked_by_its_scheme() {
    let vat = TaxId::parse("tax_id", TaxScheme::EuVat, "DE 136 695 976").unwrap();
    assert_eq!(vat.value, "DE136695976");
    assert_eq!(
        rule(TaxId::parse("tax_id", TaxScheme::UsEin, "DE136695976")),
        "profile-error-ein-format"
    );
    assert_eq!(
        TaxId::parse("tax_id", TaxScheme::Other, "CHE-123.456.789")
            .unwrap()
            .value,
        "CHE-123.456.789"
    );
    assert_eq!(
        rule(TaxId::parse("tax_id", TaxScheme::Other, "n/a")),
        "profile-error-tax-other"
    );
    for s in TaxScheme::ALL {
        assert_eq!(TaxScheme::parse(s.code()), Some(s));
    }
}

#[test]
fn odd_input_is_refused_without_panicking() {
    for text in [
        "ä",
        "Dä12345",
        "€€€€€€€€",
        "ÄBCDEFGH",
        "ß1234567890",
        "\u{0}\u{1}DE89",
        "DE",
        "1",
    ] {
        let _ = Iban::parse("iban", text);
        let _ = Bic::parse("bic", text);
        let _ = EuVatId::parse("tax_id", text);
        let _ = Ein::parse("tax_id", text);
        let _ = TaxId::parse("tax_id", TaxScheme::Other, text);
    }
    assert_eq!(
        EuVatId::parse("tax_id", "Ä").unwrap_err().args,
        vec![("country".to_owned(), "none".to_owned())]
    );
}

#[test]
fn names_with_direction_marks_are_refused() {
    let input = BankAccountInput {
        holder: "Acme \u{202E}HbmG".into(),
        iban: "DE89370400440532013000".into(),
        bic: "COBADEFFXXX".into(),
        bank_name: "Commerzbank".into(),
        ..Default::default()
    };
    let errors = input.parse().unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].field.as_str(), errors[0].message.as_str()),
        ("holder", "profile-error-characters")
    );
}

#[test]
fn aba_routing_numbers_have_nine_digits_an_assigned_prefix_and_the_3_7_1_check() {
    for typed in [
        "011000015",
        "021000021",
        "121000358",
        "0210 0002 1",
        "322271627",
    ] {
        let routing = RoutingCode::parse("routing", AccountScheme::UsAba, typed)
            .unwrap_or_else(|e| panic!("{typed}: {e:?}"));
        assert_eq!(routing.as_str().len(), 9);
        assert_eq!(routing.display(), routing.as_str());
    }
    let us = |t: &str| rule(RoutingCode::parse("routing", AccountScheme::UsAba, t));
    assert_eq!(us(""), "profile-error-required");
    assert_eq!(us("02100002A"), "profile-error-routing-digits");
    assert_eq!(us("02100002"), "profile-error-aba-length");
    assert_eq!(us("021000022"), "profile-error-aba-check");
    assert_eq!(us("121000385"), "profile-error-aba-check");
    // 13 is no Federal Reserve district: refused before the check digit is read.
    assert_eq!(us("131000021"), "profile-error-aba-prefix");
    // All zeros passes the 3-7-1 sum but is nobody's.
    assert_eq!(us("000000000"), "profile-error-aba-check");
}

#[test]
fn canadian_routing_numbers_read_as_on_a_cheque_or_electronically() {
    let cheque = RoutingCode::parse("routing", AccountScheme::CaEft, "00012-003").unwrap();
    let electronic = RoutingCode::parse("routing", AccountScheme::CaEft, "000300012").unwrap();
    assert_eq!(cheque, electronic);
    assert_eq!(cheque.as_str(), "000300012");
    assert_eq!(cheque.display(), "00012-003");
    let ca = |t: &str| rule(RoutingCode::parse("routing", AccountScheme::CaEft, t));
    assert_eq!(ca("1234-003"), "profile-error-ca-routing");
    // The institution typed first, or a six-digit transit, is refused rather than read as another branch.
    assert_eq!(ca("003-00012"), "profile-error-ca-routing");
    assert_eq!(ca("012345-003"), "profile-error-ca-routing");
    assert_eq!(
        RoutingCode::parse("routing", AccountScheme::CaEft, "00012003").unwrap(),
        cheque
    );
    assert_eq!(ca("100300012"), "profile-error-ca-routing");
    assert_eq!(ca("00012-0O3"), "profile-error-routing-digits");
}

#[test]
fn a_domestic_account_needs_routing_and_number_but_no_bic() {
    let us = BankAccountInput {
        holder: "Cascade Packaging Co.".into(),
        scheme: "us_aba".into(),
        routing: "021000021".into(),
        account_number: "0004 5678 9012".into(),
        bank_name: "JPMorgan Chase".into(),
        // A leftover IBAN from switching schemes is not read.
        iban: "junk".into(),
        ..Default::default()
    };
    let account = us.parse().unwrap();
    assert_eq!(account.account.scheme(), AccountScheme::UsAba);
    assert_eq!(account.account.country(), "US");
    assert_eq!(account.account.number(), "000456789012");
    assert_eq!(account.account.masked(), "••••••••9012");
    // A short number never shows whole.
    for (typed, masked) in [
        ("1234", "••34"),
        ("1234567", "•••••67"),
        ("12345678", "••••5678"),
    ] {
        let number =
            LocalAccountNumber::parse("account_number", AccountScheme::UsAba, typed).unwrap();
        assert_eq!(number.masked(), masked);
    }
    assert_eq!(account.account.full(), "000456789012");
    assert_eq!(account.bic, None);
    let again = AccountId::from_stored("us_aba", "000456789012", Some("021000021")).unwrap();
    assert_eq!(again, account.account);

    // A BIC, if given, must be a US bank's.
    let with_bic = BankAccountInput {
        bic: "CHASUS33".into(),
        ..us.clone()
    };
    assert_eq!(with_bic.parse().unwrap().bic.unwrap().as_str(), "CHASUS33");
    // A bank in Puerto Rico has a BIC of its own territory and ABA routing numbers.
    let puerto_rico = BankAccountInput {
        bic: "BPPRPRSX".into(),
        ..us.clone()
    };
    assert!(puerto_rico.parse().is_ok());
    let foreign = BankAccountInput {
        bic: "COBADEFFXXX".into(),
        ..us.clone()
    };
    let errors = foreign.parse().unwrap_err();
    assert_eq!(
        (errors[0].field.as_str(), errors[0].message.as_str()),
        ("bic", "profile-error-bic-account-country")
    );

    let empty = BankAccountInput {
        scheme: "ca_eft".into(),
        ..Default::default()
    };
    let errors = empty.parse().unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["holder", "bank_name", "routing", "account_number"]);

    let short = BankAccountInput {
        scheme: "ca_eft".into(),
        routing: "00012-003".into(),
        account_number: "123456".into(),
        ..us.clone()
    };
    let errors = short.parse().unwrap_err();
    assert_eq!(errors[0].message, "profile-error-account-number");
    assert_eq!(
        errors[0].args,
        vec![
            ("min".to_owned(), "7".to_owned()),
            ("max".to_owned(), "12".to_owned())
        ]
    );

    let unknown = BankAccountInput {
        scheme: "bsb".into(),
        ..us
    };
    assert_eq!(unknown.parse().unwrap_err()[0].field, "scheme");
}
