// Statements built from named columns, so a write names each value where it is set instead of
// counting `?n` placeholders. Column names come from our code, never from input.

export type Columns = Record<string, string | number | null>;

/** `INSERT INTO table (a, b) VALUES (?1, ?2)` for `columns`. */
export function insertStatement(db: D1Database, table: string, columns: Columns): D1PreparedStatement {
  const names = Object.keys(columns);
  const places = names.map((_, i) => `?${i + 1}`);
  return db
    .prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${places.join(', ')})`)
    .bind(...Object.values(columns));
}

/**
 * `UPDATE table SET a = ?1, … [, extra] WHERE where` for `columns`; `where` names its own
 * values as `:name`, taken from `whereValues`. `extra` holds fixed assignments (`n = n + 1`).
 */
export function updateStatement(
  db: D1Database,
  table: string,
  columns: Columns,
  where: string,
  whereValues: Columns,
  extra: string[] = [],
): D1PreparedStatement {
  const names = Object.keys(columns);
  const assignments = [...names.map((name, i) => `${name} = ?${i + 1}`), ...extra];
  const whereNames = Object.keys(whereValues);
  const condition = where.replace(/:([a-z_]+)/g, (_, name: string) => {
    const index = whereNames.indexOf(name);
    if (index < 0) throw new TypeError(`updateStatement: no value for :${name}`);
    return `?${names.length + index + 1}`;
  });
  return db
    .prepare(`UPDATE ${table} SET ${assignments.join(', ')} WHERE ${condition}`)
    .bind(...Object.values(columns), ...Object.values(whereValues));
}
