// The walkthrough's narrator: headings, what was sent, what came back, in plain text that reads well in a log.

import type { Writable } from 'node:stream';

export interface Output {
  /** The banner at the top of a run. */
  title(text: string): void;
  /** A numbered step of the walkthrough. The heading text is what the tests look for. */
  heading(title: string): void;
  /** A request the client sent (operation and a redacted summary). */
  sent(operation: string, detail?: string): void;
  /** An answer that came back (challenge name or outcome). */
  received(what: string, detail?: string): void;
  /** An explanation for the reader. */
  note(text: string): void;
  success(text: string): void;
  warn(text: string): void;
  /** Indented, uncoloured lines (a QR code, a claims table). */
  block(text: string): void;
  blank(): void;
}

interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  magenta(text: string): string;
}

function palette(enabled: boolean): Palette {
  const wrap =
    (open: number, close: number) =>
    (text: string): string =>
      enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    cyan: wrap(36, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    magenta: wrap(35, 39),
  };
}

export interface OutputOptions {
  stream: Writable & { isTTY?: boolean };
  /** Colours on a terminal unless NO_COLOR is set; never in a pipe, so logs and tests read plain text. */
  color?: boolean;
}

export function createOutput(options: OutputOptions): Output {
  const { stream } = options;
  const color = options.color ?? (stream.isTTY === true && !process.env.NO_COLOR);
  const c = palette(color);
  let step = 0;
  const line = (text: string): void => {
    stream.write(`${text}\n`);
  };
  return {
    title(text) {
      line(c.bold(text));
      line('');
    },
    heading(title) {
      step += 1;
      const text = `Step ${step}. ${title}`;
      line('');
      line(c.bold(c.cyan(text)));
      line(c.cyan('─'.repeat(Math.min(text.length, 100))));
    },
    sent(operation, detail) {
      line(`  ${c.magenta('→')} ${c.bold(operation)}${detail ? `  ${c.dim(detail)}` : ''}`);
    },
    received(what, detail) {
      line(`  ${c.yellow('←')} ${c.bold(what)}${detail ? `  ${c.dim(detail)}` : ''}`);
    },
    note(text) {
      line(`  ${text}`);
    },
    success(text) {
      line(`  ${c.green('✓')} ${text}`);
    },
    warn(text) {
      line(`  ${c.yellow('!')} ${text}`);
    },
    block(text) {
      for (const row of text.replace(/\n$/, '').split('\n')) line(`    ${row}`);
    },
    blank() {
      line('');
    },
  };
}
