/**
 * A D1 binding that fails the statements whose SQL matches `fails`, as a storage outage or a lost
 * write would, and passes every other statement to the real database. A batch holding a failing
 * statement fails whole, as D1's batches are transactions.
 */
export function faultyDb(db: D1Database, fails: RegExp): D1Database {
  const failing = new WeakSet<object>();
  const outage = () => Promise.reject(new Error(`D1_ERROR: injected failure for ${fails}`));
  const failingStatement = (): D1PreparedStatement => {
    const statement = {
      bind: () => statement,
      run: outage,
      all: outage,
      first: outage,
      raw: outage,
    } as unknown as D1PreparedStatement;
    failing.add(statement);
    return statement;
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return (sql: string) => (fails.test(sql) ? failingStatement() : target.prepare(sql));
      if (property === 'batch') {
        return (statements: D1PreparedStatement[]) =>
          statements.some((s) => failing.has(s)) ? outage() : target.batch(statements);
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
