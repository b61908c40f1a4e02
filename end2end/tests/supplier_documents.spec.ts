import { expect, test } from "@playwright/test";
import { BUYER, SUPPLIER, hydrated, login, shot } from "./helpers";

/** A small PDF as a browser would send it. */
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
    "trailer\n<< /Root 1 0 R >>\n%%EOF\n",
);

function isoDay(offsetDays: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}

test("compliance documents: the buyer sees the expired certificate first; the supplier renews its insurance and the buyer sees it", async ({ page, browser }) => {
  // The buyer's list: what needs chasing, expired first.
  await login(page, BUYER);
  await page.goto("/suppliers/scorecards");
  await page.getByRole("link", { name: "Supplier documents" }).click();
  await expect(page).toHaveURL(/\/suppliers\/documents$/);
  await hydrated(page);
  await expect(page.locator("#doc-summary")).toContainText("Expired: 1");
  const first = page.locator("#doc-list tbody tr").first();
  await expect(first).toContainText("Cascade Packaging Co.");
  await expect(first).toContainText("FSC Chain of Custody certificate");
  await expect(first.locator(".badge")).toHaveText("Expired");
  await expect(first).toContainText("since 9 days");
  const second = page.locator("#doc-list tbody tr").nth(1);
  await expect(second).toContainText("Product liability insurance");
  await expect(second.locator(".badge")).toHaveText("Runs out soon");
  await expect(page.locator("#doc-list")).not.toContainText("ISO 9001");
  await shot(page, "documents-buyer-attention");

  // The file is offered as a download, never shown inline.
  const href = (await first.getByRole("link", { name: "fsc-coc.pdf" }).getAttribute("href"))!;
  const download = await page.request.get(href);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  expect(download.headers()["content-disposition"]).toContain("attachment");
  expect(download.headers()["x-content-type-options"]).toBe("nosniff");
  expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // The supplier is told what runs out, and renews it.
  const supplier = await (await browser.newContext()).newPage();
  await login(supplier, SUPPLIER);
  await supplier.getByRole("link", { name: "Documents" }).click();
  await expect(supplier).toHaveURL(/\/company\/documents$/);
  await hydrated(supplier);
  await expect(supplier.locator("#doc-attention")).toContainText("One document has expired or runs out within 30 days");
  await expect(supplier.locator("#doc-current tbody tr").first()).toContainText("12 days left");

  // Mistakes: an expiry date that has passed and a file that is not a PDF, named by field; the title stays.
  await supplier.getByLabel("Kind of document").selectOption({ label: "Insurance" });
  await supplier.getByLabel("Title").fill("Product liability insurance 2027");
  await supplier.getByLabel("Valid until").fill(isoDay(-1));
  await supplier.getByLabel("The document (PDF)").setInputFiles({ name: "liability.pdf", mimeType: "application/pdf", buffer: Buffer.from("PK\x03\x04 a zip") });
  await supplier.getByRole("button", { name: "Upload" }).click();
  await expect(supplier.getByRole("alert")).toContainText("The document was not uploaded");
  await expect(supplier.locator("#doc-expires-on-error")).toContainText("This date has passed");
  await expect(supplier.locator("#doc-file-error")).toContainText("The file is not a PDF");
  await expect(supplier.getByLabel("Title")).toHaveValue("Product liability insurance 2027");
  await expect(supplier.getByLabel("Kind of document")).toHaveValue("insurance");
  await shot(supplier, "documents-supplier-mistakes");

  // Corrected: valid for a year, replacing the policy on file.
  await supplier.getByLabel("Valid until").fill(isoDay(365));
  await supplier.getByLabel("Replaces (optional)").selectOption({ label: "Product liability insurance (Insurance)" });
  await supplier.getByLabel("The document (PDF)").setInputFiles({ name: "liability-2027.pdf", mimeType: "application/pdf", buffer: PDF });
  await supplier.getByRole("button", { name: "Upload" }).click();
  await expect(supplier.getByRole("status")).toContainText("Document uploaded");
  await expect(supplier.locator("#doc-attention")).toHaveCount(0);
  await expect(supplier.locator("#doc-current")).toContainText("Product liability insurance 2027");
  await expect(supplier.locator("#doc-replaced")).toContainText("liability-2026.pdf");
  await shot(supplier, "documents-supplier-renewed");

  // The buyer's list has only Cascade's certificate left to chase; the renewal is among all documents.
  await page.goto("/suppliers/documents");
  await expect(page.locator("#doc-summary")).toContainText("Expired: 1 · running out within 30 days: 0");
  await expect(page.locator("#doc-list tbody tr")).toHaveCount(1);
  await page.getByRole("link", { name: "All on file" }).click();
  await expect(page.locator("#doc-list")).toContainText("Product liability insurance 2027");
  await page.locator("#doc-list").getByRole("link", { name: "Acme Industrial Supply" }).first().click();
  await expect(page).toHaveURL(/\/suppliers\/[0-9a-f-]+\/documents$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compliance documents of Acme Industrial Supply");
  await expect(page.locator("#doc-replaced")).toContainText("Product liability insurance");

  // Another supplier's person cannot fetch Acme's file.
  const bolt = await (await browser.newContext()).newPage();
  await login(bolt, "berta@bolt.example");
  const refused = await bolt.request.get(href);
  expect(refused.status()).toBe(404);
});

test("compliance documents fit a phone, in German too", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, SUPPLIER);
  await page.goto("/company/documents");
  await hydrated(page);
  await page.locator("#lang-select").selectOption("de");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compliance-Dokumente");
  await expect(page.locator("#doc-current")).toContainText("Gültig");
  await expect(page.locator("#doc-current")).toContainText("Steuerformular");
  await expect(page.getByLabel("Art des Dokuments")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await shot(page, "phone-documents-de", false);
  await page.locator("#lang-select").selectOption("en");
  await page.getByRole("button", { name: "Sprache ändern" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compliance documents");
});
