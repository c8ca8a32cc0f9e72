// Browser journeys of the office app against the real server (axis + office, real database), with
// playwright-core driving Debian's Chromium (never a downloaded browser). Screenshots of each main page
// go to test-results/. Journeys: (1) A's clerk drafts and submits to a review chain (officer, then leader);
// the officer forwards, the leader approves and signs, the clerk issues to
// B and C; (2) B accepts, assigns, completes — A sees 01→03→04→05→06; (3) C returns with a reason — A sees
// 02; (4) A revokes, B agrees — A sees 15; (5) an unaccented search finds the document.
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
  startOfficeWorld,
  type OfficeWorld,
} from '../helpers/office-world.ts';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-results');
const SUBJECT = 'Về việc đẩy mạnh gửi nhận văn bản điện tử qua trục liên thông';
const B = AGENCIES.B.code;
const C = AGENCIES.C.code;

let world: OfficeWorld;
let browser: Browser;
let documentPath = '';

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(world.url + '/');
  await page.fill('#login-username', username);
  await page.fill('#login-password', PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=user-menu]');
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `office-${name}.png`) });
}

/** Opens a list page and waits (reloading) until a document with the subject appears; opens it. */
async function openFromList(page: Page, path: string, subject: string, screenshot?: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto(world.url + path);
    const link = page.locator('[data-testid=doc-link]', { hasText: subject }).first();
    try {
      await link.waitFor({ timeout: 5000 });
      if (screenshot) await shot(page, screenshot);
      await link.click();
      await page.waitForSelector('[data-testid=doc-subject]');
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
}

async function statusOf(page: Page, code: string, expected: string, timeoutMs = 60_000): Promise<string> {
  const locator = page.locator(`[data-testid="recipient-timeline-${code}"]`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = (await locator.textContent({ timeout: 10_000 }).catch(() => '')) ?? '';
    if (text.includes(expected)) return text;
    if (Date.now() > deadline) throw new Error(`recipient ${code}: expected ${expected}, saw "${text}"`);
    await page.waitForTimeout(1000);
  }
}

describe('office browser journeys', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const build = spawnSync(process.execPath, ['scripts/build-web-if-missing.ts'], { stdio: 'inherit' });
    assert.equal(build.status, 0, 'web bundle build');
    world = await startOfficeWorld({ signing: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  test('(1) A: the clerk drafts, the leader approves and signs, the clerk issues to B and C', async () => {
    const clerk = await signIn('a.clerk');
    await shot(clerk, 'clerk-inbox-empty');
    await clerk.goto(world.url + '/soan-thao');
    await clerk.fill('#subject', SUBJECT);
    await clerk.click('#priority');
    await clerk.click('.ant-select-item-option[title="Khẩn"]');
    for (const code of [B, C]) {
      await clerk.click('#recipients');
      await clerk.fill('#recipients', code);
      await clerk.keyboard.press('Enter');
    }
    await clerk.keyboard.press('Escape');
    await shot(clerk, 'compose');
    await clerk.click('[data-testid=compose-submit]');
    await clerk.waitForSelector('[data-testid=doc-subject]');
    documentPath = new URL(clerk.url()).pathname;
    await clerk.setInputFiles('input[type=file]', {
      name: 'Công văn đẩy mạnh văn bản điện tử.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(await samplePdf('Công văn đẩy mạnh văn bản điện tử')),
    });
    await clerk.waitForSelector('[data-testid=attachment-name]');
    // Review chain: the officer gives an opinion first, then the leader approves and signs.
    await clerk.click('[data-testid=action-submit]');
    for (const name of ['Chuyên Viên A', 'Lãnh Đạo A']) {
      await clerk.click('#reviewerIds');
      await clerk.fill('#reviewerIds', name);
      await clerk.keyboard.press('Enter');
    }
    await clerk.keyboard.press('Escape');
    await shot(clerk, 'submit-review-chain');
    await clerk.click('#submit-confirm');
    await clerk.waitForSelector('text=Chờ duyệt');
    await clerk.waitForSelector('[data-testid=review-step-1-1][data-state=current]');

    const officer = await signIn('a.officer');
    await openFromList(officer, '/cho-y-kien', SUBJECT, 'officer-review-queue');
    // Not the leader's turn yet: no approve button for them; the officer forwards with a comment.
    await officer.click('[data-testid=action-review]');
    await officer.fill('[data-testid=review-comment]', 'Đồng ý, kính trình lãnh đạo.');
    await officer.click('#review-confirm');
    await officer.waitForSelector('[data-testid=review-step-1-1][data-state=approved]');
    await officer.context().close();

    const leader = await signIn('a.leader');
    await openFromList(leader, '/cho-y-kien', SUBJECT, 'leader-approval-queue');
    await shot(leader, 'review-chain');
    await leader.click('[data-testid=action-approve]');
    await leader.waitForSelector('text=Đã duyệt, chờ phát hành');

    await openFromList(clerk, '/cho-phat-hanh', SUBJECT);
    await clerk.click('[data-testid=action-issue]');
    await clerk.waitForSelector('text=Đã phát hành');
    const number = await clerk.textContent('[data-testid=doc-number]');
    assert.match(number ?? '', /^01\/VPCP-VP$/);
    await statusOf(clerk, B, '01');
    await statusOf(clerk, C, '01');
    await shot(clerk, 'outgoing-document');
    await clerk.context().close();
    await leader.context().close();
  });

  test('(2) B accepts, assigns and completes; A sees 01→03→04→05→06', async () => {
    const clerk = await signIn('b.clerk');
    await openFromList(clerk, '/cho-tiep-nhan', SUBJECT, 'clerk-inbox');
    assert.ok(await clerk.isVisible('[data-testid=urgent-tag]'));
    await clerk.click('[data-testid=action-accept]');
    await clerk.waitForSelector('text=Đã vào sổ');
    assert.equal((await clerk.textContent('[data-testid=doc-incoming-number]'))?.trim(), '1');
    await shot(clerk, 'incoming-registered');
    await clerk.goto(world.url + '/so-den');
    await clerk.waitForSelector('[data-testid=doc-link]');
    await shot(clerk, 'incoming-register');

    const leader = await signIn('b.leader');
    await openFromList(leader, '/phan-cong', SUBJECT, 'leader-assignment-queue');
    await leader.click('[data-testid=action-assign]');
    await leader.click('#leadUserId');
    await leader.fill('#leadUserId', 'Chuyên Viên B');
    await leader.keyboard.press('Enter');
    await leader.fill('#opinion', 'Giao Phòng Tổng hợp chủ trì tham mưu.');
    await leader.click('.ant-modal-footer .ant-btn-primary');
    await leader.waitForSelector('text=Đã phân công');

    const officer = await signIn('b.officer');
    await openFromList(officer, '/viec-cua-toi', SUBJECT, 'officer-tasks');
    await officer.click('[data-testid=action-process]');
    await officer.waitForSelector('text=Đang xử lý');
    await officer.click('[data-testid=action-complete]');
    await officer.fill('#result', 'Đã tổng hợp và báo cáo.');
    await officer.click('.ant-modal-footer .ant-btn-primary');
    await officer.waitForSelector('text=Hoàn thành');

    const a = await signIn('a.clerk');
    await a.goto(world.url + documentPath);
    const timeline = await statusOf(a, B, '06');
    assert.equal(timeline.replace(/\s/g, ''), '01→03→04→05→06');
    await shot(a, 'status-timeline');
    for (const p of [clerk, leader, officer, a]) await p.context().close();
  });

  test('(3) C returns it with a reason; A sees 02', async () => {
    const clerk = await signIn('c.clerk');
    await openFromList(clerk, '/cho-tiep-nhan', SUBJECT);
    await clerk.click('[data-testid=action-return]');
    await clerk.fill('[data-testid=reason-input]', 'Văn bản không thuộc thẩm quyền giải quyết của tỉnh.');
    await clerk.click('.ant-modal-footer .ant-btn-primary');
    await clerk.waitForSelector('text=Đã trả lại');
    const a = await signIn('a.clerk');
    await a.goto(world.url + documentPath);
    await statusOf(a, C, '02');
    await clerk.context().close();
    await a.context().close();
  });

  test('(4) A revokes; B agrees (15)', async () => {
    const a = await signIn('a.clerk');
    await a.goto(world.url + documentPath);
    await a.click('[data-testid=action-revoke]');
    await a.fill('[data-testid=reason-input]', 'Phát hành nhầm phiên bản, sẽ gửi văn bản thay thế.');
    await a.click('.ant-modal-footer .ant-btn-primary');
    await a.waitForSelector('text=Đã thu hồi');

    const b = await signIn('b.clerk');
    const deadline = Date.now() + 60_000;
    await openFromList(b, '/van-ban-den', SUBJECT);
    for (;;) {
      if (await b.isVisible('[data-testid=action-revoke-agree]')) break;
      if (Date.now() > deadline) throw new Error('the revoke request did not reach B');
      await b.waitForTimeout(1500);
      await b.reload();
    }
    await shot(b, 'revoke-request');
    await b.click('[data-testid=action-revoke-agree]');
    await b.waitForSelector('text=Đã hủy (thu hồi)');
    await statusOf(a, B, '15');
    await shot(a, 'revoked');
    await a.context().close();
    await b.context().close();
  });

  test('(5) a search with unaccented words finds the document', async () => {
    const b = await signIn('b.clerk');
    await b.goto(world.url + '/tim-kiem');
    await b.fill('[data-testid=search-input] input', 'day manh van ban dien tu');
    await b.keyboard.press('Enter');
    await b.locator('[data-testid=doc-link]', { hasText: SUBJECT }).waitFor({ timeout: 15_000 });
    await shot(b, 'search');
    await b.context().close();
  });
});
