import { expect, Page, test } from "@playwright/test";
import { BUYER, SUPPLIER, hydrated, login, shot } from "./helpers";

// The buyer's exception workbench: a supplier rejects an order; the buyer finds it in the queue, takes it, comments,
// and resolves it — a mistake in the resolve form comes back beside its field with what was typed.

/** Rejects the supplier's first new order; returns its number. */
async function rejectAnOrder(page: Page): Promise<string> {
  await page.goto("/orders?status=new");
  await hydrated(page);
  const link = page.locator("table tbody tr a.po-link").first();
  const number = (await link.innerText()).trim();
  await link.click();
  await hydrated(page);
  await page.getByText("Reject the whole order").click();
  await page.getByLabel("Reason for rejecting the order").selectOption("discontinued");
  await page.getByRole("button", { name: "Reject order" }).click();
  await expect(page.locator("[data-outcome]")).toHaveAttribute("data-outcome", "order_rejected");
  return number;
}

test("a buyer takes a rejected order from the exception queue, comments and resolves it", async ({ browser }) => {
  const supplier = await browser.newPage();
  await login(supplier, SUPPLIER);
  // Suppliers have no workbench.
  await expect(supplier.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Exceptions" })).toHaveCount(0);
  const number = await rejectAnOrder(supplier);
  await supplier.close();

  const page = await browser.newPage();
  await login(page, BUYER);
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Exceptions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Exceptions" })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Kind").selectOption("order_rejected");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/kind=order_rejected/);
  const row = page.locator("table.exceptions tbody tr", { hasText: number });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Due in");
  await expect(row).toContainText("Nobody yet");
  await shot(page, "exceptions-list");

  await row.getByRole("link", { name: "Order rejected" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Order rejected: ${number}`);
  await hydrated(page);
  await expect(page.locator("#exception-document")).toHaveAttribute("href", /\/orders\//);

  await page.getByRole("button", { name: "Take it myself" }).click();
  await expect(page.getByText("Assignment saved.")).toBeVisible();
  await expect(page.getByLabel("Assigned to")).toHaveValue(/[0-9a-f-]{36}/);

  await page.getByLabel("Comment", { exact: true }).fill("Asked Acme for the successor item.");
  await page.getByRole("button", { name: "Add comment" }).click();
  await expect(page.getByText("Comment added.")).toBeVisible();
  await expect(page.locator("ol.comments")).toContainText("Asked Acme for the successor item.");

  // Escalated without saying to whom: refused beside the note, the choice kept.
  await page.getByLabel("Escalated").check();
  await page.getByRole("button", { name: "Resolve exception" }).click();
  await expect(page.getByLabel("Note")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#note-error")).toHaveText("Say to whom it was escalated, or why nothing is needed.");
  await expect(page.getByLabel("Escalated")).toBeChecked();
  await shot(page, "exception-resolve-mistake");

  await page.getByLabel("Note").fill("To the category manager for a second source.");
  await page.getByRole("button", { name: "Resolve exception" }).click();
  await expect(page.getByText("Exception resolved.")).toBeVisible();
  await expect(page.locator("#resolution")).toContainText("Escalated");
  await expect(page.locator("#resolution")).toContainText("To the category manager for a second source.");
  await expect(page.getByRole("button", { name: "Resolve exception" })).toHaveCount(0);
  await shot(page, "exception-resolved");

  // Gone from the open queue, listed among the resolved.
  await page.goto(`/exceptions?kind=order_rejected`);
  await expect(page.locator("table.exceptions tbody tr", { hasText: number })).toHaveCount(0);
  await page.goto(`/exceptions?kind=order_rejected&state=resolved`);
  await expect(page.locator("table.exceptions tbody tr", { hasText: number })).toContainText("Escalated");
});

test("a supplier reports a delay on an acknowledged order; the buyer finds it among the exceptions", async ({ browser }) => {
  const page = await browser.newPage();
  await login(page, SUPPLIER);
  await page.goto("/orders?status=acknowledged");
  await hydrated(page);
  const link = page.locator("table tbody tr a.po-link").first();
  const number = (await link.innerText()).trim();
  await link.click();
  await hydrated(page);
  await page.getByRole("link", { name: "Report a delay" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Report a delay" })).toBeVisible();
  await hydrated(page);
  await expect(page.getByLabel("One order")).toBeChecked();
  await expect(page.getByLabel("Order number")).toHaveValue(number);

  const later = new Date();
  later.setUTCDate(later.getUTCDate() + 60);
  const newDate = later.toISOString().slice(0, 10);
  await page.getByLabel("New promised date").fill(newDate);
  // No reason yet: refused beside the field, the date kept.
  await page.getByRole("button", { name: "Show the lines it moves" }).click();
  await expect(page.getByLabel("Reason", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#reason-error")).toHaveText("Choose a reason.");
  await expect(page.getByLabel("New promised date")).toHaveValue(newDate);

  await page.getByLabel("Reason", { exact: true }).selectOption("material");
  await page.getByLabel("Note for the buyer").fill("Resin allocation cut by our own supplier.");
  await page.getByRole("button", { name: "Show the lines it moves" }).click();
  const preview = page.locator("#preview");
  await expect(preview.getByRole("heading", { level: 2 })).toContainText("This report moves");
  await expect(preview.locator("tbody tr").first()).toContainText(number);
  await shot(page, "delay-preview");
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByText("Delay reported: the buyer has been told")).toBeVisible();
  await expect(page.locator("#delay-reason")).toHaveText("Material shortage");
  await expect(page.locator("table.delay-lines tbody tr").first()).toContainText(number);
  await shot(page, "delay-report");
  await page.close();

  const buyer = await browser.newPage();
  await login(buyer, BUYER);
  await buyer.goto("/exceptions?kind=delay_reported");
  const row = buyer.locator("table.exceptions tbody tr", { hasText: number });
  await expect(row.first()).toContainText("Delay reported");
  await row.first().getByRole("link", { name: number }).click();
  await expect(buyer.locator("#delay-note")).toHaveText("Resin allocation cut by our own supplier.");
});

test("a supplier opens its scorecard and follows OTIF to a late order; the buyer compares suppliers", async ({ browser }) => {
  const page = await browser.newPage();
  await login(page, SUPPLIER);
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Scorecard" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your scorecard with Northwind Distribution");
  await hydrated(page);
  // Every KPI has a tile with a chart that says what it shows.
  await expect(page.locator(".kpi-tile")).toHaveCount(8);
  await expect(page.getByRole("img", { name: "On time in full over the last eight periods" })).toBeVisible();
  await shot(page, "scorecard-supplier");
  await page.getByRole("link", { name: "See the late lines" }).click();
  const late = page.locator("#late-lines tbody tr").first();
  await expect(late).toBeVisible();
  const number = (await late.getByRole("link").innerText()).trim();
  await late.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(number);
  await page.close();

  const buyer = await browser.newPage();
  await login(buyer, BUYER);
  await buyer.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Scorecards" }).click();
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText("Supplier scorecards");
  await hydrated(buyer);
  await expect(buyer.locator("table.scorecards tbody tr", { hasText: "Acme Industrial Supply" })).toHaveCount(1);
  // Sorting by supplier name, A to Z, is a link that says so.
  await buyer.getByRole("link", { name: "Supplier", exact: true }).click();
  await expect(buyer).toHaveURL(/sort=supplier&dir=asc/);
  await expect(buyer.locator("table.scorecards thead th[aria-sort]")).toHaveAttribute("aria-sort", "ascending");
  const names = await buyer.locator("table.scorecards tbody th").allInnerTexts();
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  await shot(buyer, "scorecards-buyer");
  const download = buyer.waitForEvent("download");
  await buyer.getByRole("link", { name: "Download CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^scorecards-month-\d{4}-\d{2}-01\.csv$/);
});

test("a buyer administrator sets thresholds and response times; the comparison marks misses and opens a supplier", async ({ browser }) => {
  const page = await browser.newPage();
  await login(page, "admin@northwind.example");
  await page.goto("/suppliers/scorecards");
  await hydrated(page);
  await page.getByRole("link", { name: "Scorecard thresholds" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Scorecard thresholds");
  // A percentage above 100 is refused beside its field; what was typed elsewhere is kept.
  await page.getByLabel("On time in full").fill("101");
  await page.getByLabel("Fill rate").fill("85");
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.locator("#threshold-otif-error")).toHaveText("Enter a percentage from 0 to 100.");
  await expect(page.getByLabel("On time in full")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Fill rate")).toHaveValue("85");
  await page.getByLabel("On time in full").fill("90");
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByRole("status")).toContainText("Thresholds saved");
  await expect(page.getByLabel("On time in full")).toHaveValue("90");

  // The comparison shows the thresholds and marks exactly the OTIF cells below 90 %.
  await page.getByRole("link", { name: "Supplier scorecards" }).click();
  await expect(page.locator("tr.thresholds-row td[data-label='On time in full']")).toHaveText("Target: at least 90 %");
  const cells = page.locator("table.scorecards tbody td[data-kpi='otif']");
  const count = await cells.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const cell = cells.nth(i);
    const value = parseFloat((await cell.innerText()).replace(",", "."));
    const missed = await cell.evaluate((el) => el.classList.contains("kpi-missed"));
    expect(missed).toBe(!Number.isNaN(value) && value < 90);
  }
  await shot(page, "scorecards-thresholds");

  // A supplier's name opens its scorecard with the targets; "Previous" goes one period back.
  await page.getByRole("link", { name: "Acme Industrial Supply" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Scorecard of Acme Industrial Supply");
  await expect(page.locator("[data-target='otif']")).toContainText("Target: at least 90 %");
  const period = await page.locator(".page-head p.muted").innerText();
  await page.getByRole("link", { name: "Previous" }).click();
  await expect(page).toHaveURL(/at=\d{4}-\d{2}-\d{2}/);
  await expect(page.locator(".page-head p.muted")).not.toHaveText(period);
  await expect(page.getByRole("link", { name: "Next" })).toBeVisible();

  // Response times: whole hours, refused by field, then saved.
  await page.goto("/exceptions");
  await page.getByRole("link", { name: "Response times" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Response times");
  await page.getByLabel("Delivery to ERP failed").fill("0");
  await page.getByRole("button", { name: "Save response times" }).click();
  await expect(page.locator("#sla-delivery_failed-error")).toContainText("Enter whole hours from 1 to 2160");
  await page.getByLabel("Delivery to ERP failed").fill("8");
  await page.getByRole("button", { name: "Save response times" }).click();
  await expect(page.getByRole("status")).toContainText("Response times saved");
  await expect(page.getByLabel("Delivery to ERP failed")).toHaveValue("8");
  await shot(page, "exception-slas");
  await page.close();
});
