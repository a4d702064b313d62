// Questions to a person on the terminal (node:readline), with echo turned off for passwords and codes.

import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';

export interface Prompt {
  ask(question: string, options?: { defaultValue?: string }): Promise<string>;
  /** Asks without echoing what is typed. */
  askSecret(question: string): Promise<string>;
  choose<T extends string>(question: string, choices: readonly T[]): Promise<T>;
  close(): void;
}

export function createPrompt(input: NodeJS.ReadableStream = process.stdin, output = process.stdout): Prompt {
  let muted = false;
  // readline echoes keystrokes through its output stream; a gate in front of stdout hides them for secrets.
  const gate = new Writable({
    write(chunk, encoding, callback): void {
      if (!muted) output.write(chunk, encoding);
      callback();
    },
  });
  const rl: Interface = createInterface({ input, output: gate, terminal: Boolean(output.isTTY) });
  let closed = false;
  rl.on('close', () => {
    closed = true;
  });

  const question = (text: string): Promise<string> =>
    new Promise((resolve, reject) => {
      if (closed) {
        reject(new Error('The input ended before the walkthrough did.'));
        return;
      }
      const onClose = (): void => reject(new Error('The input ended before the walkthrough did.'));
      rl.once('close', onClose);
      rl.question(text, (answer) => {
        rl.off('close', onClose);
        resolve(answer.trim());
      });
    });

  return {
    async ask(text, options) {
      const suffix = options?.defaultValue ? ` [${options.defaultValue}]` : '';
      const answer = await question(`  ? ${text}${suffix}: `);
      return answer || options?.defaultValue || '';
    },
    async askSecret(text) {
      output.write(`  ? ${text} (hidden): `);
      muted = true;
      try {
        return await question('');
      } finally {
        muted = false;
        output.write('\n');
      }
    },
    async choose(text, choices) {
      const listed = choices.map((choice, index) => `${index + 1}) ${choice}`).join('  ');
      for (;;) {
        const answer = await question(`  ? ${text}  ${listed}: `);
        const byNumber = choices[Number(answer) - 1];
        if (byNumber) return byNumber;
        const byName = choices.find((choice) => choice.toLowerCase() === answer.toLowerCase());
        if (byName) return byName;
        output.write(`    please type a number from 1 to ${choices.length}\n`);
      }
    },
    close() {
      rl.close();
    },
  };
}
