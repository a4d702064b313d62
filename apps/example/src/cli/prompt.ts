// Questions to a person on the terminal (node:readline), with echo turned off for passwords and codes.

import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export interface Prompt {
  ask(question: string, options?: { defaultValue?: string }): Promise<string>;
  /** Asks without echoing what is typed. */
  askSecret(question: string): Promise<string>;
  choose<T extends string>(question: string, choices: readonly T[]): Promise<T>;
  /** Like choose, but an empty answer gives undefined (the caller's default). */
  chooseOrDefault<T extends string>(
    question: string,
    choices: readonly T[],
    hint: string,
  ): Promise<T | undefined>;
  close(): void;
}

export function createPrompt(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WriteStream = process.stdout,
): Prompt {
  let muted = false;
  // readline echoes keystrokes through its output stream; a gate in front of stdout hides them for secrets.
  const gate = new Writable({
    write(chunk, encoding, callback): void {
      if (!muted) output.write(chunk, encoding);
      callback();
    },
  });
  const rl = createInterface({ input, output: gate, terminal: Boolean(output.isTTY) });
  // Lines are queued as they arrive: piped input can deliver several before the first question is asked.
  const lines: string[] = [];
  const waiting: { resolve(line: string): void; reject(error: Error): void }[] = [];
  let ended = false;
  const endError = (): Error => new Error('The input ended before the walkthrough did.');
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next.resolve(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    ended = true;
    for (const next of waiting.splice(0)) next.reject(endError());
  });

  const nextLine = (text: string): Promise<string> => {
    output.write(text);
    const queued = lines.shift();
    if (queued !== undefined) {
      if (!output.isTTY) output.write('\n');
      return Promise.resolve(queued.trim());
    }
    if (ended) return Promise.reject(endError());
    return new Promise<string>((resolve, reject) => waiting.push({ resolve, reject })).then((line) => {
      if (!output.isTTY) output.write('\n');
      return line.trim();
    });
  };

  return {
    async ask(text, options) {
      const suffix = options?.defaultValue ? ` [${options.defaultValue}]` : '';
      const answer = await nextLine(`  ? ${text}${suffix}: `);
      return answer || options?.defaultValue || '';
    },
    async askSecret(text) {
      muted = true;
      try {
        return await nextLine(`  ? ${text} (hidden): `);
      } finally {
        muted = false;
        if (output.isTTY) output.write('\n');
      }
    },
    async choose(text, choices) {
      for (;;) {
        const choice = await this.chooseOrDefault(text, choices, '');
        if (choice) return choice;
      }
    },
    async chooseOrDefault(text, choices, hint) {
      const listed = choices.map((choice, index) => `${index + 1}) ${choice}`).join('  ');
      for (;;) {
        const answer = await nextLine(`  ? ${text}  ${listed}${hint ? ` (${hint})` : ''}: `);
        if (!answer && hint) return undefined;
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
