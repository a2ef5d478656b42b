import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { fromBase32, nextCode, PASSWORD, secondFactor, settle, signIn } from './helpers';

async function axe(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(result.violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test('an organization admin grants view permission; the colleague then sees Company requests', async ({ page }, info) => {
  await signIn(page, info, '/portal/login', 'olivia');
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Colleagues' }).click();
  await settle(page, info);
  const acme = page.getByRole('region', { name: 'Acme Corporation (ACME-01)' });
  await expect(acme).toBeVisible();
  await axe(page, 'colleagues');
  // A colleague without the permission (not olivia herself, whose row is read-only).
  const row = acme.getByRole('row').filter({
    has: page.getByRole('checkbox', { name: /^May view organization requests/, checked: false, disabled: false }),
  }).first();
  const login = (await row.locator('td').nth(1).textContent()) ?? '';
  const name = (await row.locator('td').nth(0).textContent()) ?? '';
  expect(login).not.toBe('');
  await row.getByRole('checkbox', { name: `May view organization requests: ${name}` }).check();
  await expect(acme.getByRole('status')).toHaveText(`Saved the permissions of ${name}.`);

  await signIn(page, info, '/portal/login', login);
  await page.getByRole('navigation', { name: 'Whose requests' }).getByRole('link', { name: 'Company requests' }).click();
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1, name: 'Company requests' })).toBeVisible();
  await expect(page.getByText('Requests of Acme Corporation')).toBeVisible();
});

test('an admin agent impersonates read-only, ends it, and the Audit page shows both', async ({ page }, info) => {
  await signIn(page, info, '/login', 'admin');
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  await page.getByRole('region', { name: 'Customer Users' }).getByRole('button', { name: 'View portal as Anna Anders' }).click();
  await expect(page).toHaveURL(/\/portal$/);
  const banner = page.getByRole('status').filter({ hasText: 'Viewing as Anna Anders' });
  await expect(banner).toContainText('Viewing as Anna Anders — End impersonation');
  await axe(page, 'portal while impersonating');
  await page.getByRole('link', { name: /^\d{16}$/ }).first().click();
  await settle(page, info);
  await page.getByLabel('Reply').fill('This must not be sent.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Read-only' })).toBeVisible();
  await expect(page.getByText('This must not be sent.', { exact: true })).toHaveCount(0);
  await banner.getByRole('button', { name: 'End impersonation' }).click();
  await expect(page).toHaveURL(/\/$/);
  await settle(page, info);

  await page.getByRole('link', { name: 'Audit' }).click();
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const rows = page.locator('tbody tr');
  await expect(rows.filter({ hasText: 'Impersonation ended' }).first()).toContainText('anna');
  await expect(rows.filter({ hasText: 'Impersonation started' }).first()).toContainText('anna');
  await page.getByLabel('Event').selectOption('impersonation_start');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/event=impersonation_start/);
  await expect(page.locator('tbody tr').filter({ hasText: 'Impersonation ended' })).toHaveCount(0);
  await axe(page, 'audit');
});

test('agents without the admin role get 403 on the Audit page', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  const response = await page.goto('/audit');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('alert')).toHaveText('Your role (agent) may not read the audit log.');
});

test('an agent creates a one-time password reset link; the customer user sets their password with it, once', async ({ page, browser }, info) => {
  const login = `reset-${Date.now()}`;
  await signIn(page, info, '/login', 'agent');
  await page.goto('/customer-users/new?company=ACME-01');
  await settle(page, info);
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Email').fill(`${login}@acme.example`);
  await page.getByLabel('Last name').fill('Reset');
  await page.getByRole('button', { name: 'Save customer user' }).click();
  await expect(page).toHaveURL(new RegExp(`/customer-users/${login}$`));
  await page.goto(`/customer-users/${login}/edit`);
  await settle(page, info);
  // No field sets a password here (only the owner does, with the link).
  await expect(page.locator('input[type=password]')).toHaveCount(0);
  const reset = page.getByRole('region', { name: 'Portal password' });
  await reset.getByRole('button', { name: 'Create password reset link' }).click();
  const field = reset.getByLabel('Password reset link (shown once)');
  await expect(field).toHaveValue(/\/portal\/reset\/[0-9a-f]{64}$/);
  const link = await field.inputValue();
  await axe(page, 'reset link issued');

  // The customer user, in a browser of their own.
  const context = await browser.newContext();
  const portal = await context.newPage();
  await portal.goto(link);
  await settle(portal, info);
  await axe(portal, 'reset page');
  await portal.getByLabel('New password', { exact: true }).fill('my-own-secret-1');
  await portal.getByLabel('Repeat new password').fill('my-own-secret-1');
  await portal.getByRole('button', { name: 'Set password' }).click();
  await expect(portal.getByRole('status')).toContainText('Your password is set.');
  await portal.getByRole('link', { name: 'Sign in' }).click();
  await settle(portal, info);
  await portal.getByLabel('Login or email').fill(login);
  await portal.getByLabel('Password').fill('my-own-secret-1');
  await portal.getByRole('button', { name: 'Sign in' }).click();
  await expect(portal).toHaveURL(/\/portal$/);

  // The link worked once.
  await portal.goto(link);
  await settle(portal, info);
  await portal.getByLabel('New password', { exact: true }).fill('another-secret-2');
  await portal.getByLabel('Repeat new password').fill('another-secret-2');
  await portal.getByRole('button', { name: 'Set password' }).click();
  await expect(portal.getByRole('alert')).toHaveText('This link has expired or was used already. Ask the help desk for a new one.');
  await context.close();
});

test('an agent (even read-only) signs out another of their devices on Preferences', async ({ page, browser }, info) => {
  const other = await browser.newContext({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0' });
  const elsewhere = await other.newPage();
  await signIn(elsewhere, info, '/login', 'reader');
  await signIn(page, info, '/login', 'reader');
  await page.getByRole('link', { name: /^My work/ }).click();
  await page.getByRole('link', { name: 'Preferences' }).click();
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1, name: 'Preferences' })).toBeVisible();
  const devices = page.getByRole('region', { name: 'Signed-in devices' });
  await expect(devices.getByRole('row').filter({ hasText: 'This device' })).toHaveCount(1);
  await axe(page, 'preferences');
  // End every Firefox session of reader's (this test's other browser, and any a failed earlier run left).
  const firefox = devices.getByRole('row').filter({ hasText: 'Firefox on Windows' });
  for (let n = await firefox.count(); n > 0; n--) {
    await firefox.first().getByRole('button', { name: /^Sign out Firefox on Windows, signed in / }).click();
    await expect(firefox).toHaveCount(n - 1);
  }
  await expect(devices.getByRole('status')).toHaveText('Signed out Firefox on Windows.');
  await elsewhere.goto('/preferences');
  await expect(elsewhere).toHaveURL(/\/login\?next=/);
  await other.close();
});

test('an agent turns two-factor authentication on, signs in with a code, and turns it off', async ({ page, browser }, info) => {
  await signIn(page, info, '/login', 'reader');
  await page.goto('/preferences');
  await settle(page, info);
  const region = page.getByRole('region', { name: 'Two-factor authentication' });
  await expect(region).toContainText('Off.');
  await region.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  const key = fromBase32(await region.getByLabel('Key').inputValue());
  await expect(region.getByRole('list', { name: /recovery codes/ }).getByRole('listitem')).toHaveCount(10);
  await axe(page, 'two-factor setup');
  await region.getByLabel('Authentication code').fill(await nextCode(key));
  await region.getByRole('button', { name: 'Turn on' }).click();
  await expect(region.getByRole('status')).toHaveText('Two-factor authentication is on.');
  await expect(region).toContainText('10 recovery codes left.');
  await expect(region.getByLabel('Key')).toHaveCount(0);
  // Another browser: the password, then the code page, then in.
  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto('/login');
  await settle(second, info);
  await second.getByLabel('Login or email').fill('reader');
  await second.getByLabel('Password').fill(PASSWORD);
  await second.getByRole('button', { name: 'Sign in' }).click();
  await secondFactor(second, info, key);
  await expect(second.getByRole('heading', { level: 1, name: 'Find a customer' })).toBeVisible();
  await other.close();
  // Off again, with a current code.
  await region.getByLabel('Authentication code').fill(await nextCode(key));
  await region.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
  await expect(region.getByRole('status')).toHaveText('Two-factor authentication is off.');
  await expect(region).toContainText('Off.');
});
