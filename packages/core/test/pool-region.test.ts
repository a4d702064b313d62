// userPoolRegion: the region part of a user-pool id, by the same rule as userPoolName, for both adapters' default.

import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { userPoolName, userPoolRegion } from '../src/srp/pool-name.js';

describe('userPoolRegion', () => {
  it('gives the part before the underscore', () => {
    expect(userPoolRegion('us-east-1_AbC123')).toBe('us-east-1');
    expect(userPoolRegion('us-gov-west-1_x')).toBe('us-gov-west-1');
    expect(userPoolRegion('eu-west-1_Example')).toBe('eu-west-1');
  });

  it('refuses exactly what userPoolName refuses', () => {
    for (const bad of [
      '',
      '_AbC',
      'us-east-1_',
      'us-east-1',
      'a_b_c',
      'us east-1_X',
      'eu-west-1_A-B',
      42,
      null,
    ]) {
      expect(() => userPoolRegion(bad as string), String(bad)).toThrow(InputError);
      expect(() => userPoolName(bad as string), String(bad)).toThrow(InputError);
    }
  });
});
