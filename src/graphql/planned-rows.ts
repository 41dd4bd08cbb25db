// Rows of a query Pothos planned, typed as the field's node: the one assertion the drizzle connections and fields need.
//
// `query()` (of t.drizzleField, t.drizzleConnection) merges the node's selection into the options at run
// time; drizzle types the rows by the options it sees statically, so they never show the node's shape.
// `Row` is inferred from the resolver returning the rows, or named with `typeof Ref.$inferType`.

export function plannedRows<Row>(rows: Promise<unknown[]>): Promise<Row[]> {
  return rows as Promise<Row[]>;
}

export function plannedRow<Row>(row: Promise<unknown>): Promise<Row | undefined> {
  return row as Promise<Row | undefined>;
}
