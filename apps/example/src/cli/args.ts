// Command-line options of the walkthrough, with the environment as a fallback for a real pool's ids.

import { parseArgs } from 'node:util';

export type CliMode =
  | { kind: 'emulator'; interactive: boolean; emulatorEndpoint?: string; only?: 'main'; oauth?: true }
  | { kind: 'real-pool'; region: string; userPoolId: string; clientId: string; endpoint?: string }
  | { kind: 'help' };

export const USAGE = `cogflow walkthrough

  pnpm example                         every challenge, unattended, on an embedded emulator
  pnpm example -- --interactive        the same, asking you for each answer
  pnpm example -- --region eu-west-1 --user-pool-id eu-west-1_AbC --client-id 1abc...
                                       sign in to a real user pool (asks for username, password, codes)

Options
  --interactive                 ask a person for every answer (always on for a real pool)
  --emulator-endpoint <url>     use an emulator that is already running with the demo seed
                                (for instance the one \`pnpm example:web\` starts), instead of starting one
  --main-only                   stop after the main scenario (sign-in, TOTP, device, refresh, sign-out)
  --oauth                       managed login instead: the CLI signs in through a loopback redirect, then a
                                machine-to-machine token (embedded emulator only)
  --region <region>             a real pool's region              (env COGFLOW_REGION)
  --user-pool-id <id>           a real pool's id                  (env COGFLOW_USER_POOL_ID)
  --client-id <id>              a public app client of that pool  (env COGFLOW_CLIENT_ID)
  --endpoint <url>              a Cognito-compatible endpoint instead of the region's AWS one
  -h, --help                    this text
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliMode {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };
  const userPoolId = values['user-pool-id'] ?? env.COGFLOW_USER_POOL_ID;
  const clientId = values['client-id'] ?? env.COGFLOW_CLIENT_ID;
  const regionGiven = values.region ?? env.COGFLOW_REGION;
  if (userPoolId || clientId || values.region) {
    if (!userPoolId || !clientId) {
      throw new UsageError(
        'A real user pool needs both --user-pool-id and --client-id (or their COGFLOW_* variables).',
      );
    }
    const region = regionGiven ?? userPoolId.split('_')[0] ?? '';
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new UsageError(`"${region}" is not an AWS region.`);
    return {
      kind: 'real-pool',
      region,
      userPoolId,
      clientId,
      ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    };
  }
  return {
    kind: 'emulator',
    interactive: values.interactive ?? false,
    ...(values['emulator-endpoint'] ? { emulatorEndpoint: values['emulator-endpoint'] } : {}),
    ...(values['main-only'] ? { only: 'main' as const } : {}),
    ...(values.oauth ? { oauth: true as const } : {}),
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      interactive: { type: 'boolean' },
      'emulator-endpoint': { type: 'string' },
      'main-only': { type: 'boolean' },
      oauth: { type: 'boolean' },
      region: { type: 'string' },
      'user-pool-id': { type: 'string' },
      'client-id': { type: 'string' },
      endpoint: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
