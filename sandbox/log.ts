export const ENDPOINTS = [
  "request_token",
  "authorize",
  "access_token",
  "identity",
  "profile",
  "collection_folders",
  "collection_folder",
  "collection_releases",
  "collection_value",
  "wantlist",
  "avatar",
  "image",
  "other",
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];
/** Everything but pictures and unknown paths: the token legs, the consent page and every API call. */
export type FaultableEndpoint = Exclude<Endpoint, "avatar" | "image" | "other">;

/** What handlers learn about a request; copied into the log. Never holds a secret. */
export interface RequestNotes {
  signatureMethod?: string;
  oauthToken?: string;
  consumerKey?: string;
  user?: string;
  auth?: "signed" | "anonymous";
  error?: string;
  fault?: string;
}

export interface LogEntry extends RequestNotes {
  id: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  method: string;
  path: string;
  endpoint: Endpoint;
  /** null when the connection was dropped before an answer. */
  status: number | null;
  remoteAddress: string;
}

const MAX_ENTRIES = 2000;
export const REDACTED = "[redacted]";
const SECRET_NAME = /secret|signature|verifier|password/i;

/** Keeps the path and the query as sent, but blanks any value whose name suggests a secret. */
export function redactPath(rawUrl: string): string {
  const q = rawUrl.indexOf("?");
  if (q === -1) return rawUrl;
  const query = rawUrl
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq === -1 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, " "));
      } catch {
        // keep the raw name
      }
      return SECRET_NAME.test(decoded) ? `${name}=${REDACTED}` : pair;
    })
    .join("&");
  return `${rawUrl.slice(0, q)}?${query}`;
}

export class RequestLog {
  private entries: LogEntry[] = [];
  private nextId = 1;
  private counts = new Map<Endpoint, number>();
  private statuses = new Map<string, number>();
  private total = 0;

  add(entry: Omit<LogEntry, "id">): void {
    this.entries.push({ id: this.nextId++, ...entry });
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    this.total++;
    this.counts.set(entry.endpoint, (this.counts.get(entry.endpoint) ?? 0) + 1);
    const status = entry.status === null ? "dropped" : String(entry.status);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  list(sinceId = 0): LogEntry[] {
    return this.entries.filter((e) => e.id > sinceId);
  }

  stats(): { total: number; endpoints: Record<Endpoint, number>; statuses: Record<string, number> } {
    const endpoints = Object.fromEntries(ENDPOINTS.map((e) => [e, this.counts.get(e) ?? 0])) as Record<Endpoint, number>;
    return { total: this.total, endpoints, statuses: Object.fromEntries(this.statuses) };
  }

  reset(): void {
    this.entries = [];
    this.counts.clear();
    this.statuses.clear();
    this.total = 0;
  }
}
