// Finds a pool's triggers, builds the events' common part and runs a trigger as the service runs a Lambda.
import { CognitoException } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import type { PoolRecord, UserRecord } from '../state.js';
import type { LambdaTriggers, StringMap, TriggerConfig, TriggerEventCommon } from './types.js';

/** callerContext.clientId of an admin operation that names no app client (the service's value). */
export const NO_CLIENT = 'CLIENT_ID_NOT_APPLICABLE';

const AWS_SDK_UNKNOWN = 'aws-sdk-unknown-unknown';

/** The pool's triggers: each from the pool id's entry, else the pool name's entry, else the top level. */
export function triggersFor(ctx: EmulatorContext, pool: PoolRecord): LambdaTriggers {
  const config: TriggerConfig = ctx.triggers ?? {};
  const { pools, ...global } = config;
  const byName = pools?.[pool.name];
  const byId = pools?.[pool.id];
  if (!byName && !byId) return global;
  return { ...global, ...(byName ?? {}), ...(byId ?? {}) };
}

/** LambdaConfig.PreTokenGenerationConfig.LambdaVersion: the trigger set's, else the pool's own, else V1_0. */
export function preTokenVersion(pool: PoolRecord, set: LambdaTriggers): 'V1_0' | 'V2_0' {
  if (set.preTokenGenerationConfig) return set.preTokenGenerationConfig.lambdaVersion;
  const config = pool.extra.LambdaConfig as
    | { PreTokenGenerationConfig?: { LambdaVersion?: string } }
    | undefined;
  return config?.PreTokenGenerationConfig?.LambdaVersion === 'V2_0' ? 'V2_0' : 'V1_0';
}

export function commonEvent<S extends string>(
  ctx: EmulatorContext,
  pool: PoolRecord,
  opts: { userName: string; clientId: string | undefined; triggerSource: S; version?: string },
): TriggerEventCommon<S> {
  return {
    version: opts.version ?? '1',
    region: ctx.region,
    userPoolId: pool.id,
    userName: opts.userName,
    callerContext: { awsSdkVersion: AWS_SDK_UNKNOWN, clientId: opts.clientId ?? NO_CLIENT },
    triggerSource: opts.triggerSource,
  };
}

/** The user's attributes as triggers see them: `sub`, every attribute, `cognito:user_status`. */
export function userAttributesOf(user: UserRecord): StringMap {
  return { sub: user.sub, ...user.attributes, 'cognito:user_status': user.status };
}

/** A ClientMetadata / ValidationData member as a string map; anything else is left out. */
export function stringMap(value: unknown): StringMap | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const out: StringMap = {};
  if (Array.isArray(value)) {
    // ValidationData is a list of { Name, Value }.
    for (const a of value as { Name?: unknown; Value?: unknown }[]) {
      if (typeof a?.Name === 'string') out[a.Name] = typeof a.Value === 'string' ? a.Value : '';
    }
  } else {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return String(err);
}

/**
 * Runs a trigger on a copy of the event (what the function does to it cannot reach the emulator's state) and
 * returns the event it answered: the one it returned, or the one it mutated. A throw becomes the service's
 * `UserLambdaValidationException: <Name> failed with error <message>.`
 */
export async function invokeTrigger<E extends { response: unknown }>(
  handler: ((event: E) => unknown) | undefined,
  event: E,
  name: string,
): Promise<E> {
  if (!handler) return event;
  // A JSON round trip, as a Lambda's event is: the event may hold the state's records, which are change-tracking
  // proxies when a state file is kept, and structuredClone refuses proxies.
  const copy = JSON.parse(JSON.stringify(event)) as E;
  let returned: unknown;
  try {
    returned = await handler(copy);
  } catch (err) {
    throw new CognitoException(
      'UserLambdaValidationException',
      `${name} failed with error ${messageOf(err)}.`,
    );
  }
  const answer = returned && typeof returned === 'object' && 'response' in returned ? (returned as E) : copy;
  if (!answer.response || typeof answer.response !== 'object') {
    // A Lambda answer the service cannot read.
    throw new CognitoException('InvalidLambdaResponseException', 'Unrecognizable lambda output');
  }
  return answer;
}
