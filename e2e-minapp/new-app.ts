// A fresh Next 16 app as `create-next-app@16` makes it (TypeScript, App Router, `@/*` alias,
// `cacheComponents` on), written without the network, then the README's steps applied to it.
import { execFileSync, execSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadConfigFromFile } from "@prisma/config";
import { migrate, nativeSchemaEngine } from "../scripts/db/migrate";
import type { Action } from "./readme-steps";

const CREATE_NEXT_APP: Record<string, string> = {
  "package.json": JSON.stringify(
    {
      name: "minimal-app",
      version: "0.1.0",
      private: true,
      scripts: { dev: "next dev", build: "next build", start: "next start" },
      dependencies: { next: "16.4.6", react: "19.3.1", "react-dom": "19.3.1" },
      devDependencies: { typescript: "^5", "@types/node": "^20", "@types/react": "^19", "@types/react-dom": "^19" },
    },
    null,
    2,
  ),
  // Plus turbopack.root: inside this repository Next would take the repository (the outermost
  // lockfile) for the app's root, and build the repository's proxy.ts into the new app.
  "next.config.ts": `import type { NextConfig } from "next";\n\nconst nextConfig: NextConfig = {\n  cacheComponents: true,\n  turbopack: { root: import.meta.dirname },\n};\n\nexport default nextConfig;\n`,
  "tsconfig.json": JSON.stringify(
    {
      compilerOptions: {
        target: "ES2017",
        lib: ["dom", "dom.iterable", "esnext"],
        allowJs: true,
        skipLibCheck: true,
        strict: true,
        noEmit: true,
        esModuleInterop: true,
        module: "esnext",
        moduleResolution: "bundler",
        resolveJsonModule: true,
        isolatedModules: true,
        jsx: "react-jsx",
        incremental: true,
        plugins: [{ name: "next" }],
        paths: { "@/*": ["./*"] },
      },
      include: ["next-env.d.ts", "**/*.ts", "**/*.tsx", ".next/types/**/*.ts", ".next/dev/types/**/*.ts", "**/*.mts"],
      exclude: ["node_modules"],
    },
    null,
    2,
  ),
  // create-next-app's layout also loads Geist through next/font/google, which downloads the font
  // at build time: left out, as this machine has no network.
  "app/layout.tsx": `export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n`,
  "app/page.tsx": `export default function Home() {\n  return <main>To get started, edit the page.tsx file.</main>;\n}\n`,
};

/** The packages create-next-app installs, which the README's list adds to. */
export const CREATE_NEXT_APP_PACKAGES = ["next", "react", "react-dom", "typescript", "@types/node", "@types/react", "@types/react-dom"];

/**
 * Writes the app into `dir`, with the repository's node_modules: this machine cannot `npm i`.
 * Hard links, not a symlink: Turbopack reads nothing outside the app's root, and a symlink's
 * target is outside it.
 */
export function createNextApp(dir: string, root: string): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [file, content] of Object.entries(CREATE_NEXT_APP)) write(dir, file, content);
  execFileSync("cp", ["-al", path.join(root, "node_modules"), path.join(dir, "node_modules")]);
}

function write(dir: string, file: string, content: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), content);
}

export interface Follow {
  dir: string;
  root: string;
  env: Record<string, string>;
  /** The README's `npm run dev`: the test builds and starts the app instead. */
  serve: () => Promise<void>;
}

export async function apply(action: Action, app: Follow): Promise<void> {
  const { dir, root } = app;
  switch (action.kind) {
    case "install":
      // Already in the shared node_modules; which of them the app may import is checked after.
      return;
    case "copy":
      for (const from of action.from) {
        cpSync(path.join(root, from), path.join(dir, action.into, path.basename(from)), {
          recursive: true,
          filter: (file) => !action.without.some((glob) => file.endsWith(glob.replace(/^\*/, ""))),
        });
      }
      return;
    case "env":
      write(dir, action.file, action.names.map((name) => `${name}=${required(app.env, name)}\n`).join(""));
      return;
    case "write":
      write(dir, action.file, action.content);
      return;
    case "run":
      return run(action.command, app);
  }
}

function required(env: Record<string, string>, name: string): string {
  const value = env[name];
  if (value === undefined) throw new Error(`the README names ${name}, which the test has no value for`);
  return value;
}

async function run(command: string, app: Follow): Promise<void> {
  const bin = (name: string) => path.join(app.dir, "node_modules", ".bin", name);
  if (command === "npm run dev") return app.serve();
  if (command === "npx prisma migrate deploy" && !nativeSchemaEngine()) {
    // Prisma's native schema engine cannot be downloaded here: the same engine compiled to
    // WebAssembly applies the migrations folder and database that the README's prisma.config.ts names.
    // Loaded by Prisma's own config loader, as the CLI loads it (prisma re-exports only defineConfig).
    const { config, error } = await loadConfigFromFile({ configRoot: app.dir });
    if (error) throw new Error(`prisma.config.ts: ${error._tag}`);
    const url = String(config.datasource?.url).replace(/^file:(?:\.\/)?/, `file:${app.dir}/`);
    await migrate(url, { migrationsDir: path.resolve(app.dir, String(config.migrations?.path)) });
    return;
  }
  const [tool, ...args] = command.replace(/^npx /, "").split(" ");
  if (!command.startsWith("npx ")) throw new Error(`the test does not know how to run "${command}"`);
  // As scripts/db/generate.mjs: any existing file as the schema engine stops the Prisma CLI
  // downloading one, which `generate` does not use.
  const offline = nativeSchemaEngine() ? {} : { PRISMA_SCHEMA_ENGINE_BINARY: bin(tool!), CHECKPOINT_DISABLE: "1" };
  execFileSync(bin(tool!), args, { cwd: app.dir, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...offline } });
}

/** Every package the app's code imports, by name (`next-auth/providers` is `next-auth`). */
export function importedPackages(dir: string): string[] {
  const out = execSync(`grep -rhoE "(from|import) \\"[^\\".][^\\"]*\\"" --include=*.ts --include=*.tsx app lib *.ts`, { cwd: dir, encoding: "utf8" });
  const names = out
    .split("\n")
    .map((line) => /"([^"]+)"/.exec(line)?.[1])
    .filter((spec): spec is string => !!spec && !spec.startsWith("@/") && !spec.startsWith("node:"))
    .map((spec) => spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/"));
  return [...new Set(names)].sort();
}
