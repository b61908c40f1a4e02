//! The deterministic demo data set: one buyer organisation, three suppliers, a user for every role and 60 purchase
//! orders across all statuses. The same ids, numbers, dates and amounts every time (only password salts differ).
//!
//! [`seed_other_tenant`] adds a second, unrelated buyer organisation; the isolation tests use it.

use crate::auth::password;
use crate::db::purchase_orders::NewPoRow;
use crate::db::{self, Context, Db};
use crate::events::SupplierRef;
use crate::scope::Scope;
use crate::services::purchase_orders;
use crate::CoreError;
use portico_domain::{
    CurrencyCode, Email, MembershipRole, PoLine, PoStatus, PurchaseOrderId, SupplierId, TenantId,
    UnitOfMeasure, UserId,
};
use rust_decimal::Decimal;
use time::{Date, Duration};
use uuid::Uuid;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "portico-demo";

/// A demo account, for printing and documentation.
#[derive(Clone, Copy, Debug)]
pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: MembershipRole,
    /// Supplier code for supplier roles.
    pub supplier: Option<&'static str>,
}

/// The demo tenant's slug.
pub const DEMO_TENANT_SLUG: &str = "northwind";

/// Every demo account of the demo tenant.
pub const DEMO_ACCOUNTS: [DemoAccount; 6] = [
    DemoAccount {
        email: "admin@northwind.example",
        name: "Nadia Brooks",
        role: MembershipRole::BuyerAdmin,
        supplier: None,
    },
    DemoAccount {
        email: "buyer@northwind.example",
        name: "Ben Carter",
        role: MembershipRole::Buyer,
        supplier: None,
    },
    DemoAccount {
        email: "anna@acme.example",
        name: "Anna Lopez",
        role: MembershipRole::SupplierAdmin,
        supplier: Some("ACME"),
    },
    DemoAccount {
        email: "sam@acme.example",
        name: "Sam Patel",
        role: MembershipRole::SupplierUser,
        supplier: Some("ACME"),
    },
    DemoAccount {
        email: "berta@bolt.example",
        name: "Berta Schmidt",
        role: MembershipRole::SupplierAdmin,
        supplier: Some("BOLT"),
    },
    DemoAccount {
        email: "carl@cascade.example",
        name: "Carl Nguyen",
        role: MembershipRole::SupplierAdmin,
        supplier: Some("CASC"),
    },
];

struct SupplierSpec {
    code: &'static str,
    name: &'static str,
    currency: &'static str,
    orders: usize,
    catalogue: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

/// (buyer item, supplier part, description, unit + price as "UOM:price").
const ACME_ITEMS: &[(&str, &str, &str, &str)] = &[
    (
        "100-2041",
        "AC-HB-M8-40",
        "Hex bolt M8 x 40, zinc plated",
        "EA:0.18",
    ),
    (
        "100-3310",
        "AC-GL-NIT-L",
        "Safety gloves, nitrile, size L",
        "PR:2.40",
    ),
    (
        "200-0107",
        "AC-DR-18V",
        "Cordless drill 18 V with 2 batteries",
        "EA:129.00",
    ),
    (
        "100-5521",
        "AC-CT-300-100",
        "Cable ties 300 mm, black, pack of 100",
        "PK:6.90",
    ),
    ("200-0450", "AC-WL-20", "LED work light 20 W", "EA:34.50"),
    (
        "100-7702",
        "AC-EM-SNR30",
        "Hearing protection earmuffs SNR 30",
        "EA:14.20",
    ),
];
const BOLT_ITEMS: &[(&str, &str, &str, &str)] = &[
    (
        "110-0933",
        "DIN933-M10X50",
        "Sechskantschraube DIN 933 M10 x 50, 8.8 verzinkt",
        "EA:0.21",
    ),
    (
        "110-0125",
        "DIN125-M10",
        "Unterlegscheibe DIN 125 M10",
        "EA:0.03",
    ),
    (
        "110-0975",
        "DIN975-M12-1000",
        "Gewindestange DIN 975 M12, 1 m",
        "EA:2.85",
    ),
    (
        "110-0934",
        "DIN934-M10",
        "Sechskantmutter DIN 934 M10",
        "EA:0.05",
    ),
    (
        "110-7981",
        "DIN7981-4.2X19",
        "Blechschraube DIN 7981 4,2 x 19",
        "CS:18.40",
    ),
];
const CASC_ITEMS: &[(&str, &str, &str, &str)] = &[
    (
        "300-4030",
        "CB-400-300-200",
        "Corrugated box 400 x 300 x 200 mm, double wall",
        "EA:1.12",
    ),
    (
        "300-1150",
        "SF-500-300",
        "Stretch film 500 mm x 300 m, 23 my",
        "RL:11.75",
    ),
    (
        "300-0812",
        "PAL-EUR",
        "EUR pallet 1200 x 800 mm",
        "EA:14.90",
    ),
    (
        "300-2248",
        "TP-48-66-CL",
        "Packing tape 48 mm x 66 m, clear",
        "RL:1.35",
    ),
    (
        "300-3100",
        "VF-PAPER-450",
        "Void fill paper roll 450 m",
        "RL:42.00",
    ),
];

const SUPPLIERS: [SupplierSpec; 3] = [
    SupplierSpec {
        code: "ACME",
        name: "Acme Industrial Supply",
        currency: "USD",
        orders: 24,
        catalogue: ACME_ITEMS,
    },
    SupplierSpec {
        code: "BOLT",
        name: "Bolt & Mutter GmbH",
        currency: "EUR",
        orders: 20,
        catalogue: BOLT_ITEMS,
    },
    SupplierSpec {
        code: "CASC",
        name: "Cascade Packaging Co.",
        currency: "USD",
        orders: 16,
        catalogue: CASC_ITEMS,
    },
];

const SHIP_TO: [(&str, &str); 2] = [
    (
        "Northwind DC Chicago",
        "1200 W Fulton Market, Chicago, IL 60607, US",
    ),
    (
        "Northwind DC Rotterdam",
        "Waalhaven Z.z. 40, 3089 JH Rotterdam, NL",
    ),
];
const TERMS: [&str; 3] = ["Net 30", "2% 10, Net 30", "Net 45"];

/// Small deterministic generator (xorshift64*), so the demo is the same on every machine.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A UUID v7 whose timestamp and random bits come from this generator.
    pub(crate) fn uuid(&mut self, millis: u64) -> Uuid {
        let mut bytes = [0u8; 10];
        bytes[..8].copy_from_slice(&self.next().to_be_bytes());
        bytes[8..].copy_from_slice(&self.next().to_be_bytes()[..2]);
        uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid()
    }
}

pub(crate) fn status_for(roll: u64) -> PoStatus {
    match roll {
        0..=34 => PoStatus::New,
        35..=54 => PoStatus::Acknowledged,
        55..=62 => PoStatus::ChangePending,
        63..=67 => PoStatus::Rejected,
        68..=77 => PoStatus::PartiallyShipped,
        78..=87 => PoStatus::Shipped,
        88..=94 => PoStatus::Invoiced,
        95..=97 => PoStatus::Closed,
        _ => PoStatus::Cancelled,
    }
}

/// What seeding did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedOutcome {
    /// The demo data was written.
    Seeded { purchase_orders: usize },
    /// The database already had accounts; nothing was written.
    AlreadyPresent,
}

/// Writes the demo data set into an empty database, in one transaction.
pub async fn seed_demo(db: &Db) -> Result<SeedOutcome, CoreError> {
    if db::setup::has_accounts(db).await? {
        return Ok(SeedOutcome::AlreadyPresent);
    }
    let hash = password::hash(DEMO_PASSWORD)?;
    let mut rng = Rng(0x0005_EED0_F902_71C0);
    // 2026-11-20T00:00:00Z: ids carry this era's timestamps.
    let epoch_ms: u64 = 1_795_132_800_000;
    let base_date = time::macros::date!(2026 - 11 - 20);

    let tenant = TenantId(rng.uuid(epoch_ms));
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    db::setup::insert_tenant(&mut tx, tenant, DEMO_TENANT_SLUG, "Northwind Distribution").await?;

    let mut supplier_ids = Vec::new();
    for spec in &SUPPLIERS {
        let id = SupplierId(rng.uuid(epoch_ms));
        db::setup::insert_supplier(&mut tx, tenant, id, spec.code, spec.name).await?;
        supplier_ids.push((spec.code, id));
    }
    let mut admins = Vec::new();
    for account in DEMO_ACCOUNTS {
        let user = UserId(rng.uuid(epoch_ms));
        if account.role == MembershipRole::SupplierAdmin {
            admins.extend(account.supplier.map(|code| (code, user)));
        }
        let email = Email::parse(account.email)
            .map_err(|e| CoreError::validation("email", e.to_string()))?;
        db::setup::insert_user(&mut tx, user, &email, account.name, &hash).await?;
        let supplier = account
            .supplier
            .and_then(|code| supplier_ids.iter().find(|(c, _)| *c == code))
            .map(|(_, id)| *id);
        db::setup::insert_membership(
            &mut tx,
            rng.uuid(epoch_ms),
            user,
            tenant,
            supplier,
            account.role,
        )
        .await?;
    }

    // The organisation's change policy: cheaper is fine, dearer needs the buyer; ±10 % quantity; up to five days
    // later; splits allowed; a rejected line needs the buyer.
    let policy = portico_domain::acknowledgement::ChangePolicy {
        price_increase_pct: rust_decimal::Decimal::ZERO,
        price_decrease_pct: rust_decimal::Decimal::ONE_HUNDRED,
        quantity_under_pct: rust_decimal::Decimal::TEN,
        quantity_over_pct: rust_decimal::Decimal::TEN,
        date_later_days: 5,
        date_earlier_days: 0,
        splits_allowed: true,
        line_rejections_allowed: false,
    };
    db::acknowledgements::save_policy(&mut tx, tenant, None, &policy, None).await?;
    // The demo supplier people sign in as has its GS1 numbering (GS1's example company prefix), so its
    // pallets and cartons get SSCCs at once; the others set theirs on the shipments page.
    if let Some((_, acme)) = supplier_ids.iter().find(|(code, _)| *code == "ACME") {
        db::ship_notices::save_label_settings(&mut tx, tenant, *acme, "0614141", 0).await?;
    }

    let scope = Scope::tenant(tenant);
    let mut count = 0usize;
    let mut number = 4_500_012_000u64;
    for (spec, (code, supplier_id)) in SUPPLIERS.iter().zip(&supplier_ids) {
        let currency = CurrencyCode::parse(spec.currency)
            .map_err(|e| CoreError::validation("currency", e.to_string()))?;
        for i in 0..spec.orders {
            number += 1 + rng.below(7);
            let age_days = (i as i64) * 3 + rng.below(3) as i64;
            let order_date = base_date - Duration::days(age_days);
            let lines = demo_lines(&mut rng, spec, order_date)?;
            let (ship_to_name, ship_to_address) =
                SHIP_TO[(rng.below(SHIP_TO.len() as u64)) as usize];
            let number_text = number.to_string();
            let status = if i < 2 {
                PoStatus::New
            } else {
                status_for(rng.below(100))
            };
            let po = NewPoRow {
                id: PurchaseOrderId(rng.uuid(epoch_ms - (age_days as u64) * 86_400_000)),
                supplier_id: *supplier_id,
                number: &number_text,
                status,
                order_date,
                currency: &currency,
                ship_to_name,
                ship_to_address,
                payment_terms: TERMS[rng.below(TERMS.len() as u64) as usize],
                incoterms: Some(if spec.currency == "EUR" { "DAP" } else { "FCA" }),
                notes: (rng.below(4) == 0)
                    .then_some("Please label every carton with our PO number."),
                lines: &lines,
            };
            let supplier = SupplierRef {
                id: *supplier_id,
                code: (*code).to_owned(),
                name: spec.name.to_owned(),
            };
            purchase_orders::receive(&mut tx, &scope, &po, supplier, None).await?;
            // Answered orders carry the promise an acceptance as ordered gives: the requested day and quantity.
            if matches!(
                status,
                PoStatus::Acknowledged
                    | PoStatus::PartiallyShipped
                    | PoStatus::Shipped
                    | PoStatus::Invoiced
                    | PoStatus::Closed
            ) {
                let promises: Vec<_> = lines
                    .iter()
                    .map(|l| {
                        (
                            l.line_number,
                            l.requested_date.unwrap_or(order_date),
                            l.quantity,
                        )
                    })
                    .collect();
                db::promises::set_from_answer(&mut tx, tenant, *supplier_id, po.id.0, &promises)
                    .await?;
            }
            count += 1;
        }
    }
    seed_documents(&mut tx, tenant, &mut rng, epoch_ms, &supplier_ids, &admins).await?;
    seed_profiles(&mut tx, tenant, &supplier_ids, &admins).await?;
    tx.commit().await?;
    Ok(SeedOutcome::Seeded {
        purchase_orders: count,
    })
}

/// A demo compliance document: `(supplier, kind, title, issued days ago, expires in days, file name)`.
type DemoDocument = (
    &'static str,
    &'static str,
    &'static str,
    i64,
    Option<i64>,
    &'static str,
);

/// The demo suppliers' compliance documents, dated from today so the buyer's list always shows one expired, one
/// running out and the rest in force.
const DEMO_DOCUMENTS: [DemoDocument; 5] = [
    (
        "ACME",
        "certificate",
        "ISO 9001:2015 certificate",
        400,
        Some(695),
        "iso-9001.pdf",
    ),
    (
        "ACME",
        "insurance",
        "Product liability insurance",
        353,
        Some(12),
        "liability-2026.pdf",
    ),
    (
        "ACME",
        "tax_form",
        "W-9 Request for Taxpayer Identification Number",
        200,
        None,
        "w9.pdf",
    ),
    (
        "CASC",
        "certificate",
        "FSC Chain of Custody certificate",
        1100,
        Some(-9),
        "fsc-coc.pdf",
    ),
    (
        "BOLT",
        "insurance",
        "General liability insurance",
        90,
        Some(275),
        "general-liability.pdf",
    ),
];

async fn seed_documents(
    tx: &mut db::Tx,
    tenant: TenantId,
    rng: &mut Rng,
    epoch_ms: u64,
    suppliers: &[(&str, SupplierId)],
    admins: &[(&str, UserId)],
) -> Result<(), CoreError> {
    use sha2::{Digest, Sha256};
    let now = time::OffsetDateTime::now_utc();
    let today = now.date();
    for (code, kind, title, issued_ago, expires_in, file_name) in DEMO_DOCUMENTS {
        let (Some((_, supplier)), Some((_, admin))) = (
            suppliers.iter().find(|(c, _)| *c == code),
            admins.iter().find(|(c, _)| *c == code),
        ) else {
            continue;
        };
        let content = demo_pdf(title);
        let sha256 = crate::audit::hex(&Sha256::digest(&content));
        let id = rng.uuid(epoch_ms);
        let expires_on = expires_in.map(|d| today + Duration::days(d));
        db::supplier_documents::insert(
            tx,
            tenant,
            &db::supplier_documents::NewDocument {
                id,
                supplier: *supplier,
                kind,
                title,
                issued_on: Some(today - Duration::days(issued_ago)),
                expires_on,
                file_name,
                sha256: &sha256,
                content: &content,
                uploaded_by: *admin,
                uploaded_at: now - Duration::days(issued_ago.min(30)),
            },
        )
        .await?;
        // The reminder due today counts as sent already: a fresh demo starts with a quiet mailbox, and the next
        // reminder (a week before) comes as it would.
        if let Some(days) =
            expires_on.and_then(|d| portico_domain::compliance::reminder_due(d, today, None))
        {
            db::supplier_documents::record_reminder(tx, tenant, id, days, now).await?;
        }
    }
    Ok(())
}

/// The demo suppliers' approved profiles: (code, legal name, street, postal code, city, region, country, tax scheme,
/// tax id, GS1 prefix, EDI, language, orders contact, invoicing contact).
type DemoProfile = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    (&'static str, &'static str, &'static str),
    (&'static str, &'static str, &'static str),
);

const DEMO_PROFILES: &[DemoProfile] = &[
    (
        "ACME",
        "Acme Industrial Supply, Inc.",
        "1200 Commerce Drive",
        "60607",
        "Chicago",
        "IL",
        "US",
        "us_ein",
        "36-4123987",
        "0614141",
        "x12",
        "en",
        ("Anna Lopez", "orders@acme.example", "+1 312 555 0142"),
        ("Accounts Receivable", "ar@acme.example", "+1 312 555 0150"),
    ),
    (
        "BOLT",
        "Bolt & Mutter GmbH",
        "Industriestraße 12",
        "70565",
        "Stuttgart",
        "",
        "DE",
        "eu_vat",
        "DE136695976",
        "4012345",
        "edifact",
        "de",
        ("Berta Schmidt", "auftrag@bolt.example", "+49 711 555 120"),
        ("Buchhaltung", "rechnung@bolt.example", "+49 711 555 130"),
    ),
    (
        "CASC",
        "Cascade Packaging Company",
        "88 Harbor Way",
        "98134",
        "Seattle",
        "WA",
        "US",
        "us_ein",
        "91-1234567",
        "0851234",
        "portal",
        "en",
        ("Carl Nguyen", "orders@cascade.example", "+1 206 555 0199"),
        ("Billing", "billing@cascade.example", ""),
    ),
];

async fn seed_profiles(
    tx: &mut db::Tx,
    tenant: TenantId,
    suppliers: &[(&str, SupplierId)],
    admins: &[(&str, UserId)],
) -> Result<(), CoreError> {
    use portico_domain::profile::{AddressInput, ContactInput, ProfileInput};
    let now = time::OffsetDateTime::now_utc() - Duration::days(60);
    for (
        code,
        legal,
        street,
        postal,
        city,
        region,
        country,
        scheme,
        tax,
        gs1,
        edi,
        lang,
        orders,
        invoicing,
    ) in DEMO_PROFILES
    {
        let (Some((_, supplier)), Some((_, admin))) = (
            suppliers.iter().find(|(c, _)| c == code),
            admins.iter().find(|(c, _)| c == code),
        ) else {
            continue;
        };
        let address = AddressInput {
            line1: (*street).into(),
            postal_code: (*postal).into(),
            city: (*city).into(),
            region: (*region).into(),
            country: (*country).into(),
            ..Default::default()
        };
        let contact = |(name, email, phone): &(&str, &str, &str)| ContactInput {
            name: (*name).into(),
            email: (*email).into(),
            phone: (*phone).into(),
        };
        let profile = ProfileInput {
            legal_name: (*legal).into(),
            ordering: address.clone(),
            remit_to: address,
            tax_scheme: (*scheme).into(),
            tax_id: (*tax).into(),
            gs1_prefix: (*gs1).into(),
            edi_capability: (*edi).into(),
            language: (*lang).into(),
            orders: contact(orders),
            invoicing: contact(invoicing),
            ..Default::default()
        }
        .parse(|l| portico_i18n::Locale::from_tag(l).is_some())
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("demo profile {code}: {e:?}")))?;
        let json = serde_json::to_string(&profile)
            .map_err(|e| CoreError::Internal(anyhow::anyhow!("demo profile: {e}")))?;
        db::supplier_profiles::put(tx, tenant, *supplier, &json, 1, *admin, now).await?;
    }
    Ok(())
}

/// A one-page PDF saying `title`, small and valid (cross-reference offsets computed).
pub fn demo_pdf(title: &str) -> Vec<u8> {
    let text: String = title
        .chars()
        .filter(|c| c.is_ascii() && !matches!(c, '(' | ')' | '\\'))
        .collect();
    let stream = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

fn demo_lines(
    rng: &mut Rng,
    spec: &SupplierSpec,
    order_date: Date,
) -> Result<Vec<PoLine>, CoreError> {
    let n = 1 + rng.below(5) as usize;
    let start = rng.below(spec.catalogue.len() as u64) as usize;
    (0..n)
        .map(|k| {
            let (item, part, description, price) =
                spec.catalogue[(start + k) % spec.catalogue.len()];
            let (uom, unit_price) = price.split_once(':').unwrap_or(("EA", "1"));
            let quantity = Decimal::from(match uom {
                "EA" if unit_price.starts_with("0.") => 500 * (1 + rng.below(20)),
                _ => 5 * (1 + rng.below(40)),
            });
            Ok(PoLine {
                line_number: i32::try_from(10 * (k + 1)).unwrap_or(i32::MAX),
                buyer_item: item.to_owned(),
                supplier_part: Some(part.to_owned()),
                description: description.to_owned(),
                quantity,
                unit_of_measure: UnitOfMeasure::parse(uom)
                    .map_err(|e| CoreError::validation("uom", e.to_string()))?,
                unit_price: unit_price
                    .parse()
                    .map_err(|_| CoreError::validation("unit_price", unit_price.to_owned()))?,
                requested_date: Some(order_date + Duration::days(7 + rng.below(24) as i64)),
            })
        })
        .collect()
}

/// The second tenant's accounts (for isolation tests).
pub const OTHER_TENANT_ACCOUNTS: [DemoAccount; 2] = [
    DemoAccount {
        email: "buyer@contoso.example",
        name: "Olga Berg",
        role: MembershipRole::Buyer,
        supplier: None,
    },
    DemoAccount {
        email: "sales@acme-contoso.example",
        name: "Ivan Reyes",
        role: MembershipRole::SupplierUser,
        supplier: Some("ACME"),
    },
];

/// The demo supplier person who serves both demo buyer organisations with one login.
pub const SHARED_SUPPLIER_EMAIL: &str = "anna@acme.example";

/// Adds "Contoso Retail", an unrelated buyer organisation with its own supplier coded `ACME` (the same code as the
/// demo tenant's, on purpose) and two purchase orders, numbered `CON-1` and `CON-2`. If the demo tenant exists,
/// [`SHARED_SUPPLIER_EMAIL`] also becomes a supplier user there: one login, two customers.
pub async fn seed_other_tenant(db: &Db) -> Result<TenantId, CoreError> {
    let hash = password::hash(DEMO_PASSWORD)?;
    let shared_email = Email::parse(SHARED_SUPPLIER_EMAIL)
        .map_err(|e| CoreError::validation("email", e.to_string()))?;
    let shared = db::users::find_login(db, &shared_email).await?;
    let mut rng = Rng(0x0C01_7050);
    let epoch_ms: u64 = 1_795_132_800_000;
    let tenant = TenantId(rng.uuid(epoch_ms));
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    db::setup::insert_tenant(&mut tx, tenant, "contoso", "Contoso Retail").await?;
    let supplier = SupplierId(rng.uuid(epoch_ms));
    db::setup::insert_supplier(
        &mut tx,
        tenant,
        supplier,
        "ACME",
        "Acme Industrial Supply (Contoso)",
    )
    .await?;
    for account in OTHER_TENANT_ACCOUNTS {
        let user = UserId(rng.uuid(epoch_ms));
        let email = Email::parse(account.email)
            .map_err(|e| CoreError::validation("email", e.to_string()))?;
        db::setup::insert_user(&mut tx, user, &email, account.name, &hash).await?;
        let s = account.supplier.map(|_| supplier);
        db::setup::insert_membership(&mut tx, rng.uuid(epoch_ms), user, tenant, s, account.role)
            .await?;
    }
    if let Some(person) = shared {
        db::setup::insert_membership(
            &mut tx,
            Uuid::now_v7(),
            UserId(person.id),
            tenant,
            Some(supplier),
            MembershipRole::SupplierUser,
        )
        .await?;
    }
    let currency =
        CurrencyCode::parse("USD").map_err(|e| CoreError::validation("currency", e.to_string()))?;
    let spec = &SUPPLIERS[0];
    for (k, number) in ["CON-1", "CON-2"].into_iter().enumerate() {
        let order_date = time::macros::date!(2026 - 11 - 01) + Duration::days(k as i64);
        let lines = demo_lines(&mut rng, spec, order_date)?;
        let po = NewPoRow {
            id: PurchaseOrderId(rng.uuid(epoch_ms)),
            supplier_id: supplier,
            number,
            status: PoStatus::New,
            order_date,
            currency: &currency,
            ship_to_name: "Contoso Store 17",
            ship_to_address: "5 Harbour Rd, Seattle, WA 98101, US",
            payment_terms: "Net 60",
            incoterms: None,
            notes: Some("Contoso confidential"),
            lines: &lines,
        };
        let supplier_ref = SupplierRef {
            id: supplier,
            code: "ACME".to_owned(),
            name: "Acme Industrial Supply (Contoso)".to_owned(),
        };
        purchase_orders::receive(&mut tx, &Scope::tenant(tenant), &po, supplier_ref, None).await?;
    }
    tx.commit().await?;
    Ok(tenant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_is_deterministic() {
        let mut a = Rng(42);
        let mut b = Rng(42);
        assert_eq!(a.uuid(1), b.uuid(1));
        assert_eq!(a.uuid(1).get_version_num(), 7);
    }

    #[test]
    fn status_mix_covers_every_status() {
        // `countered` only follows a buyer's review of an answer, which the demo leaves to people to try.
        let seen: std::collections::HashSet<_> = (0..100).map(status_for).collect();
        for status in PoStatus::ALL {
            assert_eq!(
                seen.contains(&status),
                status != PoStatus::Countered,
                "{status}"
            );
        }
    }
}
