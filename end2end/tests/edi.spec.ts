import { expect, test } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { hydrated, login, shot, SUPPLIER } from "./helpers";

const ADMIN = "admin@northwind.example";
const X12 = readFileSync(`${__dirname}/../../core/tests/fixtures/edi/850-northwind-two-orders.x12`, "utf8");
const ORDERS = readFileSync(`${__dirname}/../../core/tests/fixtures/edi/orders-northwind-two-orders.edi`, "utf8");

test("a buyer administrator sets up a supplier's EDI profile and reads an interchange with its 997", async ({ page, request }) => {
  await login(page, ADMIN);
  await page.goto("/integration");
  await page.getByRole("link", { name: "EDI partners" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "EDI partners" })).toBeVisible();
  await hydrated(page);
  await page.getByRole("link", { name: /(Set up EDI|Edit) – Acme Industrial Supply/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Acme Industrial Supply" })).toBeVisible();

  // A mistake comes back beside its field, with everything as typed.
  await page.getByLabel("Id", { exact: true }).nth(1).fill("NORTHWINDEDI");
  await page.getByLabel("Segment end").fill("*");
  await page.getByRole("button", { name: "Save profile" }).click();
  const terminator = page.getByLabel("Segment end");
  await expect(terminator).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#edi-segment_terminator-error")).toHaveText("Each separator must be a different character.");
  await expect(page.getByLabel("Id", { exact: true }).nth(1)).toHaveValue("NORTHWINDEDI");
  await shot(page, "edi-profile-error");

  await terminator.fill("~");
  await page.getByLabel("Id", { exact: true }).nth(0).fill("PORTICO");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("The EDI profile is saved.")).toBeVisible();
  const row = page.locator("table.edi-partners tr", { hasText: "Acme Industrial Supply" });
  await expect(row).toContainText("ZZ:PORTICO → ZZ:NORTHWINDEDI");
  await expect(row).toContainText("Test");

  // The gateway uploads an interchange with an API key; the log shows it with its 997.
  await page.goto("/integration");
  await page.getByLabel("Name", { exact: true }).fill("EDI gateway e2e");
  await page.getByRole("button", { name: "Make API key" }).click();
  const key = await page.getByLabel("API key", { exact: true }).inputValue();
  const number = `EDI-${Date.now()}`;
  const body = X12.replaceAll("EDI-4500020001", number).replaceAll("000004711", String(Date.now() % 1e9).padStart(9, "0"));
  const response = await request.post("/api/v1/edi/interchanges?file_name=po.x12", {
    headers: { authorization: `Bearer ${key}`, "content-type": "application/edi-x12" },
    data: body,
  });
  expect(response.status()).toBe(200);
  const answer = await response.json();
  expect(answer.status).toBe("partial");
  expect(answer.sets[1].error.tag).toBe("PO1");

  await page.goto("/integration/edi");
  const logged = page.locator("table.edi-interchanges tbody tr").first();
  await expect(logged).toContainText("Partly accepted");
  await expect(logged).toContainText("1/2");
  await expect(logged).toContainText("Acme Industrial Supply");
  await shot(page, "edi-partners");
  await logged.getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Acknowledgement sent back" })).toBeVisible();
  await expect(page.locator("pre").nth(1)).toContainText("AK9*P*2*2*1");
  const sets = page.locator("table.edi-sets tbody tr");
  await expect(sets.nth(0)).toContainText(`Order ${number} created.`);
  await expect(sets.nth(1)).toContainText("Segment 27 (PO1), element 2: lines[0].quantity: Enter a decimal number");
  await expect(sets.nth(1)).toContainText("(got 'ten')");
  await shot(page, "edi-interchange");

  // An administrator pastes an EDIFACT interchange: read, one of two orders taken, the CONTRL in the log.
  await page.goto("/integration/edi");
  const stamp = String(Date.now() % 1e9);
  const pasted = ORDERS.replaceAll("EDIF-4500030001", `EDIF-${stamp}`).replaceAll("+5120'", `+${stamp}'`);
  await page.getByLabel("Interchange (X12 or EDIFACT)").fill(pasted);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("Interchange read: 1 of 2 sets accepted.")).toBeVisible();
  const newest = page.locator("table.edi-interchanges tbody tr").first();
  await expect(newest).toContainText("EDIFACT D96A ORDERS");
  await expect(newest).toContainText("Upload");
  // Nothing readable: said so, nothing imported.
  await page.getByLabel("Interchange (X12 or EDIFACT)").fill("UNB+UNOC:3+A+B+261127:1030+9'UNZ+1+9'");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("The interchange cannot be read; nothing was imported.")).toBeVisible();
  await shot(page, "edi-paste");
});

test("a partner supplier's acknowledgement reaches the gateway as an 855 file, shown in the delivery log", async ({ page }) => {
  // Acme has an EDI profile (the test above): its answer is written for the buyer's gateway.
  await login(page, SUPPLIER);
  await page.goto("/orders?status=new");
  await hydrated(page);
  const link = page.locator("a.po-link").first();
  const number = (await link.innerText()).trim();
  await link.click();
  await hydrated(page);
  await page.getByRole("button", { name: "Accept the whole order as ordered" }).click();
  await expect(page.locator("[data-outcome]")).toHaveAttribute("data-outcome", "accepted");

  await page.context().clearCookies();
  await login(page, ADMIN);
  const row = page.locator("table.deliveries tbody tr", { hasText: "purchase_order.acknowledged" }).filter({ hasText: "EDI X12 ZZ:PORTICO → ZZ:NORTHWINDEDI" }).first();
  await expect
    .poll(async () => {
      await page.goto("/integration/deliveries");
      return row.locator("[data-status]").getAttribute("data-status");
    }, { timeout: 20_000 })
    .toBe("delivered");
  await row.getByRole("link").click();
  await expect(page.locator("table.attempts")).toContainText("855 written, interchange control number");
  await shot(page, "edi-delivery");

  // The file is in Acme's outbound directory and names the order.
  const dir = process.env.PORTICO_EDI_DIR;
  if (dir) {
    const outbound = join(dir, "northwind", "outbound", "acme");
    const files = readdirSync(outbound).filter((f) => f.startsWith("855_"));
    expect(files.length).toBeGreaterThan(0);
    const texts = files.map((f) => readFileSync(join(outbound, f), "utf8"));
    expect(texts.some((t) => t.includes(`BAK*00*AD*${number}*`))).toBe(true);
  }

  // The EDI page's log lists it as written by event delivery.
  await page.goto("/integration/edi");
  await expect(page.locator("table tbody tr", { hasText: "855" }).first()).toContainText("Event delivery");
});
