import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { consoleErrors, settle, signIn } from './helpers';

test('the wasm hydrates and the console stays clean (CSP, favicon, no panics)', async ({ page }, info) => {
  const errors = consoleErrors(page);
  await signIn(page, info, '/login', 'agent');
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  await page.goto('/');
  await settle(page, info);
  expect(errors).toEqual([]);
});

test('search as you type: two characters, wildcard, ** and keyboard choice', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  const box = page.getByRole('combobox', { name: 'Search customers' });
  const options = page.getByRole('listbox', { name: 'Search results' }).getByRole('option');
  await box.fill('a');
  await expect(page.getByRole('status')).toHaveText('Type at least 2 characters.');
  await expect(options).toHaveCount(0);
  await box.fill('*');
  await expect(options).toHaveCount(0);
  await box.fill('glob');
  await expect(options.first()).toHaveText(/^Globex Inc\. \(GLOBEX-02\)/);
  await box.fill('an*ers');
  await expect(options.filter({ hasText: /^Anna Anders/ })).toHaveCount(1);
  await box.fill('**');
  await expect(options).toHaveCount(20);
  await expect(page.getByRole('link', { name: 'Show more results' })).toBeVisible();
  await box.fill('acme');
  await expect(options.first()).toHaveText(/^Acme Corporation/);
  await box.press('ArrowDown');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/customers\/ACME-01$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Acme Corporation');
});

test('axe finds nothing on sign-in, landing, CIC and portal pages', async ({ page }, info) => {
  const check = async (what: string) => {
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(result.violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
  };
  await page.goto('/login');
  await settle(page, info);
  await check('sign-in');
  await signIn(page, info, '/login', 'agent');
  await page.getByRole('combobox', { name: 'Search customers' }).fill('acme');
  await expect(page.getByRole('option').first()).toBeVisible();
  await check('landing with results');
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  await check('CIC');
  await page.goto('/tickets?company=ACME-01&class=open');
  await settle(page, info);
  await check('ticket list');
  // One browser may hold an agent and a portal session at once.
  await signIn(page, info, '/portal/login', 'anna');
  await check('portal');
  await page.getByRole('link', { name: /^\d{16}$/ }).first().click();
  await settle(page, info);
  await check('request');
});

test('wasm, JS and CSS are sent as built (brotli), revalidated instead of sent again', async ({ request }) => {
  for (const path of ['/pkg/panorama.wasm', '/pkg/panorama.js', '/pkg/panorama.css']) {
    const first = await request.get(path, { headers: { 'Accept-Encoding': 'br' } });
    expect(first.status(), path).toBe(200);
    expect(first.headers()['content-encoding'], path).toBe('br');
    expect(first.headers()['cache-control'], path).toBe('no-cache');
    const lastModified = first.headers()['last-modified'];
    expect(lastModified, path).toBeTruthy();
    const again = await request.get(path, {
      headers: { 'Accept-Encoding': 'br', 'If-Modified-Since': lastModified },
    });
    expect(again.status(), path).toBe(304);
  }
  const wasm = await request.get('/pkg/panorama.wasm', { headers: { 'Accept-Encoding': 'br' } });
  expect(wasm.headers()['content-type']).toBe('application/wasm');
});
