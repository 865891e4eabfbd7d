// Seeded X accounts and X's v1.1 user object, as verify_credentials answers it.
export interface XUser {
  /** Snowflake ids can exceed 2^53: id_str is the exact one. */
  idStr: string;
  screenName: string;
  name: string;
  location: string;
  description: string;
  /** The t.co link X shows, and where it leads; null when the profile has no website. */
  url: { short: string; expanded: string; display: string } | null;
  protected: boolean;
  verified: boolean;
  createdAt: string;
  followers: number;
  friends: number;
  listed: number;
  favourites: number;
  statuses: number;
  /** null: the account has no verified email, so include_email yields "email": null. */
  email: string | null;
  defaultProfileImage: boolean;
  avatarColor: string;
}

// Varied on purpose: one id above 2^53 (a client reading `id` as a JS number gets another
// user's id), non-ASCII and an apostrophe in names, quotes and angle brackets in a bio, and a
// protected account with no email, website or picture.
export const X_USERS: readonly XUser[] = [
  {
    idStr: "1509876543210987521",
    screenName: "beat_bea",
    name: "Beatriz Núñez",
    location: "Montréal, QC",
    description: "Field recordings & modular synths. Ex-radio. Opinions my own.",
    url: { short: "https://t.co/bEaT5f1eLd", expanded: "https://example.com/bea", display: "example.com/bea" },
    protected: false,
    verified: false,
    createdAt: "Sat Apr 02 11:45:10 +0000 2022",
    followers: 1520,
    friends: 310,
    listed: 12,
    favourites: 8400,
    statuses: 2304,
    email: "beat_bea@example.com",
    defaultProfileImage: false,
    avatarColor: "#1d9bf0",
  },
  {
    idStr: "22446688",
    screenName: "mixtape_mo",
    name: "Mo O'Connell",
    location: "Cork, Ireland",
    description: 'Tapes, zines & "lo-fi" <everything>.',
    url: null,
    protected: false,
    verified: true,
    createdAt: "Thu Mar 19 08:12:00 +0000 2009",
    followers: 48210,
    friends: 902,
    listed: 377,
    favourites: 15022,
    statuses: 30117,
    email: "mixtape_mo@example.com",
    defaultProfileImage: false,
    avatarColor: "#b2387e",
  },
  {
    idStr: "3141592653",
    screenName: "quiet_quinn",
    name: "Quinn",
    location: "",
    description: "",
    url: null,
    protected: true,
    verified: false,
    createdAt: "Mon Jun 15 17:03:44 +0000 2015",
    followers: 3,
    friends: 41,
    listed: 0,
    favourites: 0,
    statuses: 0,
    email: null,
    defaultProfileImage: true,
    avatarColor: "#536471",
  },
];

// Screen names are case-insensitive on X.
export function findXUser(screenName: string): XUser | undefined {
  const wanted = screenName.toLowerCase();
  return X_USERS.find((u) => u.screenName.toLowerCase() === wanted);
}

export const profileImagePath = (user: XUser): string => `/profile_images/${user.screenName}_normal.svg`;

export interface UserJsonOptions {
  includeEntities: boolean;
  includeEmail: boolean;
}

/**
 * The user object in X's field order. Written by hand around `id` so a snowflake above 2^53
 * goes out as the exact integer X sends (JSON.stringify cannot print it).
 */
export function xUserJson(user: XUser, origin: string, options: UserJsonOptions): string {
  const image = `${origin}${profileImagePath(user)}`;
  const rest: Record<string, unknown> = {
    id_str: user.idStr,
    name: user.name,
    screen_name: user.screenName,
    location: user.location,
    description: user.description,
    url: user.url?.short ?? null,
  };
  if (options.includeEntities) {
    const urls = user.url
      ? [{ url: user.url.short, expanded_url: user.url.expanded, display_url: user.url.display, indices: [0, user.url.short.length] }]
      : [];
    rest.entities = { ...(user.url ? { url: { urls } } : {}), description: { urls: [] } };
  }
  Object.assign(rest, {
    protected: user.protected,
    followers_count: user.followers,
    friends_count: user.friends,
    listed_count: user.listed,
    created_at: user.createdAt,
    favourites_count: user.favourites,
    utc_offset: null,
    time_zone: null,
    geo_enabled: false,
    verified: user.verified,
    statuses_count: user.statuses,
    lang: null,
    contributors_enabled: false,
    is_translator: false,
    is_translation_enabled: false,
    profile_background_color: "F5F8FA",
    profile_background_image_url: null,
    profile_background_image_url_https: null,
    profile_background_tile: false,
    profile_image_url: image.replace(/^https:/, "http:"),
    profile_image_url_https: image,
    profile_link_color: "1DA1F2",
    profile_use_background_image: true,
    has_extended_profile: false,
    default_profile: true,
    default_profile_image: user.defaultProfileImage,
    following: false,
    follow_request_sent: false,
    notifications: false,
    translator_type: "none",
    withheld_in_countries: [],
    suspended: false,
    needs_phone_verification: false,
  });
  if (options.includeEmail) rest.email = user.email;
  if (!/^[1-9]\d*$/.test(user.idStr)) throw new Error(`bad seeded id ${user.idStr}`);
  return `{"id":${user.idStr},${JSON.stringify(rest).slice(1)}`;
}
