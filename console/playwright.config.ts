import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the console in Debian's Chromium (no browser download), against a local stack that
 * the Java test `ConsoleBrowserIT` starts and describes through the environment (see e2e/stack.ts).
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'target/playwright',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.COMFYLESS_CONSOLE_URL,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Chromium's own background traffic (updates, sync, QUIC probes) has nowhere to go on a closed network.
      args: [
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } }, testIgnore: /phone\.spec\.ts/ },
    { name: 'phone', use: { viewport: { width: 390, height: 844 }, hasTouch: true }, testMatch: /phone\.spec\.ts/ },
  ],
});
