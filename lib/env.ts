import { parseEnv, type Env } from "./env-schema";

// Parsed once, at import. next.config.ts imports this file, so a bad value fails the build
// (and `next start`) with the variable's name instead of a confusing error at first sign-in.
export const env: Env = parseEnv(process.env);
