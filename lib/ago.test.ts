import { expect, it } from "vitest";
import { ago } from "./ago";

it("says how long ago a figure was fetched, in whole minutes", () => {
  const fetched = new Date("2026-11-29T12:00:00Z");
  const at = (seconds: number) => fetched.getTime() + seconds * 1000;
  expect(ago(fetched, at(0))).toBe("just now");
  expect(ago(fetched, at(59))).toBe("just now");
  expect(ago(fetched, at(60))).toBe("1 minute ago");
  expect(ago(fetched, at(299))).toBe("4 minutes ago");
  expect(ago(fetched, at(-120))).toBe("just now");
});
