// prisma/postgres/schema.prisma is generated from prisma/schema.prisma, the one place the
// models are written: Prisma wants one datasource provider per schema, and a copy kept by hand
// would drift. test/db/postgres.test.ts fails when the committed file is stale.
//
// `npm run db:migration:new` rewrites it (and writes the PostgreSQL migration alongside the
// SQLite one); `npm run db:schema:postgres` rewrites only the file.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, relative } from "node:path";
import { pathToFileURL } from "node:url";

import { postgresSchemaPath, repoRoot, schemaPath } from "./paths";

/** Where the PostgreSQL client is generated (gitignored, like the SQLite one). */
export const postgresClientOutput = "../../lib/generated/prisma-pg";

const HEADER = `// GENERATED from prisma/schema.prisma by scripts/db/postgres-schema.ts: do not edit.
// Change prisma/schema.prisma, then run \`npm run db:migration:new -- <name>\`.
`;

function replaceOnce(text: string, pattern: RegExp, replace: (match: string) => string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`));
  if (matches?.length !== 1) throw new Error(`prisma/schema.prisma: expected exactly one ${what}, found ${matches?.length ?? 0}`);
  return text.replace(pattern, replace);
}

/** The PostgreSQL schema for a SQLite source schema: same models, another provider and client folder. */
export function postgresSchemaFrom(source: string): string {
  let out = replaceOnce(
    source,
    /datasource\s+\w+\s*\{[^}]*\}/,
    (block) => block.replace(/(provider\s*=\s*)"sqlite"/, '$1"postgresql"'),
    "datasource block",
  );
  if (!/datasource\s+\w+\s*\{[^}]*provider\s*=\s*"postgresql"/.test(out)) {
    throw new Error('prisma/schema.prisma: the datasource provider must be "sqlite"');
  }
  out = replaceOnce(
    out,
    /generator\s+client\s*\{[^}]*\}/,
    (block) => block.replace(/(output\s*=\s*)"[^"]*"/, `$1"${postgresClientOutput}"`),
    "generator client block",
  );
  return HEADER + out;
}

export async function expectedPostgresSchema(source: string = schemaPath): Promise<string> {
  return postgresSchemaFrom(await readFile(source, "utf8"));
}

/** Rewrites prisma/postgres/schema.prisma; true when it changed. */
export async function writePostgresSchema(target: string = postgresSchemaPath, source: string = schemaPath): Promise<boolean> {
  const text = await expectedPostgresSchema(source);
  const current = await readFile(target, "utf8").catch(() => null);
  if (current === text) return false;
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, text);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writePostgresSchema().then(
    (changed) => console.log(`${relative(repoRoot, postgresSchemaPath)} ${changed ? "rewritten" : "is up to date"}.`),
    (error: unknown) => {
      console.error(`db:schema:postgres failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
