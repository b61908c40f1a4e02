import { expect, test, Browser, Page } from "@playwright/test";
import { hydrated, login, shot } from "./helpers";
import { totp } from "./totp";

const NEW_PASSWORD = "amber glacier violin pocket";

/** The path of the newest development-mailbox link sent to `to` whose subject contains `subject`. */
async function mailedPath(page: Page, to: string, subject: string): Promise<string> {
  await page.goto("/dev/mailbox");
  const message = page.locator("article.mail", { hasText: to }).filter({ hasText: subject }).first();
  const href = (await message.getByRole("link", { name: "Open the link in this message" }).getAttribute("href"))!;
  return new URL(href).pathname + new URL(href).search;
}

/** A buyer admin invites a new supplier user at Bolt; the invitee accepts in a browser of their own. */
async function newSupplierUser(page: Page, browser: Browser, email: string, name: string): Promise<Page> {
  await login(page, "admin@northwind.example");
  await page.goto("/people");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: "Supplier user" });
  await page.getByLabel("Supplier", { exact: true }).selectOption({ label: "Bolt & Mutter GmbH" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${email}`);
  const guest = await (await browser.newContext()).newPage();
  await guest.goto(await mailedPath(guest, email, "invites you"));
  await hydrated(guest);
  await guest.getByLabel("Name").fill(name);
  await guest.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await guest.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
  await guest.getByRole("button", { name: "Accept and continue" }).click();
  await expect(guest).toHaveURL(/\/orders$/);
  return guest;
}

test("two-factor sign-in: set up with the QR code's key, then sign in with a code and with a recovery code", async ({ page, browser }) => {
  const email = `tess.${Date.now()}@bolt.example`;
  const tess = await newSupplierUser(page, browser, email, "Tess Tiller");

  await tess.goto("/account");
  await tess.getByRole("link", { name: "Manage two-factor sign-in" }).click();
  await expect(tess).toHaveURL(/\/account\/two-factor$/);
  await tess.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(tess.getByRole("img", { name: /QR code/ })).toBeVisible();
  await shot(tess, "two-factor-setup");
  const secret = (await tess.getByTestId("totp-secret").textContent())!;
  await tess.getByLabel("Current password").fill(NEW_PASSWORD);
  await tess.getByLabel("Code from the app").fill("000000");
  await tess.getByRole("button", { name: "Switch on two-factor sign-in" }).click();
  await expect(tess.getByRole("alert")).toContainText("That code is not correct");
  await tess.getByLabel("Current password").fill(NEW_PASSWORD);
  await tess.getByLabel("Code from the app").fill(totp(secret));
  await tess.getByRole("button", { name: "Switch on two-factor sign-in" }).click();
  await expect(tess.getByRole("status")).toContainText("Two-factor sign-in is on");
  const codes = await tess.getByTestId("recovery-codes").locator("li").allTextContents();
  expect(codes).toHaveLength(10);
  await shot(tess, "two-factor-codes");
  // Shown right after the action only: the page opened afresh does not show them.
  await tess.goto("/account/two-factor");
  await expect(tess.getByTestId("recovery-codes")).toHaveCount(0);
  await expect(tess.getByText("Unused recovery codes: 10")).toBeVisible();

  // Sign out; the password alone now leads to the second step.
  await tess.getByRole("button", { name: "Sign out" }).click();
  await tess.goto("/login");
  await tess.getByLabel("Email").fill(email);
  await tess.getByLabel("Password").fill(NEW_PASSWORD);
  await tess.getByRole("button", { name: "Sign in" }).click();
  await expect(tess).toHaveURL(/\/login\/two-factor/);
  await hydrated(tess);
  await tess.getByLabel("Code").fill("123456");
  await tess.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(tess.getByRole("alert")).toContainText("That code is not correct");
  await shot(tess, "two-factor-login");
  // The code of the next 30-second step (the set-up spent the current one).
  await tess.getByLabel("Code").fill(totp(secret, Date.now() / 1000 + 30));
  await tess.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(tess).toHaveURL(/\/orders$/);
  await expect(tess.getByText("Orders from Northwind Distribution")).toBeVisible();

  // Without the phone: a recovery code, once.
  await tess.getByRole("button", { name: "Sign out" }).click();
  await tess.goto("/login?next=/account/two-factor");
  await tess.getByLabel("Email").fill(email);
  await tess.getByLabel("Password").fill(NEW_PASSWORD);
  await tess.getByRole("button", { name: "Sign in" }).click();
  await expect(tess).toHaveURL(/\/login\/two-factor/);
  await tess.getByLabel("Code").fill(codes[0]);
  await tess.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(tess).toHaveURL(/\/account\/two-factor$/);
  await expect(tess.getByText("Unused recovery codes: 9")).toBeVisible();
});

test("an organisation's two-factor requirement holds its people on the set-up page", async ({ page, browser }) => {
  const email = `uwe.${Date.now()}@bolt.example`;
  const uwe = await newSupplierUser(page, browser, email, "Uwe Ulrich");
  await page.goto("/people");
  const policy = page.getByRole("region", { name: "Two-factor sign-in requirement" });
  await policy.getByLabel("Require two-factor sign-in for our suppliers' people").check();
  await policy.getByRole("button", { name: "Save requirement" }).click();
  await expect(page.getByRole("status")).toContainText("The two-factor requirement was saved");
  await shot(page, "people-admin");

  await uwe.goto("/orders");
  await expect(uwe).toHaveURL(/\/account\/two-factor$/);
  await expect(uwe.getByText("Your organisation requires two-factor sign-in").first()).toBeVisible();
  await shot(uwe, "two-factor-required");

  // Lift the requirement again, so other journeys are not affected.
  await page.goto("/people");
  await page.getByRole("region", { name: "Two-factor sign-in requirement" })
    .getByLabel("Require two-factor sign-in for our suppliers' people").uncheck();
  await page.getByRole("button", { name: "Save requirement" }).click();
  await expect(page.getByRole("status")).toContainText("The two-factor requirement was saved");
  await uwe.goto("/orders");
  await expect(uwe).toHaveURL(/\/orders$/);
});

test("a document link opens its one order, nothing else, and offers an account", async ({ page, browser }) => {
  const contact = `orders.${Date.now()}@cascade.example`;
  await login(page, "admin@northwind.example");
  const row = page.locator("table.orders tbody tr", { hasText: "Cascade Packaging" }).first();
  const number = (await row.getAttribute("data-po"))!;
  await row.locator("a.po-link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(number);
  const orderPath = new URL(page.url()).pathname;
  await page.getByLabel("Email").fill(contact);
  await page.getByRole("button", { name: "Send link" }).click();
  await expect(page.getByRole("status")).toContainText(`A link to this order was sent to ${contact}`);
  await shot(page, "share-order");

  const guest = await (await browser.newContext()).newPage();
  const link = await mailedPath(guest, contact, `purchase order ${number}`);
  expect(link).toMatch(/^\/link\?token=[A-Za-z0-9_-]{43}$/);
  await guest.goto(link);
  await expect(guest.getByText(`Northwind Distribution shares purchase order ${number} with ${contact}`)).toBeVisible();
  await shot(guest, "link-landing");
  await guest.getByRole("button", { name: `Open purchase order ${number}` }).click();
  await expect(guest).toHaveURL(new RegExp(`/shared/orders/`));
  await expect(guest.getByRole("heading", { level: 1 })).toContainText(number);
  await expect(guest.getByText(`through a link sent to ${contact}`)).toBeVisible();
  await shot(guest, "shared-order");

  // Nothing else opens: not the signed-in order page, not the list.
  await guest.goto(orderPath);
  await expect(guest).toHaveURL(/\/login\?next=/);
  await guest.goto("/orders");
  await expect(guest).toHaveURL(/\/login\?next=/);
  // The link was single use.
  await guest.goto(link);
  await expect(guest.getByRole("alert")).toContainText("already been used");
  await expect(guest.getByRole("button", { name: "Send me a fresh link" })).toBeVisible();

  // Back on the shared order, the offer becomes a full account.
  await guest.goBack();
  await guest.goto(`/shared${orderPath}`);
  await guest.getByRole("button", { name: "Create account" }).click();
  await expect(guest.getByRole("status")).toContainText(`An invitation to create your account is on its way to ${contact}`);
  await guest.goto(await mailedPath(guest, contact, "invites you"));
  await hydrated(guest);
  await guest.getByLabel("Name").fill("Olli Orders");
  await guest.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await guest.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
  await guest.getByRole("button", { name: "Accept and continue" }).click();
  await expect(guest).toHaveURL(/\/orders$/);
  await expect(guest.locator("table.orders tbody tr")).toHaveCount(16);
});
