import { defineConfig, devices } from "@playwright/test";

// The browser half of `cargo xtask bench` (docs/PERFORMANCE.md, P4): not part of the test run. The benchmark starts
// a server over its data set and passes its address in BASE_URL.
export default defineConfig({
  testDir: "./bench",
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [["line"]],
  outputDir: "test-results-bench",
  use: {
    ...devices["Desktop Chrome"],
    channel: undefined,
    baseURL: process.env.BASE_URL ?? "http://127.0.0.1:3000",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    },
  },
});
