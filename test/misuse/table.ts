/**
 * One misuse of the public API: what is done, and the message it must fail with. The regex names the
 * op, layer or function and the value received (and usually what was expected). A thunk may return a
 * promise (loading, saving): the rejection is checked the same way.
 */
export type Misuse = readonly [what: string, run: () => unknown, message: RegExp];
