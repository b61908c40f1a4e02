import { expect, test } from "@playwright/test";
import { login, shot, SUPPLIER } from "./helpers";

test("the inbox and a purchase order read well on a phone", async ({ page }) => {
  await login(page, SUPPLIER);
  const firstRow = page.locator("table.orders tbody tr").first();
  await expect(firstRow).toBeVisible();
  // Rows become cards: the page never scrolls sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await shot(page, "phone-inbox", false);
  await firstRow.locator("a.po-link").click();
  await expect(page.getByRole("heading", { level: 1, name: /Purchase order/ })).toBeVisible();
  const overflowDetail = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflowDetail).toBeLessThanOrEqual(1);
  await shot(page, "phone-po", false);
});

test("people administration and two-factor set-up fit a phone", async ({ page }) => {
  await login(page, "admin@northwind.example");
  await page.goto("/people");
  await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await shot(page, "phone-people");
  await page.goto("/account/two-factor");
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  const overflowSetup = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflowSetup).toBeLessThanOrEqual(1);
  await shot(page, "phone-two-factor-setup");
});

test("the EDI partners page and a profile form fit a phone", async ({ page }) => {
  await login(page, "admin@northwind.example");
  await page.goto("/integration/edi");
  await expect(page.getByRole("heading", { level: 1, name: "EDI partners" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await shot(page, "phone-edi");
  await page.locator("table.edi-partners a").first().click();
  await expect(page.getByRole("button", { name: "Save profile" })).toBeVisible();
  const overflowForm = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflowForm).toBeLessThanOrEqual(1);
  await shot(page, "phone-edi-profile");
  await page.goto("/change-policy");
  await expect(page.getByRole("button", { name: "Save default" })).toBeVisible();
  const overflowPolicy = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflowPolicy).toBeLessThanOrEqual(1);
  await shot(page, "phone-change-policy");
});

test("the acknowledgement form fits a phone, in German too, with a line's change fields open", async ({ page }) => {
  await login(page, SUPPLIER);
  await page.goto("/orders?status=new");
  await page.locator("a.po-link").first().click();
  await expect(page.locator("form.ack-form")).toBeVisible();
  await page.locator("fieldset.ack-line").first().getByLabel("Change").check();
  await expect(page.locator("fieldset.ack-line").first().getByLabel("Quantity you will deliver")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await page.locator("#lang-select").selectOption("de");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page.getByRole("button", { name: "Gesamte Bestellung unverändert bestätigen" })).toBeVisible();
  const overflowDe = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflowDe).toBeLessThanOrEqual(1);
  await shot(page, "phone-ack-de", false);
  // Back to English for the specs that follow.
  await page.locator("#lang-select").selectOption("en");
  await page.getByRole("button", { name: "Sprache ändern" }).click();
  await expect(page.getByRole("button", { name: "Accept the whole order as ordered" })).toBeVisible();
});

test("answering by file fits a phone, with a checked file's rows, in German too", async ({ page }) => {
  await login(page, SUPPLIER);
  await page.locator("#lang-select").selectOption("de");
  await page.getByRole("button", { name: "Change language" }).click();
  await page.goto("/orders/answer-file");
  await expect(page.getByRole("heading", { name: "Bestellungen per Datei beantworten" })).toBeVisible();
  const csv = "order;version;line;answer;quantity;price;promised_date;reason\nGIBTESNICHT;1;1;accept;;;;\n";
  await page.getByLabel("Beantwortete Datei (CSV)").setInputFiles({ name: "antworten.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Datei prüfen" }).click();
  await expect(page.locator("table.file-rows")).toContainText("Keine Ihrer Bestellungen hat diese Nummer.");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await shot(page, "phone-answer-file-de");
  await page.locator("#lang-select").selectOption("en");
  await page.getByRole("button", { name: "Sprache ändern" }).click();
  await expect(page.getByRole("heading", { name: "Answer orders by file" })).toBeVisible();
});
