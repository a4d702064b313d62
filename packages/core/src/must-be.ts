// The one form of a caller-mistake message: what is wrong and what it must be, never the value that was given.

import { InputError } from './errors.js';

/** `username must be a non-empty string`: names the input and the expected form, so the fix is plain. */
export function mustBe(what: string, form: string): InputError {
  return new InputError(`${what} must be ${form}`);
}

/** The most common form, shared so that the text is written once. */
export const NON_EMPTY = 'a non-empty string';

/** The forms of the OAuth URIs and scopes a caller gives (authorize, sign-out, client credentials). */
export const ABSOLUTE_URL = 'an absolute URL without fragment';
export const SCOPE_LIST = 'list of scope names without spaces';
