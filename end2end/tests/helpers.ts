import { expect, Page, TestInfo } from '@playwright/test';

export const PASSWORD = 'panorama-demo';

export const hydrated = (info: TestInfo) => info.project.name === 'hydrated';

/** Waits until the wasm has hydrated the page (a marker only the browser sets), when JS is on. */
export async function settle(page: Page, info: TestInfo) {
  if (hydrated(info)) await expect(page.locator('#app')).toHaveAttribute('data-hydrated', 'true');
}

export async function signIn(page: Page, info: TestInfo, path: '/login' | '/portal/login', login: string) {
  await page.goto(path);
  await settle(page, info);
  await page.getByLabel('Login or email').fill(login);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/login/);
  await settle(page, info);
}

/** Collects console errors (CSP violations, failed loads, hydration panics) for a test to assert on. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
