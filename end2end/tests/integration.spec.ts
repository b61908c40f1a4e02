import { expect, test } from "@playwright/test";
import { createHmac } from "node:crypto";
import { createServer, IncomingMessage, Server } from "node:http";
import { AddressInfo } from "node:net";
import { hydrated, login, shot } from "./helpers";

const ADMIN = "admin@northwind.example";

type Received = { id: string; verified: boolean; body: any };

/** A webhook receiver on a free loopback port that checks Standard Webhooks signatures with `secret()`. */
async function receiver(secret: () => string): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const id = String(req.headers["webhook-id"]);
      const ts = String(req.headers["webhook-timestamp"]);
      const key = Buffer.from(secret().replace(/^whsec_/, ""), "base64");
      const expected = "v1," + createHmac("sha256", key).update(`${id}.${ts}.${body}`).digest("base64");
      const verified = String(req.headers["webhook-signature"]).split(" ").includes(expected);
      got.push({ id, verified, body: JSON.parse(body) });
      res.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${port}/hook`, got };
}

test("a buyer administrator connects an ERP: endpoint, API key, an order in, the signed event out, the log", async ({ page, request }) => {
  let secret = "";
  const hook = await receiver(() => secret);
  try {
    await login(page, ADMIN);
    await page.getByRole("link", { name: "Integration" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Integration" })).toBeVisible();
    await hydrated(page);

    // Add an endpoint: its secret is shown once.
    await page.getByLabel("Endpoint URL").fill(hook.url);
    // Only the order events: the server's jobs open exceptions (and their events) while the suite runs.
    await page.locator("#endpoint-types").fill("org.portico.purchase_order.received.v1");
    await page.getByLabel("Description (optional)").fill("ERP test receiver");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("Endpoint added.")).toBeVisible();
    secret = await page.getByLabel("Secret (whsec_…)").inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    // One row for the new endpoint (an EDI profile saved by the EDI spec has its own managed row).
    await expect(page.locator("tr[data-endpoint]").filter({ hasText: hook.url })).toHaveCount(1);

    // An API key, shown once.
    await page.getByLabel("Name", { exact: true }).fill("ERP e2e");
    await page.getByRole("button", { name: "Make API key" }).click();
    await expect(page.getByText('Key "ERP e2e" made.')).toBeVisible();
    const key = await page.getByLabel("API key", { exact: true }).inputValue();
    expect(key).toMatch(/^ptk_/);
    await shot(page, "integration");

    // The ERP sends an order; the event arrives signed at the receiver.
    const number = `E2E-${Date.now()}`;
    const response = await request.post("/api/v1/purchase-orders", {
      headers: { authorization: `Bearer ${key}`, "idempotency-key": number, "x-correlation-id": "e2e-corr" },
      data: {
        number, supplier_code: "ACME", order_date: "2026-11-27", currency: "EUR",
        ship_to: { name: "Northwind DC", address: "Waalhaven 40, Rotterdam" }, payment_terms: "Net 30",
        lines: [{ line_number: 1, buyer_item: "300-3100", description: "Paper roll", quantity: "5", unit_of_measure: "RL", unit_price: "42.00" }],
      },
    });
    expect(response.status()).toBe(201);
    await expect.poll(() => hook.got.length, { timeout: 15_000 }).toBe(1);
    expect(hook.got[0].verified).toBe(true);
    expect(hook.got[0].body.type).toBe("org.portico.purchase_order.received.v1");
    expect(hook.got[0].body.correlationid).toBe("e2e-corr");
    expect(hook.got[0].body.data.purchase_order.number).toBe(number);

    // The delivery log shows it delivered; its page shows the attempt and the payload as sent.
    await page.goto("/integration/deliveries");
    await hydrated(page);
    const row = page.locator("table.deliveries tbody tr").first();
    await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "delivered");
    await shot(page, "deliveries");
    await row.getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("purchase_order.received.v1");
    await expect(page.locator("table.attempts tbody tr")).toHaveCount(1);
    await expect(page.locator("pre.payload")).toContainText(number);
    await shot(page, "delivery");

    // Deliver again: same event id, so the receiver can tell it is a repeat.
    await page.getByRole("button", { name: "Deliver again" }).click();
    await expect(page.getByText("Scheduled again")).toBeVisible();
    await expect.poll(() => hook.got.length, { timeout: 15_000 }).toBe(2);
    expect(hook.got[1].id).toBe(hook.got[0].id);

    // Switch the endpoint off and on again.
    await page.goto("/integration");
    await hydrated(page);
    await page.getByRole("button", { name: `Switch off ${hook.url}` }).click();
    await expect(page.getByText("Endpoint switched off.")).toBeVisible();
    await page.getByRole("button", { name: `Switch on ${hook.url}` }).click();
    await expect(page.getByText("Endpoint switched on.")).toBeVisible();
  } finally {
    hook.server.close();
  }
});

/** A plain receiver answering every POST with `status`, keeping the JSON bodies. */
async function plain(status: number): Promise<{ server: Server; url: string; got: any[] }> {
  const got: any[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push(JSON.parse(body));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${port}/`, got };
}

test("a failed delivery raises alerts by chat webhook and e-mail whose links land on the delivery", async ({ page, request }) => {
  const erp = await plain(410);
  const chat = await plain(200);
  try {
    await login(page, ADMIN);
    await page.goto("/integration");
    await hydrated(page);

    // An ERP endpoint that answers 410 Gone, and two alerts.
    // It takes new orders only: exceptions opened meanwhile by the clock (overdue acknowledgements) would otherwise
    // reach it first, switch it off and leave the order undelivered.
    await page.getByLabel("Endpoint URL").fill(erp.url);
    await page.getByLabel("Event types", { exact: true }).fill("org.portico.purchase_order.received.v1");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("Endpoint added.")).toBeVisible();
    await page.getByLabel("Alert: chat webhook").check();
    await page.getByLabel("E-mail addresses or webhook URL").fill(chat.url);
    await page.getByLabel("Name of the alert (optional)").fill("Ops channel");
    await page.getByRole("button", { name: "Add alert" }).click();
    await expect(page.getByText("Alert added.")).toBeVisible();
    await expect(page.getByLabel("Secret (whsec_…)")).toBeVisible();
    await page.getByLabel("Alert: e-mail").check();
    await page.getByLabel("E-mail addresses or webhook URL").fill("ops@northwind.example, nobody");
    await page.getByRole("button", { name: "Add alert" }).click();
    await expect(page.getByRole("alert")).toContainText("not an e-mail address");
    await page.getByLabel("Alert: e-mail").check();
    await page.getByLabel("E-mail addresses or webhook URL").fill("ops@northwind.example");
    await page.getByRole("button", { name: "Add alert" }).click();
    await expect(page.getByText("Alert added.")).toBeVisible();
    await expect(page.locator("tr[data-endpoint]").filter({ hasText: "Alert: e-mail" })).toContainText("ops@northwind.example");

    // An order arrives through the API; the ERP answers 410, which switches the endpoint off and raises the alert.
    await page.getByLabel("Name", { exact: true }).fill("ERP alerts");
    await page.getByRole("button", { name: "Make API key" }).click();
    const key = await page.getByLabel("API key", { exact: true }).inputValue();
    const number = `ALERT-${Date.now()}`;
    const response = await request.post("/api/v1/purchase-orders", {
      headers: { authorization: `Bearer ${key}`, "idempotency-key": number },
      data: {
        number, supplier_code: "ACME", order_date: "2026-11-27", currency: "EUR",
        ship_to: { name: "Northwind DC", address: "Waalhaven 40, Rotterdam" }, payment_terms: "Net 30",
        lines: [{ line_number: 1, buyer_item: "300-3100", description: "Paper roll", quantity: "5", unit_of_measure: "RL", unit_price: "42.00" }],
      },
    });
    expect(response.status()).toBe(201);
    await expect.poll(() => chat.got.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const alert = chat.got[0];
    expect(alert.text).toContain("410 Gone");
    const link: string = alert.alerts[0].link;
    expect(link).toMatch(/\/integration\/deliveries\/[0-9a-f-]{36}$/);

    // The alert's link lands on the failed delivery.
    await page.goto(new URL(link).pathname);
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("purchase_order.received.v1");
    await expect(page.locator("main")).toContainText(erp.url);

    // The endpoint is off; the chart shows the alerts on their own tab.
    await page.goto("/integration");
    await hydrated(page);
    await expect(page.locator("tr[data-endpoint]").filter({ hasText: erp.url })).toContainText("410 Gone");
    await page.getByRole("link", { name: "Alerts", exact: true }).click();
    await expect(page.getByRole("link", { name: "Alerts", exact: true })).toHaveAttribute("aria-current", "page");
    await shot(page, "integration-alerts");

    // The e-mail alert waits in the development mailbox.
    await page.goto("/dev/mailbox");
    await expect(page.locator("main")).toContainText("Portico alert for Northwind Distribution");
  } finally {
    erp.server.close();
    chat.server.close();
  }
});

test("the integration pages read well on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, ADMIN);
  await page.goto("/integration");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Integration" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await shot(page, "integration-phone");
  await page.goto("/integration/deliveries");
  await hydrated(page);
  const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow2).toBeLessThanOrEqual(1);
  await shot(page, "deliveries-phone");
});

test("people who are not buyer administrators have no integration page", async ({ page }) => {
  await login(page, "buyer@northwind.example");
  await expect(page.getByRole("link", { name: "Integration" })).toHaveCount(0);
  await page.goto("/integration");
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Integration" })).toHaveCount(0);
  await expect(page.getByLabel("Endpoint URL")).toHaveCount(0);
});
