// Browser journey of an update of a sent document: A issues a document to B (through the API); in the
// browser A's clerk sends corrected information; B's clerk, with the document page open, sees the
// request appear without reloading, agrees, and sees the corrected subject; A's page shows B's 15
// arrive live on the recipient timeline. Playwright-core drives Debian's Chromium.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  AGENCIES,
  PASSWORD,
  samplePdf,
  signInApi,
  startOfficeWorld,
  type OfficeWorld,
} from '../helpers/office-world.ts';

const SHOTS = join(process.cwd(), 'test-results');
const SUBJECT = 'Về việc kiểm tra cập nhật văn bản đã gửi';
const CORRECTED = `${SUBJECT} (đính chính)`;

let world: OfficeWorld;
let browser: Browser;
let sentId = 0;
let receivedId = 0;

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(world.url + '/');
  await page.fill('#login-username', username);
  await page.fill('#login-password', PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=user-menu]');
  return page;
}

/** The background job runs in the server; tests drive passes so they do not wait for its timer. */
async function syncUntil(what: string, probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await probe()) return;
    await world.sync(1);
  }
  throw new Error(`timed out: ${what}`);
}

describe('office browser journey: update of a sent document', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const build = spawnSync(process.execPath, ['scripts/build-web-if-missing.ts'], { stdio: 'inherit' });
    assert.equal(build.status, 0, 'web bundle build');
    world = await startOfficeWorld();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    const officer = await signInApi(world.url, 'a.officer');
    const leader = await signInApi(world.url, 'a.leader');
    const clerk = await signInApi(world.url, 'a.clerk');
    const draft = await officer.call<{ id: number }>('POST', '/documents/outgoing', {
      subject: SUBJECT,
      recipients: [{ code: AGENCIES.B.code, name: AGENCIES.B.name }],
    });
    sentId = draft.body.id;
    await officer.upload(
      `/documents/${sentId}/attachments`,
      'Văn bản.pdf',
      'application/pdf',
      await samplePdf(SUBJECT),
    );
    assert.equal((await officer.call('POST', `/documents/${sentId}/submit`)).status, 200);
    assert.equal((await leader.call('POST', `/documents/${sentId}/approve`)).status, 200);
    assert.equal((await clerk.call('POST', `/documents/${sentId}/issue`)).status, 200);
    const bClerk = await signInApi(world.url, 'b.clerk');
    await syncUntil('B to receive it', async () => {
      const list = await bClerk.call<{ items: { id: number; subject: string }[] }>(
        'GET',
        '/documents?view=incoming-pending',
      );
      receivedId = list.body.items.find((d) => d.subject === SUBJECT)?.id ?? 0;
      return receivedId > 0;
    });
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  test('A corrects the subject; B sees the request live, agrees; A sees 15 live', async () => {
    const b = await signIn('b.clerk');
    await b.goto(`${world.url}/van-ban/${receivedId}`);
    await b.waitForSelector('[data-testid=signature-report]');
    assert.equal(await b.getAttribute('[data-testid=signature-report-status]', 'data-status'), 'unsigned');

    const a = await signIn('a.clerk');
    await a.goto(`${world.url}/van-ban/${sentId}`);
    await a.click('[data-testid=action-update]');
    await a.fill('[data-testid=amend-reason]', 'Đính chính trích yếu');
    await a.fill('[data-testid=amend-subject]', CORRECTED);
    await a.click('.ant-modal-footer .ant-btn-primary');
    await a.waitForSelector(`[data-testid=doc-subject]:has-text("(đính chính)")`);

    // B's page was not reloaded: the timeline poll notices the pending request and refreshes it.
    await syncUntil('the update to reach B', async () => b.isVisible('[data-testid=pending-request]'));
    await b.screenshot({ path: join(SHOTS, 'office-update-request.png') });
    await b.click('[data-testid=action-request-agree]');
    await b.waitForSelector(`[data-testid=doc-subject]:has-text("(đính chính)")`);

    await syncUntil('A to see 15 from B', async () =>
      ((await a.textContent(`[data-testid="recipient-status-${AGENCIES.B.code}"]`)) ?? '').includes('15'),
    );
    await a.screenshot({ path: join(SHOTS, 'office-update-answered.png') });
    await a.context().close();
    await b.context().close();
  });
});
