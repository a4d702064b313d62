// The user-pool domain's answers are durable too (issue 16): a refresh token that /oauth2/token handed out is in
// the state file's journal before the answer arrives. The files are copied the moment the answer is read, and an
// emulator started on the copy honours that refresh token.

import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { Browser, pkcePair, tokenRequest } from './oauth-browser.js';
import { oauthSeed, PASSWORD, SPA_CALLBACK } from './oauth-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'cogflow-oauth-durable-'));
const copy = mkdtempSync(join(tmpdir(), 'cogflow-oauth-durable-copy-'));
const running: Emulator[] = [];

afterAll(async () => {
  for (const emu of running) await emu.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  rmSync(copy, { recursive: true, force: true });
});

it('a refresh token from /oauth2/token is on disk before the answer', async () => {
  const emu = await startEmulator({ seed: oauthSeed, stateFile: join(dir, 'state.json') });
  running.push(emu);
  const base = emu.pools.web?.oauthBaseURL as string;
  const spa = emu.pools.web?.clients.spa?.id as string;
  const browser = new Browser(new URL(emu.endpoint).origin);
  const { verifier, challenge } = pkcePair();
  const page = await browser.follow(
    `${base}/oauth2/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: spa,
      redirect_uri: SPA_CALLBACK,
      scope: 'openid email',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString()}`,
  );
  const back = (await browser.submit(page.html as string, { username: 'alice', password: PASSWORD })).left;
  const code = back?.searchParams.get('code');
  expect(code).toBeTruthy();
  const answer = await tokenRequest(`${base}/oauth2/token`, {
    grant_type: 'authorization_code',
    client_id: spa,
    code: code as string,
    redirect_uri: SPA_CALLBACK,
    code_verifier: verifier,
  });
  // The moment the answer is read: what is on disk now is all that a SIGKILL would leave.
  for (const file of readdirSync(dir)) cpSync(join(dir, file), join(copy, file));
  expect(answer.status).toBe(200);

  const restarted = await startEmulator({ seed: oauthSeed, stateFile: join(copy, 'state.json') });
  running.push(restarted);
  const refreshed = await tokenRequest(`${restarted.pools.web?.oauthBaseURL as string}/oauth2/token`, {
    grant_type: 'refresh_token',
    client_id: spa,
    refresh_token: answer.body.refresh_token as string,
  });
  expect(refreshed.status).toBe(200);
  expect(typeof refreshed.body.access_token).toBe('string');
});
