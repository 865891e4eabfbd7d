import { z } from "zod";

// The shapes of Discogs' collection and wantlist pages, and what is kept of an item: its ids,
// when it was added, and its release's basic information flattened to text for display.

/** Discogs answers at most this many items a page. */
export const MAX_PER_PAGE = 100;

/** A release's basic information, flattened for display and search. */
interface ReleaseInfo {
  title: string;
  /** "A, B" or "A & B", with Discogs' own joins. */
  artists: string;
  /** 0: unknown */
  year: number;
  /** "2 × Vinyl, LP, Album; CD" */
  formats: string;
  labels: string;
  catno: string;
  /** "" when Discogs gave none (it gives none to a call it treats as anonymous). */
  thumbUrl: string;
  coverUrl: string;
}

export interface CollectionEntry {
  instanceId: number;
  releaseId: number;
  folderId: number;
  rating: number;
  dateAdded: Date;
  info: ReleaseInfo;
}

export interface WantEntry {
  releaseId: number;
  rating: number;
  dateAdded: Date;
  notes: string;
  info: ReleaseInfo;
}

export interface ListPage<T> {
  page: number;
  pages: number;
  /** Items in the whole list, as Discogs counts them now. */
  items: number;
  entries: T[];
}

const id = z.int().positive();
// Cosmetic fields of the wrong type become empty rather than failing the page.
const text = z.string().catch("");
const imageUrl = z
  .string()
  .catch("")
  .transform((url) => (URL.canParse(url) && /^https?:$/.test(new URL(url).protocol) ? url : ""));
// Discogs' times carry their US Pacific offset; any other shape is not Discogs answering.
const discogsTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()));

const basicInformation = z.object({
  id,
  title: z.string(),
  year: z.int().nonnegative().catch(0),
  thumb: imageUrl,
  cover_image: imageUrl,
  artists: z.array(z.object({ name: z.string(), anv: text.optional(), join: text.optional() })),
  labels: z.array(z.object({ name: text, catno: text })).catch([]),
  formats: z.array(z.object({ name: text, qty: z.union([z.string(), z.number()]).catch("1"), descriptions: z.array(text).catch([]).optional() })).catch([]),
});

const rating = z.int().min(0).max(5).catch(0);

const pagination = z.object({
  page: z.int().positive(),
  pages: z.int().nonnegative(),
  per_page: z.int().positive(),
  items: z.int().nonnegative(),
});

export const collectionPageSchema = z.object({
  pagination,
  releases: z.array(z.object({ id, instance_id: id, folder_id: z.int().nonnegative(), rating, date_added: discogsTime, basic_information: basicInformation })),
});

export const wantlistPageSchema = z.object({
  pagination,
  wants: z.array(z.object({ id, rating, date_added: discogsTime, notes: text.optional(), basic_information: basicInformation })),
});

export const foldersSchema = z.object({
  folders: z.array(z.object({ id: z.int().nonnegative(), name: z.string(), count: z.int().nonnegative() })),
});
export type Folder = z.infer<typeof foldersSchema>["folders"][number];

export const valueSchema = z.object({ minimum: z.string(), median: z.string(), maximum: z.string() });
export type CollectionValue = z.infer<typeof valueSchema>;

type BasicInformation = z.infer<typeof basicInformation>;

function artistsText(artists: BasicInformation["artists"]): string {
  return artists
    .map((artist, i) => {
      const name = artist.anv || artist.name;
      if (i === artists.length - 1) return name;
      const join = artist.join?.trim() || ",";
      return join === "," ? `${name}, ` : `${name} ${join} `;
    })
    .join("");
}

function formatsText(formats: BasicInformation["formats"]): string {
  return formats
    .map((format) => {
      const qty = Number(format.qty);
      const name = Number.isInteger(qty) && qty > 1 ? `${qty} × ${format.name}` : format.name;
      return [name, ...(format.descriptions ?? [])].filter(Boolean).join(", ");
    })
    .join("; ");
}

export function releaseInfo(info: BasicInformation): ReleaseInfo {
  const unique = (values: string[]) => [...new Set(values.filter(Boolean))].join(", ");
  return {
    title: info.title,
    artists: artistsText(info.artists),
    year: info.year,
    formats: formatsText(info.formats),
    labels: unique(info.labels.map((label) => label.name)),
    catno: unique(info.labels.map((label) => label.catno)),
    thumbUrl: info.thumb,
    coverUrl: info.cover_image,
  };
}
