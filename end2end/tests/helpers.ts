import { expect, Page, TestInfo } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  if (login === 'admin') await secondFactor(page, info, DEMO_ADMIN_KEY);
  await expect(page).not.toHaveURL(/login/);
  await settle(page, info);
}

/** The demo admin's authenticator key (the generator's; README, Demo accounts). */
export const DEMO_ADMIN_KEY = Buffer.from('panorama-demo-admin!');

/** The RFC 6238 code of `key` for a 30-second step (HMAC-SHA-1, 6 digits), as an authenticator app shows it. */
export function totp(key: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const at = mac[19] & 0x0f;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** RFC 4648 base32 as the setup page shows a key (groups of four). */
export function fromBase32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/\s/g, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}

// A code works once: the last step used per key, kept beside the server under test so that the suite's
// second pass (a new process, seconds later) takes the next step instead of one the first pass used.
const stepsFile = join(tmpdir(), `panorama-e2e-steps-${encodeURIComponent(process.env.PANORAMA_URL ?? '')}.json`);
function usedSteps(): Record<string, number> {
  try { return JSON.parse(readFileSync(stepsFile, 'utf8')); } catch { return {}; }
}
/** The code for `key` of the first step not used yet (waiting for it when three were used within one). */
export async function nextCode(key: Buffer): Promise<string> {
  const id = key.toString('hex');
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    const used = usedSteps();
    const step = Math.max(now - 1, (used[id] ?? 0) + 1);
    if (step <= now + 1) {
      writeFileSync(stepsFile, JSON.stringify({ ...used, [id]: step }));
      return totp(key, step);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Types the code the agent's app would show on the code page that follows a right password. */
export async function secondFactor(page: Page, info: TestInfo, key: Buffer) {
  await expect(page).toHaveURL(/\/login\/second-factor/);
  await settle(page, info);
  await page.getByLabel('Authentication code').fill(await nextCode(key));
  await page.getByRole('button', { name: 'Verify' }).click();
}

/** Collects console errors (CSP violations, failed loads, hydration panics) for a test to assert on. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** A new organization of this run (the suite passes twice on one database), its CIC open. */
export async function newOrganization(page: Page, info: TestInfo, city: string) {
  const id = `E2E-${Date.now().toString(36).toUpperCase()}`;
  await page.goto('/organizations/new');
  await settle(page, info);
  await page.getByLabel('Customer ID').fill(id);
  await page.getByLabel('Name', { exact: true }).fill(`Holding ${id}`);
  await page.getByLabel('City').fill(city);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${id}$`));
  await settle(page, info);
  return id;
}

/** Today ± days as YYYY-MM-DD (UTC: a new organization's time zone). */
export function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/**
 * `server import billing` on `csv`, as an operator runs it against the server under test: scripts/test
 * passes the binary and the database (as the app's role) in PANORAMA_SERVER_BIN and
 * PANORAMA_IMPORT_DATABASE_URL. Returns what the command printed.
 */
export function importBilling(csv: string): string {
  const bin = process.env.PANORAMA_SERVER_BIN;
  const db = process.env.PANORAMA_IMPORT_DATABASE_URL;
  if (!bin || !db) throw new Error('PANORAMA_SERVER_BIN and PANORAMA_IMPORT_DATABASE_URL are not set (scripts/test sets them)');
  const file = join(tmpdir(), `panorama-billing-${process.pid}-${Date.now()}.csv`);
  writeFileSync(file, csv);
  try {
    return execFileSync(bin, ['import', 'billing', file], { env: { ...process.env, DATABASE_URL: db }, encoding: 'utf8' });
  } finally {
    rmSync(file, { force: true });
  }
}
