import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { settle, signIn } from './helpers';

const MAX = 25 * 1024 * 1024;

async function axe(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(result.violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/** The count in the Files widget's title ("Files (3)"). */
async function count(page: Page): Promise<number> {
  const title = await page.locator('#widget-title-files').innerText();
  return Number(/\((\d+)\)/.exec(title)?.[1] ?? 'NaN');
}

async function downloaded(page: Page, link: ReturnType<Page['getByRole']>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const stream = await download.createReadStream();
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

test('Files: a file over 25 MB is stopped in the browser, upload two, download, the portal gets the shared one only, delete', async ({ page }, info) => {
  test.setTimeout(90_000);
  await signIn(page, info, '/login', 'agent2');
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  const settings = page.getByRole('region', { name: 'Settings' });
  await settings.getByRole('checkbox', { name: 'Files' }).check();
  await settings.getByRole('button', { name: 'Save settings' }).click();
  const widget = page.getByRole('region', { name: /^Files \(\d+\)$/ });
  await expect(widget).toBeVisible();
  const before = await count(page);
  const stamp = Date.now().toString(36);
  const shared = `e2e-shared-${stamp}.txt`;
  const internal = `e2e-internal-${stamp}.txt`;
  const form = widget.getByRole('form', { name: 'Upload files' });

  // Too large: refused before sending, said at the field, what was typed stays.
  await form.getByLabel('Description').fill('Signed service agreement');
  await form.getByLabel('Files (at most 25 MB each)').setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(MAX + 1, 120) });
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(form.getByRole('alert')).toContainText('“huge.pdf” is larger than 25 MB');
  await expect(form.getByLabel('Files (at most 25 MB each)')).toBeFocused();
  await expect(form.getByLabel('Description')).toHaveValue('Signed service agreement');
  await axe(page, 'Files with a field error');

  // One shared in the portal, one internal.
  await form.getByLabel('Files (at most 25 MB each)').setInputFiles({ name: shared, mimeType: 'text/plain', buffer: Buffer.from(`shared ${stamp}\n`) });
  await form.getByLabel('Category').selectOption('Contract');
  await form.getByLabel('Visible in portal').check();
  await form.getByRole('button', { name: 'Upload' }).click();
  await settle(page, info);
  await expect(page.locator('#widget-title-files')).toHaveText(`Files (${before + 1})`);
  const again = page.getByRole('region', { name: `Files (${before + 1})` }).getByRole('form', { name: 'Upload files' });
  await again.getByLabel('Files (at most 25 MB each)').setInputFiles({ name: internal, mimeType: 'text/plain', buffer: Buffer.from(`internal ${stamp}\n`) });
  await again.getByRole('button', { name: 'Upload' }).click();
  await settle(page, info);
  await expect(page.locator('#widget-title-files')).toHaveText(`Files (${before + 2})`);
  const files = page.getByRole('region', { name: `Files (${before + 2})` });
  const row = files.getByRole('row', { name: new RegExp(shared) });
  await expect(row).toContainText('Contract · Visible in portal · Signed service agreement');
  await expect(row).toContainText('by Bruno Berger');
  expect(await downloaded(page, files.getByRole('link', { name: shared }))).toBe(`shared ${stamp}\n`);
  const internalHref = await files.getByRole('link', { name: internal }).getAttribute('href');
  const internalId = internalHref!.split('/').pop();
  await axe(page, 'Files');

  // anna may view ACME-01's requests: the shared file is in her portal, the internal one is a 404.
  await signIn(page, info, '/portal/login', 'anna');
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Files' }).click();
  await expect(page.getByRole('heading', { name: 'Files', level: 1 })).toBeVisible();
  const list = page.getByRole('table', { name: 'Files' });
  await expect(list.getByRole('link', { name: internal })).toHaveCount(0);
  expect(await downloaded(page, list.getByRole('link', { name: shared }))).toBe(`shared ${stamp}\n`);
  expect((await page.request.get(`/portal/files/${internalId}`)).status()).toBe(404);
  await axe(page, 'portal Files');

  // Back as the agent: delete both; the count follows.
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  for (const name of [shared, internal]) {
    await page.locator('#widget-files').getByRole('button', { name: `Delete ${name}` }).click();
    await expect(page.locator('#widget-files').getByRole('link', { name })).toHaveCount(0);
  }
  await expect(page.locator('#widget-title-files')).toHaveText(`Files (${before})`);
  await page.getByRole('region', { name: 'Settings' }).getByRole('button', { name: 'Reset layout' }).click();
  await expect(page.locator('[role="status"]', { hasText: 'Layout reset to the default.' })).toHaveCount(1);
});
