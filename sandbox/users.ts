export interface SeedUser {
  id: number;
  username: string;
  name: string;
  email: string;
  location: string;
  profile: string;
  homePage: string;
  registered: string;
  currAbbr: string;
  rank: number;
  numPending: number;
  numForSale: number;
  numLists: number;
  releasesContributed: number;
  releasesRated: number;
  ratingAvg: number;
  buyer: { rating: number; stars: number; count: number };
  seller: { rating: number; stars: number; count: number };
  numUnread: number;
  avatarColor: string;
}

// Deliberately varied: a non-ASCII location, an apostrophe in a profile (HTML escaping),
// one sparse account with empty name and location, as many real Discogs profiles are, and one
// big collector last (the consent page checks the first user). Their collections and wantlists
// are in collection-seed.ts.
export const SEED_USERS: readonly SeedUser[] = [
  {
    id: 1000001,
    username: "vinyl_vera",
    name: "Vera Lindqvist",
    email: "vinyl_vera@example.com",
    location: "Göteborg, Sweden",
    profile: "Nordic jazz and ECM first pressings. Always happy to trade doubles.",
    homePage: "https://example.com/vera",
    registered: "2012-03-14T09:21:05-07:00",
    currAbbr: "SEK",
    rank: 18.5,
    numPending: 1,
    numForSale: 3,
    numLists: 4,
    releasesContributed: 12,
    releasesRated: 230,
    ratingAvg: 4.12,
    buyer: { rating: 100.0, stars: 5.0, count: 54 },
    seller: { rating: 99.2, stars: 5.0, count: 21 },
    numUnread: 2,
    avatarColor: "#7b3f98",
  },
  {
    id: 1000002,
    username: "crate_carl",
    name: "Carl O'Reilly",
    email: "crate_carl@example.com",
    location: "Dublin, Ireland",
    profile: "Digging for '70s Afrobeat & highlife 7\"s. Crates > playlists.",
    homePage: "",
    registered: "2016-11-02T14:05:44-08:00",
    currAbbr: "EUR",
    rank: 3.0,
    numPending: 0,
    numForSale: 0,
    numLists: 1,
    releasesContributed: 0,
    releasesRated: 41,
    ratingAvg: 3.87,
    buyer: { rating: 100.0, stars: 5.0, count: 7 },
    seller: { rating: 0.0, stars: 0.0, count: 0 },
    numUnread: 45,
    avatarColor: "#c0562a",
  },
  {
    id: 1000003,
    username: "groove_gus",
    name: "",
    email: "groove_gus@example.com",
    location: "",
    profile: "",
    homePage: "",
    registered: "2023-06-30T23:59:59-07:00",
    currAbbr: "USD",
    rank: 0.0,
    numPending: 0,
    numForSale: 0,
    numLists: 0,
    releasesContributed: 0,
    releasesRated: 0,
    ratingAvg: 0.0,
    buyer: { rating: 0.0, stars: 0.0, count: 0 },
    seller: { rating: 0.0, stars: 0.0, count: 0 },
    numUnread: 0,
    avatarColor: "#2a7f62",
  },
  {
    id: 1000004,
    username: "archive_ada",
    name: "Ada Okonkwo-Berg",
    email: "archive_ada@example.com",
    location: "Leeds, United Kingdom",
    profile: "5,000 records and counting. Soul, jazz, electronic, the odd bit of Bach.",
    homePage: "",
    registered: "2008-12-29T10:02:17-08:00",
    currAbbr: "GBP",
    rank: 42.0,
    numPending: 0,
    numForSale: 12,
    numLists: 9,
    releasesContributed: 57,
    releasesRated: 1804,
    ratingAvg: 3.96,
    buyer: { rating: 99.6, stars: 5.0, count: 311 },
    seller: { rating: 100.0, stars: 5.0, count: 64 },
    numUnread: 0,
    avatarColor: "#3b5b92",
  },
];

const GENERATED_NAME = /^listener_([1-9]\d{0,6})$/;

/**
 * `listener_1` … `listener_<count>` (SANDBOX_GENERATED_USERS): as many distinct people as a
 * load test needs, each one new to an app until it first signs in. Sparse, as groove_gus is.
 */
function generatedUser(wanted: string, count: number): SeedUser | undefined {
  const n = Number(GENERATED_NAME.exec(wanted)?.[1] ?? 0);
  if (n < 1 || n > count) return undefined;
  const username = `listener_${n}`;
  return { ...SEED_USERS[2]!, id: 2_000_000 + n, username, name: `Listener ${n}`, email: `${username}@example.com` };
}

// Discogs usernames are case-insensitive in API paths.
export function findUser(username: string, generated = 0): SeedUser | undefined {
  const wanted = username.toLowerCase();
  return SEED_USERS.find((u) => u.username.toLowerCase() === wanted) ?? generatedUser(wanted, generated);
}

export const avatarPath = (user: SeedUser): string => `/avatars/${user.username}.svg`;

/**
 * The profile in Discogs' field order; private fields only for the owner's own signed call.
 * `counts` are what the collection and wantlist endpoints hold right now.
 */
export function profileJson(
  user: SeedUser,
  origin: string,
  self: boolean,
  counts: { collection: number; wantlist: number },
): Record<string, unknown> {
  const api = `${origin}/users/${user.username}`;
  const profile: Record<string, unknown> = {
    id: user.id,
    resource_url: api,
    uri: `${origin}/user/${user.username}`,
    username: user.username,
    name: user.name,
    home_page: user.homePage,
    location: user.location,
    profile: user.profile,
    registered: user.registered,
    rank: user.rank,
    num_pending: user.numPending,
    num_for_sale: user.numForSale,
    num_lists: user.numLists,
    releases_contributed: user.releasesContributed,
    releases_rated: user.releasesRated,
    rating_avg: user.ratingAvg,
    inventory_url: `${api}/inventory`,
    collection_folders_url: `${api}/collection/folders`,
    collection_fields_url: `${api}/collection/fields`,
    wantlist_url: `${api}/wants`,
    avatar_url: `${origin}${avatarPath(user)}`,
    curr_abbr: user.currAbbr,
    activated: true,
    marketplace_suspended: false,
    banner_url: "",
    buyer_rating: user.buyer.rating,
    buyer_rating_stars: user.buyer.stars,
    buyer_num_ratings: user.buyer.count,
    seller_rating: user.seller.rating,
    seller_rating_stars: user.seller.stars,
    seller_num_ratings: user.seller.count,
    is_staff: false,
  };
  if (self) {
    profile.num_collection = counts.collection;
    profile.num_wantlist = counts.wantlist;
    profile.email = user.email;
    profile.num_unread = user.numUnread;
  }
  return profile;
}

/** Identity in the key order the facts file records from the real service. */
export function identityJson(user: SeedUser, origin: string, consumerName: string): Record<string, unknown> {
  return {
    username: user.username,
    resource_url: `${origin}/users/${user.username}`,
    consumer_name: consumerName,
    id: user.id,
  };
}
