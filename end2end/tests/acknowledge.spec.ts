import { expect, Page, test } from "@playwright/test";
import { BUYER, SUPPLIER, hydrated, login, shot } from "./helpers";

// The supplier answers purchase orders on the order page: a plain form, checked on the server. Changes inside the
// buyer's change policy (demo: cheaper, ±10 % quantity, up to five days later, splits) are accepted at once; others
// wait for the buyer.

/** Opens the supplier's first new order with at least `lines` lines, skipping `skip` numbers; returns its number. */
async function openNewOrder(page: Page, lines: number, skip: string[] = []): Promise<string> {
  await page.goto("/orders?status=new");
  await hydrated(page);
  const rows = page.locator("table tbody tr");
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    const link = rows.nth(i).locator("a.po-link");
    const number = (await link.innerText()).trim();
    if (skip.includes(number)) continue;
    await link.click();
    await hydrated(page);
    if ((await page.locator("fieldset.ack-line").count()) >= lines) return number;
    await page.goto("/orders?status=new");
    await hydrated(page);
  }
  throw new Error(`no new order with ${lines} lines`);
}

/** The fieldset of the n-th line of the form (0-based). */
function line(page: Page, n: number) {
  return page.locator("fieldset.ack-line").nth(n);
}

test("a supplier accepts one order and answers another line by line; a mistake comes back by its field", async ({ page }) => {
  await login(page, SUPPLIER);
  const accepted = await openNewOrder(page, 1);
  await shot(page, "ack-form");
  await page.getByRole("button", { name: "Accept the whole order as ordered" }).click();
  await expect(page.getByText("Thank you: the order is confirmed as ordered.")).toBeVisible();
  await expect(page.locator("[data-outcome]")).toHaveAttribute("data-outcome", "accepted");
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "acknowledged");
  await expect(page.locator("form.ack-form")).toHaveCount(0);

  const changed = await openNewOrder(page, 2, [accepted]);
  const first = line(page, 0);
  const second = line(page, 1);

  // Line 1: a lower price (inside the policy) — but a typo in the quantity first.
  await first.getByLabel("Change").check();
  await expect(first.getByLabel("Unit price", { exact: false })).toBeVisible();
  const price = Number(await first.getByLabel("Unit price", { exact: false }).inputValue());
  await first.getByLabel("Quantity you will deliver").fill("ten");
  await first.getByLabel("Reason").selectOption("price_change");
  await first.getByLabel("Unit price", { exact: false }).fill((price * 0.9).toFixed(2));

  // Line 2: split into two deliveries, the second three days after the requested date.
  await second.getByLabel("Change").check();
  const quantity = Number(await second.getByLabel("Quantity you will deliver").inputValue());
  const requested = await second.getByLabel("Date of delivery 1").inputValue();
  const later = new Date(`${requested}T00:00:00Z`);
  later.setUTCDate(later.getUTCDate() + 3);
  const half = Math.floor(quantity / 2);
  await second.getByLabel("Reason").selectOption("lead_time");
  await second.getByLabel("Quantity of delivery 1").fill(String(half));
  await second.getByLabel("Quantity of delivery 2").fill(String(quantity - half));
  await second.getByLabel("Date of delivery 2").fill(later.toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Send answer" }).click();

  // Nothing sent; the mistake is named beside its field, everything typed is still there.
  await expect(page.getByRole("alert").filter({ hasText: "Nothing was sent" })).toBeVisible();
  await expect(first.getByLabel("Quantity you will deliver")).toHaveAttribute("aria-invalid", "true");
  await expect(first.getByText("Enter the quantity as a number")).toBeVisible();
  await expect(second.getByLabel("Quantity of delivery 2")).toHaveValue(String(quantity - half));
  await shot(page, "ack-errors");

  await expect(page).toHaveURL(/draft=/);
  await hydrated(page);
  // The ordered quantity is in the line's summary; type it back.
  const ordered = (await first.locator("p.small").first().innerText()).match(/Ordered: ([\d.,]+)/)![1].replace(/,/g, "");
  await first.getByLabel("Quantity you will deliver").fill(ordered);
  await page.getByRole("button", { name: "Send answer" }).click();
  await expect(page.getByText("Your changes are inside the buyer's change policy and were accepted automatically.")).toBeVisible();
  await expect(page.locator("[data-outcome]")).toHaveAttribute("data-outcome", "auto_accepted");
  const result = page.locator("#ack-result");
  await expect(result.locator("tbody tr").nth(1)).toContainText("Inside the policy");
  await shot(page, "ack-result");

  // The buyer sees the same answer on the order.
  await page.context().clearCookies();
  await login(page, BUYER);
  await page.goto(`/orders?q=${changed}`);
  await hydrated(page);
  await page.locator("a.po-link", { hasText: changed }).click();
  await expect(page.locator("[data-outcome]")).toHaveAttribute("data-outcome", "auto_accepted");
  await expect(page.locator("form.ack-form")).toHaveCount(0);
});

test("a dearer price waits for the buyer; rejecting an order needs a reason", async ({ page }) => {
  await login(page, SUPPLIER);
  await openNewOrder(page, 1);
  const first = line(page, 0);
  await first.getByLabel("Change").check();
  const price = Number(await first.getByLabel("Unit price", { exact: false }).inputValue());
  await first.getByLabel("Unit price", { exact: false }).fill((price + 1).toFixed(2));
  await first.getByLabel("Reason").selectOption("price_change");
  await page.getByRole("button", { name: "Send answer" }).click();
  await expect(page.locator("[data-outcome]")).toHaveAttribute("data-outcome", "pending_review");
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "change_pending");
  await expect(page.locator("#ack-result tbody tr").first()).toContainText("Needs the buyer: price");

  await openNewOrder(page, 1);
  await page.getByText("Reject the whole order").click();
  await page.getByRole("button", { name: "Reject order" }).click();
  await expect(page.getByLabel("Reason for rejecting the order")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Reason for rejecting the order").selectOption("discontinued");
  await page.getByRole("button", { name: "Reject order" }).click();
  await expect(page.locator("[data-outcome]")).toHaveAttribute("data-outcome", "order_rejected");
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "rejected");
});

test("the buyer approves one change and rejects another; the supplier reads why and answers again", async ({ page }) => {
  await login(page, SUPPLIER);
  const number = await openNewOrder(page, 2);
  const first = line(page, 0);
  const second = line(page, 1);
  await first.getByLabel("Change").check();
  const price = Number(await first.getByLabel("Unit price", { exact: false }).inputValue());
  await first.getByLabel("Unit price", { exact: false }).fill((price + 1).toFixed(2));
  await first.getByLabel("Reason").selectOption("price_change");
  await second.getByLabel("Change").check();
  const quantity = Number(await second.getByLabel("Quantity you will deliver").inputValue());
  await second.getByLabel("Quantity you will deliver").fill(String(Math.floor(quantity * 0.8)));
  await second.getByLabel("Reason").selectOption("out_of_stock");
  await page.getByRole("button", { name: "Send answer" }).click();
  await expect(page.locator("[data-outcome]")).toHaveAttribute("data-outcome", "pending_review");

  await page.context().clearCookies();
  await login(page, BUYER);
  await page.goto(`/orders?q=${number}`);
  await hydrated(page);
  await page.locator("a.po-link", { hasText: number }).click();
  await hydrated(page);
  const rows = page.locator("#ack-result tbody tr");
  await expect(rows.nth(0).getByLabel("Approve")).toBeChecked();
  await rows.nth(1).getByLabel("Reject").check();
  await shot(page, "review-form");
  await page.getByRole("button", { name: "Send decision" }).click();
  // A rejection without a reason is refused; the decisions come back as they were.
  await expect(page.getByText("Say in the comment why you reject a change.")).toBeVisible();
  await hydrated(page);
  await expect(page.locator("#ack-result tbody tr").nth(1).getByLabel("Reject")).toBeChecked();
  await page.getByLabel("Comment to the supplier").fill("We need the full quantity: split the line instead.");
  await page.getByRole("button", { name: "Send decision" }).click();
  await expect(page.getByText("Your decision was sent.")).toBeVisible();
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "new");

  // Acme's people are e-mailed; the link lands on the order once signed in.
  await page.context().clearCookies();
  await page.goto("/dev/mailbox");
  const mail = page.locator("article.mail", { hasText: SUPPLIER }).filter({ hasText: `did not accept your changes to purchase order ${number}` }).first();
  await expect(mail).toBeVisible();
  await shot(page, "review-mail");
  const href = (await mail.getByRole("link", { name: "Open the link in this message" }).getAttribute("href"))!;
  expect(new URL(href).pathname).toMatch(/^\/orders\/[0-9a-f-]{36}$/);
  await page.goto(new URL(href).pathname);
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(SUPPLIER);
  await page.getByLabel("Password").fill("portico-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(new URL(href).pathname));
  await hydrated(page);
  await expect(page.locator("[data-outcome]")).toHaveAttribute("data-outcome", "changes_rejected");
  await expect(page.getByText("We need the full quantity: split the line instead.")).toBeVisible();
  await expect(page.locator("#ack-result tbody tr").nth(0)).toContainText("Approved");
  await expect(page.locator("#ack-result tbody tr").nth(1)).toContainText("Rejected");
  await shot(page, "review-outcome");
  await page.getByRole("button", { name: "Accept the whole order as ordered" }).click();
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "acknowledged");
});

test("the buyer counter-proposes a price; the supplier accepts it and the order is confirmed with it", async ({ page }) => {
  await login(page, SUPPLIER);
  const number = await openNewOrder(page, 1);
  const first = line(page, 0);
  await first.getByLabel("Change").check();
  const price = Number(await first.getByLabel("Unit price", { exact: false }).inputValue());
  await first.getByLabel("Unit price", { exact: false }).fill((price + 2).toFixed(2));
  await first.getByLabel("Reason").selectOption("price_change");
  await page.getByRole("button", { name: "Send answer" }).click();
  await expect(page.locator("[data-outcome]")).toHaveAttribute("data-outcome", "pending_review");

  await page.context().clearCookies();
  await login(page, BUYER);
  await page.goto(`/orders?q=${number}`);
  await hydrated(page);
  await page.locator("a.po-link", { hasText: number }).click();
  await hydrated(page);
  const row = page.locator("#ack-result tbody tr").nth(0);
  // The counter-proposal's fields appear only once it is chosen, filled with the supplier's values.
  await expect(row.getByLabel("Your unit price")).toBeHidden();
  await row.getByLabel("Counter-propose").check();
  await expect(row.getByLabel("Your unit price")).toBeVisible();
  await expect(row.getByLabel("Your unit price")).toHaveValue(String(Number((price + 2).toFixed(2))));
  await row.getByLabel("Your unit price").fill("abc");
  await page.getByRole("button", { name: "Send decision" }).click();
  await expect(page.locator("#ack-result tbody tr").nth(0).getByLabel("Your unit price")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#ack-result tbody tr").nth(0)).toContainText("Enter the unit price as a number");
  await hydrated(page);
  const again = page.locator("#ack-result tbody tr").nth(0);
  await expect(again.getByLabel("Counter-propose")).toBeChecked();
  const counter = (price + 1).toFixed(2);
  await again.getByLabel("Your unit price").fill(counter);
  await shot(page, "counter-form");
  await page.getByRole("button", { name: "Send decision" }).click();
  await expect(page.getByText("Your counter-proposal was sent.")).toBeVisible();
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "countered");

  await page.context().clearCookies();
  await login(page, SUPPLIER);
  await page.goto(`/orders?q=${number}`);
  await hydrated(page);
  await page.locator("a.po-link", { hasText: number }).click();
  await hydrated(page);
  await expect(page.locator("#counter")).toContainText("Your customer's counter-proposal");
  await expect(page.locator("#ack-result tbody tr").nth(0)).toContainText("Counter-proposal:");
  // The supplier may also answer anew: the form is there.
  await expect(page.locator("form.ack-form")).toBeVisible();
  await shot(page, "counter-supplier");
  await page.getByRole("button", { name: "Accept the counter-proposal" }).click();
  await expect(page.getByText("You accepted the counter-proposal")).toBeVisible();
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "acknowledged");
  await expect(page.locator("[data-outcome]")).toHaveAttribute("data-outcome", "approved");
  await expect(page.locator("#ack-result tbody tr").nth(0)).toContainText(counter.replace(/\.?0+$/, ""));
});

test("the supplier and the buyer write to each other in an order's comments", async ({ page }) => {
  await login(page, SUPPLIER);
  const link = page.locator("a.po-link").first();
  const number = (await link.innerText()).trim();
  await link.click();
  await hydrated(page);
  const thread = page.locator("#comments");
  await thread.getByLabel("New comment").fill("   ");
  await thread.getByRole("button", { name: "Add comment" }).click();
  await expect(page.getByText("Write something before adding the comment.")).toBeVisible();
  await hydrated(page);
  await page.locator("#comments").getByLabel("New comment").fill("Can we deliver line 10 on Friday instead?");
  await page.locator("#comments").getByRole("button", { name: "Add comment" }).click();
  await expect(page.getByText("Your comment was added.")).toBeVisible();
  await expect(page.locator("#comments li.comment-supplier")).toContainText("Can we deliver line 10 on Friday instead?");

  await page.context().clearCookies();
  await login(page, BUYER);
  await page.goto(`/orders?q=${number}`);
  await hydrated(page);
  await page.locator("a.po-link", { hasText: number }).click();
  await hydrated(page);
  await expect(page.locator("#comments li.comment-supplier")).toContainText("Anna Lopez");
  await page.locator("#comments").getByLabel("New comment").fill("Friday works for us.");
  await page.locator("#comments").getByRole("button", { name: "Add comment" }).click();
  await expect(page.locator("#comments li.comment")).toHaveCount(2);
  await expect(page.locator("#comments li.comment-buyer")).toContainText("Friday works for us.");
  await shot(page, "comments");
});

test("a buyer administrator sets the change policy: a mistake comes back by its field; an override is added and removed", async ({ page }) => {
  await login(page, "admin@northwind.example");
  await page.getByRole("link", { name: "Change policy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Change policy" })).toBeVisible();
  await hydrated(page);
  const defaults = page.locator("#default");
  // The demo default: cheaper any, dearer never, ±10 %, five days later, splits yes.
  await expect(defaults.getByLabel("Price decrease up to")).toHaveValue("100");
  await expect(defaults.getByLabel("Delivery later than requested by up to")).toHaveValue("5");
  await defaults.getByLabel("Quantity below the order up to").fill("120");
  await defaults.getByRole("button", { name: "Save default" }).click();
  await expect(page.getByText("Nothing was saved.")).toBeVisible();
  const under = page.locator("#default").getByLabel("Quantity below the order up to");
  await expect(under).toHaveAttribute("aria-invalid", "true");
  await expect(under).toHaveValue("120");
  await expect(page.locator("#default-quantity_under_pct-error")).toHaveText("Enter a percentage from 0 to 100.");
  await hydrated(page);
  await page.locator("#default").getByLabel("Quantity below the order up to").fill("10");
  await page.locator("#default").getByRole("button", { name: "Save default" }).click();
  await expect(page.getByText("The change policy is saved.")).toBeVisible();

  const overrides = page.locator("#override");
  await overrides.getByLabel("Supplier").selectOption({ label: "Bolt & Mutter GmbH" });
  await overrides.getByLabel("Price increase up to").fill("3");
  await overrides.getByRole("button", { name: "Save override" }).click();
  await expect(page.getByText("The change policy is saved.")).toBeVisible();
  const row = page.locator("table.policies tbody tr", { hasText: "Bolt" });
  await expect(row).toContainText("Price +3 %");
  await shot(page, "change-policy");
  await row.getByRole("button", { name: /Remove the override of/ }).click();
  await expect(page.getByText("The override is removed")).toBeVisible();
  await expect(page.locator("table.policies")).toHaveCount(0);
});

test("a supplier chooses the daily digest for comments; a buyer administrator sets the acknowledgement deadline", async ({ page }) => {
  await login(page, SUPPLIER);
  await page.goto("/account");
  await hydrated(page);
  const section = page.locator("#notifications");
  await expect(section.getByLabel("Acknowledgements due soon or overdue")).toHaveValue("immediate");
  await section.getByLabel("New comments on orders").selectOption("digest");
  await section.getByRole("button", { name: "Save notification settings" }).click();
  await expect(page.getByText("Your notification settings are saved.")).toBeVisible();
  await expect(page.locator("#notifications").getByLabel("New comments on orders")).toHaveValue("digest");
  await shot(page, "notification-settings");
  // Back to at once, so the mails the other specs expect keep coming.
  await page.locator("#notifications").getByLabel("New comments on orders").selectOption("immediate");
  await page.locator("#notifications").getByRole("button", { name: "Save notification settings" }).click();
  await expect(page.getByText("Your notification settings are saved.")).toBeVisible();

  await page.context().clearCookies();
  await login(page, "admin@northwind.example");
  await page.goto("/change-policy");
  await hydrated(page);
  const deadline = page.locator("#deadline");
  await expect(deadline.getByLabel("Answer within")).toHaveValue("48");
  await deadline.getByLabel("Answer within").fill("0");
  await deadline.getByRole("button", { name: "Save deadline" }).click();
  await expect(page.locator("#deadline")).toContainText("Enter between 1 and 720 hours (30 days).");
  await expect(page.locator("#deadline").getByLabel("Answer within")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#deadline").getByLabel("Answer within")).toHaveValue("0");
  await hydrated(page);
  await page.locator("#deadline").getByLabel("Answer within").fill("72");
  await page.locator("#deadline").getByRole("button", { name: "Save deadline" }).click();
  await expect(page.getByText("The acknowledgement deadline is saved.")).toBeVisible();
  await expect(page.locator("#deadline").getByLabel("Answer within")).toHaveValue("72");
  await shot(page, "ack-deadline");
});

test("a change order from the ERP shows what changed and asks for a new answer", async ({ page, request }) => {
  await login(page, "admin@northwind.example");
  await page.goto("/integration");
  await hydrated(page);
  await page.getByLabel("Name", { exact: true }).fill("ERP change orders");
  await page.getByRole("button", { name: "Make API key" }).click();
  const key = await page.getByLabel("API key", { exact: true }).inputValue();
  expect(key).toMatch(/^ptk_/);
  const number = `CO-${Date.now()}`;
  const order = (lines: object[], terms = "Net 30") => ({
    number, supplier_code: "ACME", order_date: "2026-11-27", currency: "EUR",
    ship_to: { name: "Northwind DC", address: "Waalhaven 40, Rotterdam" }, payment_terms: terms, lines,
  });
  const line = (n: number, quantity: string, date = "2026-12-10") => ({
    line_number: n, buyer_item: `300-${n}`, description: `Paper roll ${n}`, quantity, unit_of_measure: "RL",
    unit_price: "42.00", requested_date: date,
  });
  const send = (body: object, idem: string) =>
    request.post("/api/v1/purchase-orders", { headers: { authorization: `Bearer ${key}`, "idempotency-key": idem }, data: body });
  expect((await send(order([line(10, "5"), line(20, "8")]), `${number}-1`)).status()).toBe(201);

  await page.context().clearCookies();
  await login(page, SUPPLIER);
  await page.goto(`/orders?q=${number}`);
  await hydrated(page);
  await page.locator("a.po-link", { hasText: number }).click();
  await hydrated(page);
  const orderUrl = page.url();
  await expect(page.locator("section.changes")).toHaveCount(0);
  await page.getByRole("button", { name: "Accept the whole order as ordered" }).click();
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "acknowledged");

  // Version 2: line 10 more and later, line 20 gone, line 30 new, other payment terms.
  expect((await send(order([line(10, "7", "2026-12-15"), line(30, "2")], "Net 45"), `${number}-2`)).status()).toBe(200);
  await page.goto(orderUrl);
  await hydrated(page);
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "new");
  const changes = page.locator("section.changes");
  await expect(changes).toContainText("Changed in version 2 (against version 1)");
  await expect(changes).toContainText("Payment terms: Net 30 → Net 45");
  await expect(changes).toContainText("Line 10: Quantity: 5 → 7; Requested date: 2026-12-10 → 2026-12-15");
  await expect(changes).toContainText("Line 20 removed");
  await expect(changes).toContainText("Line 30 added");
  await expect(page.locator("form.ack-form")).toBeVisible();
  await shot(page, "change-order");
  await page.getByRole("button", { name: "Accept the whole order as ordered" }).click();
  await expect(page.locator(".page-head [data-status]")).toHaveAttribute("data-status", "acknowledged");
});
