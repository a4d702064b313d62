// The two sources of answers: the emulator's control API (unattended runs) and a person at the terminal.

import type { ChallengeAnswer, FirstFactor, MFAType, NextStep } from '@cogflow/core';
import type { EmulatorControl } from '@cogflow/emulator';
import { answerDemoQuestion } from '../seed.js';
import { totpCode } from './authenticator-app.js';
import type { Output } from './output.js';
import type { Prompt } from './prompt.js';
import type { Answerer } from './sign-in.js';

/** The choices an unattended run makes where a person would choose. */
export interface Script {
  newPassword?: string;
  mfaSetup?: 'SOFTWARE_TOKEN_MFA';
  selectMfa?: MFAType;
  selectChallenge?: { challenge: FirstFactor; password?: string };
  friendlyDeviceName?: string;
}

/** Reads the codes a person would get (their phone, their inbox, their authenticator app) from the emulator. */
export class EmulatorAnswerer implements Answerer {
  script: Script = {};

  constructor(
    private readonly control: EmulatorControl,
    private readonly poolId: string,
    private readonly out: Output,
  ) {}

  /** The current code of the user's verified authenticator (never one already spent, the emulator sees to it). */
  async totpCode(username: string): Promise<string> {
    return this.control.totpCode({ username, poolId: this.poolId });
  }

  /** The first code of a key being set up, as the app that just scanned it would show (at the emulator's time). */
  async setUpCode(secretCode: string): Promise<string> {
    return totpCode(secretCode, await this.control.now());
  }

  async deliveredCode(username: string): Promise<string> {
    const code = await this.control.lastCode({ username, poolId: this.poolId });
    if (!code) throw new Error(`The emulator delivered no code to ${username}.`);
    return code;
  }

  async answer(step: NextStep, { username }: { username: string }): Promise<ChallengeAnswer> {
    const script = this.script;
    switch (step.type) {
      case 'NEW_PASSWORD_REQUIRED': {
        if (!script.newPassword) throw new Error('No new password scripted for NEW_PASSWORD_REQUIRED.');
        const attributes: Record<string, string> = {};
        for (const name of step.requiredAttributes) attributes[name] = `demo ${name}`;
        return { type: 'NEW_PASSWORD_REQUIRED', newPassword: script.newPassword, attributes };
      }
      case 'SOFTWARE_TOKEN_MFA':
        this.out.note('(The code comes from the emulator, standing in for the authenticator app.)');
        return { type: 'SOFTWARE_TOKEN_MFA', code: await this.totpCode(username) };
      case 'TOTP_SETUP':
        this.out.note(
          "(The first code is computed from the key, at the emulator's time, as the app that scanned it would.)",
        );
        return {
          type: 'TOTP_SETUP',
          code: await this.setUpCode(step.secretCode),
          friendlyDeviceName: script.friendlyDeviceName ?? 'cogflow walkthrough',
        };
      case 'SMS_MFA':
      case 'EMAIL_OTP':
      case 'SMS_OTP':
        this.out.note("(The code comes from the emulator's outbox, standing in for the phone or inbox.)");
        return { type: step.type, code: await this.deliveredCode(username) };
      case 'SELECT_MFA_TYPE': {
        const mfa = script.selectMfa ?? step.options[0];
        if (!mfa) throw new Error('SELECT_MFA_TYPE offered nothing to choose.');
        return { type: 'SELECT_MFA_TYPE', mfa };
      }
      case 'MFA_SETUP':
        return { type: 'MFA_SETUP', method: script.mfaSetup ?? 'SOFTWARE_TOKEN_MFA' };
      case 'CUSTOM_CHALLENGE': {
        const answer = answerDemoQuestion(step.parameters);
        if (answer === undefined) throw new Error('The custom challenge is not the demo question.');
        return { type: 'CUSTOM_CHALLENGE', answer };
      }
      case 'SELECT_CHALLENGE': {
        const choice = script.selectChallenge;
        if (!choice) throw new Error('No first factor scripted for SELECT_CHALLENGE.');
        return { type: 'SELECT_CHALLENGE', ...choice };
      }
      case 'WEB_AUTHN':
        throw new Error('Passkeys need a browser: try the web page (pnpm example:web).');
    }
  }
}

/**
 * Asks a person. On the emulator, an empty answer to a code question lets the emulator answer instead, since
 * its messages go nowhere a person could read them; on a real pool there is no such shortcut.
 */
export class PromptAnswerer implements Answerer {
  constructor(
    private readonly prompt: Prompt,
    private readonly emulator?: EmulatorAnswerer,
  ) {}

  private async code(question: string, fallback?: () => Promise<string>): Promise<string> {
    const hint = fallback ? ' (Enter: let the emulator answer)' : '';
    for (;;) {
      const code = await this.prompt.askSecret(`${question}${hint}`);
      if (code) return code;
      if (fallback) return fallback();
    }
  }

  async answer(step: NextStep, context: { username: string }): Promise<ChallengeAnswer> {
    const { prompt, emulator } = this;
    const { username } = context;
    switch (step.type) {
      case 'NEW_PASSWORD_REQUIRED': {
        const newPassword = await prompt.askSecret(`New password${emulator ? " (Enter: the demo's)" : ''}`);
        if (!newPassword && emulator) return emulator.answer(step, context);
        const attributes: Record<string, string> = {};
        for (const name of step.requiredAttributes) attributes[name] = await prompt.ask(`Value of ${name}`);
        return { type: 'NEW_PASSWORD_REQUIRED', newPassword, attributes };
      }
      case 'SOFTWARE_TOKEN_MFA':
        return {
          type: 'SOFTWARE_TOKEN_MFA',
          code: await this.code(
            'Code from your authenticator app',
            emulator && (() => emulator.totpCode(username)),
          ),
        };
      case 'TOTP_SETUP': {
        const code = await this.code(
          'Scan the QR code, then type the first code',
          emulator && (() => emulator.setUpCode(step.secretCode)),
        );
        return { type: 'TOTP_SETUP', code, friendlyDeviceName: 'cogflow walkthrough' };
      }
      case 'SMS_MFA':
      case 'EMAIL_OTP':
      case 'SMS_OTP':
        return {
          type: step.type,
          code: await this.code(
            `Code sent to ${step.destination ?? 'you'}`,
            emulator && (() => emulator.deliveredCode(username)),
          ),
        };
      case 'SELECT_MFA_TYPE': {
        if (!emulator)
          return { type: 'SELECT_MFA_TYPE', mfa: await prompt.choose('Second factor', step.options) };
        const mfa = await prompt.chooseOrDefault('Second factor', step.options, "Enter: the demo's choice");
        return mfa ? { type: 'SELECT_MFA_TYPE', mfa } : emulator.answer(step, context);
      }
      case 'MFA_SETUP': {
        const choices = step.options.filter((o) => o === 'SOFTWARE_TOKEN_MFA' || o === 'EMAIL_OTP');
        const method = await prompt.choose('Set up', choices);
        if (method === 'EMAIL_OTP') {
          return { type: 'MFA_SETUP', method, email: await prompt.ask('E-mail address for the codes') };
        }
        return { type: 'MFA_SETUP', method: 'SOFTWARE_TOKEN_MFA' };
      }
      case 'CUSTOM_CHALLENGE': {
        const question = step.parameters.question ?? JSON.stringify(step.parameters);
        const answer = await prompt.askSecret(
          `${question}${emulator ? ' (Enter: let the demo answer)' : ''}`,
        );
        if (!answer && emulator) return emulator.answer(step, context);
        return { type: 'CUSTOM_CHALLENGE', answer };
      }
      case 'SELECT_CHALLENGE': {
        const usable = step.available.filter((f) => f !== 'WEB_AUTHN');
        const picked = emulator
          ? await prompt.chooseOrDefault('First factor', usable, "Enter: the demo's choice")
          : await prompt.choose('First factor', usable);
        if (!picked && emulator) return emulator.answer(step, context);
        const challenge = picked as FirstFactor;
        if (challenge === 'PASSWORD' || challenge === 'PASSWORD_SRP') {
          return { type: 'SELECT_CHALLENGE', challenge, password: await prompt.askSecret('Password') };
        }
        return { type: 'SELECT_CHALLENGE', challenge };
      }
      case 'WEB_AUTHN':
        throw new Error('Passkeys need a browser: try the web page (pnpm example:web).');
    }
  }
}
