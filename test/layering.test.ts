// The layering rules, read from the source itself: lib never reaches into the app, the OAuth
// 1.0a module stands alone, and no two modules import each other in a loop.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const SOURCE = /\.(ts|tsx)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) return rel === "lib/generated" ? [] : sourceFiles(rel);
    return SOURCE.test(name) && !/\.test\.tsx?$/.test(name) ? [rel] : [];
  });
}

const files = [...sourceFiles("lib"), ...sourceFiles("app"), ...sourceFiles("components"), "auth.ts", "proxy.ts", "instrumentation.ts"];

function specifiers(file: string): string[] {
  const text = readFileSync(path.join(root, file), "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);
}

/** The project file a specifier names, or null for a package. */
function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith("@/") ? spec.slice(2) : spec.startsWith(".") ? path.join(path.dirname(from), spec) : null;
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (SOURCE.test(candidate) && existsSync(path.join(root, candidate))) return path.normalize(candidate);
  }
  return path.normalize(base);
}

const graph = new Map(files.map((file) => [file, specifiers(file).map((spec) => ({ spec, target: resolve(file, spec) }))]));

/** Every cycle a depth-first walk meets, written as "a -> b -> a". */
function loops(edges: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (node: string, trail: string[]) => {
    if (state.get(node) === "done") return;
    if (state.get(node) === "open") {
      found.push([...trail.slice(trail.indexOf(node)), node].join(" -> "));
      return;
    }
    state.set(node, "open");
    for (const next of edges.get(node) ?? []) if (edges.has(next)) visit(next, [...trail, node]);
    state.set(node, "done");
  };
  for (const node of edges.keys()) visit(node, []);
  return found;
}

describe("layering", () => {
  it("nothing in lib imports the app (auth.ts, app/, components/)", () => {
    const offending = [...graph].flatMap(([file, imports]) =>
      file.startsWith("lib/")
        ? imports.filter(({ target }) => target !== null && /^(auth\.ts|app\/|components\/)/.test(target)).map(({ spec }) => `${file} -> ${spec}`)
        : [],
    );
    expect(offending).toEqual([]);
  });

  it("lib/oauth1 imports only its own files, its Prisma client's types and packages", () => {
    const offending = [...graph].flatMap(([file, imports]) =>
      file.startsWith("lib/oauth1/")
        ? imports
            .filter(({ spec, target }) => target !== null && !(spec.startsWith(".") && (target.startsWith("lib/oauth1/") || target === "lib/generated/prisma/client.ts")))
            .map(({ spec }) => `${file} -> ${spec}`)
        : [],
    );
    expect(offending).toEqual([]);
  });

  it("a provider's configuration (lib/discogs, lib/x) imports the module, not another provider, the inspector or the app's wiring", () => {
    const providers = ["lib/discogs/", "lib/x/"];
    const offending = [...graph].flatMap(([file, imports]) => {
      const own = providers.find((dir) => file.startsWith(dir));
      if (!own) return [];
      return imports
        .filter(({ target }) => target !== null && /^lib\/(discogs|x|inspector|sign-in|profile)\//.test(target) && !target.startsWith(own))
        .map(({ spec }) => `${file} -> ${spec}`);
    });
    expect(offending).toEqual([]);
  });

  it("has no import loops between files", () => {
    expect(loops(new Map([...graph].map(([file, imports]) => [file, imports.flatMap(({ target }) => (target ? [target] : []))])))).toEqual([]);
  });

  it("has no import loops between lib's modules (lib/auth <-> lib/inspector was one)", () => {
    // A module is a folder of lib (lib/oauth1, lib/inspector, ...) or a single file directly in lib.
    const moduleOf = (file: string) => (/^lib\/[^/]+\//.test(file) ? file.split("/").slice(0, 2).join("/") : file);
    const modules = new Map<string, string[]>();
    for (const [file, imports] of graph) {
      if (!file.startsWith("lib/")) continue;
      const from = moduleOf(file);
      const to = imports.flatMap(({ target }) => (target?.startsWith("lib/") && moduleOf(target) !== from ? [moduleOf(target)] : []));
      modules.set(from, [...(modules.get(from) ?? []), ...to]);
    }
    expect(loops(modules)).toEqual([]);
  });
});
