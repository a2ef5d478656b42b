import { defineConfig } from '@playwright/test';

// Every spec runs twice: once with JavaScript off (what the server renders) and once hydrated.
// Specs named *.hydrate.spec.ts need JavaScript and run only hydrated.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: './tests',
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  use: {
    baseURL: process.env.PANORAMA_URL ?? 'http://127.0.0.1:3000',
    launchOptions: chromium,
    trace: 'off',
  },
  projects: [
    { name: 'ssr', testIgnore: /\.hydrate\.spec\.ts$/, use: { javaScriptEnabled: false } },
    { name: 'hydrated', use: { javaScriptEnabled: true } },
  ],
});
