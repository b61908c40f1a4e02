import { expect, test, Page } from "@playwright/test";
import { hydrated, login, shot } from "./helpers";

/** The path of the newest development-mailbox link sent to `to` whose subject contains `subject`. */
async function mailedPath(page: Page, to: string, subject: string): Promise<string> {
  await page.goto("/dev/mailbox");
  const message = page.locator("article.mail", { hasText: to }).filter({ hasText: subject }).first();
  const href = (await message.getByRole("link", { name: "Open the link in this message" }).getAttribute("href"))!;
  return new URL(href).pathname + new URL(href).search;
}

async function fillAddress(page: Page, group: string, line1: string, postal: string, city: string, country: string) {
  await page.locator(`#profile-${group}-line1`).fill(line1);
  await page.locator(`#profile-${group}-postal-code`).fill(postal);
  await page.locator(`#profile-${group}-city`).fill(city);
  await page.locator(`#profile-${group}-country`).fill(country);
}

test("profile: a supplier being onboarded submits its profile; the buyer returns it with a comment, then approves it, which activates the supplier", async ({ page, browser }) => {
  const stamp = Date.now() % 1_000_000;
  const code = `PRF-${stamp}`;
  const email = `pia.${stamp}@prism.example`;
  await login(page, "admin@northwind.example");
  await page.goto("/suppliers/new");
  await hydrated(page);
  await page.getByLabel("Supplier code").fill(code);
  await page.getByLabel("Company name").fill("Prism Print");
  await page.getByLabel("E-mail of the supplier's administrator").fill(email);
  await page.getByRole("button", { name: "Add and invite" }).click();
  await expect(page.getByRole("status")).toContainText("Supplier added");

  const pia = await (await browser.newContext()).newPage();
  await pia.goto(await mailedPath(pia, email, "invites you"));
  await hydrated(pia);
  await pia.getByLabel("Name").fill("Pia Prism");
  await pia.getByLabel("New password", { exact: true }).fill("amber quartz meadow lantern");
  await pia.getByLabel("Repeat the new password").fill("amber quartz meadow lantern");
  await pia.getByRole("button", { name: "Accept and continue" }).click();
  await expect(pia).toHaveURL(/\/orders$/);

  // The supplier's profile: the form starts from the name the buyer typed; a wrong VAT number is named by field.
  await pia.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Profile", exact: true }).click();
  await expect(pia).toHaveURL(/\/company\/profile$/);
  await expect(pia.locator("#profile-status")).toContainText("submit it for review");
  await expect(pia.getByLabel("Legal name")).toHaveValue("Prism Print");
  await pia.getByLabel("Legal name").fill("Prism Print GmbH");
  await pia.getByLabel("Kind of tax id").selectOption("eu_vat");
  await pia.getByLabel("Tax id", { exact: true }).fill("DE136695977");
  await fillAddress(pia, "ordering", "Invalidenstraße 1", "10115", "Berlin", "DE");
  await pia.getByRole("button", { name: "Submit for review" }).click();
  await expect(pia.locator("#profile-errors")).toContainText("Nothing was saved");
  await expect(pia.locator("#profile-tax-id-error")).toContainText("check digit");
  await expect(pia.getByLabel("Legal name")).toHaveValue("Prism Print GmbH");

  // A partial profile is saved as a draft; a review says what it still needs.
  await pia.getByLabel("Tax id", { exact: true }).fill("DE136695976");
  await pia.getByRole("button", { name: "Submit for review" }).click();
  await expect(pia.locator("#profile-errors")).toContainText("Your draft is saved, but a review needs more");
  await expect(pia.locator("#profile-remit-to-line1-error")).toHaveText("Needed for the review.");
  await expect(pia.locator("#profile-orders-name-error")).toHaveText("Needed for the review.");
  await shot(pia, "profile-incomplete");

  await fillAddress(pia, "remit-to", "Postfach 12 34", "10117", "Berlin", "DE");
  await pia.locator("#profile-orders-name").fill("Pia Prism");
  await pia.locator("#profile-orders-email").fill("orders@prism.example");
  await pia.locator("#profile-orders-phone").fill("+49 30 1234567");
  await pia.locator("#profile-invoicing-name").fill("Ivo Berg");
  await pia.locator("#profile-invoicing-email").fill("ap@prism.example");
  await pia.getByRole("button", { name: "Submit for review" }).click();
  await expect(pia).toHaveURL(/notice=profile-submitted/);
  await expect(pia.locator("#profile-notice")).toContainText("Profile submitted");
  await expect(pia.locator("#profile-status")).toContainText("with Northwind Distribution for review");
  await expect(pia.getByRole("button", { name: "Submit for review" })).toHaveCount(0);

  // The submission waits in the buyer's exception queue, linked to the profile.
  await page.goto("/exceptions?kind=profile_change_to_review");
  const queued = page.locator("table.exceptions tbody tr", { hasText: code });
  await expect(queued).toHaveCount(1);
  await queued.getByRole("link", { name: "Profile change to review" }).click();
  await expect(page.locator("#exception-document")).toHaveText(`Profile of ${code}`);
  await expect(page.locator("#exception-document")).toHaveAttribute("href", /\/suppliers\/[0-9a-f-]+\/profile$/);
  await shot(page, "profile-exception");

  // The buyer administrator is told, reviews, and returns it with a comment (required).
  await page.goto(await mailedPath(page, "admin@northwind.example", "Prism Print submitted its company profile"));
  await expect(page).toHaveURL(/\/suppliers\/[0-9a-f-]+\/profile$/);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Prism Print");
  await expect(page.getByRole("heading", { level: 1 }).locator(".badge")).toHaveText("In review");
  await expect(page.locator("#profile-changes tr[data-field='tax_id']")).toContainText("DE136695976");
  await expect(page.locator("#profile-changes tr[data-field='remit_to_address']")).toContainText("Postfach 12 34, 10117 Berlin, DE");
  await shot(page, "profile-review");
  await page.getByRole("button", { name: "Return with comments" }).click();
  await expect(page.locator("#profile-comment-error")).toContainText("Say what the supplier should correct");
  await page.getByLabel("Comment for the supplier").fill("Please give a street address for remittances, not a PO box.");
  await page.getByRole("button", { name: "Return with comments" }).click();
  await expect(page.locator("#profile-notice")).toContainText("Returned to the supplier");
  await expect(page.getByRole("heading", { level: 1 }).locator(".badge")).toHaveText("Onboarding");

  // The supplier reads the comment, mends the address and submits again.
  await pia.goto(await mailedPath(pia, email, "returned your company profile"));
  await expect(pia).toHaveURL(/\/company\/profile$/);
  await expect(pia.locator("#profile-status")).toContainText("not a PO box");
  await expect(pia.locator("#profile-remit-to-line1")).toHaveValue("Postfach 12 34");
  await pia.locator("#profile-remit-to-line1").fill("Chausseestraße 9");
  await pia.getByRole("button", { name: "Save draft" }).click();
  await expect(pia.locator("#profile-notice")).toContainText("Draft saved");
  await expect(pia.locator("#profile-status")).toContainText("not a PO box");
  await expect(pia.locator("#profile-remit-to-line1")).toHaveValue("Chausseestraße 9");
  await pia.getByRole("button", { name: "Submit for review" }).click();
  await expect(pia.locator("#profile-notice")).toContainText("Profile submitted");

  // Approved: the supplier is active and receives orders; its administrator is told.
  await page.reload();
  await hydrated(page);
  await page.getByRole("button", { name: "Approve and activate" }).click();
  await expect(page.locator("#profile-notice")).toContainText("Approved");
  await expect(page.getByRole("heading", { level: 1 }).locator(".badge")).toHaveText("Active");
  await expect(page.locator("#profile-current [data-field='remit_to_address']")).toContainText("Chausseestraße 9");
  await expect(page.locator("#profile-current [data-field='legal_name']")).toContainText("Prism Print GmbH");
  await page.goto("/suppliers");
  await expect(page.locator("#suppliers tbody tr", { hasText: code }).locator(".badge").first()).toHaveText("Active");
  await page.goto("/exceptions?kind=profile_change_to_review");
  await expect(page.locator("table.exceptions tbody tr", { hasText: code })).toHaveCount(0);
  await page.goto("/dev/mailbox");
  await expect(
    page.locator("article.mail", { hasText: email }).filter({ hasText: "Northwind Distribution now sends you orders through Portico" }),
  ).toHaveCount(1);
});

test("profile: an active supplier's new phone applies at once while a new legal name waits for the buyer's approval", async ({ page, browser }) => {
  const stamp = Date.now() % 1_000_000;
  await login(page, "anna@acme.example");
  await page.goto("/company/profile");
  await hydrated(page);
  await expect(page.locator("label[for='profile-legal-name'] .badge")).toHaveText("needs approval");
  await expect(page.locator("label[for='profile-orders-phone'] .badge")).toHaveCount(0);
  await page.getByLabel(/^Legal name/).fill(`Acme Industrial Supply ${stamp} LLC`);
  await page.locator("#profile-orders-phone").fill(`+1 312 555 ${String(stamp % 10000).padStart(4, "0")}`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#profile-notice")).toContainText("Changes saved");
  await expect(page.locator("#profile-status")).toContainText("Waiting for Northwind Distribution's approval: Legal name.");
  await expect(page.locator("#profile-pending tr[data-field='legal_name']")).toContainText(`Acme Industrial Supply ${stamp} LLC`);
  await shot(page, "profile-active-pending");

  // A buyer who is not an administrator sees the change waiting, and that an administrator decides it.
  const buyer = await (await browser.newContext()).newPage();
  await login(buyer, "buyer@northwind.example");
  await buyer.goto("/suppliers");
  await buyer.locator("#suppliers tbody tr", { hasText: "Acme Industrial Supply" }).first()
    .getByRole("link", { name: "Review profile" }).click();
  await expect(buyer.locator("#profile-decision-h")).toHaveText("Waiting for a decision");
  await expect(buyer.locator("#profile-decision")).toContainText("A buyer administrator approves or returns this change.");
  await expect(buyer.locator("#profile-decision")).not.toContainText("You proposed this change yourself");
  await expect(buyer.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  await shot(buyer, "profile-buyer-waiting");

  // The buyer administrator sees the change (and not the phone, which is in force already) and approves it.
  const admin = await (await browser.newContext()).newPage();
  await login(admin, "admin@northwind.example");
  await admin.goto("/suppliers");
  const row = admin.locator("#suppliers tbody tr", { hasText: "Acme Industrial Supply" }).first();
  await expect(row.locator(".badge-profile-pending")).toHaveText("Waiting for approval");
  await row.getByRole("link", { name: "Review profile" }).click();
  await hydrated(admin);
  await expect(admin.locator("#profile-changes tbody tr")).toHaveCount(1);
  await expect(admin.locator("#profile-current [data-field='orders_contact']")).toContainText(String(stamp % 10000).padStart(4, "0"));
  await admin.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(admin.locator("#profile-notice")).toContainText("Approved");
  await expect(admin.locator("#profile-current [data-field='legal_name']")).toContainText(`Acme Industrial Supply ${stamp} LLC`);

  await page.reload();
  await expect(page.locator("#profile-status")).toHaveCount(0);
  await expect(page.getByLabel(/^Legal name/)).toHaveValue(`Acme Industrial Supply ${stamp} LLC`);
});

test("profile: German at phone width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, "berta@bolt.example");
  await page.goto("/company/profile");
  await hydrated(page);
  await page.locator("#lang-select").selectOption("de");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Firmenprofil");
  await expect(page.getByLabel(/^Rechtlicher Name/)).toHaveValue("Bolt & Mutter GmbH");
  await expect(page.locator("label[for='profile-legal-name'] .badge")).toHaveText("Freigabe nötig");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await shot(page, "profile-de-phone");
  await page.locator("#lang-select").selectOption("en");
  await page.getByRole("button", { name: "Sprache ändern" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Company profile");
});
