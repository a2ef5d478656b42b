import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { settle, signIn } from './helpers';

async function axe(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(result.violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test('new request with a validation error, then reply and cancel it', async ({ page }, info) => {
  const title = `Scanner error E${Date.now()}`;
  await signIn(page, info, '/portal/login', 'olivia');
  const filters = page.getByRole('navigation', { name: 'Filter by state' });
  const openCount = async () => Number(await filters.getByRole('link', { name: /^Open \d+$/ }).locator('.count').textContent());
  const before = await openCount();

  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'New request' }).click();
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1, name: 'New request' })).toBeVisible();
  await axe(page, 'new request');
  await page.getByLabel('Description').fill('The scanner on floor 2 shows error E42.');
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.locator('#request-title-error')).toHaveText('Enter a title.');
  await expect(page.getByRole('alert').filter({ hasText: 'Please correct the marked fields.' })).toBeVisible();
  await expect(page.getByLabel('Title')).toBeFocused();
  await expect(page.getByLabel('Description')).toHaveValue('The scanner on floor 2 shows error E42.');
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('The scanner on floor 2 shows error E42.')).toBeVisible();
  await axe(page, 'request');

  await page.evaluate(() => { (window as any).sameDocument = true; });
  await page.getByLabel('Reply').fill('It also happens on floor 3.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('It also happens on floor 3.')).toBeVisible();
  // The reply refetched the request; the document stayed.
  expect(await page.evaluate(() => (window as any).sameDocument)).toBe(true);
  await page.getByRole('button', { name: 'Cancel request' }).click();
  await page.getByRole('button', { name: 'Yes, cancel request' }).click();
  await expect(page.getByText(/· closed cancelled ·/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel request' })).toHaveCount(0);
  await expect(page.getByLabel('Reply')).toHaveCount(0);

  await page.goto('/portal');
  await settle(page, info);
  expect(await openCount()).toBe(before);
  await page.goto('/portal?scope=mine&class=closed');
  await expect(page.getByRole('row', { name: new RegExp(title) })).toBeVisible();
});

test('axe finds nothing on the portal lists and the account page; a wrong current password is refused', async ({ page }, info) => {
  await signIn(page, info, '/portal/login', 'anna');
  await axe(page, 'my requests');
  await page.goto('/portal?scope=company&class=all');
  await settle(page, info);
  await axe(page, 'company requests');
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'My account' }).click();
  await settle(page, info);
  await axe(page, 'account');
  await page.getByLabel('Current password').fill('not-my-password');
  await page.getByLabel('New password', { exact: true }).fill('another-long-secret');
  await page.getByLabel('Repeat new password').fill('another-long-secret');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('That is not your current password.')).toBeVisible();
  await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
});

// carl signs in nowhere else in these tests, so ending all his other sessions disturbs no other test.
test('My account lists the signed-in devices; signing out the others ends them there', async ({ page, browser }, info) => {
  const other = await browser.newContext({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0' });
  const elsewhere = await other.newPage();
  await signIn(elsewhere, info, '/portal/login', 'carl');
  await signIn(page, info, '/portal/login', 'carl');
  await page.goto('/portal/account');
  await settle(page, info);
  const devices = page.getByRole('region', { name: 'Signed-in devices' });
  await expect(devices.getByRole('row').filter({ hasText: 'This device' })).toHaveCount(1);
  await expect(devices.getByRole('row').filter({ hasText: 'Firefox on Windows' }).first()).toBeVisible();
  await axe(page, 'account with devices');
  await devices.getByRole('button', { name: 'Sign out all other devices' }).click();
  await expect(devices.getByRole('status')).toHaveText('Signed out every other device.');
  await expect(devices.getByRole('row')).toHaveCount(2); // the header and this device
  await expect(devices.getByRole('button', { name: 'Sign out all other devices' })).toHaveCount(0);
  // The other browser's session is gone: its next page is the sign-in form.
  await elsewhere.goto('/portal/account');
  await expect(elsewhere).toHaveURL(/\/portal\/login\?next=/);
  // This one still works.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
  await other.close();
});
