/**
 * A compile-time proof that two types are the same: `contract<z.input<typeof schema>, Public>()`
 * compiles only when a route's schema accepts exactly the public type of protocol/api.ts (what
 * the server SDK is typed with), so the two cannot drift. It does nothing at run time.
 */
export function contract<Actual, Public>(
  ..._exact: [Actual] extends [Public] ? ([Public] extends [Actual] ? [] : [schemaLacks: Public]) : [schemaHas: Actual]
): void {}
