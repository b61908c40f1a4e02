import { expect, test, Browser, Page } from "@playwright/test";
import { hydrated, login, shot } from "./helpers";
import { totp } from "./totp";

const NEW_PASSWORD = "copper harbour lantern meadow";

/** The path of the newest development-mailbox link sent to `to` whose subject contains `subject`. */
async function mailedPath(page: Page, to: string, subject: string): Promise<string> {
  await page.goto("/dev/mailbox");
  const message = page.locator("article.mail", { hasText: to }).filter({ hasText: subject }).first();
  const href = (await message.getByRole("link", { name: "Open the link in this message" }).getAttribute("href"))!;
  return new URL(href).pathname + new URL(href).search;
}

/** A new person invited by Northwind's administrator (signed in on `page`; a supplier role at Cascade, or a buyer
 * role), signed in in a browser of their own with a Portico password. */
async function invited(page: Page, browser: Browser, email: string, name: string, role: string): Promise<Page> {
  await page.goto("/people");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: role });
  if (role.startsWith("Supplier")) {
    await page.getByLabel("Supplier", { exact: true }).selectOption({ label: "Cascade Packaging Co." });
  }
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

/** Switches two-step sign-in on from the account page; returns the authenticator secret. */
async function twoStepOn(person: Page): Promise<string> {
  await person.goto("/account/two-factor");
  await person.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const secret = (await person.getByTestId("totp-secret").textContent())!;
  await person.getByLabel("Current password").fill(NEW_PASSWORD);
  await person.getByLabel("Code from the app").fill(totp(secret));
  await person.getByRole("button", { name: "Switch on two-factor sign-in" }).click();
  await expect(person.getByRole("status")).toContainText("Two-factor sign-in is on");
  return secret;
}

test("bank details: a supplier administrator requests a new account with a code, the buyer's administrator approves, both are mailed", async ({ page, browser }) => {
  // The story ends with a second request, whose code must come from a later step than the first's.
  test.setTimeout(120_000);
  const email = `pia.${Date.now()}@cascade.example`;
  await login(page, "admin@northwind.example");
  const pia = await invited(page, browser, email, "Pia Payne", "Supplier administrator");
  // A second buyer administrator with two-step sign-in: approving asks the approver for a code too.
  const olgaEmail = `olga.${Date.now()}@northwind.example`;
  const olga = await invited(page, browser, olgaEmail, "Olga Ortiz", "Buyer administrator");
  const olgaSecret = await twoStepOn(olga);

  // Without two-step sign-in the page offers to set it up instead of the form.
  await pia.getByRole("link", { name: "Bank details" }).click();
  await expect(pia).toHaveURL(/\/company\/bank$/);
  await expect(pia.getByText("Changing bank details needs two-step sign-in")).toBeVisible();
  await pia.getByRole("link", { name: "Set up two-step sign-in" }).click();
  await expect(pia).toHaveURL(/\/account\/two-factor$/);
  const secret = await twoStepOn(pia);

  // A mistyped IBAN is named by its rule, the typed values stay, and the code is not spent.
  await pia.goto("/company/bank");
  await hydrated(pia);
  await expect(pia.locator("#bank-current")).toContainText("No account on file yet");
  await pia.getByLabel("Account holder").fill("Cascade Packaging Co.");
  await pia.getByLabel("IBAN", { exact: true }).fill("NL91 ABNA 0417 1643 01");
  await pia.getByLabel("BIC (SWIFT code)").fill("ABNANL2A");
  await pia.getByLabel("Bank", { exact: true }).fill("ABN AMRO");
  const nextAt = Date.now() / 1000 + 30;
  const next = totp(secret, nextAt);
  await pia.getByLabel("Code from your authenticator app").fill(next);
  await pia.getByRole("button", { name: "Request the change" }).click();
  await expect(pia.getByRole("alert")).toContainText("The change was not requested");
  await expect(pia.locator("#bank-iban-error")).toContainText("The check digits do not match");
  await expect(pia.getByLabel("IBAN", { exact: true })).toHaveValue("NL91 ABNA 0417 1643 01");
  await expect(pia.getByLabel("IBAN", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await shot(pia, "bank-request-mistake");

  // A wrong code stores nothing.
  await pia.getByLabel("IBAN", { exact: true }).fill("NL91 ABNA 0417 1643 00");
  await pia.getByLabel("Code from your authenticator app").fill("000000");
  await pia.getByRole("button", { name: "Request the change" }).click();
  await expect(pia.locator("#bank-code-error")).toContainText("That code is not right");

  await pia.getByLabel("Code from your authenticator app").fill(next);
  await pia.getByRole("button", { name: "Request the change" }).click();
  await expect(pia.getByRole("status")).toContainText("Change requested");
  await expect(pia.locator("#bank-pending")).toContainText("NL91 •••• •••• ••43 00");
  await expect(pia.locator("#bank-pending")).not.toContainText("0417164300");
  await shot(pia, "bank-requested");

  // Both sides' administrators are mailed; Northwind's follows the link to the review.
  await page.goto("/dev/mailbox");
  for (const to of [email, "carl@cascade.example", "admin@northwind.example"]) {
    await expect(
      page.locator("article.mail", { hasText: to }).filter({ hasText: "Bank account change requested for Cascade" }).first(),
    ).toBeVisible();
  }
  await page.goto(await mailedPath(page, "admin@northwind.example", "Bank account change requested for Cascade"));
  await expect(page).toHaveURL(/\/suppliers\/[0-9a-f-]+\/bank$/);
  await hydrated(page);
  await expect(page.locator("#bank-pending")).toContainText("NL91 ABNA 0417 1643 00");
  await expect(page.getByRole("note")).toContainText("call Cascade Packaging Co. at a telephone number you already had on file");
  await shot(page, "bank-review");
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.locator("#bank-reason-error")).toContainText("Say why you reject the change");
  // Without two-step sign-in of their own, Northwind's administrator may reject but not approve.
  await expect(page.locator("#bank-approver-two-factor")).toContainText("Approving a change needs two-step sign-in");
  await expect(page.getByRole("button", { name: "Approve the new account" })).toHaveCount(0);

  // Olga follows her mail, is asked for her own code, and approves.
  await olga.goto(await mailedPath(olga, olgaEmail, "Bank account change requested for Cascade"));
  await hydrated(olga);
  await olga.getByLabel("Code from your authenticator app (to approve)").fill("000000");
  await olga.getByRole("button", { name: "Approve the new account" }).click();
  await expect(olga.locator("#bank-code-error")).toContainText("That code is not right");
  await expect(olga.locator("#bank-pending")).toContainText("NL91 ABNA 0417 1643 00");
  await shot(olga, "bank-review-code");
  await olga.getByLabel("Code from your authenticator app (to approve)").fill(totp(olgaSecret, Date.now() / 1000 + 30));
  await olga.getByRole("button", { name: "Approve the new account" }).click();
  await expect(olga.getByRole("status")).toContainText("The new account is approved and in force");
  await expect(olga.locator("#bank-current")).toContainText("NL91 •••• •••• ••43 00");
  await expect(olga.locator("#bank-history")).toContainText("Approved");

  await page.goto("/dev/mailbox");
  for (const to of [email, "admin@northwind.example"]) {
    await expect(
      page.locator("article.mail", { hasText: to }).filter({ hasText: "New bank account of Cascade Packaging Co. approved" }).first(),
    ).toBeVisible();
  }
  await pia.goto("/company/bank");
  await expect(pia.locator("#bank-current")).toContainText("NL91 •••• •••• ••43 00");
  await expect(pia.locator("#bank-pending")).toHaveCount(0);
  await shot(pia, "bank-approved");

  // Moving to a US bank: the form asks for the routing number and the account number instead of an IBAN, checks the
  // routing number's check digit, and needs no BIC.
  await pia.getByLabel("Account holder").fill("Cascade Packaging Co.");
  await pia.getByLabel("United States (ABA routing number)").check();
  await expect(pia.getByLabel("IBAN", { exact: true })).toBeHidden();
  await pia.getByLabel("Routing number", { exact: true }).fill("021000022");
  await pia.getByLabel("Account number", { exact: true }).fill("0004 5678 9012");
  await pia.getByLabel("BIC (SWIFT code)").fill("");
  await pia.getByLabel("Bank", { exact: true }).fill("JPMorgan Chase");
  await shot(pia, "bank-request-us");
  // A code of a step after the first request's: wait for the clock to reach that request's step.
  const wait = Math.floor(nextAt / 30) * 30 * 1000 - Date.now();
  if (wait > 0) await pia.waitForTimeout(wait + 500);
  const later = totp(secret, Date.now() / 1000 + 30);
  await pia.getByLabel("Code from your authenticator app").fill(later);
  await pia.getByRole("button", { name: "Request the change" }).click();
  await expect(pia.locator("#bank-routing-error")).toContainText("check digit");
  await expect(pia.getByLabel("United States (ABA routing number)")).toBeChecked();
  await expect(pia.getByLabel("Account number", { exact: true })).toHaveValue("0004 5678 9012");
  await pia.getByLabel("Routing number", { exact: true }).fill("021000021");
  await pia.getByLabel("Code from your authenticator app").fill(later);
  await pia.getByRole("button", { name: "Request the change" }).click();
  await expect(pia.getByRole("status")).toContainText("Change requested");
  await expect(pia.locator("#bank-pending")).toContainText("ABA routing number");
  await expect(pia.locator("#bank-pending")).toContainText("021000021");
  await expect(pia.locator("#bank-pending")).toContainText("••••••••9012");
  await expect(pia.locator("#bank-pending")).not.toContainText("456789012");
  await shot(pia, "bank-requested-us");

  // Olga reviews it with the account in full beside the IBAN on file, in German on a phone.
  await olga.setViewportSize({ width: 390, height: 844 });
  await olga.reload();
  await expect(olga.locator("#bank-pending")).toContainText("000456789012");
  await expect(olga.locator("#bank-pending")).toContainText("021000021");
  await expect(olga.locator("#bank-current")).toContainText("NL91 •••• •••• ••43 00");
  await olga.locator("#lang-select").selectOption("de");
  await olga.getByRole("button", { name: "Change language" }).click();
  await expect(olga.locator("#bank-pending")).toContainText("ABA-Routing-Nummer");
  const overflow = await olga.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await shot(olga, "bank-review-us-de-phone");
});
