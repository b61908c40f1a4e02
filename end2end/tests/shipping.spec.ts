import { expect, Page, test } from "@playwright/test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BUYER, SUPPLIER, hydrated, login, shot } from "./helpers";

// A supplier ships part of an acknowledged order in two labelled cartons: a mistake comes back beside its field with
// the values as typed, the labels print with their SSCC barcodes, and the buyer sees the submitted notice. The notice
// becomes an invoice the buyer disputes; the supplier attaches its own PDF (a PNG named .pdf and a 50 MB file are
// refused) and credits the damaged roll; the buyer sees the memo and downloads the PDF.

/** A small, whole PDF. */
function pdf(): Buffer {
  return Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
}

/** Signs out with the button in the top bar (the account page lists sessions with buttons of their own). */
async function signOut(page: Page) {
  await page.locator('form[action="/api/logout"] button').click();
  await expect(page).toHaveURL(/\/login/);
}

/** Opens the supplier's first acknowledged order with something to ship; returns its number. */
async function openShippableOrder(page: Page): Promise<string> {
  await page.goto("/orders?status=acknowledged");
  await hydrated(page);
  const link = page.locator("table tbody tr a.po-link").first();
  const number = (await link.innerText()).trim();
  await link.click();
  await hydrated(page);
  return number;
}

test("a supplier ships part of an order in two cartons, prints labels, the buyer sees the notice and its receipt", async ({ page, request }) => {
  // Shipping, receiving and invoicing in one story: longer than the default.
  test.setTimeout(120_000);
  await login(page, SUPPLIER);
  const order = await openShippableOrder(page);
  await page.getByRole("button", { name: "Ship", exact: true }).click();
  await expect(page).toHaveURL(/\/shipments\/[0-9a-f-]+$/);
  await hydrated(page);
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "draft");
  const notice = (await page.locator("h1").innerText()).replace(/^.* /, "");
  const lineNumber = (await page.locator("table.lines tbody tr").first().locator("td").nth(1).innerText()).trim();

  // Too much on the first line and a carrier code that is not one: both come back, nothing saved.
  const first = page.locator("#qty-0");
  const open = Number(await first.inputValue());
  expect(open).toBeGreaterThanOrEqual(2);
  await first.fill(String(open + 1000));
  await page.getByLabel("Carrier SCAC (2–4 letters)").fill("U2");
  await page.getByLabel("Tracking number (optional)").fill("1Z999AA10123456784");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByText("Enter the carrier's SCAC: 2 to 4 letters.").first()).toBeVisible();
  await expect(page.getByText(`More than may ship: at most ${open}.`).first()).toBeVisible();
  await expect(page.locator("#qty-0")).toHaveValue(String(open + 1000));
  await expect(page.getByLabel("Tracking number (optional)")).toHaveValue("1Z999AA10123456784");
  await expect(page.getByLabel("Carrier SCAC (2–4 letters)")).toHaveAttribute("aria-invalid", "true");
  await shot(page, "ship-mistakes");

  // Part of the line ships: two less than open.
  const shipping = open - 2 > 0 ? open - 2 : open;
  await page.locator("#qty-0").fill(String(shipping));
  await page.getByLabel("Carrier SCAC (2–4 letters)").fill("upsn");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByText("Details saved.")).toBeVisible();
  await expect(page.getByLabel("Carrier SCAC (2–4 letters)")).toHaveValue("UPSN");

  // Two cartons, one unit of line 1 in each.
  for (let i = 0; i < 2; i++) {
    await page.getByRole("button", { name: "Add carton", exact: true }).click();
    await hydrated(page);
    const card = page.locator(".package-card").nth(i);
    await card.getByLabel("Quantity").fill("1");
    await card.getByRole("button", { name: "Pack" }).click();
    await hydrated(page);
    await expect(page.locator(".package-card").nth(i).locator(".package-items li")).toHaveCount(1);
  }
  // Packing more than is loose is refused on the carton's own form.
  const carton = page.locator(".package-card").first();
  await carton.getByLabel("Quantity").fill(String(shipping + 5));
  await carton.getByRole("button", { name: "Pack" }).click();
  await expect(page.getByText(`Only ${shipping - 2} of this line is not packed yet.`).first()).toBeVisible();
  const ssccs = await page.locator(".package-card").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-sscc")));
  expect(ssccs).toHaveLength(2);
  for (const sscc of ssccs) expect(sscc).toMatch(/^\d{18}$/);
  await shot(page, "ship-packed");

  await page.getByRole("button", { name: "Submit notice" }).click();
  await expect(page.getByText("The ship notice was sent to your customer.")).toBeVisible();
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "submitted");
  await shot(page, "ship-submitted");

  await page.getByRole("link", { name: "Print labels" }).click();
  await hydrated(page);
  await expect(page.locator(".label-page svg")).toHaveCount(2);
  await expect(page.locator(".label-page").first()).toContainText("Carton 1 of 2");
  await expect(page.locator(".label-page").first()).toContainText(order);
  await expect(page.locator(".label-page").first()).toHaveAttribute("data-sscc", ssccs[0]!);
  await shot(page, "ship-labels");
  // The print button is one of the page's islands: it runs in the browser and opens the print dialog.
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await page.getByRole("button", { name: "Print", exact: true }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  // The order says it is partly shipped and links the notice.
  await page.goto("/orders?status=partially_shipped");
  await hydrated(page);
  await page.getByRole("link", { name: order }).click();
  await hydrated(page);
  await expect(page.locator("#shipments li a")).toHaveCount(1);

  // The buyer sees the notice in the list.
  await signOut(page);
  await login(page, BUYER);
  await page.goto("/shipments");
  await hydrated(page);
  const row = page.locator("table.notices tbody tr").filter({ hasText: order });
  await expect(row).toHaveCount(1);
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "submitted");
  await shot(page, "ship-buyer-list");
  await row.getByRole("link").first().click();
  await hydrated(page);
  await expect(page.getByRole("button", { name: "Cancel shipment" })).toHaveCount(0);
  await expect(page.locator(".package-card")).toHaveCount(2);

  // The buyer's warehouse reports the receipt through the API: one unit refused as damaged.
  await signOut(page);
  await login(page, "admin@northwind.example");
  await page.goto("/integration");
  await hydrated(page);
  await page.getByLabel("Name", { exact: true }).fill("WMS e2e");
  await page.getByRole("button", { name: "Make API key" }).click();
  const key = await page.getByLabel("API key", { exact: true }).inputValue();
  const receipt = {
    reference: `GR-${Date.now()}`,
    ship_notice: notice,
    received_on: new Date().toISOString().slice(0, 10),
    lines: [{ purchase_order: order, line_number: Number(lineNumber), received_quantity: String(shipping - 1), rejected_quantity: "1", reject_reason: "damaged" }],
  };
  const response = await request.post("/api/v1/receipts", { headers: { authorization: `Bearer ${key}` }, data: receipt });
  expect(response.status()).toBe(201);
  const bad = await request.post("/api/v1/receipts", {
    headers: { authorization: `Bearer ${key}` },
    data: { ...receipt, reference: `${receipt.reference}-2`, lines: [{ ...receipt.lines[0], reject_reason: undefined }] },
  });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).field).toBe("lines[0].reject_reason");

  // The supplier sees it on the notice, which is now received and can no longer be cancelled.
  await signOut(page);
  await login(page, SUPPLIER);
  await page.goto("/shipments");
  await hydrated(page);
  await page.getByRole("link", { name: notice }).click();
  await hydrated(page);
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "received");
  await expect(page.locator("#receipts")).toContainText(receipt.reference);
  await expect(page.locator("#receipts")).toContainText("1 (damaged)");
  await expect(page.getByRole("button", { name: "Cancel shipment" })).toHaveCount(0);
  await shot(page, "ship-received");

  // The supplier flips the notice into an invoice: the preview flags a price above the order, the fix matches.
  await page.getByRole("link", { name: `Invoice ${order} for this shipment` }).click();
  await hydrated(page);
  const invoiceNumber = `INV-${Date.now()}`.slice(0, 20);
  await page.getByLabel("Invoice number").fill(invoiceNumber);
  const price = page.locator(`#inv-line-${lineNumber}-unit_price`);
  const orderPrice = await price.inputValue();
  await price.fill(String(Number(orderPrice) + 10));
  await page.locator(`#inv-line-${lineNumber}-quantity`).fill(String(shipping - 1));
  const quantities = page.locator('input[id^="inv-line-"][id$="-quantity"]');
  for (let i = 0; i < (await quantities.count()); i++) {
    const input = quantities.nth(i);
    if ((await input.getAttribute("id")) !== `inv-line-${lineNumber}-quantity`) await input.fill("");
  }
  await page.getByRole("button", { name: "Preview match" }).click();
  await hydrated(page);
  await expect(page.locator(`#preview tr[data-line="${lineNumber}"]`)).toHaveAttribute("data-outcome", "price_over");
  await expect(page.locator("#preview")).toContainText("One line is outside the buyer's tolerances");
  await shot(page, "invoice-preview-flagged");
  await page.locator(`#inv-line-${lineNumber}-unit_price`).fill(orderPrice);
  await page.getByRole("button", { name: "Preview match" }).click();
  await hydrated(page);
  await expect(page.locator(`#preview tr[data-line="${lineNumber}"]`)).toHaveAttribute("data-outcome", "matched");
  await page.getByRole("button", { name: "Submit invoice" }).click();
  await expect(page.getByText("The invoice was sent to your customer.")).toBeVisible();
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "matched");
  await shot(page, "invoice-submitted");

  // The buyer disputes it; the supplier reads the reason.
  await signOut(page);
  await login(page, BUYER);
  await page.goto("/invoices");
  await hydrated(page);
  await page.getByRole("link", { name: invoiceNumber }).click();
  await hydrated(page);
  await page.getByRole("button", { name: "Dispute" }).click();
  await expect(page.getByText("Say why you dispute the invoice; the supplier reads it.")).toBeVisible();
  await page.getByLabel("Reason for the dispute").fill("The damaged roll was billed.");
  await page.getByRole("button", { name: "Dispute" }).click();
  await expect(page.getByText("The invoice is disputed; the supplier sees your reason.")).toBeVisible();
  await signOut(page);
  await login(page, SUPPLIER);
  await page.goto("/invoices");
  await hydrated(page);
  await page.getByRole("link", { name: invoiceNumber }).click();
  await hydrated(page);
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "disputed");
  await expect(page.locator("#dispute-reason")).toContainText("The damaged roll was billed.");
  await shot(page, "invoice-disputed");

  // Attachments: a PNG named .pdf and a 50 MB file are refused by what they are; the supplier's PDF is kept.
  const file = page.getByLabel("Add a PDF (your own invoice, a delivery receipt)");
  await file.setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: Buffer.from("\x89PNG\r\n\x1a\n" + "0".repeat(200), "binary") });
  await page.getByRole("button", { name: "Attach" }).click();
  await expect(page.locator("#attach-error")).toContainText("The file is not a PDF");
  const big = path.join(os.tmpdir(), `portico-big-${Date.now()}.pdf`);
  const fd = fs.openSync(big, "w");
  fs.writeSync(fd, "%PDF-1.4\n");
  fs.ftruncateSync(fd, 50 * 1024 * 1024);
  fs.closeSync(fd);
  await hydrated(page);
  await page.getByLabel("Add a PDF (your own invoice, a delivery receipt)").setInputFiles(big);
  await page.getByRole("button", { name: "Attach" }).click();
  await expect(page.locator("#attach-error")).toContainText("larger than 10 MB");
  fs.unlinkSync(big);
  await hydrated(page);
  await page.getByLabel("Add a PDF (your own invoice, a delivery receipt)").setInputFiles({ name: `${invoiceNumber}.pdf`, mimeType: "application/pdf", buffer: pdf() });
  await page.getByRole("button", { name: "Attach" }).click();
  await expect(page.getByText("The file is attached to the invoice.")).toBeVisible();
  await expect(page.locator("#attachments")).toContainText(`${invoiceNumber}.pdf`);

  // The supplier credits the damaged roll: a missing reason comes back by field; then the memo goes to the buyer.
  await page.getByRole("link", { name: "Issue a credit memo" }).click();
  await hydrated(page);
  const memoNumber = `CM-${Date.now()}`.slice(0, 20);
  await page.getByLabel("Credit memo number").fill(memoNumber);
  await page.locator(`#credit-line-${lineNumber}-quantity`).fill("1");
  await page.getByRole("button", { name: "Submit credit memo" }).click();
  await expect(page.locator("#credit-errors")).toContainText("Choose why you credit the invoice.");
  await expect(page.locator(`#credit-line-${lineNumber}-quantity`)).toHaveValue("1");
  await page.getByLabel("Reason").selectOption("damaged");
  await shot(page, "credit-memo-form");
  await page.getByRole("button", { name: "Submit credit memo" }).click();
  await expect(page.getByText("The credit memo was sent to your customer.")).toBeVisible();
  await expect(page.locator("h1")).toHaveText(`Credit memo ${memoNumber}`);
  await shot(page, "credit-memo");

  // The buyer sees the memo on the invoice and downloads the supplier's PDF as a file.
  await signOut(page);
  await login(page, BUYER);
  await page.goto("/invoices");
  await hydrated(page);
  await page.getByRole("link", { name: invoiceNumber }).click();
  await hydrated(page);
  await expect(page.locator("#credits")).toContainText(memoNumber);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: `${invoiceNumber}.pdf` }).click();
  expect((await download).suggestedFilename()).toBe(`${invoiceNumber}.pdf`);
  await shot(page, "invoice-with-credit");
});
