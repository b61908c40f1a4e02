import { expect, Page } from "@playwright/test";

export const PASSWORD = "portico-demo";
export const SUPPLIER = "anna@acme.example";
export const BUYER = "buyer@northwind.example";
export const backend = process.env.PORTICO_BACKEND ?? "sqlite";

/** Waits until the wasm bundle has hydrated the page (the marker is set by an effect, which only runs in the browser). */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** Signs in through the login form and waits for the order list. */
export async function login(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/orders/);
  await hydrated(page);
}

/** Saves a screenshot for review under end2end/screenshots/. */
export async function shot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: `screenshots/${backend}-${name}.png`, fullPage });
}
