import { expect, test, Page } from "@playwright/test";
import { hydrated, login, shot } from "./helpers";

/** The path of the newest development-mailbox link sent to `to` whose subject contains `subject`. */
async function mailedPath(page: Page, to: string, subject: string): Promise<string> {
  await page.goto("/dev/mailbox");
  const message = page.locator("article.mail", { hasText: to }).filter({ hasText: subject }).first();
  const href = (await message.getByRole("link", { name: "Open the link in this message" }).getAttribute("href"))!;
  return new URL(href).pathname + new URL(href).search;
}

test("onboarding: a buyer administrator adds a supplier with its administrator, who signs up; activation opens it for orders", async ({ page, browser }) => {
  const stamp = Date.now() % 1_000_000;
  const code = `DLT-${stamp}`;
  const email = `dana.${stamp}@delta.example`;
  await login(page, "admin@northwind.example");
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Suppliers", exact: true }).click();
  await expect(page).toHaveURL(/\/suppliers$/);
  await page.getByRole("link", { name: "Add a supplier" }).click();
  await expect(page).toHaveURL(/\/suppliers\/new$/);
  await hydrated(page);

  // Mistakes come back by field with the values kept: a code with a space and an accent, a code already taken.
  await page.getByLabel("Supplier code").fill("DÉLTA 1");
  await page.getByLabel("Company name").fill("Delta Labels Ltd");
  await page.getByLabel("E-mail of the supplier's administrator").fill(email);
  await page.getByRole("button", { name: "Add and invite" }).click();
  await expect(page.getByRole("alert")).toContainText("The supplier was not added");
  await expect(page.locator("#supplier-code-error")).toContainText("Use letters A–Z, digits");
  await expect(page.getByLabel("Company name")).toHaveValue("Delta Labels Ltd");
  await page.getByLabel("Supplier code").fill("acme");
  await page.getByRole("button", { name: "Add and invite" }).click();
  await expect(page.locator("#supplier-code-error")).toContainText("Another supplier already has the code ACME");
  await shot(page, "onboarding-add-mistake");

  await page.getByLabel("Supplier code").fill(code);
  await page.getByRole("button", { name: "Add and invite" }).click();
  await expect(page).toHaveURL(/\/suppliers\?notice=supplier-added$/);
  await expect(page.getByRole("status")).toContainText("Supplier added");
  const row = page.locator("#suppliers tbody tr", { hasText: code });
  await expect(row).toContainText("Delta Labels Ltd");
  await expect(row.locator(".badge")).toHaveText("Onboarding");
  await expect(row).toContainText("0 signed up · 1 invited");
  await expect(row).toContainText("No orders until activated.");
  await expect(page.locator("#suppliers tbody tr").first()).toContainText(code);
  await shot(page, "onboarding-list");

  // The supplier's administrator follows the invitation and signs up.
  const dana = await (await browser.newContext()).newPage();
  await dana.goto(await mailedPath(dana, email, "invites you"));
  await hydrated(dana);
  await dana.getByLabel("Name").fill("Dana Delta");
  await dana.getByLabel("New password", { exact: true }).fill("amber quartz meadow lantern");
  await dana.getByLabel("Repeat the new password").fill("amber quartz meadow lantern");
  await dana.getByRole("button", { name: "Accept and continue" }).click();
  await expect(dana).toHaveURL(/\/orders$/);

  // Activated: it receives orders from now on, and its administrator is told.
  await page.goto("/suppliers");
  await expect(row).toContainText("1 signed up · 0 invited");
  await row.getByRole("button", { name: `Activate Delta Labels Ltd: it receives orders from now on` }).click();
  await expect(page.getByRole("status")).toContainText("Supplier activated");
  await expect(row.locator(".badge")).toHaveText("Active");
  await expect(row.getByRole("button")).toHaveCount(0);
  await page.goto("/dev/mailbox");
  await expect(
    page.locator("article.mail", { hasText: email }).filter({ hasText: "Northwind Distribution now sends you orders through Portico" }),
  ).toHaveCount(1);
});

test("onboarding: only buyer administrators add suppliers", async ({ page }) => {
  await login(page, "buyer@northwind.example");
  await page.goto("/suppliers");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Suppliers");
  await expect(page.getByRole("link", { name: "Add a supplier" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Activate/ })).toHaveCount(0);
  await page.goto("/suppliers/new");
  await expect(page.getByRole("button", { name: "Add and invite" })).toHaveCount(0);
});
