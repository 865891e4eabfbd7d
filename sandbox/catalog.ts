// Made-up releases, each a pure function of its release id: the same release reads the same in
// every collection and wantlist, in every sandbox. The names are invented; a few are awkward on
// purpose (commas and quotes for CSV export, non-ASCII, "&", "<") because real data has them.
import { rng, seedOf, type Rng } from "./prng";

export interface ReleaseInfo {
  id: number;
  masterId: number;
  title: string;
  /** 0 when unknown, as Discogs sends it. */
  year: number;
  artists: Array<{ name: string; id: number }>;
  labels: Array<{ name: string; catno: string; id: number }>;
  formats: Array<{ name: string; qty: string; descriptions: string[] }>;
  genres: string[];
  styles: string[];
  /** Upload time of the primary image (seconds); null for a release without images. */
  imageStamp: number | null;
  /** What a copy goes for, in cents of the owner's currency; the collection value adds these up. */
  priceCents: number;
}

const FIRST = ["Ada", "Bill", "Chet", "Dolores", "Esbjörn", "Fela", "Grace", "Hugh", "Inès", "Jan", "Keiko", "Lionel", "Miriam", "Nils", "Oumou", "Pharoah", "Rosa", "Sun", "Tomasz", "Ulla", "Victor", "Wanda", "Yusef", "Zoë"];
const LAST = ["Abara", "Bergström", "Costa", "Dlamini", "Eriksen", "Fonseca", "García", "Haddad", "Jarvis", "Kowalski", "Lindqvist", "Mensah", "Nakamura", "O'Connell", "Park", "Quarshie", "Rønning", "Salazar", "Takahashi", "Umeh", "Vance", "Wójcik", "Yılmaz", "Zeller"];
const ADJ = ["Blue", "Silent", "Golden", "Electric", "Northern", "Midnight", "Velvet", "Burning", "Distant", "Lucky", "Hollow", "Bright", "Crimson", "Quiet", "Wild", "Paper"];
const NOUN = ["River", "Garden", "Machine", "Harbour", "Mirror", "Echo", "Lantern", "Season", "Orbit", "Meadow", "Signal", "Tide", "Canyon", "Ember", "Window", "Compass"];
const AWKWARD_TITLES = ['Line One, "Line Two"', "Sweet & Sour", "<Angle> Brackets", "Naïve Mélodie", "東京 Nights", "50/50; Or Not", "Ça Va?", "Ångström Suite"];
const LABELS = [
  ["Northwind Records", "NWR"],
  ["Blue Harbour", "BH"],
  ["Sonic Sister", "SS"],
  ["Kompass Musik", "KM"],
  ["Disques Lumière", "DL"],
  ["Red Meadow", "RM"],
  ["Tropical Echo", "TE"],
  ["Paper Orbit", "PO"],
  ["Velvet Signal", "VS"],
  ["Ember & Tide", "E&T"],
] as const;
const NOT_ON_LABEL = "Not On Label";
const FORMATS: ReadonlyArray<{ name: string; qty: string; descriptions: string[] }> = [
  { name: "Vinyl", qty: "1", descriptions: ["LP", "Album"] },
  { name: "Vinyl", qty: "1", descriptions: ["LP", "Album", "Reissue"] },
  { name: "Vinyl", qty: "2", descriptions: ["LP", "Album"] },
  { name: "Vinyl", qty: "1", descriptions: ['7"', "45 RPM", "Single"] },
  { name: "Vinyl", qty: "1", descriptions: ['12"', "33 ⅓ RPM", "EP"] },
  { name: "CD", qty: "1", descriptions: ["Album"] },
  { name: "CD", qty: "1", descriptions: ["Compilation"] },
  { name: "Cassette", qty: "1", descriptions: ["Album"] },
];
const GENRES: Readonly<Record<string, readonly string[]>> = {
  Jazz: ["Hard Bop", "Modal", "Free Jazz", "Contemporary Jazz"],
  "Funk / Soul": ["Afrobeat", "Soul", "Disco"],
  Electronic: ["Ambient", "Techno", "House"],
  Rock: ["Psychedelic Rock", "Post-Punk", "Indie Rock"],
  "Folk, World, & Country": ["Highlife", "Nordic", "Folk"],
  Classical: ["Modern", "Baroque"],
  Latin: ["Bossa Nova", "Cumbia"],
};
const GENRE_NAMES = Object.keys(GENRES);

/** A stable id for a name, so an artist or label keeps its id wherever it appears. */
function idOf(name: string, base: number): number {
  const codes = [...name].map((c) => c.codePointAt(0) ?? 0);
  return base + (seedOf(...codes) % 5_000_000);
}

function artistName(r: Rng): string {
  const person = () => `${r.pick(FIRST)} ${r.pick(LAST)}`;
  switch (r.int(0, 9)) {
    case 0:
      return `The ${r.pick(ADJ)} ${r.pick(NOUN)}s`;
    case 1:
      return `${person()} Quartet`;
    case 2:
      return `${r.pick(LAST)} & ${r.pick(LAST)}`;
    case 3:
      // Discogs tells same-named artists apart with a number in brackets.
      return `${person()} (2)`;
    default:
      return person();
  }
}

function title(r: Rng): string {
  if (r.chance(0.04)) return r.pick(AWKWARD_TITLES);
  switch (r.int(0, 5)) {
    case 0:
      return `${r.pick(NOUN)} of ${r.pick(NOUN)}s`;
    case 1:
      return `Live at the ${r.pick(ADJ)} ${r.pick(NOUN)}`;
    case 2:
      return `Songs for a ${r.pick(ADJ)} ${r.pick(NOUN)}`;
    case 3:
      return `${r.pick(ADJ)} ${r.pick(NOUN)}, Vol. ${r.int(2, 4)}`;
    default:
      return `${r.pick(ADJ)} ${r.pick(NOUN)}`;
  }
}

export function releaseInfo(id: number): ReleaseInfo {
  const r = rng(seedOf(id, 0x5eed));
  const compilation = r.chance(0.05);
  const artists = compilation
    ? [{ name: "Various", id: 194 }]
    : Array.from({ length: r.chance(0.1) ? 2 : 1 }, () => artistName(r)).map((name) => ({ name, id: idOf(name, 10_000) }));
  const selfReleased = r.chance(0.04);
  const label = r.pick(LABELS);
  const labels = selfReleased
    ? [{ name: NOT_ON_LABEL, catno: "none", id: 1818 }]
    : [{ name: label[0], catno: `${label[1]}${r.pick([" ", "-", ""])}${r.int(1, 4999)}`, id: idOf(label[0], 100) }];
  const genre = r.pick(GENRE_NAMES);
  return {
    id,
    masterId: r.chance(0.5) ? 0 : r.int(1_000, 3_500_000),
    title: title(r),
    year: r.chance(0.04) ? 0 : r.int(1955, 2024),
    artists,
    labels,
    formats: [{ ...r.pick(FORMATS) }],
    genres: [genre],
    styles: [r.pick(GENRES[genre] ?? [])],
    imageStamp: r.chance(0.04) ? null : r.int(1_100_000_000, 1_720_000_000),
    priceCents: 150 + Math.floor(r.next() ** 2 * 8_000),
  };
}

/** `basic_information` in Discogs' shape; image URLs are "" on unsigned calls, as on Discogs. */
export function basicInformation(info: ReleaseInfo, origin: string, images: { thumb: string; cover_image: string }): Record<string, unknown> {
  return {
    id: info.id,
    master_id: info.masterId,
    master_url: info.masterId === 0 ? null : `${origin}/masters/${info.masterId}`,
    resource_url: `${origin}/releases/${info.id}`,
    thumb: images.thumb,
    cover_image: images.cover_image,
    title: info.title,
    year: info.year,
    formats: info.formats.map((f) => ({ name: f.name, qty: f.qty, descriptions: [...f.descriptions] })),
    labels: info.labels.map((l) => ({
      name: l.name,
      catno: l.catno,
      entity_type: "1",
      entity_type_name: "Label",
      id: l.id,
      resource_url: `${origin}/labels/${l.id}`,
    })),
    artists: info.artists.map((a, n) => ({
      name: a.name,
      anv: "",
      // How Discogs writes "A, B": the join sits on every artist but the last.
      join: n < info.artists.length - 1 ? "," : "",
      role: "",
      tracks: "",
      id: a.id,
      resource_url: `${origin}/artists/${a.id}`,
    })),
    genres: [...info.genres],
    styles: [...info.styles],
  };
}
