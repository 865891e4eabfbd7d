import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";

/**
 * SQLite's defaults (rollback journal, synchronous=FULL) make every write transaction wait for
 * several fsyncs; a sign-in writes several times, so under load it spent most of its time
 * waiting on the disk (docs/performance.md). WAL with synchronous=NORMAL commits without an
 * fsync and lets readers run beside the writer; a commit can be lost only to a power cut or an
 * OS crash, never to an app crash. Applied when Prisma opens the connection, not at import,
 * so `next build` (which imports this module) never opens a database.
 */
export class TunedSqliteAdapter extends PrismaBetterSqlite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    return adapter;
  }
}
