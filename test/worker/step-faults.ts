/** What the failing step does: fail before it runs (an outage), or run, commit and then fail (a lost reply). */
export type FaultMode = 'fail' | 'lost-reply';

export interface StepFaults {
  db: D1Database;
  /** Each step's SQL, whitespace squeezed (a batch lists its statements joined by " ; "). */
  steps: string[];
}

const squeeze = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/**
 * A D1 binding that counts the steps it is asked to take (each `run`/`all`/`first`/`raw` of a
 * statement, and each `batch` as a whole, since D1 runs a batch as one transaction) and makes
 * step `failAt` (1-based; 0 = none) fail. Walking `failAt` from 1 to the number of steps of a
 * clean run injects a fault at every step of an operation without naming its statements.
 */
export function stepFaultyDb(db: D1Database, failAt: number, mode: FaultMode): StepFaults {
  const steps: string[] = [];
  // The real statement and the SQL behind each wrapped one, for batches.
  const real = new WeakMap<object, { statement: D1PreparedStatement; sql: string }>();
  const step = async <T>(sql: string, work: () => Promise<T>): Promise<T> => {
    steps.push(sql);
    if (steps.length !== failAt) return work();
    if (mode === 'lost-reply') await work();
    throw new Error(`D1_ERROR: injected ${mode} at step ${failAt} (${sql.slice(0, 40)})`);
  };
  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values), sql),
      run: () => step(sql, () => statement.run()),
      all: () => step(sql, () => statement.all()),
      first: (column?: string) => step(sql, () => (column === undefined ? statement.first() : statement.first(column))),
      raw: () => step(sql, () => statement.raw()),
    } as unknown as D1PreparedStatement;
    real.set(wrapped, { statement, sql });
    return wrapped;
  };
  const faulty = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => wrap(target.prepare(sql), squeeze(sql));
      }
      if (property === 'batch') {
        return (statements: D1PreparedStatement[]) =>
          step(statements.map((s) => real.get(s)?.sql ?? '?').join(' ; '), () =>
            target.batch(statements.map((s) => real.get(s)?.statement ?? s)),
          );
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: faulty, steps };
}
