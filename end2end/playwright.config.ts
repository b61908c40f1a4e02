import { defineConfig, devices } from "@playwright/test";

// The server is started by `cargo xtask test` (once per database backend), which passes its address in BASE_URL.
export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? "list" : [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: process.env.BASE_URL ?? "http://127.0.0.1:3000",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined }, testIgnore: /(mobile|integration|edi|acknowledge|answer_file|shipping|exceptions)\.spec\.ts/ },
    { name: "phone", use: { ...devices["Pixel 7"], channel: undefined }, testMatch: /mobile\.spec\.ts/ },
    // Send purchase orders through the API (and EDI) or answer them, so they run after the specs that count the demo
    // data's orders.
    {
      name: "integration",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      testMatch: /(integration|edi|acknowledge|answer_file|shipping|exceptions)\.spec\.ts/,
      dependencies: ["desktop", "phone"],
    },
  ],
});
