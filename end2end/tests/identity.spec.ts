import { expect, test } from "@playwright/test";
import { hydrated, login, PASSWORD, shot, SUPPLIER } from "./helpers";

// Carl's account is used only here: this journey changes its password.
const CARL = "carl@cascade.example";
const NEW_PASSWORD = "violet canyon paper tram";

test("forgot password: the e-mailed link sets a new password once", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill(CARL);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText("a link to reset the password is on its way");
  await shot(page, "forgot-sent");

  // Without an SMTP server the message waits in the development mailbox, with its link.
  await page.goto("/dev/mailbox");
  const message = page.locator("article.mail", { hasText: CARL }).filter({ hasText: "Reset your Portico password" }).first();
  await expect(message).toBeVisible();
  await shot(page, "dev-mailbox");
  const href = (await message.getByRole("link", { name: "Open the link in this message" }).getAttribute("href"))!;
  expect(href).toMatch(/\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
  const path = new URL(href).pathname + new URL(href).search;

  await page.goto(path);
  await hydrated(page);
  await expect(page.getByText(`For ${CARL}`)).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill("password1234");
  await page.getByLabel("Repeat the new password").fill("password1234");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByRole("alert")).toContainText("too easy to guess");
  await shot(page, "reset-weak");
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page).toHaveURL(/\/login\?notice=password-reset/);
  await expect(page.getByRole("status")).toContainText("Your password has been changed");
  await login(page, CARL, NEW_PASSWORD);

  // The link works once.
  await page.goto(path);
  await expect(page.getByRole("alert")).toContainText("already been used");
  await expect(page.getByRole("link", { name: "Request a new link" })).toBeVisible();
  await shot(page, "reset-used");
});

test("a supplier who serves two buyers switches customer with one login", async ({ page }) => {
  await login(page, SUPPLIER);
  await expect(page.getByText("Orders from Northwind Distribution")).toBeVisible();
  const customer = page.getByLabel("Customer");
  await expect(customer).toBeVisible();
  await customer.selectOption({ label: "Contoso Retail (as Acme Industrial Supply (Contoso))" });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByText("Orders from Contoso Retail")).toBeVisible();
  await hydrated(page);
  const rows = page.locator("table.orders tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.locator('tr[data-po="CON-1"]')).toBeVisible();
  await shot(page, "switch-customer");
  // And back.
  await page.getByLabel("Customer").selectOption({ label: "Northwind Distribution (as Acme Industrial Supply)" });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByText("Orders from Northwind Distribution")).toBeVisible();
  await expect(rows).toHaveCount(24);
});

test("the account page lists this browser's session and changes nothing without the current password", async ({ page }) => {
  await login(page, "sam@acme.example", PASSWORD);
  await page.getByRole("link", { name: /Your account/ }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page.getByText("This browser")).toBeVisible();
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert")).toContainText("Your current password is not correct");
  await shot(page, "account");
});

test("invitation: a buyer admin invites a supplier contact, who sets a password and lands on the inbox", async ({ page, browser }) => {
  const invitee = `dana.${Date.now()}@cascade.example`;
  await login(page, "admin@northwind.example");
  await page.getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
  await page.getByLabel("Email").fill(invitee);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: "Supplier user" });
  await page.getByLabel("Supplier", { exact: true }).selectOption({ label: "Cascade Packaging Co." });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${invitee}`);
  await expect(page.locator("table.data-table", { hasText: invitee })).toBeVisible();
  await shot(page, "people");

  // The invitee, in a browser of their own, follows the link from the mail.
  const context = await browser.newContext();
  const guest = await context.newPage();
  await guest.goto("/dev/mailbox");
  const message = guest.locator("article.mail", { hasText: invitee }).first();
  const href = (await message.getByRole("link", { name: "Open the link in this message" }).getAttribute("href"))!;
  await guest.goto(new URL(href).pathname + new URL(href).search);
  await hydrated(guest);
  await expect(guest.getByText("invites you to Northwind Distribution for Cascade Packaging Co. as Supplier user")).toBeVisible();
  await shot(guest, "invitation");
  await guest.getByLabel("Name").fill("Dana Dorn");
  await guest.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await guest.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
  await guest.getByRole("button", { name: "Accept and continue" }).click();
  await expect(guest).toHaveURL(/\/orders$/);
  await expect(guest.getByText("Orders from Northwind Distribution")).toBeVisible();
  await expect(guest.locator("table.orders tbody tr")).toHaveCount(16);
  await context.close();
});
