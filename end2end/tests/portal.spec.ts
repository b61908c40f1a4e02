import { expect, test } from "@playwright/test";
import { BUYER, hydrated, login, PASSWORD, shot, SUPPLIER } from "./helpers";

test("a supplier signs in, filters the inbox, searches and opens a purchase order", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  await login(page, SUPPLIER);
  await expect(page.getByRole("heading", { level: 1, name: "Purchase orders" })).toBeVisible();
  await expect(page.getByText("Orders from Northwind Distribution")).toBeVisible();
  const rows = page.locator("table.orders tbody tr");
  await expect(rows).toHaveCount(24);
  // Suppliers do not see a supplier column: every row is theirs.
  await expect(page.getByRole("columnheader", { name: "Supplier" })).toHaveCount(0);
  await shot(page, "inbox");

  // Filter by status.
  await page.getByLabel("Status").selectOption("acknowledged");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=acknowledged/);
  const badges = page.locator("table.orders tbody [data-status]");
  await expect(badges.first()).toBeVisible();
  const statuses = await badges.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(["acknowledged"]));

  // Search by a fragment of a PO number.
  await page.getByRole("link", { name: "Reset" }).click();
  await expect(rows).toHaveCount(24);
  const number = (await rows.nth(5).getAttribute("data-po"))!;
  await page.getByLabel("PO number").fill(number.slice(-5));
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${number.slice(-5)}`));
  await expect(page.locator(`tr[data-po="${number}"]`)).toBeVisible();

  // Open it and check header and lines.
  await page.getByRole("link", { name: number }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: `Purchase order ${number}` })).toBeVisible();
  await expect(page.getByText("Northwind Distribution", { exact: true })).toBeVisible();
  const lines = page.locator("table.lines tbody tr");
  expect(await lines.count()).toBeGreaterThan(0);
  // Every line shows a description, a quantity and an amount; the line amounts add up to the order total.
  const amounts = await lines.locator("td:last-child").allInnerTexts();
  const parse = (s: string) => Number(s.replace(/[^0-9.-]/g, ""));
  const sum = amounts.map(parse).reduce((a, b) => a + b, 0);
  const total = parse(await page.getByTestId("po-total").innerText());
  expect(Math.abs(sum - total)).toBeLessThan(0.011);
  for (const text of await lines.locator("td:nth-child(3)").allInnerTexts()) expect(text.trim().length).toBeGreaterThan(3);
  await hydrated(page);
  await shot(page, "po-detail");
  expect(violations).toEqual([]);
});

test("wrong credentials get one clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(SUPPLIER);
  await page.getByLabel("Password").fill("wrong password");
  await hydrated(page).catch(() => undefined);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("The email or password is not correct.");
  await expect(page).toHaveURL(/\/login/);
  await shot(page, "login-error");
});

test("a buyer sees every supplier and pages through 60 orders", async ({ page }) => {
  await login(page, BUYER);
  await expect(page.getByText("All suppliers of Northwind Distribution")).toBeVisible();
  const rows = page.locator("table.orders tbody tr");
  await expect(rows).toHaveCount(50);
  await expect(page.getByRole("columnheader", { name: "Supplier" })).toBeVisible();
  const suppliers = new Set(await page.locator("table.orders tbody td:nth-child(2)").allInnerTexts());
  expect(suppliers).toEqual(new Set(["Acme Industrial Supply", "Bolt & Mutter GmbH", "Cascade Packaging Co."]));
  const firstPage = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-po")));
  await shot(page, "buyer-list");

  await page.getByRole("link", { name: /Older/ }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(rows).toHaveCount(10);
  const secondPage = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-po")));
  expect(secondPage.filter((n) => firstPage.includes(n))).toEqual([]);

  await page.getByRole("link", { name: /Newer/ }).click();
  await expect(rows).toHaveCount(50);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-po")))).toEqual(firstPage);
});

test("a deep link survives the login", async ({ page }) => {
  await login(page, SUPPLIER);
  const href = (await page.locator("a.po-link").first().getAttribute("href"))!;
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.goto(href);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel("Email").fill(SUPPLIER);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole("heading", { level: 1, name: /Purchase order/ })).toBeVisible();
});

test("another supplier's order answers not found", async ({ page }) => {
  await login(page, BUYER);
  const boltRow = page.locator("table.orders tbody tr", { hasText: "Bolt & Mutter GmbH" }).first();
  const href = (await boltRow.locator("a.po-link").getAttribute("href"))!;
  await page.getByRole("button", { name: "Sign out" }).click();
  await login(page, SUPPLIER);
  const response = await page.goto(href);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("the portal speaks German on request, with German formats", async ({ page }) => {
  await login(page, "berta@bolt.example");
  await page.getByLabel("Language").selectOption("de");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Bestellungen" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.getByRole("columnheader", { name: "Bestelldatum" })).toBeVisible();
  const total = await page.locator("table.orders tbody tr td:last-child").first().innerText();
  expect(total).toMatch(/^[\d.]+,\d\d\s€$/);
  const date = await page.locator("table.orders tbody tr td:nth-child(2)").first().innerText();
  expect(date).toMatch(/^\d\d\.\d\d\.\d{4}$/);
  await shot(page, "inbox-de");
  // Back to English for the other tests of this browser context.
  await page.getByLabel("Sprache").selectOption("en");
  await page.getByRole("button", { name: "Sprache ändern" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Purchase orders" })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("login, filter and detail work as plain HTML", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(SUPPLIER);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/orders$/);
    await page.getByLabel("Status").selectOption("new");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/status=new/);
    const statuses = await page.locator("table.orders tbody [data-status]").evaluateAll((els) =>
      els.map((e) => e.getAttribute("data-status")),
    );
    expect(new Set(statuses)).toEqual(new Set(["new"]));
    await page.locator("a.po-link").first().click();
    await expect(page.getByRole("heading", { level: 1, name: /Purchase order/ })).toBeVisible();
  });
});
