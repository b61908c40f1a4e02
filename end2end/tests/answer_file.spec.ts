import { expect, Page, test } from "@playwright/test";
import { SUPPLIER, hydrated, login, shot } from "./helpers";

// Answering by file: the supplier downloads an order's open lines as CSV, answers them in a spreadsheet and uploads
// the file. One wrong row is shown by its row and column and nothing is applied; fixed, the file answers the order.

/** Splits one CSV line written by the download (fields quoted only when they hold a comma or a quote). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function csv(rows: string[][]): string {
  return rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(",")).join("\n") + "\n";
}

/** Opens a new order with at least two lines and returns its number. */
async function openNewOrder(page: Page): Promise<string> {
  await page.goto("/orders?status=new");
  await hydrated(page);
  const rows = page.locator("table tbody tr");
  const count = await rows.count();
  for (let i = count - 1; i >= 0; i--) {
    const link = rows.nth(i).locator("a.po-link");
    const number = (await link.innerText()).trim();
    await link.click();
    await hydrated(page);
    if ((await page.locator("fieldset.ack-line").count()) >= 2) return number;
    await page.goto("/orders?status=new");
    await hydrated(page);
  }
  throw new Error("no new order with two lines");
}

async function upload(page: Page, name: string, text: string) {
  await page.goto("/orders/answer-file");
  await hydrated(page);
  await page.getByLabel("Answered file (CSV)").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.locator("#preview")).toBeVisible();
}

test("a file with one wrong row applies nothing until it is fixed", async ({ page }) => {
  await login(page, SUPPLIER);
  const number = await openNewOrder(page);
  const orderUrl = page.url();
  const href = await page.getByRole("link", { name: "Download this order's lines (CSV)" }).getAttribute("href");
  expect(href).toContain("/api/answer-file/download?order=");
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/csv");
  expect(response.headers()["content-disposition"]).toContain("attachment");
  const text = (await response.text()).replace(/^\uFEFF/, "");
  const lines = text.trim().split(/\r?\n/);
  const header = cells(lines[0]);
  const rows = lines.slice(1).map(cells);
  expect(rows.length).toBeGreaterThanOrEqual(2);
  expect(rows.every((r) => r[header.indexOf("order")] === number)).toBe(true);
  const at = (name: string) => header.indexOf(name);

  // Row 2 of the file: a lower price, but the quantity typed as a word. Row 3: rejected without a reason.
  const price = Number(rows[0][at("ordered_price")]);
  rows[0][at("answer")] = "change";
  rows[0][at("quantity")] = "ten";
  rows[0][at("price")] = (price * 0.9).toFixed(2);
  rows[0][at("reason")] = "price_change";
  rows[1][at("answer")] = "reject";
  await upload(page, "answers.csv", csv([header, ...rows]));
  await expect(page.getByText(/2 rows of \d+ have mistakes/)).toBeVisible();
  await expect(page.getByText("Nothing has been applied.", { exact: false })).toBeVisible();
  const wrong = page.locator("table.file-rows tbody tr.row-error");
  await expect(wrong).toHaveCount(2);
  await expect(wrong.nth(0).locator("th")).toHaveText("2");
  await expect(wrong.nth(0)).toContainText("Quantity: Enter the quantity as a number");
  await expect(wrong.nth(0).locator("td.cell-error")).toHaveText("ten");
  await expect(wrong.nth(1)).toContainText("Reason: Choose a reason.");
  await expect(page.getByRole("button", { name: /Apply answers/ })).toHaveCount(0);
  await shot(page, "answer-file-mistakes");

  // Nothing was applied: the order still waits for an answer.
  await page.goto(orderUrl);
  await hydrated(page);
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "new");

  // Fixed: the quantity as ordered, the second line accepted.
  rows[0][at("quantity")] = rows[0][at("ordered_quantity")];
  rows[1][at("answer")] = "accept";
  await upload(page, "answers.csv", csv([header, ...rows]));
  await expect(page.getByText(/All \d+ rows are right/)).toBeVisible();
  await expect(page.locator(".file-plan")).toContainText(number);
  await expect(page.locator(".file-plan")).toContainText("changes inside your customer's change policy, accepted at once");
  await shot(page, "answer-file-valid");
  await page.getByRole("button", { name: "Apply the answer to one order" }).click();
  await expect(page.getByText("The file was applied: one order answered.")).toBeVisible();
  await shot(page, "answer-file-applied");

  await page.goto(orderUrl);
  await hydrated(page);
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "acknowledged");
  await expect(page.locator("[data-outcome]")).toHaveAttribute("data-outcome", "auto_accepted");
});

test("a workbook instead of CSV is refused with what to do", async ({ page }) => {
  await login(page, SUPPLIER);
  await page.goto("/orders/answer-file");
  await hydrated(page);
  await page
    .getByLabel("Answered file (CSV)")
    .setInputFiles({ name: "answers.xlsx", mimeType: "application/vnd.ms-excel", buffer: Buffer.from("PK\x03\x04 workbook") });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByRole("alert")).toContainText("This is a spreadsheet workbook, not a CSV file.");
});
